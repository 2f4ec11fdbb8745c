// Shared by all pages: the key (sessionStorage only) or the single sign-on session, calls to the
// API, sign-in, header, DOM helpers.
// User and server text always goes in through textContent / text nodes, never as HTML.
import { applyStrings, language, setLanguage, t } from './i18n.js';
import './signin-strings.js';

const KEY = 'policy.key';

// The single sign-on session (GET /auth/session): who is signed in through the company's
// provider, and the antiforgery token its state-changing calls carry. null: signed in with a key, or not at all.
let sso = null;

/** True when the page is signed in through the company's provider (a session cookie, no key). */
export function signedInWithProvider() {
  return Boolean(sso && sso.signedIn);
}

const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

/** The credentials and headers of a call: the key, or the session cookie with its antiforgery token. */
function authorize(headers, method) {
  if (signedInWithProvider()) {
    if (!SAFE_METHODS.includes(method.toUpperCase())) {
      headers.set(sso.antiforgery.headerName, sso.antiforgery.token);
    }
    return 'same-origin';
  }
  const key = currentKey();
  if (key) {
    headers.set('Authorization', 'Bearer ' + key);
  }
  return 'omit';
}

function forgetSignIn() {
  sessionStorage.removeItem(KEY);
  if (sso) {
    sso.signedIn = false;
  }
}

export function currentKey() {
  return sessionStorage.getItem(KEY);
}

/**
 * el('p', { class: 'x', text: 'y' }, child, …): builds an element. Attributes are set with
 * setAttribute (on* attributes are refused), "text" becomes textContent, children are nodes or strings.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === 'text') {
      node.textContent = String(value);
    } else if (name.startsWith('on')) {
      throw new Error('event handlers are added with addEventListener');
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

let onSignedOut = () => {};

/**
 * Calls the API with the key. Answers { ok, status, data, response }; data is the parsed JSON (or
 * null). A 401 forgets the key and shows the sign-in form again.
 */
export async function api(path, { method = 'GET', json, body, headers = {}, signal } = {}) {
  const h = new Headers(headers);
  const credentials = authorize(h, method);
  h.set('Accept', h.get('Accept') || 'application/json');
  let payload = body;
  if (json !== undefined) {
    h.set('Content-Type', 'application/json');
    payload = JSON.stringify(json);
  }
  let response;
  try {
    response = await fetch(path, { method, headers: h, body: payload, signal, credentials, cache: 'no-store' });
  } catch (error) {
    if (error && error.name === 'AbortError') {
      throw error;
    }
    return { ok: false, status: 0, data: null, response: null, network: true };
  }
  if (response.status === 401) {
    forgetSignIn();
    onSignedOut('expired');
  }
  let data = null;
  const type = response.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    try {
      data = await response.json();
    } catch {
      data = null;
    }
  }
  return { ok: response.ok, status: response.status, data, response };
}

/** A readable line for a failed call: network, 403, 404 (not built yet) or the problem's title/detail. */
export function problemText(result) {
  if (result.network) {
    return t('error.network');
  }
  if (result.status === 403) {
    return t('error.forbidden');
  }
  if (result.status === 404 || result.status === 405) {
    if (!result.data || !result.data.title || result.data.title === 'Not Found') {
      return t('notavailable');
    }
  }
  const p = result.data || {};
  const parts = [];
  if (p.title) {
    parts.push(p.title);
  }
  if (p.detail) {
    parts.push(p.detail);
  }
  if (p.errors && !Array.isArray(p.errors)) {
    for (const [field, messages] of Object.entries(p.errors)) {
      parts.push(field + ': ' + [].concat(messages).join(' '));
    }
  }
  return t('error.generic', result.status, parts.join(' '));
}

/** True when the endpoint is not there (yet): 404 without a problem title of the API's own, or 405. */
export function notAvailable(result) {
  return result.status === 405 || (result.status === 404 && (!result.data || !result.data.title || result.data.title === 'Not Found'));
}

/** A GET with the key or the session, for answers read as a stream; null when the server is not reachable. 401 signs out. */
export async function authorizedFetch(path) {
  const h = new Headers();
  const credentials = authorize(h, 'GET');
  let response;
  try {
    response = await fetch(path, { headers: h, credentials, cache: 'no-store' });
  } catch {
    return null;
  }
  if (response.status === 401) {
    forgetSignIn();
    onSignedOut('expired');
  }
  return response;
}

/** Fetches a file with the key and hands it to the browser as a download; answers the file name. */
export async function download(path, fallbackName) {
  const h = new Headers();
  const credentials = authorize(h, 'GET');
  const response = await fetch(path, { headers: h, credentials, cache: 'no-store' });
  if (response.status === 401) {
    forgetSignIn();
    onSignedOut('expired');
  }
  if (!response.ok) {
    let data = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    return { ok: false, status: response.status, data };
  }
  const disposition = response.headers.get('Content-Disposition') || '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : fallbackName;
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { ok: true, status: response.status, name };
}

/** Shows a message in a status element (role=status / alert in the markup). */
export function say(node, text, kind = 'info') {
  node.textContent = text;
  node.dataset.kind = kind;
  node.hidden = !text;
}

