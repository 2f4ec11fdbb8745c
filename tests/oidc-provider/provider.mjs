// A real OpenID Connect provider (the certified `oidc-provider` package) on a loopback port, for the
// sign-in tests of Policy.Api.Tests and Policy.Web.Tests. It renders its own login form, checks the
// test people's passwords, signs tokens with an RSA key made at start, and issues JWT access tokens
// for the API (audience api://policy) that carry the person's name, mail and groups.
//
// Started by the tests (OidcTestProvider.cs): `node provider.mjs`. It prints one line
// `listening http://127.0.0.1:<port>` when ready and stops when its standard input closes, so a
// test run that dies never leaves it behind.
import http from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { URL } from 'node:url';
import Provider from 'oidc-provider';

export const apiAudience = 'api://policy';

// The test directory: who may sign in, with which password, and the groups the directory gives them.
// "nils" has no groups claim at all.
const people = {
  erika: { password: 'erika-pw', name: 'Erika Muster', email: 'erika@acme.example', groups: ['policy-staff'] },
  hanna: { password: 'hanna-pw', name: 'Hanna Roth', email: 'hanna@acme.example', groups: ['policy-staff', 'policy-hr'] },
  lale: { password: 'lale-pw', name: 'Lale Kaya', email: 'lale@acme.example', groups: ['policy-legal'] },
  adam: { password: 'adam-pw', name: 'Adam Admin', email: 'adam@acme.example', groups: ['policy-admins', 'unrelated-group'] },
  nils: { password: 'nils-pw', name: 'Nils Ohnegruppe', email: 'nils@acme.example' },
  otto: { password: 'otto-pw', name: 'Otto Offboard', email: 'otto@acme.example', groups: ['policy-staff'] },
};

function claimsOf(id) {
  const p = people[id];
  const claims = { sub: id, name: p.name, email: p.email, email_verified: true, preferred_username: id };
  if (p.groups) {
    claims.groups = p.groups;
  }
  return claims;
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-' + randomBytes(4).toString('hex'), use: 'sig', alg: 'RS256' };

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const page = (title, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

// Loopback redirect URIs of "native" clients match on any port (RFC 8252 7.3): the API under test
// listens on a port chosen at its start.
const redirects = {
  application_type: 'native',
  redirect_uris: ['http://127.0.0.1/signin-oidc', 'http://localhost/signin-oidc', 'http://127.0.0.1/callback'],
  post_logout_redirect_uris: ['http://127.0.0.1/signout-callback-oidc', 'http://localhost/signout-callback-oidc'],
};

const provider = new Provider(issuer, {
  clients: [
    // The API's pages: authorization code + PKCE, confidential.
    { client_id: 'policy-web', client_secret: 'policy-web-secret', grant_types: ['authorization_code'], response_types: ['code'], ...redirects },
    // The same, but its access tokens expire after six seconds (long enough to be used once on a loaded CI machine) (the expired-token test).
    { client_id: 'policy-expiring', client_secret: 'policy-expiring-secret', grant_types: ['authorization_code'], response_types: ['code'], ...redirects },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(16).toString('hex')] },
  scopes: ['openid', 'profile', 'email', 'groups'],
  claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email', 'email_verified'], groups: ['groups'] },
  // The ID token carries the profile claims (as Entra ID's does), so the app needs no userinfo call.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page('Sign out of the test provider?', `${form}<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>`);
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = page('Signed out', '<p>You are signed out.</p>');
      },
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => apiAudience,
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resource, client) => ({
        scope: 'openid profile email groups',
        audience: apiAudience,
        accessTokenFormat: 'jwt',
        accessTokenTTL: client.clientId === 'policy-expiring' ? 6 : 600,
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  // Access tokens for the API carry who the person is, as a directory's do.
  extraTokenClaims: async (ctx, token) => (token.accountId && people[token.accountId] ? claimsOf(token.accountId) : undefined),
  findAccount: async (ctx, id) => (people[id] ? { accountId: id, claims: async () => claimsOf(id) } : undefined),
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Error', `<pre>${escape(JSON.stringify(out))}</pre>`);
  },
  ttl: { Session: 3600, Grant: 3600, Interaction: 600, AuthorizationCode: 60, IdToken: 600 },
});
// The tests talk to it over plain HTTP on loopback.
provider.proxy = false;

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) {
      throw new Error('form too large');
    }
  }
  return new URLSearchParams(body);
}

// The login form and its answer; consent is granted as the directory would for a first-party app.
async function interaction(req, res, uid) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) {
    res.writeHead(400).end('interaction mismatch');
    return;
  }

  if (req.method === 'GET' && details.prompt.name === 'login') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page('Test provider: sign in', `
      <form method="post" action="/interaction/${escape(uid)}" autocomplete="off">
        <label>User <input name="login" id="login" required></label>
        <label>Password <input name="password" id="password" type="password" required></label>
        <button type="submit" id="sign-in">Sign in</button>
      </form>`));
    return;
  }

  if (req.method === 'POST' && details.prompt.name === 'login') {
    const form = await readForm(req);
    const id = form.get('login') ?? '';
    if (!people[id] || people[id].password !== form.get('password')) {
      res.writeHead(401, { 'Content-Type': 'text/html; charset=utf-8' }).end(page('Wrong user or password', `<p><a href="/interaction/${escape(uid)}">Try again</a></p>`));
      return;
    }

    await provider.interactionFinished(req, res, { login: { accountId: id } }, { mergeWithLastSubmission: false });
    return;
  }

  if (details.prompt.name === 'consent') {
    const { session, params, grantId } = details;
    const grant = grantId ? await provider.Grant.find(grantId) : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    const missing = details.prompt.details;
    if (missing.missingOIDCScope) {
      grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    }
    if (missing.missingOIDCClaims) {
      grant.addOIDCClaims(missing.missingOIDCClaims);
    }
    for (const [indicator, scope] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scope.join(' '));
    }
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    return;
  }

  res.writeHead(400).end('unexpected prompt ' + details.prompt.name);
}

const callback = provider.callback();
server.on('request', (req, res) => {
  const path = new URL(req.url, issuer).pathname;
  const match = /^\/interaction\/([A-Za-z0-9_-]+)$/.exec(path);
  if (!match) {
    callback(req, res);
    return;
  }

  interaction(req, res, match[1]).catch((error) => {
    if (!res.headersSent) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
    }
    res.end(String(error && error.message));
  });
});

console.log(`listening ${issuer}`);
// The test host keeps standard input open; when it goes away, so does the provider.
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
