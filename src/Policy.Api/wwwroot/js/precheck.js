// The pre-check: the draft is checked while it is typed (debounced), the decision is shown as a
// banner with a text label, offending spans are marked in a read-only mirror of the draft, and each
// finding gives its message, guideline section and suggestion (with a one-click insert where the
// guideline offers one). Photos and screenshots go along as files (multipart): the page warns when
// one gives away where it was taken and offers a copy without metadata, made by the API.
import { api, clear, el, problemText, startPage } from './common.js';
import { applyStrings, language, t } from './i18n.js';
import { decorateFindings, renderActions, startActions } from './precheck-actions.js';
import { loadPastChecks, startPastChecks } from './precheck-history.js';

const DEBOUNCE_MS = 300;
// With images every check reads them again (nothing is stored on the server): wait for a pause in typing.
const DEBOUNCE_IMAGES_MS = 1500;
const MAX_PHOTOS = 4;
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
const summary = $('decision-summary');
const summaryLabel = summary.querySelector('.decision-label');
const summaryText = summary.querySelector('.summary-text');
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
let photoIds = 0;
/** Photos chosen or taken: { id, file, url, cleaned, item, report, frame }. */
const photos = [];

startPage({ ready: onSignedIn });

startPastChecks();

async function onSignedIn() {
  await startActions();
  await loadPastChecks(false);
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
  timer = setTimeout(checkNow, photos.length > 0 ? DEBOUNCE_IMAGES_MS : DEBOUNCE_MS);
}

/** The descriptions of the photos (attachments[i] describes images[i]), then the described attachments. */
function photoDescriptions() {
  return photos.map((p) => ({
    fileName: p.file.name.slice(0, 255) || 'image',
    mediaType: (p.file.type || 'image/jpeg').slice(0, 100),
    altText: p.item.querySelector('[data-field="alt"]').value.trim() || null,
    license: p.item.querySelector('[data-field="license"]').value,
  }));
}

