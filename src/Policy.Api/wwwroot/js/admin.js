// Administration: API keys (create – shown once with a copy button –, list with last use, revoke;
// the API refuses to revoke the last admin key and the page says why) for admins, and the people
// registry (HR roster import, offboarding) for HR and admins.
import { api, clear, el, problemText, say, startPage } from './common.js';
import { formatDate, t } from './i18n.js';

const $ = (id) => document.getElementById(id);
let me = null;

startPage({
  roles: ['admin', 'hr'],
  roleName: 'role.admin',
  ready: async (who) => {
    me = who;
    const admin = (who.roles || []).includes('admin');
    $('keys-section').hidden = !admin;
    $('keys-admin-only').hidden = admin;
    await Promise.all([admin ? loadKeys() : Promise.resolve(), loadPeople()]);
  },
});

document.addEventListener('policy:language', () => {
  if (me) {
    loadKeys();
    loadPeople();
  }
});

// ---- keys ----------------------------------------------------------------------------------

async function loadKeys() {
  if (!me || !(me.roles || []).includes('admin')) {
    return;
  }
  const result = await api('/api/v1/keys');
  if (!result.ok) {
    if (result.status !== 401) {
      say($('keys-status'), problemText(result), 'error');
    }
    return;
  }
  const body = clear($('keys'));
  // Newest first: the key just created is at the top.
  for (const key of [...result.data].reverse()) {
    body.append(keyRow(key));
  }
}

function keyRow(key) {
  const state = el('td');
  if (key.revokedAt) {
    state.append(t('admin.revoked', formatDate(key.revokedAt)));
  } else {
    state.append(el('span', { text: t('admin.active') }), ' ');
    const revoke = el('button', { type: 'button', class: 'secondary small', 'data-revoke': key.id, text: t('admin.revoke') });
    revoke.addEventListener('click', () => confirmRevoke(state, key));
    state.append(revoke);
  }
  return el('tr', { 'data-key': key.id },
    el('td', { translate: 'no' }, el('span', { text: key.displayName }), el('br'), el('span', { class: 'hint', text: key.personId })),
    el('td', {}, el('code', { text: key.prefix + '…' })),
    el('td', { text: key.roles.map((r) => t('admin.role.' + r)).join(', ') }),
    el('td', {}, el('span', { text: formatDate(key.createdAt) }), el('br'), el('span', { class: 'hint', translate: 'no', text: key.createdBy })),
    el('td', { 'data-last-used': '', text: key.lastUsedAt ? formatDate(key.lastUsedAt) : t('admin.never') }),
    state);
}

/** Revoking signs somebody out at once: the row asks again before it does. */
function confirmRevoke(cell, key) {
  const yes = el('button', { type: 'button', class: 'small', 'data-confirm-revoke': key.id, text: t('admin.revoke') });
  const no = el('button', { type: 'button', class: 'secondary small', text: t('admin.cancel') });
  const message = el('p', { class: 'message', 'data-kind': 'warn', role: 'alert', text: t('admin.revoke.confirm', key.prefix + '…', key.displayName) });
  clear(cell).append(message, el('div', { class: 'buttons' }, yes, no));
  no.addEventListener('click', () => loadKeys());
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    const result = await api('/api/v1/keys/' + encodeURIComponent(key.id), { method: 'DELETE' });
    if (result.ok) {
      say($('keys-status'), t('admin.revoke.done', key.prefix + '…'), 'ok');
      await loadKeys();
      return;
    }
    // 409: the last active admin key; the API's title and detail say what to do instead.
    yes.disabled = false;
    say(message, problemText(result), 'error');
    message.dataset.status = String(result.status);
  });
  yes.focus();
}

$('key-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const status = $('key-status');
  const roles = ['employee', 'hr', 'legal', 'admin'].filter((r) => $('role-' + r).checked);
  const body = { personId: $('key-person').value.trim(), displayName: $('key-name').value.trim(), email: $('key-email').value.trim(), roles };
  $('key-create').disabled = true;
  const result = await api('/api/v1/keys', { method: 'POST', json: body });
  $('key-create').disabled = false;
  if (!result.ok) {
    say(status, problemText(result), 'error');
    return;
  }
  say(status, '');
  $('new-key-text').textContent = t('admin.created', result.data.info.displayName + ' (' + result.data.info.personId + ')');
  $('new-key-value').textContent = result.data.key;
  $('new-key-copied').textContent = '';
  $('new-key').hidden = false;
  $('key-form').reset();
  $('role-employee').checked = true;
  $('new-key-copy').focus();
  await loadKeys();
});

