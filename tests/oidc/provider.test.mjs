// Drives the test identity providers (provider.mjs) over plain HTTP, as the
// application's single sign-on will: discovery, authorization code + PKCE,
// the login form, the token exchange, RP-initiated logout.
//
// Run: node --test tests/oidc/   (OIDC_TEST_SHOW_STDERR=1 prints the providers' stderr)

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

const SCRIPT = fileURLToPath(new URL('./provider.mjs', import.meta.url));
const PASSWORD = 'provider password';
const REDIRECT_URI = 'http://127.0.0.1:3999/sso/callback';
const POST_LOGOUT_URI = 'http://127.0.0.1:3999/';

const ISSUERS = [
  {
    slug: 'nhs-wales',
    clientId: 'roundtable-nhs-wales',
    secret: 'secret-nhs-wales',
    idTokenTtl: 300,
    users: [
      { email: 'dana@wales.nhs.uk', groups: ['roundtable-leads'] },
      { email: 'rhys@wales.nhs.uk', groups: [] },
      { email: 'mallory@example.com', groups: [] },
    ],
  },
  {
    slug: 'bt',
    clientId: 'roundtable-bt',
    secret: 'secret-bt',
    idTokenTtl: 120,
    users: [
      { email: 'sam@bt.com', groups: [] },
      { email: 'lee@bt.com', groups: ['roundtable-leads'] },
      { email: 'mallory@example.com', groups: [] },
    ],
  },
];

let child;
let childStderr = '';
const issuerUrl = {};

before(async () => {
  child = spawn(process.execPath, [SCRIPT], {
    env: {
      ...process.env,
      OIDC_PORT_A: '0',
      OIDC_PORT_B: '0',
      OIDC_REDIRECT_URIS: `http://127.0.0.1:3000/sso/callback, ${REDIRECT_URI}`,
      OIDC_POST_LOGOUT_REDIRECT_URIS: POST_LOGOUT_URI,
      OIDC_ID_TOKEN_TTL: '300',
      OIDC_ID_TOKEN_TTL_B: '120',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.on('data', (d) => { childStderr += d; });
  await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`providers not ready in 15 s; stdout=${out} stderr=${childStderr}`)), 15000);
    child.once('exit', (code) => reject(new Error(`provider exited early (${code}): ${childStderr}`)));
    child.stdout.on('data', (d) => {
      out += d;
      for (const m of out.matchAll(/^issuer (\S+) ready at (\S+)$/gm)) issuerUrl[m[1]] = m[2];
      if (ISSUERS.every((i) => issuerUrl[i.slug])) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
});

after(async () => {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.kill('SIGTERM');
  const { code, signal } = await exited;
  if (process.env.OIDC_TEST_SHOW_STDERR === '1') process.stderr.write(childStderr);
  assert.equal(code, 0, `provider exit code ${code} signal ${signal}; stderr: ${childStderr}`);
});

// --- a tiny HTTP client with a hand-kept cookie jar ---------------------

class Browser {
  constructor() { this.jar = new Map(); }

  async request(url, { method = 'GET', form, headers = {} } = {}) {
    const h = { ...headers };
    if (this.jar.size) h.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let body;
    if (form) {
      body = new URLSearchParams(form).toString();
      h['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(url, { method, headers: h, body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k, v] = a.trim().split('=');
        return (k.toLowerCase() === 'expires' && Date.parse(v) <= Date.now())
          || (k.toLowerCase() === 'max-age' && Number(v) <= 0);
      });
      if (expired || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
    const text = await res.text();
    const location = res.headers.get('location');
    return { status: res.status, location: location && new URL(location, url).href, text, headers: res.headers };
  }
}

const b64url = (buf) => buf.toString('base64url');
const decodeJwtPart = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

async function discovery(slug) {
  const res = await fetch(`${issuerUrl[slug]}/.well-known/openid-configuration`);
  assert.equal(res.status, 200);
  return res.json();
}

function authUrl(meta, clientId, extra = {}) {
  const verifier = b64url(randomBytes(32));
  const p = {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    scope: 'openid email profile',
    state: b64url(randomBytes(12)),
    nonce: b64url(randomBytes(12)),
    code_challenge: b64url(createHash('sha256').update(verifier).digest()),
    code_challenge_method: 'S256',
    ...extra,
  };
  for (const [k, v] of Object.entries(p)) if (v === undefined) delete p[k];
  return { url: `${meta.authorization_endpoint}?${new URLSearchParams(p)}`, verifier, state: p.state, nonce: p.nonce };
}

// GET auth -> 303 /interaction/<uid> -> GET form -> POST login (-> 303 /auth/<uid>) -> 303 callback.
async function login(browser, meta, clientId, email, password = PASSWORD, extra = {}) {
  const a = authUrl(meta, clientId, extra);
  let r = await browser.request(a.url);
  assert.equal(r.status, 303, r.text);
  const interaction = r.location;
  assert.match(interaction, new RegExp(`^${meta.issuer}/interaction/[^/]+$`));
  r = await browser.request(interaction);
  assert.equal(r.status, 200);
  assert.match(r.text, /<input id="login" name="login"/);
  assert.match(r.text, /<input id="password" name="password" type="password"/);
  assert.match(r.text, /<button id="submit" type="submit">/);
  r = await browser.request(`${interaction}/login`, { method: 'POST', form: { login: email, password } });
  if (r.status === 200) return { ...a, loginPage: r };
  assert.equal(r.status, 303, r.text);
  r = await follow(browser, r);
  return { ...a, callback: new URL(r.location) };
}

// Follows redirects on the issuer until one leaves it (to the client).
async function follow(browser, r) {
  while (r.status === 303 || r.status === 302) {
    const next = new URL(r.location);
    if (next.href.startsWith(REDIRECT_URI) || next.href.startsWith(POST_LOGOUT_URI)) return r;
    if (next.pathname.startsWith('/interaction/')) return r;
    r = await browser.request(next.href);
  }
  return r;
}

async function exchange(meta, iss, code, verifier) {
  const res = await fetch(meta.token_endpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(iss.clientId)}:${encodeURIComponent(iss.secret)}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier }),
  });
  return { status: res.status, body: await res.json() };
}

