// HR console: decision statistics (GET /api/v1/decisions/stats) as charts drawn here in SVG, no
// library: checks by decision, checks per week, the rules and guideline sections that apply most,
// false-positive reports and overrides per week. Every bar carries its label and its number as
// text, decisions their sign (✓ ⚠ ✕), and the two weekly series a pattern of their own besides
// the colour and a legend in words, so the charts read without colour; each chart also has its
// numbers as a table for screen readers.
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
  'st.feedback': 'Fehlalarm-Meldungen und Übersteuerungen pro Woche',
  'st.feedback.total': '{0} Hinweise als falsch gemeldet, {1} Prüfungen übersteuert',
  'st.series.reports': 'Als falsch gemeldet',
  'st.series.overrides': 'Übersteuert',
  'st.week.short': 'KW {0}',
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
  'st.feedback': 'False-positive reports and overrides per week',
  'st.feedback.total': '{0} findings reported as wrong, {1} checks overridden',
  'st.series.reports': 'Reported as wrong',
  'st.series.overrides': 'Overridden',
  'st.week.short': 'Wk {0}',
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
  const table = el('table', {},
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: t('st.label') }), el('th', { scope: 'col', text: t('st.count') }))),
    el('tbody', {}, entries.map((e) => el('tr', {}, el('th', { scope: 'row', translate: e.code ? 'no' : null, text: e.label }), el('td', { text: String(e.value) })))));
  return el('figure', { class: 'chart-figure' }, el('figcaption', { id: id + '-caption', text: title }), chart, hidden(table));
}

/**
 * Columns per week, one per series side by side: series [{ key, label }] tell apart by their
 * pattern (solid, hatched) as well as their colour, named in a legend; the number stands above
 * each column and the week below. groups: [{ key, label, short, values: { [series]: n } }].
 */
function weeklyColumns(id, title, series, groups) {
  const width = 640;
  const height = 230;
  const top = 24;
  const bottom = 30;
  const plot = height - top - bottom;
  const slot = width / Math.max(groups.length, 1);
  const column = Math.min(34, (slot - 12) / series.length);
  const max = Math.max(1, ...groups.flatMap((g) => series.map((s) => g.values[s.key] || 0)));
  const chart = svg('svg', { id, class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': id + '-caption', focusable: 'false' });
  // The hatching: a pattern is drawn in the SVG itself, no style attribute (the pages' CSP allows none).
  const hatch = svg('pattern', { id: id + '-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
  hatch.append(svg('rect', { width: 6, height: 6, class: 'hatch-ground' }), svg('rect', { width: 3, height: 6, class: 'hatch-line' }));
  const defs = svg('defs');
  defs.append(hatch);
  chart.append(defs, svg('line', { x1: 0, x2: width, y1: top + plot, y2: top + plot, class: 'axis' }));
  groups.forEach((g, i) => {
    const left = i * slot + (slot - column * series.length) / 2;
    series.forEach((s, j) => {
      const value = g.values[s.key] || 0;
      const h = value ? Math.max(2, Math.round(plot * value / max)) : 0;
      const x = left + j * column;
      const bar = svg('g', { class: 'bar', 'data-series': s.key, 'data-key': g.key, 'data-value': value });
      bar.append(
        svg('rect', { x: x + 1, y: top + plot - h, width: column - 2, height: h, class: 'column bar-' + s.key, ...(j ? { fill: `url(#${id}-hatch)` } : {}) }),
        svg('text', { x: x + column / 2, y: top + plot - h - 5, 'text-anchor': 'middle', class: 'bar-value' }, String(value)));
      chart.append(bar);
    });
    chart.append(svg('text', { x: i * slot + slot / 2, y: height - 9, 'text-anchor': 'middle', class: 'bar-label' }, g.short));
  });
  const legend = el('ul', { class: 'chart-legend' }, series.map((s, j) => {
    const swatch = svg('svg', { viewBox: '0 0 16 16', width: 16, height: 16, 'aria-hidden': 'true', focusable: 'false' });
    if (j) {
      const pattern = hatch.cloneNode(true);
      pattern.id = id + '-hatch-' + s.key;
      const swatchDefs = svg('defs');
      swatchDefs.append(pattern);
      swatch.append(swatchDefs, svg('rect', { x: 1, y: 1, width: 14, height: 14, class: 'column bar-' + s.key, fill: `url(#${pattern.id})` }));
    } else {
      swatch.append(svg('rect', { x: 1, y: 1, width: 14, height: 14, class: 'column bar-' + s.key }));
    }
    return el('li', { 'data-series': s.key }, swatch, ' ', s.label);
  }));
  const table = el('table', {},
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: t('st.label') }), series.map((s) => el('th', { scope: 'col', text: s.label })))),
    el('tbody', {}, groups.map((g) => el('tr', { 'data-key': g.key }, el('th', { scope: 'row', text: g.label }), series.map((s) => el('td', { 'data-series': s.key, text: String(g.values[s.key] || 0) }))))));
  return el('figure', { class: 'chart-figure' }, el('figcaption', { id: id + '-caption', text: title }), chart, legend, hidden(table));
}

