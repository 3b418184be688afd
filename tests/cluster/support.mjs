// What the cluster tests share: a PostgreSQL server of their own (Debian's
// binaries, so that a test may restart it), Roundtable servers as real
// processes (the binary scripts/build made), nginx in front of them, a
// client that signs in and posts as a browser's page does, and a load
// driver that many such clients run at once.
import assert from 'node:assert/strict';
import { spawn, execFileSync, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, readdirSync, existsSync, rmSync, chownSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

export const root = new URL('../../', import.meta.url).pathname;
export const binary = process.env.ROUNDTABLE_BIN ?? join(root, 'target/debug/roundtable');
export const DEMO_PASSWORD = 'blueprint demo password';
const asRoot = process.getuid?.() === 0;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A folder for one test's files, removed by `cleanUp`. */
export function scratch(name) {
  const dir = mkdtempSync(join(tmpdir(), `roundtable-${name}-`));
  if (asRoot) execFileSync('chmod', ['755', dir]);
  return dir;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

/** Waits until `url` answers 200. */
export async function waitFor(url, what, deadline = Date.now() + 60_000) {
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch { /* not up yet */ }
    await sleep(100);
  }
  throw new Error(`${what} at ${url} did not come up`);
}

// ---------------------------------------------------------------------------
// PostgreSQL

function postgresBin() {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin/initdb'))) : [];
  assert.ok(versions.length, 'the cluster tests need PostgreSQL\'s server binaries (Debian package postgresql)');
  return join(base, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

/** Runs a PostgreSQL program, as the postgres account when we are root
 * (PostgreSQL refuses to run as root). */
function pgCommand(program, args) {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
}
function pgRun(program, args) {
  const [cmd, argv] = pgCommand(program, args);
  return execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
}
/** As pgRun, without blocking the event loop (clients keep running). */
function pgRunAsync(program, args) {
  const [cmd, argv] = pgCommand(program, args);
  return promisify(execFile)(cmd, argv);
}

/** A PostgreSQL server of the test's own, in a scratch folder. */
export class Postgres {
  static async start(dir) {
    const pg = new Postgres();
    pg.bin = postgresBin();
    pg.dir = join(dir, 'postgres');
    mkdirSync(pg.dir);
    if (asRoot) chownSync(pg.dir, uid('postgres'), gid('postgres'));
    pg.port = await freePort();
    pgRun(join(pg.bin, 'initdb'), ['-D', join(pg.dir, 'data'), '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
    await pg.start();
    pg.sql('CREATE DATABASE roundtable', 'postgres');
    return pg;
  }

  get url() { return `postgres://postgres@127.0.0.1:${this.port}/roundtable`; }

  start() {
    return pgRunAsync(join(this.bin, 'pg_ctl'), ['-D', join(this.dir, 'data'), '-l', join(this.dir, 'log'), '-w', 'start',
      '-o', `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.dir} -c max_connections=200`]);
  }

  /** Stops the server (fast: open connections are ended). */
  stop() {
    return pgRunAsync(join(this.bin, 'pg_ctl'), ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
  }

  /** The rows `query` returns, each an array of its columns' text. */
  sql(query, database = 'roundtable') {
    const out = execFileSync('psql', ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', '-d', database,
      '-X', '-q', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', query], { encoding: 'utf8' });
    return rows(out);
  }
}

function rows(out) {
  return out.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

function uid(name) { return Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim()); }
function gid(name) { return Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim()); }

/** An SQLite database file, read with Debian's sqlite3 while servers use it. */
export class Sqlite {
  constructor(dir) { this.file = join(dir, 'roundtable.db'); }
  get url() { return `sqlite://${this.file}`; }
  sql(query) {
    const out = execFileSync('sqlite3', ['-batch', '-noheader', '-separator', '\t', '-cmd', '.timeout 5000', this.file, query], { encoding: 'utf8' });
    return rows(out);
  }
}

// ---------------------------------------------------------------------------
// Roundtable servers

/** The 64-hex-digit key every server of one deployment shares. */
const SECRET_KEY = 'a1'.repeat(32);

/** One Roundtable server process. */
export class Server {
  constructor(name, dir, databaseUrl, { publicUrl, env } = {}) {
    this.name = name;
    this.dir = dir;
    this.databaseUrl = databaseUrl;
    this.publicUrl = publicUrl;
    this.env = env ?? {};
  }

  static async start(name, dir, databaseUrl, options) {
    const server = new Server(name, dir, databaseUrl, options);
    server.port = await freePort();
    server.spawn();
    await server.ready();
    return server;
  }

  get base() { return `http://127.0.0.1:${this.port}`; }

  spawn() {
    const log = openSync(join(this.dir, `${this.name}.log`), 'a');
    this.process = spawn(binary, ['serve'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: this.databaseUrl,
        ROUNDTABLE_SECRET_KEY: SECRET_KEY,
        LEPTOS_SITE_ADDR: `127.0.0.1:${this.port}`,
        LEPTOS_SITE_ROOT: join(root, 'target/site'),
        ROUNDTABLE_PUBLIC_URL: this.publicUrl ?? this.base,
        ROUNDTABLE_TRUST_PROXY: 'true',
        ROUNDTABLE_DEMO: 'true',
        ROUNDTABLE_SHUTDOWN_GRACE_SECONDS: '5',
        RUST_LOG: 'warn',
        ...this.env,
      },
      stdio: ['ignore', log, log],
    });
    this.exited = new Promise((resolve) => this.process.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Waits until the server says it is ready (database reachable, migrated). */
  async ready() {
    const failed = this.exited.then(({ code, signal }) => {
      throw new Error(`server ${this.name} exited (${code ?? signal}) before it was ready; see ${this.log()}`);
    });
    await Promise.race([waitFor(`${this.base}/ready`, `server ${this.name}`), failed]);
  }

  log() { return join(this.dir, `${this.name}.log`); }

  /** Kills the process outright (SIGKILL): nothing gets to finish. */
  async kill9() {
    this.process.kill('SIGKILL');
    await this.exited;
  }

  /** Starts the process again on the same port and database. */
  async restart() {
    this.spawn();
    await this.ready();
  }

  async stop() {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      this.process.kill('SIGTERM');
      await this.exited;
    }
  }
}

/** Bulk accounts (`seed-<n>@example.org`, the demo password), through the
 * binary's own seed command; returns their emails. */
export function seedAccounts(databaseUrl, db, count) {
  command(databaseUrl, ['seed', '--users', String(count), '--comments', '0']);
  return db.sql("SELECT email FROM users WHERE email LIKE 'seed-%' ORDER BY id").map(([email]) => email).slice(-count);
}

/** Runs one of the binary's commands on `databaseUrl`; returns its output. */
export function command(databaseUrl, args) {
  return execFileSync(binary, args, {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, ROUNDTABLE_SECRET_KEY: SECRET_KEY, ROUNDTABLE_DEMO: 'true', RUST_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
}

// ---------------------------------------------------------------------------
// nginx

/** nginx in front of `servers`, round robin, with tests/cluster/nginx.conf. */
export class Nginx {
  static async start(dir, servers) {
    const nginx = new Nginx();
    nginx.port = await freePort();
    nginx.dir = join(dir, 'nginx');
    mkdirSync(nginx.dir);
    const config = readFileSync(join(root, 'tests/cluster/nginx.conf'), 'utf8')
      .replaceAll('{{user}}', asRoot ? 'user root;' : '')
      .replaceAll('{{dir}}', nginx.dir)
      .replaceAll('{{port}}', String(nginx.port))
      .replaceAll('{{servers}}', servers.map((s) => `        server 127.0.0.1:${s.port} max_fails=1 fail_timeout=5s;`).join('\n'));
    writeFileSync(join(nginx.dir, 'nginx.conf'), config);
    nginx.process = spawn('nginx', ['-p', nginx.dir, '-c', join(nginx.dir, 'nginx.conf'), '-e', join(nginx.dir, 'nginx-error.log')],
      { stdio: ['ignore', 'inherit', 'inherit'] });
    await waitFor(`${nginx.base}/health`, 'nginx');
    return nginx;
  }

  get base() { return `http://127.0.0.1:${this.port}`; }

  stop() { this.process?.kill('SIGQUIT'); }
}

// ---------------------------------------------------------------------------
// Clients

/** How long any one request may take before it counts as hanging. */
export const HANG_MS = 15_000;

/** One person's browser: its cookies, and requests as its page sends them. */
export class Client {
  constructor(base) {
    this.base = base;
    this.cookies = new Map();
  }

  async send(path, { method = 'GET', fields, accept = 'text/html', base = this.base } = {}) {
    const headers = { accept };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body;
    if (fields) {
      body = new URLSearchParams(fields).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers.origin = base;
      headers['sec-fetch-site'] = 'same-origin';
    }
    const started = performance.now();
    const res = await fetch(base + path, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(HANG_MS) });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(';');
      const [name, value] = pair.split('=');
      const gone = value === '' || attributes.some((a) => /max-age=0\b/i.test(a.trim()));
      if (gone) this.cookies.delete(name.trim()); else this.cookies.set(name.trim(), value);
    }
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text, ms: performance.now() - started, retryAfter: res.headers.get('retry-after') };
  }

  /** GET a page, as a browser navigation. */
  page(path, options) { return this.send(path, options); }

  /** Calls a server function as the hydrated page does (JSON back). */
  call(endpoint, fields, options = {}) {
    return this.send(`/api/${endpoint}`, { method: 'POST', fields, accept: 'application/json', ...options });
  }

  async signIn(email, password = DEMO_PASSWORD) {
    const res = await this.call('sign_in', { email, password });
    assert.equal(res.status, 200, `${email} signs in: ${res.body}`);
    return this;
  }

  async me(options) {
    const res = await this.call('me', {}, options);
    assert.equal(res.status, 200, res.body);
    return JSON.parse(res.body);
  }
}

/** Signs each email in through `base`, a few at a time (as people arrive;
 * the sign-in throttle caps one address's attempts in flight). */
export async function signInAll(base, emails, inFlight = 4) {
  const clients = [];
  for (let i = 0; i < emails.length; i += inFlight) {
    clients.push(...await Promise.all(emails.slice(i, i + inFlight).map((e) => new Client(base).signIn(e))));
  }
  return clients;
}

/** The value below which `share` of `values` fall. */
export function percentile(values, share) {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
}

/**
 * Runs `step(client, n)` for every client in a loop until `seconds` pass.
 * A step returns what it did ({ kind, ok, ms, status, ack }). Returns the
 * steps, grouped, with every acknowledged write (`ack`).
 */
export async function drive(clients, seconds, step, { until } = {}) {
  const end = Date.now() + seconds * 1000;
  const done = [];
  await Promise.all(clients.map(async (client, c) => {
    for (let n = 0; Date.now() < end && !(until?.()); n++) {
      try {
        done.push({ ...await step(client, n, c), at: Date.now() });
      } catch (error) {
        done.push({ kind: 'error', ok: false, at: Date.now(), error: String(error?.cause?.code ?? error?.name ?? error) });
      }
    }
  }));
  return summarise(done, seconds);
}

export function summarise(done, seconds) {
  const kinds = {};
  for (const d of done) (kinds[d.kind] ??= []).push(d);
  const table = Object.entries(kinds).map(([kind, list]) => {
    const times = list.filter((d) => d.ms !== undefined).map((d) => d.ms);
    return {
      kind,
      requests: list.length,
      failed: list.filter((d) => !d.ok).length,
      'per second': Math.round(list.length / seconds),
      'p50 ms': Math.round(percentile(times, 0.5)),
      'p99 ms': Math.round(percentile(times, 0.99)),
      'max ms': Math.round(Math.max(...times)),
    };
  });
  return { done, table, failures: done.filter((d) => !d.ok), acks: done.filter((d) => d.ack).map((d) => d.ack) };
}

/** Removes a test's folder, keeping it (and saying where) when asked to. */
export function cleanUp(dir) {
  if (process.env.ROUNDTABLE_KEEP_CLUSTER) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
