// Several app servers on one PostgreSQL, proved with real processes: two
// servers behind nginx share sessions and live updates; many signed-in
// people read and post at once and no acknowledged comment is lost; a
// server killed outright loses no acknowledged write and leaves no
// half-written revision; PostgreSQL restarting makes requests fail cleanly
// (503, Retry-After) and the servers reconnect by themselves. Also a single
// server on SQLite under the same load, and killed the same way.
//
// Build first (scripts/build --debug, or let scripts/test do it). Load runs
// for ROUNDTABLE_LOAD_SECONDS (15 by default; the README gives a longer run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Postgres, Sqlite, Server, Nginx, Client, scratch, seedAccounts, signInAll, drive, summarise, cleanUp, HANG_MS,
} from './support.mjs';

const LOAD_SECONDS = Number(process.env.ROUNDTABLE_LOAD_SECONDS ?? 15);
const USERS = Number(process.env.ROUNDTABLE_LOAD_USERS ?? 200);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The demo's first public item discussion: its page and general thread. */
function discussion(db) {
  const [[threadId, itemId]] = db.sql(
    "SELECT t.id, t.item_id FROM threads t WHERE t.is_general AND t.visibility = 'public' ORDER BY t.id LIMIT 1");
  return { threadId, page: `/items/${itemId}` };
}

/** One person's turn: read the item page, and every third turn post a
 * comment (acknowledged with its id). */
function readAndPost({ threadId, page }) {
  return async (client, n, c) => {
    if (n % 3 === 2) {
      const body = `load ${c}-${n} ${Math.random().toString(36).slice(2)}`;
      const res = await client.call('post_comment', { thread_id: threadId, body });
      return outcome('post comment', res, { id: Number(res.body), body });
    }
    return outcome('item page', await client.page(page));
  };
}

/** What one request did, for the load report; `ack` is kept when it succeeded. */
function outcome(kind, res, ack) {
  const ok = res.status === 200;
  return { kind, ok, ms: res.ms, status: res.status, retryAfter: res.retryAfter, ack: ok ? ack : undefined };
}

/** Every acknowledged comment, by id, is in the database with its text. */
function assertAllStored(db, acks) {
  const stored = new Map(db.sql("SELECT id, body FROM comments WHERE body LIKE 'load %'"));
  const lost = acks.filter(({ id, body }) => stored.get(String(id)) !== body);
  assert.deepEqual(lost, [], `${lost.length} of ${acks.length} acknowledged comments are not in the database`);
}

/** No revision is half-written: each has its sections, and each draft's
 * current revision is its newest. */
function assertRevisionsWhole(db) {
  assert.deepEqual(db.sql(`SELECT r.draft_id, r.number FROM draft_revisions r WHERE NOT EXISTS
    (SELECT 1 FROM revision_sections s WHERE s.draft_id = r.draft_id AND s.number = r.number)`), [], 'revisions without sections');
  assert.deepEqual(db.sql(`SELECT d.id FROM drafts d WHERE d.current_revision <>
    (SELECT MAX(r.number) FROM draft_revisions r WHERE r.draft_id = d.id)`), [], 'drafts whose current revision is not their newest');
}

function report(title, summary) {
  console.log(`\n${title}`);
  console.table(summary.table);
  const statuses = {};
  for (const f of summary.failures) statuses[f.status ?? f.error] = (statuses[f.status ?? f.error] ?? 0) + 1;
  if (summary.failures.length) console.log('failures by status:', statuses);
}

/** Saves the demo draft's first section again and again as Dana (an
 * owner), each save acknowledged with the revision it made. */
async function draftWriter(db, base) {
  const dana = await new Client(base).signIn('dana@wales.nhs.uk');
  const [[draftId]] = db.sql("SELECT id FROM drafts WHERE title = 'Board accountability statement'");
  const current = () => {
    const [[sectionId, version, heading]] = db.sql(`SELECT rs.section_id, rs.version_id, v.heading
      FROM drafts d JOIN revision_sections rs ON rs.draft_id = d.id AND rs.number = d.current_revision
      JOIN section_versions v ON v.id = rs.version_id WHERE d.id = ${draftId} ORDER BY rs.position LIMIT 1`);
    return { sectionId, version, heading };
  };
  return {
    draftId,
    dana,
    async save(text) {
      const { sectionId, version, heading } = current();
      let res;
      try {
        res = await dana.call('save_draft_section', {
          draft_id: draftId, section_id: sectionId, base_version: version, heading, body: text, message: '',
        });
      } catch (error) {
        return { kind: 'save revision', ok: false, tried: text, error: String(error?.cause?.code ?? error) };
      }
      return { ...outcome('save revision', res, { revision: text }), tried: text };
    },
  };
}