/**
 * Starts a page: strings, language switch, sign-out, the sign-in form; once signed in (key checked
 * with /api/v1/me) calls ready(me). roles: the roles the page needs (any of them), or none.
 */
export function startPage({ roles = [], roleName = '', ready }) {
  applyStrings(document);
  const signin = document.getElementById('signin');
  const app = document.getElementById('app');
  const form = document.getElementById('signin-form');
  const keyInput = document.getElementById('signin-key');
  const error = document.getElementById('signin-error');
  const who = document.getElementById('who');
  const signOut = document.getElementById('sign-out');
  const forbidden = document.getElementById('forbidden');
  const langButton = document.getElementById('lang-switch');

  const here = document.body.dataset.page;
  for (const link of document.querySelectorAll('nav a[data-page]')) {
    if (link.dataset.page === here) {
      link.setAttribute('aria-current', 'page');
    }
  }

  const showLanguage = () => {
    langButton.setAttribute('lang', language() === 'de' ? 'en' : 'de');
  };
  showLanguage();
  langButton.addEventListener('click', () => {
    setLanguage(language() === 'de' ? 'en' : 'de');
    showLanguage();
    refreshWho();
  });

  let me = null;
  const refreshWho = () => {
    who.textContent = me ? t('signedin.as', me.displayName || me.id) : '';
  };

  const showSignIn = (reason) => {
    me = null;
    app.hidden = true;
    if (forbidden) {
      forbidden.hidden = true;
    }
    signin.hidden = false;
    signOut.hidden = true;
    refreshWho();
    showNav([]);
    if (reason) {
      say(error, t(reason === 'expired' ? 'signin.expired' : reason), 'error');
    }
    keyInput.focus();
  };

  // Single sign-on, where the operator set it up: a button to the provider above the key form.
  const showProvider = () => {
    if (!sso || !sso.singleSignOn || document.getElementById('signin-sso')) {
      return;
    }
    const back = location.pathname + location.search.replace(/[?&]signin-error=[a-z]+/, '') + location.hash;
    const link = el('a', { id: 'signin-sso', class: 'button-link', href: '/auth/sign-in?returnUrl=' + encodeURIComponent(back) });
    const or = el('p', { id: 'signin-or', class: 'hint' });
    const label = () => {
      link.textContent = sso.providerName ? t('sso.button.named', sso.providerName) : t('sso.button');
      or.textContent = t('sso.or');
    };
    label();
    document.addEventListener('policy:language', label);
    form.before(el('p', { class: 'sso' }, link), or);
  };
  onSignedOut = showSignIn;

  const enter = async (initial) => {
    const result = signedInWithProvider() ? { ok: true, status: 200, data: sso.me } : await api('/api/v1/me');
    if (!result.ok) {
      if (result.status !== 401) {
        showSignIn();
        say(error, problemText(result), 'error');
      } else if (!initial) {
        say(error, t('signin.wrong'), 'error');
        keyInput.focus();
      }
      return;
    }
    me = result.data;
    signin.hidden = true;
    say(error, '');
    signOut.hidden = false;
    refreshWho();
    showNav(me.roles || []);
    if (roles.length > 0 && !roles.some((r) => (me.roles || []).includes(r))) {
      forbidden.textContent = t('forbidden.page', t(roleName));
      forbidden.hidden = false;
      app.hidden = true;
      return;
    }
    app.hidden = false;
    await ready(me);
    if (!initial) {
      // Straight on to the work: the page's first field, or its heading.
      const target = app.querySelector('[data-autofocus]') || app.querySelector('h1');
      if (target.tagName === 'H1') {
        target.setAttribute('tabindex', '-1');
      }
      target.focus();
    }
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = keyInput.value.trim();
    if (!key) {
      say(error, t('signin.empty'), 'error');
      keyInput.focus();
      return;
    }
    sessionStorage.setItem(KEY, key);
    keyInput.value = '';
    await enter(false);
  });

  signOut.addEventListener('click', async () => {
    if (signedInWithProvider()) {
      // The server ends the session here, then the page goes to the provider to end it there too.
      const result = await api('/auth/sign-out?returnUrl=' + encodeURIComponent(location.pathname), { method: 'POST' });
      forgetSignIn();
      if (result.ok && result.data && result.data.providerSignOut) {
        location.assign(result.data.providerSignOut);
      } else {
        showSignIn();
      }
      return;
    }
    sessionStorage.removeItem(KEY);
    showSignIn();
  });

  const failed = new URLSearchParams(location.search).get('signin-error');
  loadSession().then(() => {
    showProvider();
    if (signedInWithProvider()) {
      enter(true);
    } else if (currentKey()) {
      enter(true);
    } else {
      showSignIn(failed ? 'sso.error.' + (['offboarded', 'claims'].includes(failed) ? failed : 'failed') : undefined);
    }
  });
}

/** Asks the server whether single sign-on is set up and whether this browser has a session. */
async function loadSession() {
  try {
    const response = await fetch('/auth/session', { credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } });
    sso = response.ok ? await response.json() : null;
  } catch {
    sso = null;
  }
}

function showNav(roles) {
  for (const item of document.querySelectorAll('nav [data-roles]')) {
    item.hidden = !item.dataset.roles.split(' ').some((r) => roles.includes(r));
  }
}
