// HR console: overrides (by reason and rule), false-positive reports per rule and review requests
// by state over the decision log's retention, and the export of reported drafts (shared with
// consent) as labelled examples for the pack.
import './review-strings.js';
import { api, clear, currentKey, download, el, problemText, say } from './common.js';
import { applyStrings, strings, t } from './i18n.js';

Object.assign(strings.de, {
  'fb.title': 'Übersteuerungen und Fehlalarme',
  'fb.intro': 'Wo Beschäftigte trotz Hinweis posten oder einen Hinweis als falsch melden, über die Aufbewahrungsfrist des Entscheidungsprotokolls. Viele Meldungen zu einer Regel sind ein Anlass, sie zu schärfen.',
  'fb.rule': 'Regel',
  'fb.overrides': 'Übersteuert',
  'fb.reports': 'Als falsch gemeldet',
  'fb.reasons': 'Gründe: {0}',
  'fb.reviews': 'Freigabe-Anfragen: {0}',
  'fb.none': 'Noch keine Übersteuerungen oder Meldungen.',
  'fb.export': 'Beispiele exportieren (JSON Lines)',
  'fb.exported': '{0} heruntergeladen.',
});
Object.assign(strings.en, {
  'fb.title': 'Overrides and false positives',
  'fb.intro': 'Where employees post despite a finding or report a finding as wrong, over the decision log\u2019s retention. Many reports on one rule are a reason to sharpen it.',
  'fb.rule': 'Rule',
  'fb.overrides': 'Overridden',
  'fb.reports': 'Reported as wrong',
  'fb.reasons': 'Reasons: {0}',
  'fb.reviews': 'Approval requests: {0}',
  'fb.none': 'No overrides or reports yet.',
  'fb.export': 'Export examples (JSON Lines)',
  'fb.exported': '{0} downloaded.',
});

const $ = (id) => document.getElementById(id);

async function load() {
  const box = $('fb-stats');
  if (!box || !currentKey()) {
    return;
  }
  const result = await api('/api/v1/decisions/stats');
  clear(box);
  if (!result.ok) {
    if (result.status !== 401 && result.status !== 403) {
      box.append(el('p', { class: 'message', 'data-kind': 'error', text: problemText(result) }));
    }
    return;
  }
  const overrides = result.data.overrides || { total: 0, byReason: {}, byRule: {} };
  const reports = result.data.falsePositives || { total: 0, byRule: {} };
  const reviews = result.data.reviewsByState || {};
  const rules = [...new Set([...Object.keys(overrides.byRule), ...Object.keys(reports.byRule)])].sort();
  if (rules.length === 0) {
    box.append(el('p', { class: 'none', text: t('fb.none') }));
  } else {
    const body = el('tbody', {});
    for (const rule of rules) {
      body.append(el('tr', { 'data-rule': rule },
        el('th', { scope: 'row' }, el('code', { text: rule })),
        el('td', { text: String(overrides.byRule[rule] || 0) }),
        el('td', { text: String(reports.byRule[rule] || 0) })));
    }
    box.append(el('div', { class: 'table-wrap' }, el('table', { id: 'fb-table' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: t('fb.rule') }), el('th', { scope: 'col', text: t('fb.overrides') }), el('th', { scope: 'col', text: t('fb.reports') }))),
      body)));
  }
  const reasons = Object.entries(overrides.byReason).map(([r, n]) => t('act.reason.' + r) + ' ' + n).join(', ');
  if (reasons) {
    box.append(el('p', { class: 'hint', text: t('fb.reasons', reasons) }));
  }
  const states = Object.entries(reviews).map(([s, n]) => t('state.' + s) + ' ' + n).join(', ');
  if (states) {
    box.append(el('p', { class: 'hint', text: t('fb.reviews', states) }));
  }
}

async function exportExamples() {
  const result = await download('/api/v1/false-positives/examples.jsonl', 'false-positive-examples.jsonl');
  say($('fb-message'), result.ok ? t('fb.exported', result.name) : problemText(result), result.ok ? 'ok' : 'error');
}

// hr.js ran first and filled the page's strings before these were added.
applyStrings($('fb-title').closest('section'));

// hr.js signs the person in; this section loads once the console is shown, and again on a language switch.
const app = $('app');
new MutationObserver(() => {
  if (!app.hidden) {
    load();
  }
}).observe(app, { attributes: true, attributeFilter: ['hidden'] });
document.addEventListener('policy:language', load);
$('fb-export').addEventListener('click', exportExamples);
