// HR console: upload or validate a pack and read its report (errors at file:line:column, examples
// passed and failed), activate or roll back versions, see who has not acknowledged, manage
// spokespeople and crisis mode.
import { api, clear, download, el, notAvailable, problemText, say, startPage } from './common.js';
import { formatDate, t, topicName } from './i18n.js';
import { loadNotifications } from './hr-notify.js';

const $ = (id) => document.getElementById(id);
let lastReport = null;

startPage({ roles: ['hr', 'admin'], roleName: 'role.hr', ready: loadAll });

async function loadAll() {
  await Promise.all([loadPacks(), loadAcks(), loadSpokespeople(), loadCrisis(), loadNotifications()]);
}

// ── upload and validate ──

async function send(path) {
  const file = $('pack-file').files[0];
  const report = $('report');
  if (!file) {
    clear(report).append(el('p', { class: 'message', 'data-kind': 'error', role: 'alert', text: t('hr.nofile') }));
    $('pack-file').focus();
    return;
  }
  clear(report).append(el('p', { class: 'hint', text: t('loading') }));
  const form = new FormData();
  form.append('file', file, file.name);
  const result = await api(path, { method: 'POST', body: form });
  if (result.status === 401) {
    return;
  }
  lastReport = result;
  renderReport(result);
  report.focus();
  if (result.ok && path === '/api/v1/packs') {
    loadPacks();
  }
}

function renderReport(result) {
  const report = clear($('report'));
  report.append(el('h3', { text: t('hr.report') }));
  if (!result.ok) {
    const errors = result.data && Array.isArray(result.data.errors) ? result.data.errors : [];
    if (errors.length > 0) {
      report.append(el('p', { class: 'message', 'data-kind': 'error', text: t('hr.report.errors') }));
      const list = el('ul', { class: 'errors' });
      for (const e of errors) {
        const where = e.file + ':' + e.line + ':' + e.column;
        list.append(el('li', { class: 'pack-error' },
          el('code', { class: 'where', text: where }), ': ',
          e.ruleId ? el('span', { class: 'rule', text: '[' + e.ruleId + '] ' }) : '',
          e.message));
      }
      report.append(list);
    } else {
      report.append(el('p', { class: 'message', 'data-kind': 'error', text: notAvailable(result) ? t('notavailable') : problemText(result) }));
    }
    return;
  }
  const r = result.data;
  const examples = r.examples || { passed: 0, failed: 0, results: [] };
  report.append(el('p', { class: 'message', 'data-kind': examples.failed > 0 ? 'warn' : 'ok',
    text: t('hr.report.ok', r.packId, r.version, r.rules, r.sections, examples.passed, examples.failed) }));
  report.append(el('p', { class: 'hint', text: r.stored ? t('hr.report.stored', r.sha256) : t('hr.report.notstored') }));
  if ((examples.results || []).length > 0) {
    const body = el('tbody');
    // Failed examples first: they are what HR has to look at.
    const rows = [...examples.results].sort((a, b) => Number(a.passed) - Number(b.passed) || a.line - b.line);
    for (const x of rows) {
      const notes = [];
      if (x.missingRules && x.missingRules.length) {
        notes.push(t('hr.ex.missing', x.missingRules.join(', ')));
      }
      if (x.unexpectedRules && x.unexpectedRules.length) {
        notes.push(t('hr.ex.unexpected', x.unexpectedRules.join(', ')));
      }
      body.append(el('tr', { class: x.passed ? 'passed' : 'failed' },
        el('td', { text: x.line }),
        el('td', { class: 'text', text: x.text || '' }),
        el('td', { text: x.expected }),
        el('td', { text: x.actual }),
        el('td', {}, el('span', { class: 'badge ' + (x.passed ? 'sev-allow' : 'sev-block'), text: x.passed ? t('hr.ex.passed') : t('hr.ex.failed') }),
          notes.length ? el('div', { class: 'hint', text: notes.join('; ') }) : '')));
    }
    report.append(el('h4', { text: t('hr.examples') }), table(['hr.ex.line', 'hr.ex.text', 'hr.ex.expected', 'hr.ex.actual', 'hr.ex.result'], body));
  }
}

