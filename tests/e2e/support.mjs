// What every end-to-end test file shares: the real server binary on a fresh
// SQLite database with the demo data (and, for the file that signs in
// through institutions, the test identity provider), headless Chromium
// (Debian's) driven by playwright-core, and the steps every test takes.
// Build the server first (scripts/build --debug), or let scripts/test do it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { createHmac } from 'node:crypto';
import { chromium } from 'playwright-core';

const root = new URL('../../', import.meta.url).pathname;
const binary = process.env.ROUNDTABLE_BIN ?? join(root, 'target/debug/roundtable');
export const DEMO_PASSWORD = 'blueprint demo password';
// The demo administrator's and policy maker's two-step secret (server/src/demo.rs).
export const DEMO_TOTP_SECRET = 'KRUGKIDCNR2WKIDQOJUW45DTEBUGK4TF';

/** The RFC 6238 code (SHA-1, six digits, 30-second steps) of a base32 secret. */
export function totp(secret, unixSeconds = Date.now() / 1000) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...secret].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[19] & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}
let server, provider, browser, dataDir;
/** The server's address, once started. */
export let base;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

async function waitForServer(url, deadline = Date.now() + 30_000) {
  while (Date.now() < deadline) {
    try { if ((await fetch(url)).ok) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} did not start`);
}

/** Starts the server (and the identity provider, whose ports are fixed, so
 * only one test file may ask for it) and the browser. */
export async function start({ withProvider = false } = {}) {
  assert.ok(existsSync(binary), `${binary} is missing: run scripts/build --debug first`);
  dataDir = mkdtempSync(join(tmpdir(), 'roundtable-e2e-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  // The test identity provider, on the ports the demo's providers name.
  if (withProvider) provider = spawn(process.execPath, [join(root, 'tests/oidc/provider.mjs')], {
    env: {
      ...process.env,
      OIDC_REDIRECT_URIS: `${base}/sso/callback`,
      OIDC_POST_LOGOUT_REDIRECT_URIS: `${base}/`,
    },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  server = spawn(binary, ['serve'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: `sqlite://${dataDir}/e2e.db`,
      ROUNDTABLE_SECRET_KEY_FILE: join(dataDir, 'secret.key'),
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: join(root, 'target/site'),
      ROUNDTABLE_PUBLIC_URL: base,
      ROUNDTABLE_DEMO: 'true',
      ROUNDTABLE_SSO_SECRET_NHS_WALES: 'secret-nhs-wales',
      ROUNDTABLE_SSO_SECRET_BT: 'secret-bt',
      ROUNDTABLE_SSO_SECRET_NHS_WALES_ISSUER: 'http://127.0.0.1:4011',
      ROUNDTABLE_SSO_SECRET_BT_ISSUER: 'http://127.0.0.1:4012',
      RUST_LOG: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitForServer(`${base}/`);
  if (withProvider) await waitForServer('http://127.0.0.1:4011/.well-known/openid-configuration');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function stop() {
  await browser?.close();
  server?.kill();
  provider?.kill();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

/** A page that records console errors, uncaught exceptions and dialogs;
 * `locale` is the browser's language (its Accept-Language). */
export async function openPage({ javaScriptEnabled = true, locale = 'en-GB' } = {}) {
  const context = await browser.newContext({ javaScriptEnabled, locale });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => page.problems.push(`exception: ${e.message}`));
  page.on('dialog', async (d) => { page.problems.push(`dialog: ${d.message()}`); await d.dismiss(); });
  return page;
}

/** Waits until the page is hydrated; a page that fails to hydrate (a
 * hydration mismatch panics, and is printed with the page's console) fails
 * the test. */
export async function hydrated(page) {
  try {
    await page.waitForSelector('body[data-hydrated="true"]', { timeout: 15_000 });
  } catch (e) {
    throw new Error(`${page.url()} did not hydrate; the page logged: ${JSON.stringify(page.problems)}`);
  }
}

export async function signIn(page, email, password = DEMO_PASSWORD, { js = true } = {}) {
  await page.goto(`${base}/sign-in`);
  if (js) await hydrated(page);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('[data-testid="sign-in"]');
  await page.waitForSelector('[data-testid="signed-in-as"]');
}


/** Signs in an account with two-step verification (the demo's
 * administrator and policy maker): the password, then the code. */
export async function signInWithCode(page, email) {
  await page.goto(`${base}/sign-in`);
  await hydrated(page);
  await page.fill('#email', email);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('[data-testid="sign-in"]');
  await page.waitForURL(/\/sign-in\/code$/);
  await hydrated(page);
  // A code is good once: if this account used this step's code moments ago
  // (an earlier test), the next step's is accepted too.
  const now = Date.now() / 1000;
  for (const at of [now, now + 30]) {
    await page.fill('#code', totp(DEMO_TOTP_SECRET, at));
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/two_step_verify')),
      page.click('[data-testid="verify-code"]'),
    ]);
    if (answer.ok()) {
      await page.waitForSelector('[data-testid="signed-in-as"]');
      return;
    }
  }
  throw new Error(`${email}: both codes were refused`);
}

const sessions = new Map();

/** A new page signed in as an account with two-step verification. Each
 * account signs in once per test file, and later pages carry its session:
 * a code is good once, so a third sign-in within a minute would have none. */
export async function openPageWithCode(email, options) {
  const page = await openPage(options);
  const cookies = sessions.get(email);
  if (cookies) {
    await page.context().addCookies(cookies);
    await page.goto(`${base}/`);
  } else {
    await signInWithCode(page, email);
    sessions.set(email, await page.context().cookies());
  }
  return page;
}
