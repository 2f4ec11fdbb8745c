// The pre-check: the draft is checked while it is typed (debounced), the decision is shown as a
// banner with a text label, offending spans are marked in a read-only mirror of the draft, and each
// finding gives its message, guideline section and suggestion (with a one-click insert where the
// guideline offers one).
import { api, clear, el, problemText, startPage } from './common.js';
import { applyStrings, language, t } from './i18n.js';
import { decorateFindings, renderActions, startActions } from './precheck-actions.js';

const DEBOUNCE_MS = 300;
const SEVERITIES = ['allow', 'info', 'warn', 'review', 'block'];
const MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'video/mp4', 'application/pdf'];

const $ = (id) => document.getElementById(id);
const draft = $('draft');
const account = $('account');
const handleField = $('handle-field');
const handle = $('handle');
const complaint = $('complaint');
const attachments = $('attachments');
const decision = $('decision');
const decisionLabel = $('decision-label');
const decisionText = $('decision-text');
const mirror = $('mirror');
const findingsList = $('findings');
const packLine = $('pack');
const count = $('draft-count');

let timer = 0;
let sequence = 0;
let inFlight = null;
let corporate = [];
let lastResult = null;
let attachmentIds = 0;

startPage({ ready: onSignedIn });

async function onSignedIn() {
  await startActions();
  await loadAccounts();
  updateCount();
  checkNow();
}

/** The corporate accounts the person may use: their company accounts and their spokesperson channels. */
async function loadAccounts() {
  const result = await api('/api/v1/me/corporate-accounts');
  corporate = result.ok && Array.isArray(result.data) ? result.data : [];
  renderAccountOptions();
}

function renderAccountOptions() {
  const selected = account.value;
  for (const option of [...account.querySelectorAll('option[data-handle]')]) {
    option.remove();
  }
  const other = account.querySelector('option[value="other"]');
  for (const a of corporate) {
    const label = a.handle + (a.platform ? ' (' + a.platform + ')' : '');
    const option = el('option', { value: 'corp:' + a.handle, 'data-handle': a.handle, text: t('pre.account.corporate', label) });
    account.insertBefore(option, other);
  }
  if ([...account.options].some((o) => o.value === selected)) {
    account.value = selected;
  }
}

function accountOf() {
  const value = account.value;
  if (value.startsWith('corp:')) {
    return { kind: 'corporate', handle: value.slice(5) };
  }
  if (value === 'other') {
    const h = handle.value.trim();
    return h ? { kind: 'corporate', handle: h } : { kind: 'corporate' };
  }
  return { kind: 'private' };
}

function attachmentsOf() {
  const list = [];
  for (const box of attachments.querySelectorAll('fieldset[data-attachment]')) {
    const get = (name) => box.querySelector('[data-field="' + name + '"]');
    const item = {
      fileName: get('file').value.trim() || 'attachment',
      mediaType: get('type').value,
      altText: get('alt').value.trim() || null,
      license: get('license').value,
    };
    if (get('gps').checked) {
      const lat = Number.parseFloat(get('lat').value);
      const lon = Number.parseFloat(get('lon').value);
      if (Number.isFinite(lat) && Number.isFinite(lon)) {
        item.gps = { lat, lon };
      }
    }
    list.push(item);
  }
  return list;
}

function schedule() {
  updateCount();
  clearTimeout(timer);
  timer = setTimeout(checkNow, DEBOUNCE_MS);
}

function updateCount() {
  count.textContent = t('pre.count', draft.value.length.toLocaleString(language() === 'de' ? 'de-DE' : 'en-GB'));
}

