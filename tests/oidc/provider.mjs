// Test OpenID Connect identity providers for partner single sign-on.
//
// Starts two issuers on loopback, one per demo institution, each a real
// `oidc-provider` instance with its own port, signing key, client, users and
// cookie names:
//
//   nhs-wales  http://127.0.0.1:${OIDC_PORT_A:-4011}  client roundtable-nhs-wales / secret-nhs-wales
//   bt         http://127.0.0.1:${OIDC_PORT_B:-4012}  client roundtable-bt        / secret-bt
//
// Usage: node tests/oidc/provider.mjs   (runs until SIGTERM / SIGINT)
//
// Environment (all optional):
//   OIDC_HOST                        bind address and issuer host (default 127.0.0.1)
//   OIDC_PORT_A / OIDC_PORT_B        ports of nhs-wales / bt (default 4011 / 4012; 0 = any free port,
//                                    the ready line then tells which)
//   OIDC_REDIRECT_URIS               comma-separated (default http://127.0.0.1:3000/sso/callback)
//   OIDC_POST_LOGOUT_REDIRECT_URIS   comma-separated (default http://127.0.0.1:3000/)
//   OIDC_ID_TOKEN_TTL                ID token lifetime in seconds (default 3600);
//                                    OIDC_ID_TOKEN_TTL_A / _B override it for one issuer
//   OIDC_CLOCK_TOLERANCE             seconds of clock skew the provider tolerates (default 0);
//                                    OIDC_CLOCK_TOLERANCE_A / _B override it for one issuer
//   OIDC_CLOCK_SKEW_SECONDS          run the provider's clock this far ahead (or behind, negative),
//                                    for ID tokens issued in the future or already expired
//   OIDC_LOG=1                       log each request (method, path, status) to stderr
//
// When an issuer is listening it prints one line to stdout:
//   issuer nhs-wales ready at http://127.0.0.1:4011
//
// Login: GET /interaction/:uid shows a plain HTML form (inputs #login, #password,
// button #submit) posting to /interaction/:uid/login. A correct login also grants
// consent for the requested scopes, so the browser goes straight back to the client.
// If consent alone is ever needed (e.g. prompt=consent), GET /interaction/:uid shows
// a one-button form (#submit) posting to /interaction/:uid/confirm.
// POST /interaction/:uid/abort ends the interaction with error=access_denied.
//
// Only oidc-provider and Node built-ins are used. State is in memory.

import './clock.mjs';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

import Provider from 'oidc-provider';

export const PASSWORD = 'provider password';

export const INSTITUTIONS = [
  {
    slug: 'nhs-wales',
    name: 'NHS Wales',
    domain: 'wales.nhs.uk',
    portVar: 'OIDC_PORT_A',
    defaultPort: 4011,
    suffix: 'A',
    clientId: 'roundtable-nhs-wales',
    clientSecret: 'secret-nhs-wales',
    users: [
      { sub: 'nhs-wales-user-dana', email: 'dana@wales.nhs.uk', name: 'Dana Evans', groups: ['roundtable-leads'], partnerRole: 'lead' },
      { sub: 'nhs-wales-user-rhys', email: 'rhys@wales.nhs.uk', name: 'Rhys Morgan', groups: [], partnerRole: 'member' },
      // Email outside the institution's domain: for refusal tests.
      { sub: 'nhs-wales-user-mallory', email: 'mallory@example.com', name: 'Mallory Outsider', groups: [], partnerRole: 'member' },
    ],
  },
  {
    slug: 'bt',
    name: 'BT',
    domain: 'bt.com',
    portVar: 'OIDC_PORT_B',
    defaultPort: 4012,
    suffix: 'B',
    clientId: 'roundtable-bt',
    clientSecret: 'secret-bt',
    users: [
      { sub: 'bt-user-sam', email: 'sam@bt.com', name: 'Sam Patel', groups: [], partnerRole: 'member' },
      { sub: 'bt-user-lee', email: 'lee@bt.com', name: 'Lee Chen', groups: ['roundtable-leads'], partnerRole: 'lead' },
      // Email outside the institution's domain: for refusal tests.
      { sub: 'bt-user-mallory', email: 'mallory@example.com', name: 'Mallory Outsider', groups: [], partnerRole: 'member' },
    ],
  },
];

