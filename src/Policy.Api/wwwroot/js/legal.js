// Legal console: the account registry with verdicts and their reasons, exports (CSV, CSV for German
// Excel, JSON) fetched with the key and handed over as downloads, and the offboarding report.
import { api, authorizedFetch, clear, download, el, notAvailable, problemText, say, startPage } from './common.js';
import { formatDate, t } from './i18n.js';
import { basisText, reasonText } from './legal-strings.js';

const $ = (id) => document.getElementById(id);
const PAGE = 100;
let accounts = [];
let next = null;
let lastOffboarding = null;
let editing = null; // the account the form edits (its current version), or null for a new one
let shown = null; // the account whose history and override the detail panel shows

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
  // Four columns: at 1280 px nine of them (each fact and the actions apart) left the reasons no room
  // but to squeeze the others word by word. The facts share a column as labelled lines, the
  // actions sit under the verdict (not in the row header, whose name a screen reader repeats in
  // every cell).
  for (const key of ['legal.col.account', 'legal.col.facts', 'legal.col.verdict', 'legal.col.reasons']) {
    head.append(el('th', { scope: 'col', text: t(key) }));
  }
  const body = el('tbody');
  for (const a of accounts) {
    const v = a.verdict || {};
    // data-col names the column; data-short marks the short values that stay on one line (app.css).
    const verdictCell = el('td', { 'data-col': 'verdict' }, el('span', { class: 'badge verdict-' + v.effective, 'data-short': '', text: verdictName(v.effective) }));
    if (v.override) {
      verdictCell.append(el('div', { class: 'hint', 'data-short': '', text: t('legal.computed', verdictName(v.computed)) }));
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
    verdictCell.append(rowActions(a));
    const fact = (key, name, ...value) => el('div', { 'data-fact': name }, el('dt', { text: t(key) }), el('dd', {}, ...value));
    const facts = el('dl', { class: 'facts' },
      fact('legal.col.employee', 'employee', a.employeeId ? el('span', { class: 'ident', 'data-short': '', translate: 'no', text: a.employeeId }) : t('none')),
      fact('legal.col.registered', 'registered', el('span', { 'data-short': '', text: t('legal.registered.' + a.registeredTo) }),
        a.registeredName ? el('span', { translate: 'no', text: ', ' + a.registeredName }) : ''),
      fact('legal.col.paid', 'paid', el('span', { 'data-short': '', text: t('legal.paid.' + a.paidBy) })),
      fact('legal.col.purpose', 'purpose', el('span', { 'data-short': '', text: t('legal.purpose.' + a.purpose) })),
      fact('legal.col.status', 'status', el('span', { 'data-short': '', text: t('status.' + a.status) })));
    body.append(el('tr', { 'data-account': a.id },
      el('th', { scope: 'row', 'data-col': 'account' }, el('span', { class: 'platform', 'data-short': '', text: a.platform }), ' ',
        a.url ? el('a', { href: a.url, rel: 'noopener noreferrer', target: '_blank', translate: 'no', class: 'handle ident', 'data-short': '', text: a.handle })
          : el('span', { translate: 'no', class: 'handle ident', 'data-short': '', text: a.handle })),
      el('td', { 'data-col': 'facts' }, facts),
      verdictCell,
      el('td', { 'data-col': 'reasons', 'data-label': t('legal.col.reasons') }, reasons)));
  }
  box.append(el('table', { class: 'accounts' }, el('thead', {}, head), body));
}

/** Edit and Open (history and override) for one account; their names begin with what they show. */
function rowActions(a) {
  const edit = el('button', { type: 'button', class: 'secondary small', 'data-edit': a.id, 'aria-label': t('legal.edit.short') + ': ' + a.handle, text: t('legal.edit.short') });
  edit.addEventListener('click', () => startEditing(a));
  const open = el('button', { type: 'button', class: 'secondary small', 'data-open': a.id, 'aria-label': t('legal.open.short') + ': ' + a.handle, text: t('legal.open.short') });
  open.addEventListener('click', () => showDetail(a.id));
  return el('div', { class: 'buttons row-actions' }, edit, open);
}

