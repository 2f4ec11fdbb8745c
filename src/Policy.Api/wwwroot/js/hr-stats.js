// HR console: decision statistics (GET /api/v1/decisions/stats) as charts drawn here in SVG, no
// library: checks by decision, checks per week, the rules and guideline sections that apply most.
// Every bar carries its label and its number as text, and decisions their sign (✓ ⚠ ✕), so the
// charts read without colour; each chart also has its numbers as a table for screen readers.
import { api, clear, currentKey, el, problemText, signedInWithProvider } from './common.js';
import { applyStrings, strings, t } from './i18n.js';

Object.assign(strings.de, {
  'st.title': 'Entscheidungsstatistik',
  'st.intro': 'Zahlen aus dem Entscheidungsprotokoll über seine Aufbewahrungsfrist: keine Personen, keine Texte.',
  'st.total': '{0} Prüfungen vom {1} bis {2}',
  'st.decisions': 'Prüfungen nach Entscheidung',
  'st.weeks': 'Prüfungen pro Woche',
  'st.rules': 'Regeln, die am häufigsten greifen',
  'st.sections': 'Richtlinien-Abschnitte, die am häufigsten betroffen sind',
  'st.none': 'Noch keine Prüfungen.',
  'st.label': 'Eintrag',
  'st.count': 'Anzahl',
  'st.week': 'KW {0}',
  'st.refresh': 'Aktualisieren',
});
Object.assign(strings.en, {
  'st.title': 'Decision statistics',
  'st.intro': 'Counts from the decision log over its retention: no people, no texts.',
  'st.total': '{0} checks from {1} to {2}',
  'st.decisions': 'Checks by decision',
  'st.weeks': 'Checks per week',
  'st.rules': 'Rules that apply most often',
  'st.sections': 'Guideline sections concerned most often',
  'st.none': 'No checks yet.',
  'st.label': 'Item',
  'st.count': 'Count',
  'st.week': 'Week {0}',
  'st.refresh': 'Refresh',
});

const SVG = 'http://www.w3.org/2000/svg';
const DECISIONS = ['allow', 'info', 'warn', 'review', 'block'];
const SIGN = { allow: '✓ ', info: 'i ', warn: '⚠ ', review: '⚠ ', block: '✕ ' };
const $ = (id) => document.getElementById(id);

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) {
    node.setAttribute(name, String(value));
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

/**
 * A horizontal bar chart: one row per entry { key, label, value, kind, code }, the label left, the
 * bar scaled to the largest value, the number right of the bar. code: the label is an identifier
 * (a rule or section id), marked translate="no".
 */
function barChart(id, title, entries) {
  const width = 640;
  const labelWidth = 250;
  const row = 30;
  const max = Math.max(1, ...entries.map((e) => e.value));
  const chart = svg('svg', { id, class: 'chart', viewBox: `0 0 ${width} ${entries.length * row + 8}`, role: 'img', 'aria-labelledby': id + '-caption', focusable: 'false' });
  entries.forEach((e, i) => {
    const y = i * row + 4;
    const bar = Math.max(2, Math.round((width - labelWidth - 60) * e.value / max));
    const g = svg('g', { class: 'bar', 'data-key': e.key, 'data-value': e.value });
    const label = svg('text', { x: labelWidth - 8, y: y + 18, 'text-anchor': 'end', class: 'bar-label' }, e.label);
    if (e.code) {
      label.setAttribute('translate', 'no');
    }
    g.append(label,
      svg('rect', { x: labelWidth, y: y + 4, width: bar, height: row - 10, rx: 3, class: 'bar-fill' + (e.kind ? ' bar-' + e.kind : '') }),
      svg('text', { x: labelWidth + bar + 6, y: y + 18, class: 'bar-value' }, String(e.value)));
    chart.append(g);
  });
  // The same numbers as a table, for screen readers and for copying.
  const table = el('table', { class: 'visually-hidden' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: t('st.label') }), el('th', { scope: 'col', text: t('st.count') }))),
    el('tbody', {}, entries.map((e) => el('tr', {}, el('th', { scope: 'row', translate: e.code ? 'no' : null, text: e.label }), el('td', { text: String(e.value) })))));
  return el('figure', { class: 'chart-figure' }, el('figcaption', { id: id + '-caption', text: title }), chart, table);
}

function top(map, n) {
  return Object.entries(map || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n);
}

async function load() {
  const box = $('st-charts');
  if (!box || !(currentKey() || signedInWithProvider())) {
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
  const s = result.data;
  const day = (iso) => new Date(iso).toLocaleDateString(document.documentElement.lang === 'de' ? 'de-DE' : 'en-GB');
  box.append(el('p', { id: 'st-total', 'data-total': s.total, text: t('st.total', s.total, day(s.from), day(s.to)) }));
  if (!s.total) {
    box.append(el('p', { class: 'none', text: t('st.none') }));
    return;
  }
  box.append(
    barChart('st-decisions', t('st.decisions'), DECISIONS.map((d) => ({ key: d, label: SIGN[d] + t('decision.label.' + d), value: s.byDecision[d] || 0, kind: d }))),
    barChart('st-weeks', t('st.weeks'), Object.entries(s.byWeek).sort((a, b) => a[0].localeCompare(b[0])).map(([w, n]) => ({ key: w, label: t('st.week', w.replace(/^\d{4}-W/, '') + ' ' + w.slice(0, 4)), value: n }))),
    barChart('st-rules', t('st.rules'), top(s.byRule, 10).map(([r, n]) => ({ key: r, label: r, value: n, code: true }))),
    barChart('st-sections', t('st.sections'), top(s.bySection, 10).map(([r, n]) => ({ key: r, label: r, value: n, code: true }))));
}

applyStrings($('st-title').closest('section'));

// hr.js signs the person in; the charts load once the console is shown, and again on a language switch.
const app = $('app');
new MutationObserver(() => {
  if (!app.hidden) {
    load();
  }
}).observe(app, { attributes: true, attributeFilter: ['hidden'] });
document.addEventListener('policy:language', load);
$('st-refresh').addEventListener('click', load);
