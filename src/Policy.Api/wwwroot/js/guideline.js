// The active guideline by sections (each addressable as #section-<id>), the person's
// acknowledgement and the button to acknowledge.
import { api, clear, el, notAvailable, problemText, say, startPage } from './common.js';
import { formatDate, language, t } from './i18n.js';

const $ = (id) => document.getElementById(id);
let guideline = null;
let scrolled = false;

startPage({ ready: load });

async function load() {
  const result = await api('/api/v1/guideline?lang=' + language());
  if (!result.ok) {
    if (result.status !== 401) {
      say($('gl-error'), notAvailable(result) ? t('notavailable') : problemText(result), 'error');
    }
    return;
  }
  say($('gl-error'), '');
  guideline = result.data;
  render();
}

function render() {
  const g = guideline;
  $('gl-title').textContent = g.title || t('gl.title');
  $('gl-version').textContent = t('gl.version', g.version, g.packId);
  renderAck();
  const toc = clear($('toc-list'));
  const sections = clear($('sections'));
  for (const s of g.sections || []) {
    const id = 'section-' + s.id;
    toc.append(el('li', {}, el('a', { href: '#' + id, text: s.title })));
    const section = el('section', { id, class: 'gl-section', tabindex: '-1', 'aria-labelledby': id + '-title' },
      el('h2', { id: id + '-title' }, el('span', { class: 'section-id', translate: 'no', text: s.id }), ' ', s.title));
    for (const paragraph of String(s.text || '').split(/\n\s*\n/u)) {
      if (paragraph.trim()) {
        section.append(el('p', { text: paragraph.trim() }));
      }
    }
    sections.append(section);
  }
  if (!scrolled && location.hash.startsWith('#section-')) {
    scrolled = true;
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) {
      target.scrollIntoView();
      target.focus({ preventScroll: true });
    }
  }
}

function renderAck() {
  const g = guideline;
  const status = $('ack-status');
  const button = $('ack-button');
  if (g.acknowledgedAt) {
    status.textContent = t('gl.ack.done', formatDate(g.acknowledgedAt));
    status.dataset.kind = 'ok';
    button.hidden = true;
  } else if (g.mustAcknowledge) {
    status.textContent = t('gl.ack.must');
    status.dataset.kind = 'warn';
    button.hidden = false;
  } else {
    status.textContent = t('gl.ack.previous');
    status.dataset.kind = 'ok';
    button.hidden = false;
  }
}

$('ack-button').addEventListener('click', async () => {
  const button = $('ack-button');
  button.disabled = true;
  const result = await api('/api/v1/guideline/acknowledgements', { method: 'POST', json: { version: guideline.version } });
  button.disabled = false;
  if (!result.ok) {
    if (result.status === 409) {
      await load();
    }
    say($('ack-message'), problemText(result), 'error');
    return;
  }
  guideline.acknowledgedAt = result.data.acknowledgedAt;
  guideline.mustAcknowledge = false;
  renderAck();
  say($('ack-message'), t('gl.ack.saved', formatDate(result.data.acknowledgedAt)), 'ok');
  $('ack-status').setAttribute('tabindex', '-1');
  $('ack-status').focus();
});

document.addEventListener('policy:language', () => {
  say($('ack-message'), '');
  if (guideline) {
    load();
  }
});