/** Twenty people post comments and Dana saves revisions through `base`
 * for `seconds`; three seconds in, `victim` is killed outright. */
async function writesWhileKilled(db, base, victim, seconds) {
  const clients = await signInAll(base, seedAccounts(victim.databaseUrl, db, 20));
  const writer = await draftWriter(db, base);
  const posting = drive(clients, seconds, readAndPost(discussion(db)));
  const saving = drive([writer], seconds, (_, n) => writer.save(`Revision ${n} while a server dies.`));
  await sleep(3000);
  const killedAt = Date.now();
  await victim.kill9();
  const [posted, saved] = await Promise.all([posting, saving]);
  assert.ok(posted.acks.length > 0 && saved.acks.length > 0, 'writes were acknowledged');
  return { posted, saved, killedAt, writer };
}

/** After a kill: every acknowledged comment is there, no revision is
 * half-written, and the last acknowledged revision is the draft's text. */
function assertWritesKept(db, posted, saved, writer) {
  assertAllStored(db, posted.acks);
  assertRevisionsWhole(db);
  const [[newest]] = db.sql(`SELECT v.body FROM drafts d JOIN draft_revisions r ON r.draft_id = d.id AND r.number = d.current_revision
    JOIN section_versions v ON v.id = r.version_id WHERE d.id = ${writer.draftId}`);
  // The last acknowledged save, or one sent after it whose answer the kill
  // cut off (it may have been written just before).
  const lastAck = saved.done.findLastIndex((d) => d.ack);
  const possible = saved.done.slice(lastAck).map((d) => d.tried);
  assert.ok(possible.includes(newest), `the draft's text is the last acknowledged save or a later one: ${newest}`);
}