// ── create and edit (every save appends a version) ──

const FIELDS = {
  platform: 'a-platform', handle: 'a-handle', employeeId: 'a-employee', registeredTo: 'a-registered-to', registeredName: 'a-registered-name',
  registeredEmail: 'a-registered-email', paidBy: 'a-paid-by', purpose: 'a-purpose', contactCount: 'a-contacts', status: 'a-status',
};

function startEditing(a) {
  editing = a;
  for (const [name, id] of Object.entries(FIELDS)) {
    $(id).value = a[name] ?? (name === 'contactCount' ? '0' : '');
  }
  showEditMode();
  say($('account-message'), '');
  $('a-handle').focus();
}

function showEditMode() {
  $('edit-title').textContent = editing ? t('legal.edit.title', editing.handle) : t('legal.edit.new');
  $('account-save').textContent = editing ? t('legal.edit.save') : t('legal.edit.create');
  $('account-new').hidden = !editing;
}

function accountRequest() {
  const body = {};
  for (const [name, id] of Object.entries(FIELDS)) {
    const value = $(id).value.trim();
    body[name] = name === 'contactCount' ? Number(value || '0') : (value || null);
  }
  // Fields the form does not show stay as they are: a save appends the whole account as its next version.
  if (editing) {
    for (const name of ['url', 'displayName', 'createdFor', 'accessReference', 'contactsCopiedAt']) {
      body[name] = editing[name] ?? null;
    }
  }
  return body;
}

$('account-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!$('a-handle').value.trim()) {
    say($('account-message'), t('legal.edit.handle.missing'), 'error');
    $('a-handle').focus();
    return;
  }
  const path = editing ? '/api/v1/accounts/' + encodeURIComponent(editing.id) : '/api/v1/accounts';
  const result = await api(path, { method: editing ? 'PUT' : 'POST', json: accountRequest() });
  if (result.status === 401) {
    return;
  }
  if (!result.ok) {
    say($('account-message'), problemText(result), 'error');
    return;
  }
  const saved = result.data;
  say($('account-message'), t(editing ? 'legal.edit.saved' : 'legal.edit.created', saved.handle, saved.version, t('verdict.' + saved.verdict.effective)), 'ok');
  editing = saved;
  showEditMode();
  await loadAccounts(false);
  if (shown === saved.id) {
    await showDetail(saved.id, false);
  }
});

$('account-new').addEventListener('click', () => {
  editing = null;
  $('account-form').reset();
  showEditMode();
  say($('account-message'), '');
  $('a-handle').focus();
});

// ── history and override ──

async function showDetail(id, focus = true) {
  const result = await api('/api/v1/accounts/' + encodeURIComponent(id) + '/history');
  if (result.status === 401) {
    return;
  }
  const panel = $('detail');
  panel.hidden = false;
  shown = id;
  const list = clear($('history'));
  if (!result.ok) {
    list.append(el('li', { class: 'message', 'data-kind': 'error', text: problemText(result) }));
    return;
  }
  const versions = [...result.data].sort((x, y) => y.version - x.version);
  const current = versions[0];
  $('detail-title').textContent = t('legal.detail.title', current.platform, current.handle);
  for (const v of versions) {
    const item = el('li', { 'data-version': v.version, 'data-change': v.change },
      el('p', {},
        el('strong', { text: t('legal.history.version', v.version) }), ' · ',
        el('time', { datetime: v.validFrom, text: formatDate(v.validFrom) }), ' · ',
        t('legal.change.' + v.change), ' · ',
        el('span', { translate: 'no', text: v.changedBy })),
      el('p', {}, t('legal.history.verdict'), ' ', el('span', { class: 'badge verdict-' + v.verdict.effective, text: verdictName(v.verdict.effective) }),
        ' · ', t('legal.registered.' + v.registeredTo), ' · ', t('legal.paid.' + v.paidBy), ' · ', t('legal.purpose.' + v.purpose), ' · ', t('legal.off.contacts', v.contactCount)));
    if (v.verdict.override && (v.change === 'overridden')) {
      item.append(el('p', { class: 'override', text: t('legal.override', verdictName(v.verdict.override.verdict), v.verdict.override.justification, v.verdict.override.by + ', ' + formatDate(v.verdict.override.at)) }));
    }
    list.append(item);
  }
  $('o-verdict').value = current.verdict.override ? current.verdict.override.verdict : current.verdict.computed;
  say($('override-message'), '');
  if (focus) {
    panel.focus();
  }
}