async function checkNow() {
  clearTimeout(timer);
  const text = draft.value;
  const mine = ++sequence;
  if (inFlight) {
    inFlight.abort();
    inFlight = null;
  }
  if (text.trim().length === 0) {
    lastResult = null;
    renderActions(text, null);
    showDecision('none', '', t('pre.empty'));
    renderMirror(text, []);
    clear(findingsList);
    packLine.textContent = '';
    return;
  }
  decision.setAttribute('aria-busy', 'true');
  decision.dataset.checking = 'true';
  const controller = new AbortController();
  inFlight = controller;
  const body = { text, language: language(), account: accountOf(), attachments: attachmentsOf() };
  if (complaint.checked) {
    body.replyTo = { isComplaint: true };
  }
  let result;
  try {
    result = await api('/api/v1/checks', { method: 'POST', json: body, signal: controller.signal });
    if (result.status === 503) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (mine !== sequence) {
        return;
      }
      result = await api('/api/v1/checks', { method: 'POST', json: body, signal: controller.signal });
    }
  } catch {
    return; // aborted: a newer check is on its way
  }
  if (mine !== sequence) {
    return;
  }
  inFlight = null;
  decision.removeAttribute('aria-busy');
  delete decision.dataset.checking;
  if (!result.ok) {
    if (result.status === 401) {
      return;
    }
    lastResult = null;
    renderActions(text, null);
    showDecision('error', '!', problemText(result));
    renderMirror(text, []);
    clear(findingsList);
    return;
  }
  lastResult = { text, data: result.data };
  render(text, result.data);
}

function showDecision(kind, label, text) {
  decision.dataset.decision = kind;
  decisionLabel.textContent = label;
  decisionLabel.hidden = !label;
  decisionText.textContent = text;
}

function render(text, data) {
  const d = SEVERITIES.includes(data.decision) ? data.decision : 'review';
  showDecision(d, t('decision.label.' + d), t('decision.' + d));
  const findings = data.findings || [];
  renderMirror(text, findings);
  renderFindings(findings);
  decorateFindings(findingsList, text, data);
  renderActions(text, data);
  packLine.textContent = data.pack ? t('pre.pack', data.pack.id, data.pack.version) : '';
}

/**
 * The draft again, read-only, with each finding's span in a <mark>. Spans are UTF-16 offsets, as
 * JavaScript strings count; overlapping spans are cut into segments that carry the highest severity.
 */
function renderMirror(text, findings) {
  clear(mirror);
  const spans = [];
  findings.forEach((f, i) => {
    if (!f.span || f.span.length <= 0) {
      return;
    }
    const start = Math.max(0, Math.min(text.length, f.span.start));
    const end = Math.max(start, Math.min(text.length, f.span.start + f.span.length));
    if (end > start) {
      spans.push({ start, end, n: i + 1, severity: f.severity });
    }
  });
  const cuts = new Set([0, text.length]);
  for (const s of spans) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  for (let i = 0; i < points.length - 1; i++) {
    const from = points[i];
    const to = points[i + 1];
    const piece = text.slice(from, to);
    const covering = spans.filter((s) => s.start <= from && s.end >= to);
    if (covering.length === 0) {
      mirror.append(document.createTextNode(piece));
      continue;
    }
    const worst = covering.reduce((a, b) => (SEVERITIES.indexOf(b.severity) > SEVERITIES.indexOf(a.severity) ? b : a));
    const numbers = covering.map((s) => s.n).join(',');
    const mark = el('mark', { class: 'sev-' + worst.severity, 'data-findings': numbers, title: t('severity.' + worst.severity) + ' (' + numbers + ')' });
    mark.textContent = piece;
    mirror.append(mark);
    if (covering.some((s) => s.end === to)) {
      mirror.append(el('sup', { class: 'mark-number', 'aria-hidden': 'true', text: numbers }));
    }
  }
  if (text.length === 0) {
    mirror.append(el('span', { class: 'placeholder', text: t('pre.empty') }));
  }
}

function renderFindings(findings) {
  clear(findingsList);
  if (findings.length === 0) {
    findingsList.append(el('li', { class: 'none', text: t('pre.nofindings') }));
    return;
  }
  findings.forEach((f, i) => {
    const sev = SEVERITIES.includes(f.severity) ? f.severity : 'review';
    const item = el('li', { class: 'finding sev-' + sev, 'data-rule': f.ruleId, 'data-n': i + 1 },
      el('p', { class: 'finding-head' },
        el('span', { class: 'badge sev-' + sev, text: t('severity.' + sev) }),
        ' ',
        el('span', { class: 'finding-message', text: f.message })));
    if (f.evidence) {
      item.append(el('p', { class: 'evidence', text: t('pre.evidence', '„' + f.evidence + '“') }));
    }
    if (f.section && f.section.id) {
      const link = el('a', { href: 'guideline.html#section-' + encodeURIComponent(f.section.id), text: f.section.title || f.section.id });
      const p = el('p', { class: 'section' });
      const [before, after] = t('pre.section', '\u0000').split('\u0000');
      p.append(before, link, after);
      item.append(p);
    }
    if (f.suggestion) {
      item.append(el('p', { class: 'suggestion', text: t('pre.suggestion', f.suggestion) }));
    }
    if (f.insert) {
      const button = el('button', { type: 'button', class: 'insert', 'data-insert': 'true', text: t('pre.insert') });
      button.addEventListener('click', () => insert(f.insert));
      item.append(button);
    }
    findingsList.append(item);
  });
}

