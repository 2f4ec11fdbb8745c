// HR console, notifications and monitoring: webhooks and e-mail recipients with their test
// button and delivery log, acknowledgement reminders, the watchlist, feeds and monitoring alerts.
import { api, clear, el, problemText, say } from './common.js';
import { formatDate, t } from './i18n.js';

const $ = (id) => document.getElementById(id);
let wired = false;

export async function loadNotifications() {
  if (!wired) {
    wire();
    wired = true;
  }
  await Promise.all([loadEvents(), loadSubscriptions(), loadDeliveries(), loadMonitoring()]);
}

function table(headKeys, body) {
  const head = el('tr');
  for (const key of headKeys) {
    head.append(el('th', { scope: 'col', text: t(key) }));
  }
  return el('div', { class: 'table-wrap' }, el('table', {}, el('thead', {}, head), body));
}

function failed(box, result) {
  clear(box).append(el('p', { class: 'message', 'data-kind': 'error', text: problemText(result) }));
}

// ── recipients ──

let subscriptions = [];

async function loadEvents() {
  const result = await api('/api/v1/notifications/events');
  const box = $('notify-events');
  if (!result.ok) {
    return;
  }
  for (const old of box.querySelectorAll('.check')) {
    old.remove();
  }
  for (const e of result.data.filter((x) => x.name !== 'notification.test')) {
    const id = 'event-' + e.name.replace(/\W/g, '-');
    box.append(el('span', { class: 'check' },
      el('input', { id, type: 'checkbox', value: e.name, checked: e.name.startsWith('crisis') || e.name === 'monitoring.alert' ? '' : null }),
      // The event's name is an identifier (the same in every language); its description is in the page's.
      el('label', { for: id }, el('code', { translate: 'no', text: e.name }), ' – ', document.documentElement.lang === 'en' ? e.description : e.descriptionDe)));
  }
}

async function loadSubscriptions() {
  const box = $('subscriptions');
  const result = await api('/api/v1/notifications/subscriptions');
  if (!result.ok) {
    failed(box, result);
    return;
  }
  subscriptions = result.data;
  clear(box);
  if (subscriptions.length === 0) {
    box.append(el('p', { class: 'hint', text: t('hr.notify.none') }));
    return;
  }
  const body = el('tbody');
  for (const s of subscriptions) {
    const test = el('button', { type: 'button', class: 'secondary small', 'aria-label': t('hr.notify.test') + ' ' + s.name, text: t('hr.notify.test') });
    test.addEventListener('click', () => runTest(s));
    const remove = el('button', { type: 'button', class: 'secondary small', 'aria-label': t('hr.notify.delete') + ' ' + s.name, text: t('hr.notify.delete') });
    remove.addEventListener('click', () => removeSubscription(s));
    body.append(el('tr', { 'data-subscription': s.id },
      el('td', { text: s.name }),
      el('td', { text: s.kind === 'email' ? 'E-Mail' : s.format }),
      el('td', { class: 'text', text: s.target }),
      el('td', { translate: 'no', text: s.events.join(', ') }),
      el('td', { text: s.active ? t('hr.notify.active') : t('hr.notify.paused') }),
      el('td', {}, test, ' ', remove)));
  }
  box.append(table(['hr.notify.name', 'hr.notify.format', 'hr.notify.target', 'hr.notify.events', 'hr.deliveries.state', 'hr.pack.state'], body));
}

async function runTest(s) {
  const result = await api('/api/v1/notifications/subscriptions/' + encodeURIComponent(s.id) + '/test', { method: 'POST' });
  if (result.status === 401) {
    return;
  }
  if (!result.ok) {
    say($('notify-message'), problemText(result), 'error');
  } else if (result.data.delivered) {
    say($('notify-message'), t('hr.notify.tested.ok', result.data.status, result.data.durationMs), 'ok');
  } else {
    say($('notify-message'), t('hr.notify.tested.fail', result.data.error || result.data.status), 'error');
  }
  await loadDeliveries();
}

async function removeSubscription(s) {
  const result = await api('/api/v1/notifications/subscriptions/' + encodeURIComponent(s.id), { method: 'DELETE' });
  if (!result.ok && result.status !== 401) {
    say($('notify-message'), problemText(result), 'error');
  }
  await loadSubscriptions();
}