/**
 * Out of sight, for screen readers: in a box of its own, since a table keeps its width however
 * narrow it is told to be, and would widen the page on a phone.
 */
function hidden(table) {
  return el('div', { class: 'visually-hidden' }, table);
}

function top(map, n) {
  return Object.entries(map || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, n);
}

/** "2026-W09" as "KW 9 2026" (long, for the table) and "KW 9" (under the column). */
function weekLabel(week, short) {
  const number = String(Number(week.replace(/^\d{4}-W/, '')));
  return short ? t('st.week.short', number) : t('st.week', number + ' ' + week.slice(0, 4));
}

async function load() {
  const box = $('st-charts');
  if (!box || !(currentKey() || signedInWithProvider())) {
    return;
  }
  const result = await api('/api/v1/decisions/stats');
  clear(box);
  clear($('st-total'));
  if (!result.ok) {
    if (result.status !== 401 && result.status !== 403) {
      box.append(el('p', { class: 'message', 'data-kind': 'error', text: problemText(result) }));
    }
    return;
  }
  const s = result.data;
  const day = (iso) => new Date(iso).toLocaleDateString(document.documentElement.lang === 'de' ? 'de-DE' : 'en-GB');
  const summary = $('st-total');
  summary.textContent = t('st.total', s.total, day(s.from), day(s.to));
  summary.dataset.total = s.total;
  if (!s.total) {
    box.append(el('p', { class: 'none', text: t('st.none') }));
    return;
  }
  const reports = s.falsePositives || { total: 0, byWeek: {} };
  const overrides = s.overrides || { total: 0, byWeek: {} };
  // The weeks with checks, so the two weekly charts line up; reports and overrides belong to a check and fall in its weeks or later ones.
  const weeks = [...new Set([...Object.keys(s.byWeek), ...Object.keys(reports.byWeek || {}), ...Object.keys(overrides.byWeek || {})])].sort();
  box.append(
    barChart('st-decisions', t('st.decisions'), DECISIONS.map((d) => ({ key: d, label: SIGN[d] + t('decision.label.' + d), value: s.byDecision[d] || 0, kind: d }))),
    barChart('st-weeks', t('st.weeks'), weeks.map((w) => ({ key: w, label: weekLabel(w), value: s.byWeek[w] || 0 }))),
    barChart('st-rules', t('st.rules'), top(s.byRule, 10).map(([r, n]) => ({ key: r, label: r, value: n, code: true }))),
    barChart('st-sections', t('st.sections'), top(s.bySection, 10).map(([r, n]) => ({ key: r, label: r, value: n, code: true }))));
  const feedback = weeklyColumns('st-feedback', t('st.feedback'),
    [{ key: 'reports', label: t('st.series.reports') }, { key: 'overrides', label: t('st.series.overrides') }],
    weeks.map((w) => ({ key: w, label: weekLabel(w), short: weekLabel(w, true), values: { reports: (reports.byWeek || {})[w] || 0, overrides: (overrides.byWeek || {})[w] || 0 } })));
  feedback.querySelector('figcaption').after(el('p', { id: 'st-feedback-total', class: 'hint', 'data-reports': reports.total, 'data-overrides': overrides.total, text: t('st.feedback.total', reports.total, overrides.total) }));
  box.append(feedback);
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