// --- the tests ----------------------------------------------------------

for (const iss of ISSUERS) {
  describe(`issuer ${iss.slug}`, () => {
    test('discovery document', async () => {
      const meta = await discovery(iss.slug);
      const base = issuerUrl[iss.slug];
      assert.equal(meta.issuer, base);
      assert.equal(meta.authorization_endpoint, `${base}/auth`);
      assert.equal(meta.token_endpoint, `${base}/token`);
      assert.equal(meta.jwks_uri, `${base}/jwks`);
      assert.equal(meta.end_session_endpoint, `${base}/session/end`);
      assert.ok(meta.code_challenge_methods_supported.includes('S256'));
      for (const s of ['openid', 'email', 'profile']) assert.ok(meta.scopes_supported.includes(s), s);
      assert.ok(meta.token_endpoint_auth_methods_supported.includes('client_secret_basic'));
      assert.equal(meta.authorization_response_iss_parameter_supported, true);
    });

    for (const user of iss.users) {
      test(`code + PKCE login for ${user.email}`, async () => {
        const meta = await discovery(iss.slug);
        const browser = new Browser();
        const flow = await login(browser, meta, iss.clientId, user.email);
        assert.ok(flow.callback, 'expected a redirect to the callback');
        const cb = flow.callback;
        assert.equal(`${cb.origin}${cb.pathname}`, REDIRECT_URI);
        assert.equal(cb.searchParams.get('state'), flow.state);
        assert.equal(cb.searchParams.get('iss'), meta.issuer);
        const code = cb.searchParams.get('code');
        assert.ok(code);

        const { status, body } = await exchange(meta, iss, code, flow.verifier);
        assert.equal(status, 200, JSON.stringify(body));
        assert.equal(body.token_type, 'Bearer');
        assert.ok(body.access_token);
        const [h, p, s] = body.id_token.split('.');
        const header = decodeJwtPart(h);
        const claims = decodeJwtPart(p);
        assert.equal(header.alg, 'RS256');
        assert.equal(claims.iss, meta.issuer);
        assert.equal(claims.aud, iss.clientId);
        assert.equal(claims.nonce, flow.nonce);
        assert.equal(claims.email, user.email);
        assert.equal(claims.email_verified, true);
        assert.ok(claims.name);
        assert.match(claims.sub, new RegExp(`^${iss.slug}-user-`));
        assert.deepEqual(claims.groups, user.groups);
        assert.equal(claims.exp - claims.iat, iss.idTokenTtl);

        // The signature checks out against the issuer's JWKS.
        const jwks = await (await fetch(meta.jwks_uri)).json();
        const jwk = jwks.keys.find((k) => k.kid === header.kid);
        assert.ok(jwk, 'signing key in JWKS');
        assert.ok(verify('sha256', Buffer.from(`${h}.${p}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(s, 'base64url')));

        // The code is single use.
        const again = await exchange(meta, iss, code, flow.verifier);
        assert.equal(again.status, 400);
        assert.equal(again.body.error, 'invalid_grant');
      });
    }

    test('groups scope alone also puts groups in the ID token', async () => {
      const meta = await discovery(iss.slug);
      const user = iss.users.find((u) => u.groups.length);
      const flow = await login(new Browser(), meta, iss.clientId, user.email, PASSWORD, { scope: 'openid email groups' });
      const { status, body } = await exchange(meta, iss, flow.callback.searchParams.get('code'), flow.verifier);
      assert.equal(status, 200);
      const claims = decodeJwtPart(body.id_token.split('.')[1]);
      assert.deepEqual(claims.groups, user.groups);
      assert.equal(claims.name, undefined);
    });

    test('wrong password shows the form again and gives no code', async () => {
      const meta = await discovery(iss.slug);
      const browser = new Browser();
      const flow = await login(browser, meta, iss.clientId, iss.users[0].email, 'not the password');
      assert.equal(flow.callback, undefined);
      assert.equal(flow.loginPage.status, 200);
      assert.match(flow.loginPage.text, /id="error"/);
      assert.match(flow.loginPage.text, /<input id="password"/);
      assert.ok(!flow.loginPage.location);
      // An unknown user is refused the same way.
      const unknown = await login(new Browser(), meta, iss.clientId, 'nobody@example.com');
      assert.equal(unknown.callback, undefined);
      assert.match(unknown.loginPage.text, /id="error"/);
    });

    test('a wrong code_verifier is refused at the token endpoint', async () => {
      const meta = await discovery(iss.slug);
      const flow = await login(new Browser(), meta, iss.clientId, iss.users[0].email);
      const r = await exchange(meta, iss, flow.callback.searchParams.get('code'), b64url(randomBytes(32)));
      assert.equal(r.status, 400);
      assert.equal(r.body.error, 'invalid_grant');
    });

    test('an auth request without code_challenge is refused', async () => {
      const meta = await discovery(iss.slug);
      const a = authUrl(meta, iss.clientId, { code_challenge: undefined, code_challenge_method: undefined });
      const r = await new Browser().request(a.url);
      assert.equal(r.status, 303);
      const cb = new URL(r.location);
      assert.equal(`${cb.origin}${cb.pathname}`, REDIRECT_URI);
      assert.equal(cb.searchParams.get('error'), 'invalid_request');
      assert.match(cb.searchParams.get('error_description'), /PKCE/);
      assert.equal(cb.searchParams.get('code'), null);
    });

    test('session reuse, prompt=consent, and RP-initiated logout', async () => {
      const meta = await discovery(iss.slug);
      const browser = new Browser();
      const first = await login(browser, meta, iss.clientId, iss.users[0].email);
      const { body } = await exchange(meta, iss, first.callback.searchParams.get('code'), first.verifier);

      // With the provider's session cookie, a new auth request goes straight back.
      const again = authUrl(meta, iss.clientId);
      let r = await browser.request(again.url);
      assert.equal(r.status, 303);
      assert.ok(r.location.startsWith(REDIRECT_URI), r.location);
      assert.ok(new URL(r.location).searchParams.get('code'));

      // prompt=consent shows the one-button consent form.
      const consent = authUrl(meta, iss.clientId, { prompt: 'consent' });
      r = await browser.request(consent.url);
      assert.equal(r.status, 303);
      const interaction = r.location;
      r = await browser.request(interaction);
      assert.equal(r.status, 200);
      assert.match(r.text, /action="\/interaction\/[^/"]+\/confirm"/);
      assert.match(r.text, /<button id="submit"/);
      r = await follow(browser, await browser.request(`${interaction}/confirm`, { method: 'POST', form: {} }));
      assert.ok(r.location.startsWith(REDIRECT_URI), r.location);
      assert.equal(new URL(r.location).searchParams.get('state'), consent.state);

      // Logout: GET end_session -> confirmation form with xsrf -> POST confirm -> 303 back.
      const logoutState = 'bye-123';
      r = await browser.request(`${meta.end_session_endpoint}?${new URLSearchParams({
        id_token_hint: body.id_token, post_logout_redirect_uri: POST_LOGOUT_URI, state: logoutState,
      })}`);
      assert.equal(r.status, 200, r.text);
      const action = r.text.match(/<form id="op.logoutForm" method="post" action="([^"]+)"/)[1];
      const xsrf = r.text.match(/name="xsrf" value="([^"]+)"/)[1];
      assert.match(r.text, /<button id="submit" type="submit" form="op.logoutForm" name="logout" value="yes">/);
      r = await browser.request(new URL(action, meta.issuer).href, { method: 'POST', form: { xsrf, logout: 'yes' } });
      assert.equal(r.status, 303, r.text);
      assert.equal(r.location, `${POST_LOGOUT_URI}?state=${logoutState}`);

      // Signed out: the next auth request asks for the password again.
      r = await browser.request(authUrl(meta, iss.clientId).url);
      assert.equal(r.status, 303);
      assert.match(r.location, /\/interaction\/[^/]+$/);
    });

    test('cancel on the login form returns access_denied', async () => {
      const meta = await discovery(iss.slug);
      const browser = new Browser();
      const a = authUrl(meta, iss.clientId);
      let r = await browser.request(a.url);
      r = await follow(browser, await browser.request(`${r.location}/abort`, { method: 'POST', form: {} }));
      const cb = new URL(r.location);
      assert.equal(`${cb.origin}${cb.pathname}`, REDIRECT_URI);
      assert.equal(cb.searchParams.get('error'), 'access_denied');
      assert.equal(cb.searchParams.get('state'), a.state);
    });
  });
}

test('the two issuers keep separate cookies', async () => {
  const names = new Set();
  for (const iss of ISSUERS) {
    const meta = await discovery(iss.slug);
    const browser = new Browser();
    await login(browser, meta, iss.clientId, iss.users[0].email);
    for (const name of browser.jar.keys()) names.add(`${iss.slug}:${name}`);
  }
  const a = [...names].filter((n) => n.startsWith('nhs-wales:')).map((n) => n.split(':')[1]);
  const b = [...names].filter((n) => n.startsWith('bt:')).map((n) => n.split(':')[1]);
  assert.ok(a.length && b.length);
  assert.equal(a.filter((n) => b.includes(n)).length, 0, `shared cookie names: ${a} / ${b}`);
});