function list(value, fallback) {
  const items = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return items.length ? items : fallback;
}

function seconds(name, value, fallback) {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number of seconds, got ${JSON.stringify(value)}`);
  return n;
}

function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${esc(title)}</title><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
${body}
</body>
</html>
`;
}

function send(res, status, html, headers = {}) {
  const body = Buffer.from(html);
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': body.length,
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(body);
}

async function readForm(req, limit = 64 * 1024) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw Object.assign(new Error('request body too large'), { status: 413 });
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function loginPage(inst, uid, { login = '', error = '', clientId = '' } = {}) {
  return page(`Sign in to ${inst.name}`, `<main>
<h1>Sign in to ${esc(inst.name)}</h1>
<p>Test identity provider (${esc(inst.slug)}) for ${esc(clientId)}.</p>
${error ? `<p id="error" role="alert">${esc(error)}</p>` : ''}
<form id="login-form" method="post" action="/interaction/${esc(uid)}/login" autocomplete="off">
<p><label for="login">Email</label><br><input id="login" name="login" type="email" value="${esc(login)}" required autofocus></p>
<p><label for="password">Password</label><br><input id="password" name="password" type="password" required></p>
<p><button id="submit" type="submit">Sign in</button></p>
</form>
<form method="post" action="/interaction/${esc(uid)}/abort"><button id="cancel" type="submit">Cancel</button></form>
</main>`);
}

function consentPage(inst, uid, { clientId, scopes }) {
  return page(`Allow access - ${inst.name}`, `<main>
<h1>Allow ${esc(clientId)} to use your ${esc(inst.name)} account?</h1>
<p>Scopes: ${esc(scopes.join(' '))}</p>
<form id="consent-form" method="post" action="/interaction/${esc(uid)}/confirm">
<p><button id="submit" type="submit">Continue</button></p>
</form>
<form method="post" action="/interaction/${esc(uid)}/abort"><button id="cancel" type="submit">Cancel</button></form>
</main>`);
}

// Grants everything the interaction asks for (openid scopes and claims, and
// resource scopes if any), on the existing grant when there is one.
async function grantAll(provider, details, accountId) {
  const { prompt: { details: missing = {} }, params } = details;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId, clientId: params.client_id });
  grant.addOIDCScope(missing.missingOIDCScope?.join(' ') || params.scope || 'openid');
  if (missing.missingOIDCClaims?.length) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  return grant.save();
}

