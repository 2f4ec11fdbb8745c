// On the pre-check page, what the author can do with a warn or review decision: ask for approval
// (optionally sharing the text), override with a justification where allowed, report a finding
// as wrong; and the author's own approval requests with their state.
import './review-strings.js';
import { api, clear, el, problemText, say } from './common.js';
import { formatDate, t } from './i18n.js';

const REASONS = ['business-need', 'approved-elsewhere', 'false-positive', 'public-information', 'other'];
const $ = (id) => document.getElementById(id);

let current = null; // { text, data } of the check the actions are for

/** Shows the actions for the check just rendered (or hides them without one). */
export function renderActions(text, data) {
  current = data ? { text, data } : null;
  const box = $('actions');
  const approval = $('approval-banner');
  if (!data) {
    box.hidden = true;
    approval.hidden = true;
    return;
  }
  if (data.approval) {
    say(approval, t('act.approved', data.approval.reference, formatDate(data.approval.validUntil)), 'ok');
    approval.dataset.reference = data.approval.reference;
  } else {
    approval.hidden = true;
    delete approval.dataset.reference;
  }
  const reviewable = data.decision === 'warn' || data.decision === 'review';
  // Approved: nothing left to ask; an override is still offered where allowed.
  box.hidden = !reviewable || (Boolean(data.approval) && !data.overridable);
  $('ask-box').hidden = !reviewable || Boolean(data.approval);
  $('override-box').hidden = !reviewable || !data.overridable;
  say($('ask-result'), '');
  say($('override-result'), '');
}

/** Adds "finding wrong?" to each finding of a check. */
export function decorateFindings(list, text, data) {
  if (!data) {
    return;
  }
  for (const item of list.querySelectorAll('li[data-rule]')) {
    const rule = item.dataset.rule;
    const n = item.dataset.n;
    const form = el('form', { class: 'fp-form', hidden: true, 'data-fp-form': rule });
    const comment = el('input', { id: 'fp-comment-' + n, type: 'text', maxlength: '1000', autocomplete: 'off' });
    const share = el('input', { id: 'fp-share-' + n, type: 'checkbox' });
    const status = el('p', { class: 'message', role: 'status', hidden: true });
    form.append(
      el('label', { for: comment.id, text: t('fp.comment') }), comment,
      el('div', { class: 'check' }, share, el('label', { for: share.id, text: t('fp.share') })),
      el('button', { type: 'submit', class: 'secondary small', text: t('fp.send') }),
      status);
    const open = el('button', { type: 'button', class: 'secondary small', 'data-fp-open': rule, 'aria-expanded': 'false', text: t('fp.open') });
    open.addEventListener('click', () => {
      form.hidden = !form.hidden;
      open.setAttribute('aria-expanded', String(!form.hidden));
      if (!form.hidden) {
        comment.focus();
      }
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = { checkId: data.checkId, ruleId: rule, comment: comment.value.trim() || null, shareText: share.checked };
      if (share.checked) {
        body.text = text;
      }
      const result = await api('/api/v1/false-positives', { method: 'POST', json: body });
      say(status, result.ok ? t('fp.sent') : problemText(result), result.ok ? 'ok' : 'error');
    });
    item.append(open, form);
  }
}

async function askForApproval(event) {
  event.preventDefault();
  if (!current) {
    return;
  }
  const share = $('ask-share').checked;
  const body = { checkId: current.data.checkId, note: $('ask-note').value.trim() || null, shareText: share };
  if (share) {
    body.text = current.text;
  }
  const result = await api('/api/v1/reviews', { method: 'POST', json: body });
  if (result.ok) {
    say($('ask-result'), t('act.ask.sent') + ' ' + t('act.ask.route.' + result.data.route), 'ok');
    $('ask-note').value = '';
    await loadMine();
  } else {
    say($('ask-result'), problemText(result), 'error');
  }
}

async function override(event) {
  event.preventDefault();
  if (!current) {
    return;
  }
  const result = await api('/api/v1/overrides', {
    method: 'POST',
    json: { checkId: current.data.checkId, reason: $('override-reason').value, justification: $('override-justification').value.trim() },
  });
  say($('override-result'), result.ok ? t('act.override.sent') : problemText(result), result.ok ? 'ok' : 'error');
}

/** The author's own requests, newest first. */
export async function loadMine() {
  const list = $('my-reviews-list');
  const result = await api('/api/v1/reviews/mine');
  clear(list);
  if (!result.ok) {
    list.append(el('li', { class: 'message', 'data-kind': 'error', text: problemText(result) }));
    return;
  }
  if (result.data.length === 0) {
    list.append(el('li', { class: 'none', text: t('mine.none') }));
    return;
  }
  for (const r of result.data) {
    const item = el('li', { class: 'my-review', 'data-review': r.id, 'data-state': r.state },
      el('p', {},
        el('span', { class: 'badge state-' + r.state, text: t('state.' + r.state) }),
        ' ',
        el('span', { text: t('mine.item', formatDate(r.requestedAt), t('severity.' + r.decision)) })));
    if (r.approvalReference) {
      item.append(el('p', { class: 'reference', text: t('rev.reference', r.approvalReference) }));
    }
    if (r.decidedBy) {
      item.append(el('p', { class: 'hint', text: t('rev.decided', t('state.' + r.state), r.decidedBy, formatDate(r.decidedAt)) }));
    }
    if (r.reason) {
      item.append(el('p', { text: t('rev.reasonline', r.reason) }));
    }
    if (r.editedText) {
      item.append(el('p', { class: 'hint', text: t('rev.edited') }), el('blockquote', { class: 'draft-text', text: r.editedText }));
    }
    list.append(item);
  }
}

/** Fills the reason list and wires the forms; call once the page is signed in. */
export function startActions() {
  const select = $('override-reason');
  const fill = () => {
    const chosen = select.value;
    clear(select);
    for (const r of REASONS) {
      select.append(el('option', { value: r, text: t('act.reason.' + r) }));
    }
    if (chosen) {
      select.value = chosen;
    }
  };
  fill();
  document.addEventListener('policy:language', () => {
    fill();
    loadMine();
  });
  $('ask-form').addEventListener('submit', askForApproval);
  $('override-form').addEventListener('submit', override);
  $('my-reviews-refresh').addEventListener('click', loadMine);
  return loadMine();
}