async function addSubscription(event) {
  event.preventDefault();
  const kind = $('notify-kind').value;
  const target = $('notify-target').value.trim();
  const events = [...$('notify-events').querySelectorAll('input:checked')].map((x) => x.value);
  const body = { kind, name: $('notify-name').value.trim(), events };
  if (kind === 'email') {
    body.address = target;
  } else {
    body.url = target;
    body.format = $('notify-format').value;
  }
  const result = await api('/api/v1/notifications/subscriptions', { method: 'POST', json: body });
  if (result.status === 401) {
    return;
  }
  const secret = $('notify-secret');
  if (!result.ok) {
    secret.hidden = true;
    say($('notify-message'), problemText(result), 'error');
    return;
  }
  say($('notify-message'), '');
  if (result.data.secret) {
    // Shown once: the API never returns it again.
    clear(secret).append(t('hr.notify.secret', result.data.subscription.name, ''), el('code', { text: result.data.secret }));
    secret.hidden = false;
  } else {
    secret.hidden = true;
  }
  $('notify-target').value = '';
  $('notify-name').value = '';
  await loadSubscriptions();
}

// ── delivery log ──

async function loadDeliveries() {
  const box = $('deliveries');
  const result = await api('/api/v1/notifications/deliveries?limit=50');
  if (!result.ok) {
    failed(box, result);
    return;
  }
  clear(box);
  if (result.data.length === 0) {
    box.append(el('p', { class: 'hint', text: t('hr.deliveries.none') }));
    return;
  }
  const names = new Map(subscriptions.map((s) => [s.id, s.name]));
  const body = el('tbody');
  for (const d of result.data) {
    const tries = d.tries.map((x) => '#' + x.attempt + ' ' + formatDate(x.at) + ' ' + (x.status ?? '–') + (x.error ? ' (' + x.error + ')' : '')).join('; ');
    const cell = el('td', { text: d.state });
    if (d.state === 'failed') {
      const retry = el('button', { type: 'button', class: 'secondary small', text: t('hr.deliveries.retry') });
      retry.addEventListener('click', async () => {
        await api('/api/v1/notifications/deliveries/' + encodeURIComponent(d.id) + '/retry', { method: 'POST' });
        await loadDeliveries();
      });
      cell.append(' ', retry);
    }
    body.append(el('tr', { 'data-delivery': d.id },
      el('td', { text: formatDate(d.createdAt) }),
      el('td', { text: d.event }),
      el('td', { text: names.get(d.subscriptionId) || d.subscriptionId }),
      cell,
      el('td', { class: 'text', text: tries })));
  }
  box.append(table(['hr.deliveries.at', 'hr.deliveries.event', 'hr.deliveries.to', 'hr.deliveries.state', 'hr.deliveries.tries'], body));
}

// ── reminders ──

async function remind() {
  const result = await api('/api/v1/acknowledgements/reminders', { method: 'POST' });
  if (result.status === 401) {
    return;
  }
  if (!result.ok) {
    say($('acks-message'), problemText(result), 'error');
    return;
  }
  say($('acks-message'), result.data.pending > 0 ? t('hr.acks.reminded', result.data.pending) : t('hr.acks.noreminder'), 'ok');
  await loadDeliveries();
}

// ── monitoring ──

async function loadMonitoring() {
  const [alerts, terms, feeds] = await Promise.all([
    api('/api/v1/monitoring/alerts?limit=50'), api('/api/v1/monitoring/terms'), api('/api/v1/monitoring/feeds')]);
  renderAlerts(alerts);
  renderTerms(terms);
  renderFeeds(feeds);
}

function renderAlerts(result) {
  const box = $('mon-alerts');
  if (!result.ok) {
    failed(box, result);
    return;
  }
  clear(box);
  if (result.data.length === 0) {
    box.append(el('p', { class: 'hint', text: t('hr.mon.alerts.none') }));
    return;
  }
  const list = el('ul', { class: 'alerts' });
  for (const a of result.data) {
    const item = el('li', { 'data-alert': a.id },
      el('span', { class: 'badge ' + (a.crisis ? 'sev-block' : 'sev-warn'), text: t('hr.mon.category.' + a.category) }), ' ',
      t('hr.mon.alert', a.term, a.count, formatDate(a.hour), a.baseline));
    if (a.suggestCrisisMode) {
      const on = el('button', { type: 'button', class: 'small', text: t('hr.mon.crisis.on') });
      on.addEventListener('click', async () => {
        const r = await api('/api/v1/crisis', { method: 'PUT', json: { active: true, reason: t('hr.mon.crisis.reason', a.term) } });
        say($('mon-message'), r.ok ? '' : problemText(r), r.ok ? 'ok' : 'error');
        location.hash = '#sp-title';
      });
      item.append(el('div', { class: 'message', 'data-kind': 'warn', text: t('hr.mon.suggest') }), on);
    }
    const samples = el('ul', { class: 'samples' });
    for (const s of a.samples) {
      const web = /^https?:\/\//i.test(s.url);
      samples.append(el('li', {}, s.source + ' · ' + s.authorHandle + ' · ',
        web ? el('a', { href: s.url, rel: 'noopener noreferrer', target: '_blank', text: s.url }) : s.url));
    }
    item.append(samples);
    if (a.acknowledgedAt) {
      item.append(el('span', { class: 'hint', text: t('hr.mon.acked', a.acknowledgedBy) }));
    } else {
      const ack = el('button', { type: 'button', class: 'secondary small', text: t('hr.mon.ack') });
      ack.addEventListener('click', async () => {
        await api('/api/v1/monitoring/alerts/' + encodeURIComponent(a.id) + '/acknowledge', { method: 'POST' });
        await loadMonitoring();
      });
      item.append(ack);
    }
    list.append(item);
  }
  box.append(list);
}