async function handleInteraction(inst, provider, req, res, url) {
  const m = url.pathname.match(/^\/interaction\/([^/]+)(?:\/(login|confirm|abort))?$/);
  if (!m) return send(res, 404, page('Not found', '<p>Not found.</p>'));
  const [, uid, action] = m;
  const allowed = action ? 'POST' : 'GET';
  if (req.method !== allowed) return send(res, 405, page('Method not allowed', '<p>Method not allowed.</p>'), { Allow: allowed });

  let details;
  try {
    details = await provider.interactionDetails(req, res);
  } catch (err) {
    return send(res, 400, page('Sign-in expired', `<p id="error">This sign-in has expired or its cookie is missing: start again from the application. (${esc(err.message)})</p>`));
  }
  if (details.uid !== uid) {
    return send(res, 400, page('Sign-in mismatch', '<p id="error">This sign-in does not match the current one: start again from the application.</p>'));
  }
  const { prompt, params } = details;
  const clientId = params.client_id;

  if (!action) {
    if (prompt.name === 'login') return send(res, 200, loginPage(inst, uid, { login: params.login_hint ?? '', clientId }));
    if (prompt.name === 'consent') {
      return send(res, 200, consentPage(inst, uid, { clientId, scopes: prompt.details.missingOIDCScope ?? String(params.scope ?? '').split(' ') }));
    }
    return send(res, 400, page('Unsupported', `<p id="error">Unsupported prompt ${esc(prompt.name)}.</p>`));
  }

  const form = await readForm(req);

  if (action === 'abort') {
    return provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: 'End-User aborted interaction',
    }, { mergeWithLastSubmission: false });
  }

  if (action === 'login') {
    if (prompt.name !== 'login') return send(res, 400, page('Unexpected', '<p id="error">Not expecting a login now.</p>'));
    const login = (form.get('login') ?? '').trim();
    const password = form.get('password') ?? '';
    const user = inst.users.find((u) => u.email.toLowerCase() === login.toLowerCase());
    if (!user || password !== PASSWORD) {
      return send(res, 200, loginPage(inst, uid, { login, error: 'Wrong email or password.', clientId }));
    }
    // Consent is granted together with the login: no separate consent page.
    const grantId = await grantAll(provider, details, user.sub);
    return provider.interactionFinished(req, res, {
      login: { accountId: user.sub },
      consent: { grantId },
    }, { mergeWithLastSubmission: false });
  }

  // action === 'confirm'
  if (prompt.name !== 'consent') return send(res, 400, page('Unexpected', '<p id="error">Not expecting consent now.</p>'));
  const grantId = await grantAll(provider, details, details.session.accountId);
  return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

function configuration(inst, env) {
  const redirectUris = list(env.OIDC_REDIRECT_URIS, ['http://127.0.0.1:3000/sso/callback']);
  const postLogoutRedirectUris = list(env.OIDC_POST_LOGOUT_REDIRECT_URIS, ['http://127.0.0.1:3000/']);
  const idTokenTtl = seconds(`OIDC_ID_TOKEN_TTL_${inst.suffix}`, env[`OIDC_ID_TOKEN_TTL_${inst.suffix}`],
    seconds('OIDC_ID_TOKEN_TTL', env.OIDC_ID_TOKEN_TTL, 3600));
  const clockTolerance = seconds(`OIDC_CLOCK_TOLERANCE_${inst.suffix}`, env[`OIDC_CLOCK_TOLERANCE_${inst.suffix}`],
    seconds('OIDC_CLOCK_TOLERANCE', env.OIDC_CLOCK_TOLERANCE, 0));
  if (idTokenTtl < 1) throw new Error('the ID token TTL must be at least 1 second');

  const bySub = new Map(inst.users.map((u) => [u.sub, u]));
  const signingKey = {
    ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }),
    kid: `${inst.slug}-${randomUUID().slice(0, 8)}`,
    use: 'sig',
    alg: 'RS256',
  };

  // A process-local store, one per issuer (oidc-provider's own in-memory
  // adapter is shared by all instances and warns at start).
  const store = new Map();
  class MemoryAdapter {
    constructor(model) { this.model = model; }

    key(id) { return `${this.model}:${id}`; }

    async upsert(id, payload, expiresIn) {
      store.set(this.key(id), { payload, exp: expiresIn ? Date.now() + (expiresIn + clockTolerance) * 1000 : Infinity });
      if (this.model === 'Session') store.set(`sessionUid:${payload.uid}`, { payload: id, exp: Infinity });
      if (payload.grantId) {
        const g = `grant:${payload.grantId}`;
        const keys = store.get(g)?.payload ?? [];
        keys.push(this.key(id));
        store.set(g, { payload: keys, exp: Infinity });
      }
    }

    async find(id) {
      const entry = store.get(this.key(id));
      if (!entry) return undefined;
      if (entry.exp <= Date.now()) { store.delete(this.key(id)); return undefined; }
      return entry.payload;
    }

    async findByUid(uid) {
      const id = store.get(`sessionUid:${uid}`)?.payload;
      return id ? this.find(id) : undefined;
    }

    async findByUserCode() { return undefined; }

    async consume(id) {
      const entry = store.get(this.key(id));
      if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id) { store.delete(this.key(id)); }

    async revokeByGrantId(grantId) {
      const g = `grant:${grantId}`;
      for (const key of store.get(g)?.payload ?? []) store.delete(key);
      store.delete(g);
    }
  }

  const cookiePrefix = `op_${inst.slug.replace(/[^a-z0-9]/gi, '_')}`;

  return {
    adapter: MemoryAdapter,
    jwks: { keys: [signingKey] },
    clients: [{
      client_id: inst.clientId,
      client_secret: inst.clientSecret,
      client_name: `Roundtable (${inst.name})`,
      redirect_uris: redirectUris,
      post_logout_redirect_uris: postLogoutRedirectUris,
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
    }],
    responseTypes: ['code'],
    pkce: { required: () => true },
    // Put the scope-granted claims (email, name, groups) in the ID token itself.
    conformIdTokenClaims: false,
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      // partner_role: a single string, for claim mappings that are not lists.
      profile: ['name', 'groups', 'partner_role'],
      groups: ['groups'],
    },
    scopes: ['openid', 'email', 'profile', 'groups'],
    clockTolerance,
    ttl: {
      IdToken: idTokenTtl,
      AccessToken: 3600,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
    },
    cookies: {
      names: {
        session: `${cookiePrefix}_session`,
        interaction: `${cookiePrefix}_interaction`,
        resume: `${cookiePrefix}_interaction_resume`,
      },
    },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          ctx.type = 'html';
          ctx.body = page(`Sign out of ${inst.name}`, `<main>
<h1>Sign out of ${esc(inst.name)}?</h1>
${form}
<p><button id="submit" type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button></p>
<p><button id="stay" type="submit" form="op.logoutForm">No, stay signed in</button></p>
</main>`);
        },
        async postLogoutSuccessSource(ctx) {
          ctx.type = 'html';
          ctx.body = page('Signed out', `<main><h1 id="signed-out">Signed out of ${esc(inst.name)}</h1></main>`);
        },
      },
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, sub) {
      const user = bySub.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            email: user.email,
            email_verified: true,
            name: user.name,
            groups: [...user.groups],
            partner_role: user.partnerRole,
          };
        },
      };
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page('Error', `<main><h1>Sign-in error</h1>
<p id="error">${esc(out.error)}</p>
<p id="error-description">${esc(out.error_description)}</p></main>`);
    },
  };
}