function table(headKeys, body) {
  const head = el('tr');
  for (const key of headKeys) {
    head.append(el('th', { scope: 'col', text: t(key) }));
  }
  return el('div', { class: 'table-wrap' }, el('table', {}, el('thead', {}, head), body));
}

$('upload-form').addEventListener('submit', (event) => {
  event.preventDefault();
  send('/api/v1/packs');
});
$('validate-button').addEventListener('click', () => send('/api/v1/packs/validate'));

// ── versions: activate and roll back ──

async function loadPacks() {
  const box = clear($('packs'));
  const result = await api('/api/v1/packs');
  if (!result.ok) {
    box.append(el('p', { class: 'message', 'data-kind': notAvailable(result) ? 'warn' : 'error', text: notAvailable(result) ? t('notavailable') : problemText(result) }));
    return;
  }
  const list = result.data;
  // One truth: the pack and version that check drafts now, as checks report them.
  box.append(el('p', { class: 'hint', id: 'checking-pack', text: t('hr.packs.checking', list.checkingPack, list.checkingVersion) }));
  const checking = list.checkingPack + '@' + list.checkingVersion;
  for (const p of list.packs || []) {
    const body = el('tbody');
    const diff = el('div', { class: 'diff', 'aria-live': 'polite', tabindex: '-1' });
    const simulation = el('div', { class: 'diff simulation', 'aria-live': 'polite', tabindex: '-1' });
    // Drafts to try a version on before it goes live (JSON Lines, labelled or just text and context).
    const corpusId = 'corpus-' + p.id;
    const corpus = el('input', { type: 'file', id: corpusId, accept: '.jsonl,.ndjson,.txt,application/x-ndjson,text/plain' });
    let simulable = false;
    for (const v of p.versions || []) {
      const cell = el('td');
      const activatePath = '/api/v1/packs/' + encodeURIComponent(p.id) + '/versions/' + encodeURIComponent(v.version) + '/activate';
      if (v.active && p.role === 'checking') {
        cell.append(el('span', { class: 'badge sev-allow', text: t('hr.pack.role.checking') }));
      } else if (v.active && p.role === 'base') {
        cell.append(el('span', { class: 'badge sev-allow', text: t('hr.pack.role.base', list.checkingPack) }));
      } else if (v.active) {
        // Active but not checking: activating it again makes it the pack that checks drafts.
        const use = el('button', { type: 'button', class: 'secondary small', 'aria-label': t('hr.pack.use', p.id, v.version), text: t('hr.pack.use.short') });
        use.addEventListener('click', () => switchVersion(p, activatePath, checking));
        cell.append(el('span', { class: 'badge sev-warn', text: t('hr.pack.role.none') }), ' ', use);
      } else {
        const button = el('button', { type: 'button', class: 'secondary small', 'aria-label': t('hr.pack.activate', v.version) + ' (' + p.id + ')', text: t('hr.pack.activate.short') });
        button.addEventListener('click', () => switchVersion(p, activatePath, checking));
        cell.append(button);
        if (p.active) {
          // What would change if this version were activated: the diff from the active one.
          const compare = el('button', { type: 'button', class: 'secondary small', 'aria-label': t('hr.pack.diff', p.active, v.version) + ' (' + p.id + ')', text: t('hr.pack.diff.short') });
          compare.addEventListener('click', () => showDiff(p.id, p.active, v.version, diff));
          cell.append(' ', compare);
        }
      }
      if (!(v.active && p.role)) {
        // What this version would decide on real drafts, against the pack that checks them now.
        simulable = true;
        const simulate = el('button', { type: 'button', class: 'secondary small', 'aria-label': t('hr.pack.simulate', v.version) + ' (' + p.id + ')', text: t('hr.pack.simulate.short') });
        simulate.addEventListener('click', () => showSimulation(p.id, v.version, corpus, simulation));
        cell.append(' ', simulate);
      }
      // Material: everyone must acknowledge again once such a version is active.
      // A checkbox, not a toggle button: its name stays the same whichever its state, and the box shows the state without colour.
      const material = el('input', { type: 'checkbox', checked: Boolean(v.material), 'data-material': v.version,
        'aria-label': t('hr.pack.material.name', v.version) + ' (' + p.id + ')' });
      material.addEventListener('change', () => setMaterial(p.id, v.version, material.checked));
      body.append(el('tr', {},
        el('td', { text: v.version }),
        el('td', { text: formatDate(v.uploadedAt) + ' · ' + v.uploadedBy }),
        el('td', {}, material),
        cell));
    }
    const rollback = el('button', { type: 'button', class: 'secondary', text: t('hr.pack.rollback') });
    rollback.addEventListener('click', () => switchVersion(p, '/api/v1/packs/' + encodeURIComponent(p.id) + '/rollback', checking));
    box.append(el('div', { class: 'pack' },
      el('h3', { text: p.id }),
      el('p', { text: p.active ? t('hr.pack.active', p.active) + ' · ' + formatDate(p.activatedAt) : t('hr.pack.noactive') }),
      table(['hr.pack.version', 'hr.pack.uploaded', 'hr.pack.material', 'hr.pack.state'], body),
      p.active && (p.versions || []).length > 1 ? rollback : '',
      simulable ? el('p', { class: 'field' }, el('label', { for: corpusId, text: t('hr.sim.file') }), ' ', corpus, el('span', { class: 'hint', text: ' ' + t('hr.sim.file.hint') })) : '',
      el('div', { class: 'diff-pair' }, diff, simulation)));
  }
}

