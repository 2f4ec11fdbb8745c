// The reviewer page: the requests routed to the signed-in person (all of them for HR), each with
// its findings, the shared text if any, and approve (optionally with an edited text, which the API
// checks again), reject or ask for changes; below, the requests already decided.
import './review-strings.js';
import { api, clear, el, problemText, say, startPage } from './common.js';
import { formatDate, t, topicName } from './i18n.js';

const $ = (id) => document.getElementById(id);

startPage({ ready: load });
document.addEventListener('policy:language', load);

async function load() {
  await Promise.all([fill($('queue'), '/api/v1/reviews/queue', 'rev.none'), fill($('closed'), '/api/v1/reviews/queue?state=closed', 'rev.none.closed')]);
}

async function fill(container, path, emptyKey) {
  const result = await api(path);
  clear(container);
  if (!result.ok) {
    container.append(el('p', { class: 'message', 'data-kind': 'error', role: 'alert', text: problemText(result) }));
    return;
  }
  if (result.data.length === 0) {
    container.append(el('p', { class: 'none', text: t(emptyKey) }));
    return;
  }
  for (const review of result.data) {
    container.append(card(review));
  }
}

function card(r) {
  const article = el('article', { class: 'review', 'data-review': r.id, 'data-state': r.state, 'aria-labelledby': 'review-' + r.id },
    el('h3', { id: 'review-' + r.id },
      el('span', { class: 'badge sev-' + r.decision, text: t('severity.' + r.decision) }),
      ' ',
      el('span', { class: 'badge state-' + r.state, text: t('state.' + r.state) })),
    el('p', { class: 'hint', text: t('rev.from', r.author, formatDate(r.requestedAt), formatDate(r.expiresAt)) }),
    el('p', { class: 'hint', text: t('rev.where', r.channel === 'private' ? t('rev.channel.private') : r.channel, r.topics.map(topicName).join(', '), t('rev.route.' + r.route)) }));
  if (r.note) {
    article.append(el('p', { class: 'note', text: t('rev.note', r.note) }));
  }
  const rules = el('ul', { class: 'rules' });
  for (const f of r.findings) {
    rules.append(el('li', {}, el('span', { class: 'badge sev-' + f.severity, text: t('severity.' + f.severity) }), ' ', el('code', { text: f.ruleId })));
  }
  article.append(rules);
  if (r.text) {
    article.append(el('p', { class: 'hint', text: t('rev.text') }), el('blockquote', { class: 'draft-text', text: r.text }));
  } else if (r.state === 'pending') {
    article.append(el('p', { class: 'hint notext', text: t('rev.notext') }));
  }
  if (r.editedText) {
    article.append(el('p', { class: 'hint', text: t('rev.edited') }), el('blockquote', { class: 'draft-text edited', text: r.editedText }));
  }
  if (r.state !== 'pending') {
    if (r.decidedBy) {
      article.append(el('p', { class: 'hint', text: t('rev.decided', t('state.' + r.state), r.decidedBy, formatDate(r.decidedAt)) }));
    }
    if (r.reason) {
      article.append(el('p', { text: t('rev.reasonline', r.reason) }));
    }
    if (r.approvalReference) {
      article.append(el('p', { class: 'reference', text: t('rev.reference', r.approvalReference) }));
    }
  }
  if (r.mayDecide) {
    article.append(decisionForm(r));
  }
  return article;
}

function decisionForm(r) {
  const edit = el('textarea', { id: 'edit-' + r.id, rows: '3', maxlength: '10000' });
  const reason = el('textarea', { id: 'reason-' + r.id, rows: '2', maxlength: '2000' });
  const status = el('p', { class: 'message', role: 'status', hidden: true });
  const button = (key, action, cls) => {
    const b = el('button', { type: 'button', class: cls, 'data-action': action, text: t(key) });
    b.addEventListener('click', () => decide(r, action, edit, reason, status));
    return b;
  };
  return el('div', { class: 'decide' },
    el('label', { for: edit.id, text: t('rev.edit') }), edit,
    el('label', { for: reason.id, text: t('rev.reason') }), reason,
    el('div', { class: 'buttons' }, button('rev.approve', 'approve', ''), button('rev.changes', 'request-changes', 'secondary'), button('rev.reject', 'reject', 'secondary')),
    status);
}

async function decide(r, action, edit, reason, status) {
  const body = { reason: reason.value.trim() || null };
  if (action === 'approve' && edit.value.trim()) {
    body.text = edit.value;
  }
  const result = await api('/api/v1/reviews/' + encodeURIComponent(r.id) + '/' + action, { method: 'POST', json: body });
  if (!result.ok) {
    let text = problemText(result);
    if (result.data && result.data.recheck) {
      text += ' ' + result.data.recheck.findings.map((f) => f.message).join(' ');
    }
    say(status, text, 'error');
    return;
  }
  say(status, t('rev.done', t('state.' + result.data.review.state)), 'ok');
  await load();
  const heading = $('queue-title');
  heading.setAttribute('tabindex', '-1');
  heading.focus();
}
