// The load harness (`scripts/bench`, issue 14). For each backend it starts
// a Roundtable server as a real process on a fresh database, seeds what is
// measured (`roundtable seed-load`), and loads it with wrk over loopback:
//
// - each page beside the same bytes served as a plain file by the same
//   process (`/static-ceiling/`, the dev-tools build's yardstick), the two
//   alternating, with the ratio of their requests per second;
// - comments posted by signed-in people, every accepted one then counted in
//   the database;
// - the anonymous item page again on a database a hundred times larger
//   (`--flat`), for the cost of the data that is not on the page.
//
// It prints a table, and exits non-zero on any error (a failed request, a
// page that is not the page, a comment lost), never on timing.
//
//   node tests/load/bench.mjs [--quick] [--backends sqlite,postgres]
//        [--seconds 5] [--rounds 2] [--connections 64] [--flat 10000,1000000]
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { binary, command, Client, cleanUp, Postgres, scratch, seedAccounts, Server, signInAll, Sqlite } from '../cluster/support.mjs';

const here = new URL('.', import.meta.url).pathname;
const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    backends: { type: 'string', default: 'sqlite,postgres' },
    seconds: { type: 'string' },
    rounds: { type: 'string' },
    connections: { type: 'string', default: '64' },
    flat: { type: 'string' },
  },
});
// The quick run (CI, on the debug build) only proves the harness and the
// server take the load without an error.
const SECONDS = Number(flags.seconds ?? (flags.quick ? 2 : 5));
const ROUNDS = Number(flags.rounds ?? (flags.quick ? 1 : 2));
const CONNECTIONS = Number(flags.connections);
const SIZES = (flags.flat ?? (flags.quick ? '1000' : '10000,1000000')).split(',').map(Number);
const WRITERS = 64;
const PARTNER = 'dana@wales.nhs.uk';

/** One wrk run; returns its figures (report.lua's JSON line). */
async function wrk(url, { script = 'report.lua', args = [] } = {}) {
  const { stdout } = await promisify(execFile)('wrk', [
    '-t1', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--latency', '--timeout', '10s', '-s', script, url, '--', ...args,
  ], { cwd: here });
  const lines = stdout.split('\n').filter((l) => l.startsWith('{'));
  assert.ok(lines.length, `wrk printed no figures for ${url}:\n${stdout}`);
  return Object.assign({}, ...lines.map((l) => JSON.parse(l)));
}

/** Fails on any error wrk counted, and on answers that are not the page
 * (a redirect, or an error page of status 200). The quick run has each
 * answer's status, length and whether it shows the page's `marks`
 * (answers.lua), with the first body of each kind in `dir`; an answer of
 * another length that is still the page is reported, not failed. A
 * measured run has only wrk's byte count, which also holds each answer's
 * head: it must be near `bytes` an answer. */
function checked(run, what, { bytes, marks, dir } = {}) {
  const errors = run.connect + run.read + run.write + run.status + run.timeout;
  assert.equal(errors, 0, `${what}: ${errors} errors in ${run.requests} requests (${JSON.stringify(run)})`);
  assert.ok(run.requests > 0, `${what}: no request completed`);
  if (bytes === undefined) return run;
  if (run.answers) {
    for (const [kind, count] of Object.entries(run.answers)) {
      const [status, length, shown] = kind.split(':').map(Number);
      const near = length >= bytes * 0.95 && length <= bytes * 1.05;
      if (status === 200 && shown && near) continue;
      const body = readFileSync(join(dir, `answer-${status}-${length}-${shown}.txt`), 'utf8');
      const told = `${what}: ${count} of ${run.requests} answers were ${status} with ${length} bytes`
        + `${shown ? '' : `, not showing ${JSON.stringify(marks)}`}; the page is ${bytes} bytes `
        + `(${JSON.stringify(run.answers)}); the first began:\n${body.slice(0, 800)}`;
      assert.ok(status === 200 && shown, told);
      console.log(`note: ${told}`);
    }
  } else {
    const each = run.bytes / run.requests;
    assert.ok(each >= bytes * 0.95 && each <= bytes * 1.05 + 2048,
      `${what}: ${Math.round(each)} bytes an answer, the page is ${bytes}`);
  }
  return run;
}

/** Several runs as one: requests per second over all, the median p50 and
 * the worst p99. */
function combined(runs) {
  const requests = runs.reduce((n, r) => n + r.requests, 0);
  const seconds = runs.reduce((n, r) => n + r.duration_us, 0) / 1e6;
  const p50s = runs.map((r) => r.p50_us).sort((a, b) => a - b);
  return {
    perSecond: requests / seconds,
    p50: p50s[Math.floor(p50s.length / 2)] / 1000,
    p99: Math.max(...runs.map((r) => r.p99_us)) / 1000,
  };
}

/** A page as `cookie`'s owner reads it, beside its copy as a plain file. */
async function pageAgainstCeiling(server, staticDir, { name, path, cookie = '', marks }) {
  const client = new Client(server.base);
  if (cookie) for (const pair of cookie.split('; ')) { const [k, v] = pair.split('='); client.cookies.set(k, v); }
  // The second view is the one measured: the first may still do work
  // once (a draft's first view after edits places its passages again, and
  // its answer is larger).
  await client.page(path);
  const first = await client.page(path);
  assert.equal(first.status, 200, `${name}: ${path} answered ${first.status}`);
  // The page itself, as its reader sees it (not an error page of a size
  // like it: every later answer is checked against this one's size).
  for (const mark of marks) assert.ok(first.body.includes(mark), `${name}: ${path} does not show ${JSON.stringify(mark)}`);
  const file = `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.html`;
  writeFileSync(join(staticDir, file), first.body);
  const bytes = Buffer.byteLength(first.body);
  const page = [];
  const ceiling = [];
  // The quick run checks every answer (slower, and figures do not matter there).
  const answers = join(staticDir, '..', 'answers');
  mkdirSync(answers, { recursive: true });
  const load = (url) => wrk(url, flags.quick ? { script: 'answers.lua', args: [cookie, answers, ...marks] } : { args: [cookie] });
  const expected = { bytes, marks, dir: answers };
  for (let round = 0; round < ROUNDS; round++) {
    page.push(checked(await load(server.base + path), name, expected));
    ceiling.push(checked(await load(`${server.base}/static-ceiling/${file}`), `${name} (static)`, expected));
  }
  return { page: combined(page), ceiling: combined(ceiling), kb: bytes / 1024 };
}

