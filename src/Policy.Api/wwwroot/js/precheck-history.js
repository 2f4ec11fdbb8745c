// "My past checks" on the pre-check page: the person's own decisions from GET /api/v1/decisions/mine
// (decision, rules, time, pack). The API keeps no text, so none is shown; rules are ids of the pack.
import { api, clear, el, problemText } from './common.js';
import { formatDate, strings, t } from './i18n.js';

const PAGE = 10;
const $ = (id) => document.getElementById(id);
let next = null;

Object.assign(strings.de, {
  'past.title': 'Meine letzten Prüfungen',
  'past.intro': 'Entscheidung, Regeln und Zeitpunkt deiner Prüfungen. Der Text wird nie gespeichert, daher steht er hier nicht.',
  'past.none': 'Noch keine Prüfungen.',
  'past.refresh': 'Aktualisieren',
  'past.more': 'Ältere laden',
  'past.rules': 'Regeln: {0}',
  'past.norules': 'keine Regel',
  'past.pack': '{0} {1}',
});

Object.assign(strings.en, {
  'past.title': 'My past checks',
  'past.intro': 'Decision, rules and time of your checks. The text is never stored, so it is not shown here.',
  'past.none': 'No checks yet.',
  'past.refresh': 'Refresh',
  'past.more': 'Load older',
  'past.rules': 'Rules: {0}',
  'past.norules': 'no rule',
  'past.pack': '{0} {1}',
});

/** Loads the newest page (more = false) or the next older one. */
export async function loadPastChecks(more = false) {
  const list = $('past-list');
  const query = '?limit=' + PAGE + (more && next ? '&before=' + encodeURIComponent(next) : '');
  const result = await api('/api/v1/decisions/mine' + query);
  if (!more) {
    clear(list);
  }
  if (!result.ok) {
    list.append(el('li', { class: 'message', 'data-kind': 'error', text: problemText(result) }));
    $('past-more').hidden = true;
    return;
  }
  next = result.data.next;
  $('past-more').hidden = !next;
  if (!more && result.data.items.length === 0) {
    list.append(el('li', { class: 'none', text: t('past.none') }));
    return;
  }
  for (const item of result.data.items) {
    list.append(pastItem(item));
  }
}

function pastItem(item) {
  const rules = [...new Set((item.findings || []).map((f) => f.ruleId))];
  return el('li', { class: 'past-check', 'data-check': item.checkId, 'data-decision': item.decision },
    el('p', {},
      // The decision as a word with its sign, like the banner: readable without colour.
      el('span', { class: 'decision-chip', 'data-decision': item.decision, text: t('decision.label.' + item.decision) }),
      ' ',
      el('time', { datetime: item.checkedAt, text: formatDate(item.checkedAt) }),
      el('span', { class: 'hint', translate: 'no', text: ' · ' + t('past.pack', item.pack.id, item.pack.version) })),
    el('p', { class: 'rules' }, rules.length === 0
      ? t('past.norules')
      : [t('past.rules', ''), ...rules.flatMap((r, i) => [i > 0 ? ', ' : '', el('code', { translate: 'no', text: r })])]));
}

export function startPastChecks() {
  $('past-refresh').addEventListener('click', () => loadPastChecks(false));
  $('past-more').addEventListener('click', () => loadPastChecks(true));
  document.addEventListener('policy:language', () => loadPastChecks(false));
}
