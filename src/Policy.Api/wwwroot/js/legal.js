// Legal console: the account registry with verdicts and their reasons, exports (CSV, CSV for German
// Excel, JSON) fetched with the key and handed over as downloads, and the offboarding report.
import { api, clear, download, el, notAvailable, problemText, say, startPage } from './common.js';
import { formatDate, t } from './i18n.js';
import { basisText, reasonText } from './legal-strings.js';

const $ = (id) => document.getElementById(id);
const PAGE = 100;
let accounts = [];
let next = null;
let lastOffboarding = null;

startPage({ roles: ['legal', 'admin'], roleName: 'role.legal', ready: () => loadAccounts(false) });

function filters() {
  const q = new URLSearchParams();
  const add = (name, value) => {
    if (value) {
      q.set(name, value);
    }
  };
  add('verdict', $('f-verdict').value);
  add('status', $('f-status').value);
  add('employee', $('f-employee').value.trim());
  add('asOf', $('f-asof').value);
  return q;
}

async function loadAccounts(more) {
  const q = filters();
  q.set('limit', String(PAGE));
  if (more && next) {
    q.set('after', next);
  }
  const result = await api('/api/v1/accounts?' + q.toString());
  if (!result.ok) {
    if (result.status !== 401) {
      const box = clear($('accounts'));
      box.append(el('p', { class: 'message', 'data-kind': notAvailable(result) ? 'warn' : 'error', text: notAvailable(result) ? t('notavailable') : problemText(result) }));
      $('accounts-more').hidden = true;
      $('accounts-count').textContent = '';
    }
    return;
  }
  accounts = more ? accounts.concat(result.data.items) : result.data.items;
  next = result.data.next;
  renderAccounts();
}

function verdictName(v) {
  return v ? t('verdict.' + v) : t('none');
}

function renderAccounts() {
  const box = clear($('accounts'));
  $('accounts-count').textContent = t('legal.count', accounts.length);
  $('accounts-more').hidden = !next;
  if (accounts.length === 0) {
    box.append(el('p', { class: 'hint', text: t('legal.none') }));
    return;
  }
  const head = el('tr');
  for (const key of ['legal.col.account', 'legal.col.employee', 'legal.col.registered', 'legal.col.paid', 'legal.col.purpose', 'legal.col.status', 'legal.col.verdict', 'legal.col.reasons']) {
    head.append(el('th', { scope: 'col', text: t(key) }));
  }
  const body = el('tbody');
  for (const a of accounts) {
    const v = a.verdict || {};
    const verdictCell = el('td', {}, el('span', { class: 'badge verdict-' + v.effective, text: verdictName(v.effective) }));
    if (v.override) {
      verdictCell.append(el('div', { class: 'hint', text: t('legal.computed', verdictName(v.computed)) }));
    }
    const reasons = el('ul', { class: 'reasons' });
    for (const r of v.reasons || []) {
      reasons.append(el('li', { 'data-code': r.code || '' }, el('span', { class: 'points', 'data-points': r.points, text: t('legal.points.' + r.points) }), ' ', reasonText(r, t),
        r.basis ? el('span', { class: 'basis', text: ' (' + basisText(r, t) + ')' }) : ''));
    }
    if (v.override) {
      reasons.append(el('li', { class: 'override', text: t('legal.override', verdictName(v.override.verdict), v.override.justification, v.override.by + ', ' + formatDate(v.override.at)) }));
    }
    verdictCell.dataset.label = t('legal.col.verdict');
    body.append(el('tr', { 'data-account': a.id },
      el('th', { scope: 'row' }, el('span', { class: 'platform', text: a.platform }), ' ', a.url ? el('a', { href: a.url, rel: 'noopener noreferrer', target: '_blank', text: a.handle }) : a.handle),
      el('td', { 'data-label': t('legal.col.employee'), translate: 'no', text: a.employeeId || t('none') }),
      el('td', { 'data-label': t('legal.col.registered') }, t('legal.registered.' + a.registeredTo), a.registeredName ? ': ' : '', a.registeredName ? el('span', { translate: 'no', text: a.registeredName }) : ''),
      el('td', { 'data-label': t('legal.col.paid'), text: t('legal.paid.' + a.paidBy) }),
      el('td', { 'data-label': t('legal.col.purpose'), text: t('legal.purpose.' + a.purpose) }),
      el('td', { 'data-label': t('legal.col.status'), text: t('status.' + a.status) }),
      verdictCell,
      el('td', { 'data-label': t('legal.col.reasons') }, reasons)));
  }
  box.append(el('table', { class: 'accounts' }, el('thead', {}, head), body));
}

$('filter-form').addEventListener('submit', (event) => {
  event.preventDefault();
  loadAccounts(false);
});
$('accounts-more').addEventListener('click', () => loadAccounts(true));