$('override-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const justification = $('o-justification').value.trim();
  if (!justification) {
    say($('override-message'), t('legal.override.missing'), 'error');
    $('o-justification').focus();
    return;
  }
  const verdict = $('o-verdict').value || null;
  const result = await api('/api/v1/accounts/' + encodeURIComponent(shown) + '/override', { method: 'PUT', json: { verdict, justification } });
  if (result.status === 401) {
    return;
  }
  if (!result.ok) {
    say($('override-message'), problemText(result), 'error');
    return;
  }
  $('o-justification').value = '';
  await loadAccounts(false);
  await showDetail(shown, false);
  say($('override-message'), t(verdict ? 'legal.override.saved' : 'legal.override.removed', verdictName(result.data.verdict.effective)), 'ok');
});

$('filter-form').addEventListener('submit', (event) => {
  event.preventDefault();
  loadAccounts(false);
});
$('accounts-more').addEventListener('click', () => loadAccounts(true));

/**
 * Streams an export to a download with its progress (bytes so far), then asks for the
 * manifest of the same file (same filters, the as-of time the server answered in X-Export-As-Of)
 * and shows its SHA-256, checked against the bytes received.
 */
async function exportAs(path, query, fallback) {
  const progress = $('export-progress');
  const message = $('export-message');
  $('export-sha').hidden = true;
  const response = await authorizedFetch(path + '?' + query.toString());
  if (!response || !response.ok) {
    let data = null;
    try {
      data = response ? await response.json() : null;
    } catch {
      data = null;
    }
    if (response && response.status === 401) {
      return;
    }
    say(message, problemText({ ok: false, status: response ? response.status : 0, data, network: !response }), 'error');
    return;
  }
  const chunks = [];
  let bytes = 0;
  progress.hidden = false;
  progress.removeAttribute('value');
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    chunks.push(value);
    bytes += value.length;
    say(message, t('legal.export.progress', (bytes / 1024).toFixed(1)), 'info');
  }
  progress.hidden = true;
  const disposition = response.headers.get('Content-Disposition') || '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : fallback;
  const blob = new Blob(chunks, { type: response.headers.get('Content-Type') || 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  say(message, t('legal.export.done', name) + ' ' + t('legal.export.size', (bytes / 1024).toFixed(1)), 'ok');

  const manifestQuery = new URLSearchParams(query);
  manifestQuery.set('format', path.endsWith('.json') ? 'json' : 'csv');
  manifestQuery.set('asOf', response.headers.get('X-Export-As-Of') || '');
  const manifest = await api('/api/v1/accounts/export/manifest?' + manifestQuery.toString());
  if (!manifest.ok) {
    return;
  }
  $('export-sha-value').textContent = manifest.data.sha256;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await blob.arrayBuffer()));
  const hex = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
  const same = hex === manifest.data.sha256.toLowerCase();
  $('export-sha-check').textContent = same ? t('legal.export.sha.same', manifest.data.rows) : t('legal.export.sha.differs');
  $('export-sha-check').dataset.kind = same ? 'ok' : 'error';
  $('export-sha').hidden = false;
}

$('export-csv').addEventListener('click', () => exportAs('/api/v1/accounts/export.csv', filters(), 'accounts.csv'));
$('export-excel').addEventListener('click', () => {
  const q = filters();
  q.set('delimiter', 'semicolon');
  exportAs('/api/v1/accounts/export.csv', q, 'accounts.csv');
});
$('export-json').addEventListener('click', () => exportAs('/api/v1/accounts/export.json', filters(), 'accounts.json'));

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
