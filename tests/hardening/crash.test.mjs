// Crash safety (issue 9): the server is killed with SIGKILL in the middle of a burst of
// concurrent intake and journal writes. After a restart every case that was answered 201 is
// there with every journal entry that was answered 201, the database passes its integrity check
// (SQLite) and `brobygger audit verify` passes. Three rounds on the same database.
//
//   BROBYGGER_BIN=build/brobygger node --test tests/hardening/
// BROBYGGER_TEST_BACKEND=postgresql (with BROBYGGER_TEST_PG) runs it against PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli, dbRows, BACKEND } from '../lib/server.mjs';

const WORKERS = 16;
const ROUNDS = 3;

// POSTs JSON with a bearer token; resolves to { status, body } or { error } when the connection
// broke (the outcome of such a request is unknown and not counted).
async function post(base, token, path, body) {
  try {
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  } catch (error) {
    return { error };
  }
}

async function get(base, token, path) {
  const res = await fetch(base + path, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  return { status: res.status, body: await res.json() };
}

// Writes until `stop` is set: a new case, then two journal notes on it; records what was
// acknowledged.
async function worker(base, token, round, w, acknowledged, stop) {
  for (let i = 0; !stop.now; i++) {
    const summary = `Runde ${round} skriver ${w} sag ${i}: afslag på boligstøtte.`;
    const created = await post(base, token, '/api/v1/cases', {
      received: '2024-03-14', channel: 'telefon', reasons: ['klage'], departments: ['Jobcenter'],
      summary, citizen: { name: `Borger ${round}-${w}-${i}` },
    });
    if (created.error) return;
    assert.equal(created.status, 201, `create: ${JSON.stringify(created.body)}`);
    const entry = { id: created.body.id, number: created.body.number, summary, notes: [] };
    acknowledged.push(entry);
    for (let n = 0; n < 2 && !stop.now; n++) {
      const text = `Notat ${n} fra runde ${round}, skriver ${w}, sag ${i}.`;
      const added = await post(base, token, `/api/v1/cases/${entry.id}/journal`, { kind: 'note', text });
      if (added.error) return;
      assert.equal(added.status, 201, `journal: ${JSON.stringify(added.body)}`);
      entry.notes.push(text);
    }
  }
}

test(`SIGKILL during concurrent writes loses nothing that was acknowledged (${BACKEND})`, { timeout: 240000 }, async () => {
  let srv = await startServer();
  const { db, users } = srv;
  const token = users.advisor.token;
  const acknowledged = [];
  const cleanups = [srv];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const stop = { now: false };
      const writers = Array.from({ length: WORKERS }, (_, w) => worker(srv.base, token, round, w, acknowledged, stop));
      // Let the burst run, then kill the server while requests are in flight.
      const before = acknowledged.length;
      await new Promise((r) => setTimeout(r, 1000 + 400 * round));
      const exited = new Promise((r) => srv.proc.once("exit", r));
      srv.proc.kill('SIGKILL');
      await exited;
      stop.now = true;
      await Promise.all(writers);
      assert.ok(acknowledged.length - before >= 10, `round ${round}: only ${acknowledged.length - before} cases acknowledged before the kill`);

      srv = await startServer({ db });
      cleanups.push(srv);
      for (const c of acknowledged) {
        const got = await get(srv.base, token, `/api/v1/cases/${c.id}`);
        assert.equal(got.status, 200, `case ${c.id} (${c.number}) acknowledged but missing after the crash`);
        assert.equal(got.body.number, c.number);
        assert.equal(got.body.summary, c.summary);
        const texts = got.body.journal.map((j) => j.text);
        for (const note of c.notes) assert.ok(texts.includes(note), `case ${c.number}: acknowledged note lost: ${note}`);
      }
      // Numbers stay unique and the store is still writable.
      const numbers = new Set(acknowledged.map((c) => c.number));
      assert.equal(numbers.size, acknowledged.length, 'a case number was given twice');
      const after = await post(srv.base, token, '/api/v1/cases', {
        received: '2024-03-15', channel: 'email', reasons: ['andet'], departments: [], summary: 'Efter nedbruddet.', citizen: { name: 'Efter' },
      });
      assert.equal(after.status, 201, JSON.stringify(after.body));
      assert.ok(!numbers.has(after.body.number), 'a number was reused after the crash');
    }
    if (BACKEND === 'sqlite') {
      assert.deepEqual(dbRows(db, 'PRAGMA integrity_check'), [{ integrity_check: 'ok' }]);
    }
    const verify = cli(db, ['--format', 'json', 'audit', 'verify']);
    assert.equal(verify.code, 0, `audit verify failed: ${verify.stdout} ${verify.stderr}`);
    assert.equal(JSON.parse(verify.stdout).ok, true);
  } finally {
    // The database belongs to the first server; stop the restarted ones first.
    for (const s of cleanups.reverse()) await s.stop();
  }
});