export async function startIssuer(inst, env = process.env) {
  const host = env.OIDC_HOST || '127.0.0.1';
  const port = seconds(inst.portVar, env[inst.portVar], inst.defaultPort);
  const log = env.OIDC_LOG === '1';

  const server = createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
  const issuer = `http://${host.includes(':') ? `[${host}]` : host}:${server.address().port}`;

  const provider = new Provider(issuer, configuration(inst, env));
  provider.on('server_error', (ctx, err) => console.error(`[${inst.slug}] server_error`, err));
  const oidc = provider.callback();

  server.on('request', (req, res) => {
    if (log) res.on('finish', () => console.error(`[${inst.slug}] ${req.method} ${req.url} -> ${res.statusCode}`));
    const url = new URL(req.url, issuer);
    if (url.pathname === '/interaction' || url.pathname.startsWith('/interaction/')) {
      handleInteraction(inst, provider, req, res, url).catch((err) => {
        console.error(`[${inst.slug}] interaction error`, err);
        if (!res.headersSent) send(res, err.status ?? 500, page('Error', `<p id="error">${esc(err.message)}</p>`));
        else res.end();
      });
      return;
    }
    oidc(req, res);
  });

  return { inst, issuer, provider, server };
}

async function main() {
  const running = [];
  for (const inst of INSTITUTIONS) {
    const r = await startIssuer(inst);
    running.push(r);
    console.log(`issuer ${inst.slug} ready at ${r.issuer}`);
  }
  const stop = (signal) => {
    for (const { server } of running) {
      server.close();
      server.closeAllConnections();
    }
    process.exitCode = 0;
    if (signal) setTimeout(() => process.exit(0), 200).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