function checkRequest(body, signal) {
  if (photos.length === 0) {
    return api('/api/v1/checks', { method: 'POST', json: body, signal });
  }
  const form = new FormData();
  form.append('draft', new Blob([JSON.stringify({ ...body, attachments: [...photoDescriptions(), ...body.attachments] })], { type: 'application/json' }));
  for (const p of photos) {
    form.append('images', p.file, p.file.name);
  }
  return api('/api/v1/checks', { method: 'POST', body: form, signal });
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
    if (photos.length > 0) {
      decisionText.textContent = t('pre.photo.checking');
    }
    result = await checkRequest(body, controller.signal);
    if (result.status === 503) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      if (mine !== sequence) {
        return;
      }
      result = await checkRequest(body, controller.signal);
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

function showDecision(kind, label, text, findings = 0) {
  decision.dataset.decision = kind;
  decisionLabel.textContent = label;
  decisionLabel.hidden = !label;
  decisionText.textContent = text;
  // The phone's summary under the draft: the same decision, in a few words.
  summary.dataset.decision = kind;
  summaryLabel.textContent = label;
  summaryLabel.hidden = !label;
  summaryText.textContent = label ? t('pre.summary', findings) : text;
}

function render(text, data) {
  const d = SEVERITIES.includes(data.decision) ? data.decision : 'review';
  const findings = data.findings || [];
  showDecision(d, t('decision.label.' + d), t('decision.' + d), findings.length);
  renderMirror(text, findings);
  renderFindings(findings);
  decorateFindings(findingsList, text, data);
  renderActions(text, data);
  renderPhotoReports(data.attachments || [], findings);
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
    if (typeof f.attachment === 'number') {
      item.append(el('p', { class: 'finding-image', 'data-attachment': f.attachment, text: t(f.box ? 'pre.finding.image.box' : 'pre.finding.image', f.attachment + 1) }));
    }
    if (f.evidence) {
      item.append(el('p', { class: 'evidence', text: t('pre.evidence', f.evidence) }));
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


function say(kind, text) {
  const message = $('photos-message');
  message.hidden = !text;
  message.dataset.kind = kind;
  message.textContent = text || '';
}

function addPhotos(files) {
  say('', '');
  for (const file of files) {
    if (photos.length >= MAX_PHOTOS) {
      say('error', t('pre.photo.limit', MAX_PHOTOS));
      break;
    }
    const photo = { id: 'photo-' + (++photoIds), file, url: URL.createObjectURL(file), cleaned: false, report: null };
    photo.item = photoItem(photo);
    photos.push(photo);
    $('photos').append(photo.item);
  }
  numberPhotos();
  checkNow();
}

function photoItem(photo) {
  const license = el('select', { id: photo.id + '-license', 'data-field': 'license' });
  for (const l of ['own', 'licensed', 'unknown']) {
    license.append(el('option', { value: l, 'data-i18n': 'pre.attachment.license.' + l, text: t('pre.attachment.license.' + l) }));
  }
  const alt = el('input', { id: photo.id + '-alt', type: 'text', maxlength: '2000', 'data-field': 'alt' });
  const image = el('img', { class: 'photo-image', src: photo.url, alt: '' });
  photo.frame = el('div', { class: 'photo-frame' }, image);
  const remove = el('button', { type: 'button', class: 'secondary small', 'data-remove': 'true' });
  remove.addEventListener('click', () => removePhoto(photo));
  const item = el('li', { class: 'photo', 'data-photo': photo.id },
    el('p', { class: 'photo-legend' }),
    photo.frame,
    el('div', { class: 'row' },
      el('div', { class: 'field' }, el('label', { for: license.id, 'data-i18n': 'pre.photo.license', text: t('pre.photo.license') }), license),
      el('div', { class: 'field' }, el('label', { for: alt.id, 'data-i18n': 'pre.photo.alt', text: t('pre.photo.alt') }), alt)),
    el('div', { class: 'photo-report', 'aria-live': 'polite' }),
    remove);
  license.addEventListener('change', checkNow);
  alt.addEventListener('input', schedule);
  return item;
}

function removePhoto(photo) {
  const i = photos.indexOf(photo);
  if (i >= 0) {
    photos.splice(i, 1);
  }
  URL.revokeObjectURL(photo.url);
  photo.item.remove();
  numberPhotos();
  $('photo-pick').focus();
  checkNow();
}

function numberPhotos() {
  photos.forEach((p, i) => {
    p.item.querySelector('.photo-legend').textContent = t('pre.photo.legend', i + 1, p.file.name);
    p.item.querySelector('[data-remove]').textContent = t('pre.photo.remove', i + 1);
  });
}

/** What the API read from each photo: the location warning with the copy, other metadata, boxes around findings. */
function renderPhotoReports(reports, findings) {
  photos.forEach((photo, i) => {
    const report = reports.find((r) => r.index === i) || null;
    photo.report = report;
    const box = photo.item.querySelector('.photo-report');
    clear(box);
    for (const mark of [...photo.frame.querySelectorAll('.photo-box')]) {
      mark.remove();
    }
    if (!report) {
      return;
    }
    if (report.location) {
      const m = Math.max(1, Math.round(report.location.precisionMeters));
      const warning = el('div', { class: 'location-warning', 'data-location': report.location.place, role: 'alert' },
        el('p', { text: t('pre.photo.location', t('pre.photo.place.' + report.location.place, m.toLocaleString(language() === 'de' ? 'de-DE' : 'en-GB'))) }));
      if (report.cleanCopy) {
        const button = el('button', { type: 'button', 'data-clean-copy': 'true', text: t('pre.photo.clean') });
        button.addEventListener('click', () => useCleanCopy(photo, button));
        warning.append(button);
      }
      box.append(warning);
    }
    if (photo.cleaned) {
      box.append(el('p', { class: 'clean-note', 'data-cleaned': 'true', text: t('pre.photo.cleaned') }),
        el('a', { class: 'download', href: photo.url, download: photo.file.name, text: t('pre.photo.download') }));
    }
    const more = [];
    if (report.device) {
      more.push(t('pre.photo.device', report.device));
    }
    if (report.capturedAt) {
      more.push(t('pre.photo.captured', report.capturedAt.replace('T', ' ')));
    }
    if (more.length > 0) {
      box.append(el('p', { class: 'hint', text: t('pre.photo.metadata', more.join(', ')) }));
    }
    if (report.text === 'read' && report.words > 0) {
      box.append(el('p', { class: 'hint', text: t('pre.photo.words', report.words) }));
    } else if (report.note) {
      box.append(el('p', { class: 'hint', 'data-unread': report.text, text: report.note }));
    }
    if (report.width && report.height) {
      findings.forEach((f, n) => {
        if (f.attachment !== i || !f.box) {
          return;
        }
        const sev = SEVERITIES.includes(f.severity) ? f.severity : 'review';
        const mark = el('span', { class: 'photo-box sev-' + sev, title: t('severity.' + sev) + ' (' + (n + 1) + ')', text: String(n + 1) });
        mark.style.left = (100 * f.box.x / report.width) + '%';
        mark.style.top = (100 * f.box.y / report.height) + '%';
        mark.style.width = (100 * f.box.width / report.width) + '%';
        mark.style.height = (100 * f.box.height / report.height) + '%';
        photo.frame.append(mark);
      });
    }
  });
}

/** Asks the API for the image without metadata and uses that from now on; the copy can be downloaded. */
async function useCleanCopy(photo, button) {
  button.disabled = true;
  button.textContent = t('pre.photo.cleaning');
  const form = new FormData();
  form.append('image', photo.file, photo.file.name);
  const result = await api('/api/v1/checks/clean-copy', { method: 'POST', body: form, headers: { Accept: 'image/*, application/problem+json' } });
  if (!result.ok || !result.response) {
    button.disabled = false;
    button.textContent = t('pre.photo.clean');
    say('error', problemText(result));
    return;
  }
  const blob = await result.response.blob();
  const dot = photo.file.name.lastIndexOf('.');
  const base = dot > 0 ? photo.file.name.slice(0, dot) : photo.file.name;
  const extension = blob.type === 'image/png' ? '.png' : blob.type === 'image/webp' ? '.webp' : '.jpg';
  URL.revokeObjectURL(photo.url);
  photo.file = new File([blob], base + '-clean' + extension, { type: blob.type });
  photo.url = URL.createObjectURL(photo.file);
  photo.cleaned = true;
  photo.frame.querySelector('img').src = photo.url;
  numberPhotos();
  checkNow();
}

for (const id of ['photo-take', 'photo-pick']) {
  $(id).addEventListener('change', (event) => {
    addPhotos([...event.target.files]);
    event.target.value = '';
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
  applyStrings($('photos'));
  numberAttachments();
  numberPhotos();
  updateCount();
  // Messages and suggestions come from the API in the chosen language: ask again.
  if (lastResult || draft.value.trim()) {
    checkNow();
  } else {
    showDecision('none', '', t('pre.empty'));
  }
});