test('two servers behind nginx: one PostgreSQL, shared sessions and live updates, load, a server killed, PostgreSQL restarted', async (t) => {
  const dir = scratch('cluster');
  const pg = await Postgres.start(dir);
  let servers = [];
  let nginx;
  try {
    // Both start at the same moment on the empty database: one migrates and
    // seeds the demo data, the other waits and finds it.
    servers = await Promise.all(['a', 'b'].map((name) => Server.start(name, dir, pg.url)));
    const [a, b] = servers;
    assert.equal(pg.sql("SELECT COUNT(*) FROM institutions WHERE slug = 'nhs-wales'")[0][0], '1', 'the demo data once');
    nginx = await Nginx.start(dir, servers);
    for (const s of servers) s.publicUrl = nginx.base;

    await t.test('a session made on one server is valid on the other', async () => {
      const pat = await new Client(a.base).signIn('pat@example.org');
      const onA = await pat.me({ base: a.base });
      assert.ok(onA?.id, 'signed in on A');
      assert.deepEqual(await pat.me({ base: b.base }), onA, 'the same person on B');
      await pat.call('sign_out', {}, { base: b.base });
      assert.equal(await pat.me({ base: a.base }), null, 'signed out through one, out on both');
    });

    await t.test('a revision saved through one server reaches a draft page open on the other within a second', async () => {
      const writer = await draftWriter(pg, a.base);
      const sam = await new Client(b.base).signIn('sam@bt.com');
      const [[revision]] = pg.sql(`SELECT current_revision FROM drafts WHERE id = ${writer.draftId}`);
      const stream = await fetch(`${b.base}/drafts/${writer.draftId}/events?after=${revision}`, {
        headers: { accept: 'text/event-stream', cookie: [...sam.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      assert.equal(stream.status, 200);
      const events = stream.body.getReader();
      const heard = (async () => {
        let text = '';
        for (;;) {
          const { value, done } = await events.read();
          if (done) return null;
          text += new TextDecoder().decode(value);
          if (/event: ?change\n/.test(text)) return performance.now();
        }
      })();
      await sleep(300); // the stream is listening
      const savedAt = performance.now();
      const saved = await writer.save('Saved on server A, heard on server B.');
      assert.equal(saved.ok, true, `saved: ${saved.status}`);
      const at = await Promise.race([heard, sleep(1000).then(() => null)]);
      assert.ok(at, 'server B told the page of the change within a second of the save');
      console.log(`saved on A, heard on B ${Math.round(at - savedAt)} ms after the save was sent`);
      events.cancel();
    });

    await t.test(`${USERS} signed-in people read and post for ${LOAD_SECONDS} s through nginx: no errors, no lost comment`, async () => {
      const emails = seedAccounts(pg.url, pg, USERS);
      const clients = await signInAll(nginx.base, emails);
      const where = discussion(pg);
      const summary = await drive(clients, LOAD_SECONDS, readAndPost(where));
      report(`${USERS} people, two servers, PostgreSQL, ${LOAD_SECONDS} s`, summary);
      assert.deepEqual(summary.failures.slice(0, 5), [], `${summary.failures.length} requests failed`);
      assert.ok(summary.acks.length > 0, 'comments were posted');
      assertAllStored(pg, summary.acks);
    });

    await t.test('a server killed outright mid-writes loses no acknowledged write, and the other keeps serving', async () => {
      const { posted, saved, killedAt, writer } = await writesWhileKilled(pg, nginx.base, b, 8);
      report('two servers, one killed after 3 s of 8', summarise([...posted.done, ...saved.done], 8));
      // Requests in flight on the killed server may fail (nginx does not
      // send a form post twice); once nginx has seen it gone, none do.
      const late = [...posted.done, ...saved.done].filter((d) => !d.ok && d.at > killedAt + 2000);
      assert.deepEqual(late, [], 'every request after the first seconds succeeded on the other server');
      await b.restart();
      assertWritesKept(pg, posted, saved, writer);
    });

    await t.test('PostgreSQL restarted under load: requests fail cleanly with 503 and Retry-After, none hang, the servers reconnect', async () => {
      const clients = await signInAll(nginx.base, seedAccounts(pg.url, pg, 20));
      const running = drive(clients, 14, readAndPost(discussion(pg)));
      await sleep(3000);
      await pg.stop();
      await sleep(4000);
      await pg.start();
      const summary = await running;
      report('PostgreSQL down for 4 s of 14', summary);
      const unclean = summary.failures.filter((f) => !(f.status === 503 && f.retryAfter));
      assert.deepEqual(unclean.slice(0, 5), [], 'every failure is a 503 with Retry-After');
      assert.ok(summary.done.every((d) => d.ms === undefined || d.ms < HANG_MS), 'no request hung');
      assert.ok(summary.failures.length > 0, 'the outage was felt');
      // Both servers answer again, with no restart.
      for (const s of servers) {
        const res = await fetch(`${s.base}/ready`);
        assert.equal(res.status, 200, `server ${s.name} reconnected`);
      }
      const tail = summary.done.filter((d) => d.at > Date.now() - 3000);
      assert.ok(tail.length > 0 && tail.every((d) => d.ok), 'the last seconds of load all succeeded');
      assertAllStored(pg, summary.acks);
    });
  } finally {
    nginx?.stop();
    await Promise.all(servers.map((s) => s.stop()));
    await pg.stop().catch(() => { /* already stopped */ });
    cleanUp(dir);
  }
});

test(`one server on SQLite: ${USERS} signed-in people read and post, then the server is killed mid-writes`, async (t) => {
  const dir = scratch('sqlite');
  const db = new Sqlite(dir);
  let server;
  try {
    server = await Server.start('sqlite', dir, db.url);

    await t.test(`${USERS} people for ${LOAD_SECONDS} s: no errors, no lost comment`, async () => {
      const clients = await signInAll(server.base, seedAccounts(db.url, db, USERS));
      const summary = await drive(clients, LOAD_SECONDS, readAndPost(discussion(db)));
      report(`${USERS} people, one server, SQLite, ${LOAD_SECONDS} s`, summary);
      assert.deepEqual(summary.failures.slice(0, 5), [], `${summary.failures.length} requests failed`);
      assertAllStored(db, summary.acks);
    });

    await t.test('killed outright mid-writes: every acknowledged write is there after the restart', async () => {
      const { posted, saved, writer } = await writesWhileKilled(db, server.base, server, 6);
      await server.restart();
      assertWritesKept(db, posted, saved, writer);
    });
  } finally {
    await server?.stop();
    cleanUp(dir);
  }
});