/** Signed-in people post comments; every accepted one must be stored. */
async function posting(server, db, databaseUrl, threadId, dir) {
  const emails = seedAccounts(databaseUrl, db, WRITERS);
  const clients = await signInAll(server.base, emails);
  const cookies = join(dir, 'cookies.txt');
  writeFileSync(cookies, clients.map((c) => [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ')).join('\n') + '\n');
  const run = checked(await wrk(`${server.base}/`, { script: 'post.lua', args: [String(threadId), cookies, server.base] }), 'posting comments');
  const [[stored]] = db.sql("SELECT COUNT(*) FROM comments WHERE body LIKE 'load comment %'");
  // wrk counts the answers it read; a post it sent as the run ended may
  // be stored with its answer unread, one per connection at most.
  assert.ok(Number(stored) >= run.requests,
    `${run.requests} comments were accepted, ${stored} are in the database`);
  assert.ok(Number(stored) <= run.requests + CONNECTIONS, `${stored} stored of ${run.requests} posted`);
  return { ...combined([run]), stored: Number(stored) };
}

/** A fresh database of `backend` in `dir`, with the measured data and
 * `others` comments elsewhere; a server on it. */
async function deploy(backend, dir, others) {
  const db = backend === 'postgres' ? await Postgres.start(dir) : new Sqlite(dir);
  const made = JSON.parse(command(db.url, ['seed-load', '--item-comments', '50', '--other-comments', String(others), '--draft-sections', '50']));
  const staticDir = join(dir, 'static');
  mkdirSync(staticDir);
  const server = await Server.start('bench', dir, db.url, { env: { ROUNDTABLE_STATIC_CEILING_DIR: staticDir } });
  return { db, made, server, staticDir };
}

const rows = [];
const row = (backend, what, m, ceiling, target) => rows.push({
  backend,
  what,
  'req/s': Math.round(m.perSecond),
  'p50 ms': +m.p50.toFixed(1),
  'p99 ms': +m.p99.toFixed(1),
  'static req/s': ceiling ? Math.round(ceiling.perSecond) : '',
  'static p50 ms': ceiling ? +ceiling.p50.toFixed(1) : '',
  ratio: ceiling ? `${Math.round(100 * m.perSecond / ceiling.perSecond)}%` : '',
  target,
});

console.log(`load harness: ${binary}, ${CONNECTIONS} connections, ${ROUNDS}×${SECONDS} s a measurement, wrk -t1`);
for (const backend of flags.backends.split(',')) {
  const flat = [];
  for (const [n, size] of SIZES.entries()) {
    const dir = scratch(`bench-${backend}`);
    const { db, made, server, staticDir } = await deploy(backend, dir, size);
    try {
      const item = `/items/${made.item_id}`;
      // seed-load's comments on the item are "Comment 0." to "Comment 49.".
      const anonymous = await pageAgainstCeiling(server, staticDir, { name: 'item page, anonymous', path: item, marks: ['Comment 49.', 'Sign in'] });
      flat.push({ size: made.comments, ...anonymous.page });
      if (n === 0) {
        row(backend, `item page (${anonymous.kb.toFixed(0)} KB), anonymous`, anonymous.page, anonymous.ceiling, '≥ 30%, p99 ≤ 50 ms');
        const partner = await new Client(server.base).signIn(PARTNER);
        const cookie = [...partner.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
        const pages = [
          { name: 'item page, partner', path: item, cookie, marks: ['Comment 49.', 'Sign out'], target: '≥ 15%' },
          { name: 'draft page, 50 sections, owner', path: `/drafts/${made.draft_id}`, cookie, marks: ['Section 50', 'Sign out'], target: '≥ 10%' },
          { name: 'consultation list, anonymous', path: '/consultations', marks: ['Reporting a cyber incident in NHS Wales'], target: '≥ 10%' },
        ];
        for (const p of pages) {
          const m = await pageAgainstCeiling(server, staticDir, p);
          row(backend, `${p.name} (${m.kb.toFixed(0)} KB)`, m.page, m.ceiling, p.target);
        }
        const posts = await posting(server, db, db.url, made.thread_id, dir);
        row(backend, `comment posts, ${WRITERS} people (${posts.stored} stored)`, posts, null, backend === 'sqlite' ? '≥ 2,000/s' : '');
      }
    } finally {
      await server.stop();
      if (db.stop) await db.stop();
      cleanUp(dir);
    }
  }
  if (flat.length > 1) {
    const [small, large] = [flat[0], flat[flat.length - 1]];
    const change = Math.round(100 * (large.perSecond / small.perSecond - 1));
    row(backend, `item page with ${large.size.toLocaleString('en-GB')} comments in the database (${change >= 0 ? '+' : ''}${change}% vs ${small.size.toLocaleString('en-GB')})`,
      large, null, 'within ±20%');
  }
}
console.table(rows);