function renderTerms(result) {
  const box = $('mon-terms');
  if (!result.ok) {
    failed(box, result);
    return;
  }
  clear(box);
  if (result.data.length === 0) {
    box.append(el('p', { class: 'hint', text: t('hr.mon.terms.none') }));
    return;
  }
  const list = el('ul', { class: 'terms' });
  for (const term of result.data) {
    const remove = el('button', { type: 'button', class: 'secondary small', 'aria-label': t('hr.mon.remove') + ' ' + term.term, text: t('hr.mon.remove') });
    remove.addEventListener('click', async () => {
      await api('/api/v1/monitoring/terms/' + encodeURIComponent(term.id), { method: 'DELETE' });
      await loadMonitoring();
    });
    list.append(el('li', {}, el('strong', { text: term.term }), ' · ' + t('hr.mon.category.' + term.category) + ' · ' + t('hr.mon.match.' + term.match) + ' ', remove));
  }
  box.append(list);
}

function renderFeeds(result) {
  const box = $('mon-feeds');
  if (!result.ok) {
    failed(box, result);
    return;
  }
  clear(box);
  if (result.data.length === 0) {
    box.append(el('p', { class: 'hint', text: t('hr.mon.feeds.none') }));
    return;
  }
  const list = el('ul', { class: 'feeds' });
  for (const f of result.data) {
    const poll = el('button', { type: 'button', class: 'secondary small', text: t('hr.mon.feed.poll') });
    poll.addEventListener('click', async () => {
      const r = await api('/api/v1/monitoring/feeds/' + encodeURIComponent(f.id) + '/poll', { method: 'POST' });
      say($('mon-message'), r.ok ? r.data.status : problemText(r), r.ok ? 'ok' : 'error');
      await loadMonitoring();
    });
    const remove = el('button', { type: 'button', class: 'secondary small', text: t('hr.mon.remove') });
    remove.addEventListener('click', async () => {
      await api('/api/v1/monitoring/feeds/' + encodeURIComponent(f.id), { method: 'DELETE' });
      await loadMonitoring();
    });
    list.append(el('li', {}, el('strong', { text: f.name }), ' · ' + f.url + ' · ',
      f.lastPolledAt ? t('hr.mon.feed.status', formatDate(f.lastPolledAt), f.lastStatus) : t('hr.mon.feed.never'), ' ', poll, ' ', remove));
  }
  box.append(list);
}

async function submit(path, body, after) {
  const result = await api(path, { method: 'POST', json: body });
  if (result.status === 401) {
    return;
  }
  say($('mon-message'), result.ok ? '' : problemText(result), result.ok ? 'ok' : 'error');
  if (result.ok) {
    after();
    await loadMonitoring();
  }
}

function wire() {
  $('notify-form').addEventListener('submit', addSubscription);
  $('notify-kind').addEventListener('change', () => {
    $('notify-format').disabled = $('notify-kind').value === 'email';
  });
  $('acks-remind').addEventListener('click', remind);
  $('mon-term-form').addEventListener('submit', (event) => {
    event.preventDefault();
    submit('/api/v1/monitoring/terms', { term: $('mon-term').value.trim(), category: $('mon-category').value, match: $('mon-match').value },
      () => { $('mon-term').value = ''; });
  });
  $('mon-feed-form').addEventListener('submit', (event) => {
    event.preventDefault();
    submit('/api/v1/monitoring/feeds', { name: $('mon-feed-name').value.trim(), url: $('mon-feed-url').value.trim() },
      () => { $('mon-feed-url').value = ''; $('mon-feed-name').value = ''; });
  });
}