async function setMaterial(packId, version, material) {
  const result = await api('/api/v1/packs/' + encodeURIComponent(packId) + '/versions/' + encodeURIComponent(version) + '/material', { method: 'PUT', json: { material } });
  if (result.status === 401) {
    return;
  }
  const message = $('packs-message');
  if (result.ok) {
    say(message, t(result.data.material ? 'hr.pack.material.set' : 'hr.pack.material.unset', packId, version), 'ok');
  } else {
    say(message, problemText(result), 'error');
  }
  await Promise.all([loadPacks(), loadAcks()]);
}

async function showDiff(packId, from, to, box) {
  clear(box).append(el('p', { class: 'hint', text: t('loading') }));
  const result = await api('/api/v1/packs/' + encodeURIComponent(packId) + '/diff?from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to));
  if (result.status === 401) {
    return;
  }
  clear(box);
  if (!result.ok) {
    box.append(el('p', { class: 'message', 'data-kind': 'error', text: problemText(result) }));
    return;
  }
  const d = result.data;
  box.append(el('h4', { text: t('hr.diff.title', d.from, d.to) }));
  let any = false;
  for (const [key, part] of [['hr.diff.sections', d.sections], ['hr.diff.rules', d.rules], ['hr.diff.overrides', d.overrides], ['hr.diff.lists', d.lists]]) {
    if (!part || part.added.length + part.removed.length + part.changed.length === 0) {
      continue;
    }
    any = true;
    const list = el('ul', { class: 'diff-list' });
    for (const id of part.added) {
      list.append(el('li', { class: 'added' }, el('span', { class: 'badge sev-allow', text: t('hr.diff.added') }), ' ', el('code', { text: id })));
    }
    for (const id of part.removed) {
      list.append(el('li', { class: 'removed' }, el('span', { class: 'badge sev-block', text: t('hr.diff.removed') }), ' ', el('code', { text: id })));
    }
    for (const c of part.changed) {
      list.append(el('li', { class: 'changed' }, el('span', { class: 'badge sev-warn', text: t('hr.diff.changed') }), ' ', el('code', { text: c.id }),
        ': ' + c.fields.map((f) => f.field).join(', ')));
    }
    box.append(el('h5', { text: t(key) }), list);
  }
  if (!any) {
    box.append(el('p', { class: 'hint', text: t('hr.diff.none') }));
  }
  box.focus();
}

function percent(share) {
  return share === null || share === undefined ? '–' : (share * 100).toFixed(1) + ' %';
}

async function showSimulation(packId, version, input, box) {
  const file = input.files[0];
  if (!file) {
    clear(box).append(el('p', { class: 'message', 'data-kind': 'error', role: 'alert', text: t('hr.sim.nofile') }));
    input.focus();
    return;
  }
  clear(box).append(el('p', { class: 'hint', text: t('loading') }));
  const form = new FormData();
  form.append('file', file, file.name);
  const result = await api('/api/v1/packs/' + encodeURIComponent(packId) + '/versions/' + encodeURIComponent(version) + '/simulate', { method: 'POST', body: form });
  if (result.status === 401) {
    return;
  }
  clear(box);
  if (!result.ok) {
    box.append(el('p', { class: 'message', 'data-kind': 'error', role: 'alert', text: problemText(result) }));
    return;
  }
  const s = result.data;
  box.append(el('h4', { text: t('hr.sim.title', s.candidate.id, s.candidate.version, s.current.id, s.current.version) }));
  if (s.compiledAs === 'base') {
    box.append(el('p', { class: 'hint', text: t('hr.sim.base', s.packId, s.version, s.candidate.id) }));
  }
  box.append(el('p', { class: 'sim-summary', text: t('hr.sim.summary', s.drafts, s.changedCount) }));
  if (s.transitions.length > 0) {
    const list = el('ul', { class: 'diff-list sim-transitions' });
    for (const tr of s.transitions) {
      list.append(el('li', {}, el('span', { class: 'badge sev-' + tr.from, text: t('severity.' + tr.from) }), ' → ',
        el('span', { class: 'badge sev-' + tr.to, text: t('severity.' + tr.to) }), ': ' + tr.count));
    }
    box.append(list);
  }
  const moved = s.rules.filter((r) => r.delta !== 0).slice(0, 10);
  if (moved.length > 0) {
    const body = el('tbody');
    for (const r of moved) {
      body.append(el('tr', {}, el('td', {}, el('code', { text: r.ruleId })), el('td', { text: String(r.current) }), el('td', { text: String(r.candidate) }),
        el('td', { text: (r.delta > 0 ? '+' : '') + r.delta })));
    }
    box.append(el('h5', { text: t('hr.sim.rules') }), table(['hr.sim.rule', 'hr.sim.now', 'hr.sim.then', 'hr.sim.delta'], body));
  }
  if (s.evaluation) {
    const e = s.evaluation;
    box.append(el('p', { class: 'sim-evaluation', text: t('hr.sim.evaluation', s.labelled, percent(e.current.inBandRate), percent(e.candidate.inBandRate),
      percent(e.current.cleanWarnedRate), percent(e.candidate.cleanWarnedRate)) }));
  }
  if (s.changed.length > 0) {
    const list = el('ul', { class: 'diff-list sim-changed' });
    for (const c of s.changed.slice(0, 20)) {
      list.append(el('li', { text: t('hr.sim.item', c.line, c.id, t('severity.' + c.from), t('severity.' + c.to))
        + (c.rulesAdded.length ? ' +' + c.rulesAdded.join(' +') : '') + (c.rulesRemoved.length ? ' −' + c.rulesRemoved.join(' −') : '') }));
    }
    box.append(el('h5', { text: t('hr.sim.changed') }), list);
    if (s.changed.length > 20 || s.changedTruncated) {
      box.append(el('p', { class: 'hint', text: t('hr.sim.more', s.changedCount - 20) }));
    }
  }
  box.focus();
}

async function switchVersion(pack, path, checking) {
  // Both beliefs go along: the pack's active version and the pack that checks drafts, so a
  // colleague's switch in between is a conflict, never silently overwritten.
  const result = await api(path, { method: 'POST', json: { expectedActive: pack.active || '', expectedChecking: checking } });
  if (result.status === 401) {
    return;
  }
  const message = $('packs-message');
  if (result.ok) {
    const a = result.data;
    say(message, a.changed
      ? t('hr.pack.switched', a.packId, a.version, a.previous || t('none'), a.checking.packId, a.checking.version)
      : t('hr.pack.unchanged', a.packId, a.version), 'ok');
  } else {
    say(message, problemText(result), 'error');
  }
  await Promise.all([loadPacks(), loadAcks()]);
}

// ── acknowledgements ──

async function loadAcks() {
  const box = clear($('acks'));
  const result = await api('/api/v1/acknowledgements');
  if (!result.ok) {
    box.append(el('p', { class: 'message', 'data-kind': notAvailable(result) ? 'warn' : 'error', text: notAvailable(result) ? t('notavailable') : problemText(result) }));
    $('acks-csv').hidden = true;
    return;
  }
  $('acks-csv').hidden = false;
  const a = result.data;
  const by = (status) => (a.pending || []).filter((r) => r.status === status).length;
  // Who is covered by an earlier acknowledgement has nothing to do: only due and missing still have to.
  box.append(el('p', { id: 'acks-summary', text: t('hr.acks.summary', a.packId, a.version, a.acknowledgedCount, a.people, by('due') + by('missing')) }));
  box.append(el('p', { id: 'acks-states', 'data-covered': by('covered'), 'data-due': by('due'), 'data-missing': by('missing'),
    text: t('hr.acks.states', by('covered'), by('due'), by('missing')) }));
  box.append(el('h3', { text: t('hr.acks.pending') }));
  if ((a.pending || []).length === 0) {
    box.append(el('p', { class: 'message', 'data-kind': 'ok', text: t('hr.acks.allDone') }));
  } else {
    const body = el('tbody');
    for (const r of a.pending) {
      const state = r.status === 'covered' ? t('hr.acks.status.covered', r.coveredBy) : t('hr.acks.status.' + (r.status || 'missing'));
      body.append(el('tr', { 'data-person': r.personId, 'data-status': r.status },
        el('td', { translate: 'no', text: r.displayName + ' (' + r.personId + ')' }), el('td', { translate: 'no', text: r.email }),
        el('td', { text: r.latestAcknowledgedVersion || t('none') }), el('td', { text: state })));
    }
    box.append(table(['hr.acks.name', 'hr.acks.email', 'hr.acks.latest', 'hr.acks.status'], body));
  }
  if ((a.acknowledged || []).length > 0) {
    const body = el('tbody');
    for (const r of a.acknowledged) {
      body.append(el('tr', {}, el('td', { translate: 'no', text: r.displayName + ' (' + r.personId + ')' }), el('td', { translate: 'no', text: r.email }), el('td', { text: formatDate(r.acknowledgedAt) })));
    }
    const details = el('details', {}, el('summary', { text: t('hr.acks.done') + ' (' + a.acknowledged.length + ')' }), table(['hr.acks.name', 'hr.acks.email', 'hr.acks.at'], body));
    box.append(details);
  }
}

$('acks-csv').addEventListener('click', async () => {
  const result = await download('/api/v1/acknowledgements.csv?delimiter=%3B', 'acknowledgements.csv');
  say($('acks-message'), result.ok ? t('legal.export.done', result.name) : problemText(result), result.ok ? 'ok' : 'error');
});

// ── spokespeople and crisis mode ──

async function loadSpokespeople() {
  const box = clear($('sp-list'));
  const result = await api('/api/v1/spokespeople/registry');
  if (!result.ok) {
    box.append(el('p', { class: 'message', 'data-kind': 'error', text: notAvailable(result) ? t('notavailable') : problemText(result) }));
    return;
  }
  if (result.data.length === 0) {
    box.append(el('p', { class: 'hint', text: t('hr.sp.none') }));
    return;
  }
  const now = Date.now();
  const body = el('tbody');
  for (const s of result.data) {
    const valid = new Date(s.validFrom).getTime() <= now && (!s.validUntil || now < new Date(s.validUntil).getTime());
    const cell = el('td');
    if (valid) {
      const end = el('button', { type: 'button', class: 'secondary small', 'aria-label': t('hr.sp.end', s.displayName), text: t('hr.sp.end.short') });
      end.addEventListener('click', () => endSpokesperson(s));
      cell.append(end);
    }
    body.append(el('tr', {},
      el('td', { translate: 'no', text: s.displayName + ' (' + s.personId + ')' }),
      el('td', { text: (s.topics || []).map(topicName).join(', ') }),
      el('td', { translate: 'no', text: (s.channels || []).join(', ') }),
      el('td', { text: formatDate(s.validFrom) + ' – ' + (s.validUntil ? formatDate(s.validUntil) : '…') }),
      el('td', {}, el('span', { class: 'badge ' + (valid ? 'sev-allow' : 'sev-info'), text: valid ? t('hr.sp.valid') : t('hr.sp.notvalid') })),
      cell));
  }
  box.append(table(['hr.sp.name', 'hr.sp.topics', 'hr.sp.channels', 'hr.sp.from', 'hr.sp.status', 'hr.sp.action'], body));
}

async function endSpokesperson(s) {
  const result = await api('/api/v1/spokespeople/' + encodeURIComponent(s.id) + '/end', { method: 'POST', json: { reason: 'ended in the HR console' } });
  if (result.status === 401) {
    return;
  }
  say($('sp-message'), result.ok ? t('hr.sp.ended') : problemText(result), result.ok ? 'ok' : 'error');
  await loadSpokespeople();
  $('sp-message').focus();
}

// ── spokesperson lookup: type a name (or part of one), pick the person; the id goes to the API ──

let people = null;

async function matchPeople() {
  const query = $('sp-person').value.trim().toLowerCase();
  const list = clear($('sp-matches'));
  $('sp-person-chosen').textContent = '';
  if (query.length < 2) {
    return;
  }
  if (!people) {
    const result = await api('/api/v1/people');
    people = result.ok ? result.data.filter((p) => !p.offboardedAt) : [];
  }
  const exact = people.find((p) => p.id === $('sp-person').value.trim());
  if (exact) {
    $('sp-person-chosen').textContent = t('hr.sp.chosen', exact.displayName, exact.id);
    return;
  }
  const found = people.filter((p) => p.displayName.toLowerCase().includes(query) || p.id.toLowerCase().includes(query)).slice(0, 6);
  if (found.length === 0) {
    $('sp-person-chosen').textContent = t('hr.sp.nomatch');
    return;
  }
  for (const p of found) {
    const pick = el('button', { type: 'button', class: 'secondary small', 'data-person': p.id, translate: 'no', text: p.displayName + ' (' + p.id + ')' });
    pick.addEventListener('click', () => {
      $('sp-person').value = p.id;
      clear($('sp-matches'));
      $('sp-person-chosen').textContent = t('hr.sp.chosen', p.displayName, p.id);
      $('sp-person').focus();
    });
    list.append(el('li', {}, pick));
  }
}

$('sp-person').addEventListener('input', matchPeople);

$('sp-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const topics = [...document.querySelectorAll('#sp-form .topics input:checked')].map((i) => i.value);
  const channels = $('sp-channels').value.split(',').map((c) => c.trim()).filter(Boolean);
  const until = $('sp-until').value;
  const body = {
    personId: $('sp-person').value.trim(),
    topics,
    channels,
    validUntil: until ? new Date(until + 'T23:59:59Z').toISOString() : null,
    note: $('sp-note').value.trim() || null,
  };
  const result = await api('/api/v1/spokespeople', { method: 'POST', json: body });
  if (result.status === 401) {
    return;
  }
  const message = $('sp-message');
  if (result.ok) {
    say(message, t('hr.sp.created', result.data.displayName), 'ok');
    $('sp-person').value = '';
    $('sp-person-chosen').textContent = '';
    clear($('sp-matches'));
    $('sp-note').value = '';
    await loadSpokespeople();
  } else {
    say(message, problemText(result), 'error');
  }
});