function insert(text) {
  const current = draft.value.replace(/\s+$/u, '');
  draft.value = current.length > 0 ? current + '\n\n' + text : text;
  updateCount();
  draft.focus();
  draft.setSelectionRange(draft.value.length, draft.value.length);
  checkNow();
}

function addAttachment() {
  const id = 'att-' + (++attachmentIds);
  const field = (name, labelKey, control) => {
    control.id = id + '-' + name;
    control.dataset.field = name;
    return el('div', { class: 'field' }, el('label', { for: control.id, 'data-i18n': labelKey, text: t(labelKey) }), control);
  };
  const type = el('select', {});
  for (const m of MEDIA_TYPES) {
    type.append(el('option', { value: m, text: m }));
  }
  const license = el('select', {});
  for (const l of ['own', 'licensed', 'unknown']) {
    license.append(el('option', { value: l, 'data-i18n': 'pre.attachment.license.' + l, text: t('pre.attachment.license.' + l) }));
  }
  const gps = el('input', { type: 'checkbox', id: id + '-gps', 'data-field': 'gps' });
  const lat = el('input', { type: 'number', step: 'any', min: '-90', max: '90', inputmode: 'decimal' });
  const lon = el('input', { type: 'number', step: 'any', min: '-180', max: '180', inputmode: 'decimal' });
  const coordinates = el('div', { class: 'row coordinates', hidden: true },
    field('lat', 'pre.attachment.lat', lat), field('lon', 'pre.attachment.lon', lon));
  const legend = el('legend', {});
  const remove = el('button', { type: 'button', class: 'secondary small' });
  const box = el('fieldset', { class: 'attachment', 'data-attachment': id },
    legend,
    el('div', { class: 'row' },
      field('file', 'pre.attachment.file', el('input', { type: 'text', value: 'IMG_' + attachmentIds + '.jpg', autocomplete: 'off', spellcheck: 'false', maxlength: '255' })),
      field('type', 'pre.attachment.type', type),
      field('license', 'pre.attachment.license', license)),
    field('alt', 'pre.attachment.alt', el('input', { type: 'text', maxlength: '2000' })),
    el('div', { class: 'check' }, gps, el('label', { for: gps.id, 'data-i18n': 'pre.attachment.gps', text: t('pre.attachment.gps') })),
    coordinates,
    remove);
  gps.addEventListener('change', () => {
    coordinates.hidden = !gps.checked;
    schedule();
  });
  remove.addEventListener('click', () => {
    box.remove();
    numberAttachments();
    $('add-attachment').focus();
    schedule();
  });
  box.addEventListener('input', schedule);
  box.addEventListener('change', schedule);
  attachments.append(box);
  numberAttachments();
  box.querySelector('input').focus();
  schedule();
}

function numberAttachments() {
  [...attachments.querySelectorAll('fieldset[data-attachment]')].forEach((box, i) => {
    box.querySelector('legend').textContent = t('pre.attachment.legend', i + 1);
    const remove = box.querySelector(':scope > button');
    remove.textContent = t('pre.attachment.remove', i + 1);
  });
}

draft.addEventListener('input', schedule);
complaint.addEventListener('change', checkNow);
handle.addEventListener('input', schedule);
account.addEventListener('change', () => {
  handleField.hidden = account.value !== 'other';
  checkNow();
});
$('add-attachment').addEventListener('click', addAttachment);

document.addEventListener('policy:language', () => {
  renderAccountOptions();
  applyStrings(attachments);
  numberAttachments();
  updateCount();
  // Messages and suggestions come from the API in the chosen language: ask again.
  if (lastResult || draft.value.trim()) {
    checkNow();
  } else {
    showDecision('none', '', t('pre.empty'));
  }
});