async function exportAs(path, fallback) {
  const result = await download(path, fallback);
  if (result.status === 401) {
    return;
  }
  say($('export-message'), result.ok ? t('legal.export.done', result.name) : problemText(result), result.ok ? 'ok' : 'error');
}

$('export-csv').addEventListener('click', () => exportAs('/api/v1/accounts/export.csv?' + filters().toString(), 'accounts.csv'));
$('export-excel').addEventListener('click', () => {
  const q = filters();
  q.set('delimiter', 'semicolon');
  exportAs('/api/v1/accounts/export.csv?' + q.toString(), 'accounts.csv');
});
$('export-json').addEventListener('click', () => exportAs('/api/v1/accounts/export.json?' + filters().toString(), 'accounts.json'));

// ── offboarding ──

async function loadOffboarding() {
  const id = $('off-id').value.trim();
  if (!id) {
    $('off-id').focus();
    return;
  }
  const result = await api('/api/v1/accounts/offboarding/' + encodeURIComponent(id));
  if (result.status === 401) {
    return;
  }
  if (!result.ok) {
    clear($('offboarding'));
    say($('off-message'), notAvailable(result) ? t('notavailable') : problemText(result), 'error');
    return;
  }
  say($('off-message'), '');
  lastOffboarding = result.data;
  renderOffboarding();
  $('offboarding').focus();
}

function renderOffboarding() {
  const r = lastOffboarding;
  const box = clear($('offboarding'));
  box.append(el('h3', { text: t('legal.off.generated', r.personId, formatDate(r.generatedAt)) }));
  const groups = [
    ['hand-over-account', r.handOverAccounts],
    ['copy-contacts', r.copyContacts],
    ['hand-over-access', r.handOverAccess],
    ['stays-private', r.staysPrivate],
  ];
  for (const [item, list] of groups) {
    box.append(el('h4', { text: t('legal.off.' + item) + ' (' + (list || []).length + ')' }));
    if (!list || list.length === 0) {
      box.append(el('p', { class: 'hint', text: t('legal.off.empty') }));
      continue;
    }
    const ul = el('ul', { class: 'offboarding' });
    for (const x of list) {
      const li = el('li', { class: x.done ? 'done' : 'open' },
        el('span', { class: 'platform', text: x.platform }), ' ', x.handle, ' · ', verdictName(x.verdict),
        item === 'copy-contacts' ? ' · ' + t('legal.off.contacts', x.contactCount) : '',
        x.accessReference ? ' · ' + x.accessReference : '',
        ' · ',
        el('span', { class: 'badge ' + (x.done ? 'sev-allow' : 'sev-warn'), text: x.done ? t('legal.off.done', formatDate(x.doneAt), x.doneBy) : t('legal.off.open') }));
      if (!x.done) {
        const button = el('button', { type: 'button', class: 'secondary small', 'aria-label': t('legal.off.markdone.label', t('legal.off.' + item), x.handle), text: t('legal.off.markdone') });
        button.addEventListener('click', () => markDone(r.personId, x.accountId, item));
        li.append(' ', button);
      }
      ul.append(li);
    }
    box.append(ul);
  }
  if ((r.disputed || []).length > 0) {
    box.append(el('h4', { text: t('legal.off.disputed') + ' (' + r.disputed.length + ')' }));
    const ul = el('ul', { class: 'offboarding' });
    for (const a of r.disputed) {
      ul.append(el('li', {}, el('span', { class: 'platform', text: a.platform }), ' ', a.handle, ' · ', verdictName(a.verdict && a.verdict.effective)));
    }
    box.append(ul);
  }
}

async function markDone(personId, accountId, item) {
  const result = await api('/api/v1/accounts/offboarding/' + encodeURIComponent(personId) + '/done', { method: 'POST', json: { accountId, item } });
  if (result.status === 401) {
    return;
  }
  if (!result.ok) {
    say($('off-message'), problemText(result), 'error');
    return;
  }
  lastOffboarding = result.data;
  renderOffboarding();
  $('offboarding').focus();
}

$('off-form').addEventListener('submit', (event) => {
  event.preventDefault();
  loadOffboarding();
});
$('off-csv').addEventListener('click', async () => {
  const id = $('off-id').value.trim();
  if (!id) {
    $('off-id').focus();
    return;
  }
  const result = await download('/api/v1/accounts/offboarding/' + encodeURIComponent(id) + '/report.csv?delimiter=semicolon', 'offboarding-' + id + '.csv');
  if (result.status === 401) {
    return;
  }
  say($('off-message'), result.ok ? t('legal.export.done', result.name) : problemText(result), result.ok ? 'ok' : 'error');
});

document.addEventListener('policy:language', () => {
  if ($('app').hidden) {
    return;
  }
  renderAccounts();
  if (lastOffboarding) {
    renderOffboarding();
  }
});