let crisis = null;

async function loadCrisis() {
  const result = await api('/api/v1/crisis');
  const box = clear($('crisis'));
  if (!result.ok) {
    box.append(el('p', { class: 'message', 'data-kind': 'error', text: problemText(result) }));
    $('crisis-form').hidden = true;
    return;
  }
  crisis = result.data;
  $('crisis-form').hidden = false;
  box.append(el('p', { class: 'message', 'data-kind': crisis.active ? 'error' : 'ok',
    text: crisis.active ? t('hr.crisis.on', formatDate(crisis.since), crisis.by || '', crisis.reason) : t('hr.crisis.off') }));
  $('crisis-button').textContent = crisis.active ? t('hr.crisis.disable') : t('hr.crisis.enable');
}

$('crisis-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const result = await api('/api/v1/crisis', { method: 'PUT', json: { active: !(crisis && crisis.active), reason: $('crisis-reason').value.trim() } });
  if (result.status === 401) {
    return;
  }
  if (!result.ok) {
    say($('sp-message'), problemText(result), 'error');
    $('crisis-reason').focus();
    return;
  }
  $('crisis-reason').value = '';
  say($('sp-message'), '');
  await loadCrisis();
});

document.addEventListener('policy:language', () => {
  if ($('app').hidden) {
    return;
  }
  if (lastReport) {
    renderReport(lastReport);
  }
  loadAll();
});