$('new-key-copy').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText($('new-key-value').textContent);
    $('new-key-copied').textContent = t('admin.copied');
  } catch {
    // Without clipboard permission: select the key so Ctrl+C copies it.
    const range = document.createRange();
    range.selectNodeContents($('new-key-value'));
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    $('new-key-copied').textContent = t('admin.copy.failed');
  }
});

// ---- people --------------------------------------------------------------------------------

async function loadPeople() {
  const result = await api('/api/v1/people');
  if (!result.ok) {
    if (result.status !== 401) {
      say($('people-status'), problemText(result), 'error');
    }
    return;
  }
  const body = clear($('people'));
  for (const person of result.data) {
    body.append(personRow(person));
  }
}

function personRow(p) {
  const sources = [];
  if (p.onRoster) {
    sources.push(t('admin.source.roster'));
  }
  if (p.directoryRoles) {
    sources.push(t('admin.source.directory'));
  }
  if (p.activeKeys > 0) {
    sources.push(t('admin.source.key'));
  }
  const roles = [...new Set([...(p.directoryRoles || []), ...p.keyRoles])];
  const state = el('td');
  if (p.offboardedAt) {
    state.append(el('span', { text: t('admin.offboarded', formatDate(p.offboardedAt)) }), ' ');
    const back = el('button', { type: 'button', class: 'secondary small', text: t('admin.reinstate') });
    back.addEventListener('click', async () => {
      const result = await api('/api/v1/people/' + encodeURIComponent(p.id) + '/reinstate', { method: 'POST' });
      say($('people-status'), result.ok ? t('admin.reinstate.done', p.displayName) : problemText(result), result.ok ? 'ok' : 'error');
      await loadPeople();
    });
    state.append(back);
  } else {
    const off = el('button', { type: 'button', class: 'secondary small', 'data-offboard': p.id, text: t('admin.offboard') });
    off.addEventListener('click', () => confirmOffboard(state, p));
    state.append(off);
  }
  return el('tr', { 'data-person': p.id },
    el('td', { translate: 'no' }, el('span', { text: p.displayName }), el('br'), el('span', { class: 'hint', text: p.id + (p.email ? ' · ' + p.email : '') })),
    el('td', { text: sources.join(', ') || '–' }),
    el('td', { text: roles.map((r) => t('admin.role.' + r)).join(', ') || '–' }),
    el('td', { text: p.lastSeenAt ? formatDate(p.lastSeenAt) : t('admin.never') }),
    state);
}

function confirmOffboard(cell, p) {
  const yes = el('button', { type: 'button', class: 'small', 'data-confirm-offboard': p.id, text: t('admin.offboard') });
  const no = el('button', { type: 'button', class: 'secondary small', text: t('admin.cancel') });
  const message = el('p', { class: 'message', 'data-kind': 'warn', role: 'alert', text: t('admin.offboard.confirm', p.displayName) });
  clear(cell).append(message, el('div', { class: 'buttons' }, yes, no));
  no.addEventListener('click', () => loadPeople());
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    const result = await api('/api/v1/people/' + encodeURIComponent(p.id) + '/offboard', { method: 'POST' });
    if (!result.ok) {
      yes.disabled = false;
      say(message, problemText(result), 'error');
      return;
    }
    say($('people-status'), t('admin.offboard.done', p.displayName, result.data.keysRevoked), 'ok');
    await Promise.all([loadPeople(), loadKeys()]);
  });
  yes.focus();
}

$('roster-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const status = $('roster-status');
  const file = $('roster-file').files[0];
  if (!file) {
    say(status, t('admin.roster.nofile'), 'error');
    return;
  }
  $('roster-import').disabled = true;
  const mode = $('roster-replace').checked ? '?mode=replace' : '';
  const result = await api('/api/v1/people/roster' + mode, { method: 'POST', body: await file.arrayBuffer(), headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
  $('roster-import').disabled = false;
  if (!result.ok) {
    // The API names every wrong line and column; they are listed one per line.
    const lines = (result.data && result.data.errors && result.data.errors.roster) || [];
    clear(status).append(el('p', { text: result.data && result.data.title ? result.data.title + ' ' + (result.data.detail || '') : problemText(result) }));
    if (lines.length > 0) {
      status.append(el('ul', {}, lines.map((line) => el('li', { text: line }))));
    }
    status.dataset.kind = 'error';
    status.hidden = false;
    return;
  }
  const r = result.data;
  say(status, t('admin.roster.done', r.rows, r.created, r.updated, r.unchanged, r.removedFromRoster), 'ok');
  $('roster-form').reset();
  await loadPeople();
});
