// The disk fills up under the server (issue 9): a write that does not fit is answered 507 with a
// message that says so, nothing half-written stays behind, the server keeps answering, and once
// there is space again writes succeed. Afterwards every acknowledged case is there, the
// database passes its integrity check and `brobygger audit verify` passes.
//
// The database lives on a 6 MB tmpfs mounted for the test, which needs root (the test command
// runs as root on the build machine and in CI); PostgreSQL's disk is the database server's and
// is not simulated here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cli, dbRows, BACKEND } from '../lib/server.mjs';

const root = typeof process.getuid === 'function' && process.getuid() === 0;
const skip = BACKEND !== 'sqlite' ? 'the PostgreSQL server owns its disk' : !root ? 'mounting a small tmpfs needs root' : false;

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
}

async function call(base, token, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

const newCase = (i) => ({
  received: '2024-03-14', channel: 'telefon', reasons: ['klage'], departments: ['Jobcenter'],
  summary: `Sag ${i}: ${'borgeren har fået afslag og forstår ikke begrundelsen. '.repeat(12)}`,
  citizen: { name: `Borger ${i}` },
});

test('a full disk gives 507 and a clear message, loses nothing, and writing resumes when there is space', { skip, timeout: 120000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bb-full-'));
  run('mount', ['-t', 'tmpfs', '-o', 'size=6m,mode=0700', 'tmpfs', dir]);
  let srv = null;
  try {
    const db = join(dir, 'full.db');
    assert.equal(cli(db, ['init', '--municipality', 'Testrup Kommune']).code, 0);
    assert.equal(cli(db, ['user', 'add', '--email', 'a@testrup.dk', '--name', 'A', '--role', 'advisor', '--password-stdin'],
      'Hemmeligt-kodeord-12345\n').code, 0);
    const token = JSON.parse(cli(db, ['--format', 'json', 'token', 'create', '--email', 'a@testrup.dk']).stdout).token;
    srv = await startServer({ db });

    const acknowledged = [];
    let refused = null;
    for (let i = 0; i < 20000 && !refused; i++) {
      const r = await call(srv.base, token, 'POST', '/api/v1/cases', newCase(i));
      if (r.status === 201) acknowledged.push(r.body);
      else refused = r;
    }
    assert.ok(refused, 'the disk never filled up');
    assert.ok(acknowledged.length > 50, `only ${acknowledged.length} cases fitted`);
    assert.equal(refused.status, 507, JSON.stringify(refused.body));
    assert.equal(refused.body.error.code, 'storage_full');
    assert.match(refused.body.error.message, /disk er fuld/);

    // The server keeps answering: health, and more refused writes, each with the same answer.
    assert.equal((await fetch(`${srv.base}/healthz`)).status, 200);
    for (let k = 0; k < 3; k++) {
      const again = await call(srv.base, token, 'POST', '/api/v1/cases', newCase(100000 + k));
      assert.equal(again.status, 507);
    }

    // Space again: the next write goes through without a restart.
    run('mount', ['-o', 'remount,size=64m', dir]);
    const after = await call(srv.base, token, 'POST', '/api/v1/cases', newCase(200000));
    assert.equal(after.status, 201, JSON.stringify(after.body));
    acknowledged.push(after.body);
    await srv.stop();

    srv = await startServer({ db });
    for (const c of acknowledged) {
      const got = await call(srv.base, token, 'GET', `/api/v1/cases/${c.id}`);
      assert.equal(got.status, 200, `case ${c.number} lost`);
      assert.equal(got.body.number, c.number);
    }
    const numbers = new Set(acknowledged.map((c) => c.number));
    assert.equal(numbers.size, acknowledged.length);
    await srv.stop();
    srv = null;
    assert.deepEqual(dbRows(db, 'PRAGMA integrity_check'), [{ integrity_check: 'ok' }]);
    // Nothing half-written: no case without its "created" journal entry or its search row.
    assert.deepEqual(dbRows(db, "SELECT COUNT(*) AS n FROM cases c WHERE NOT EXISTS (SELECT 1 FROM journal j WHERE j.case_id = c.id AND j.text = 'created')"), [{ n: 0 }]);
    assert.deepEqual(dbRows(db, 'SELECT (SELECT COUNT(*) FROM cases) - (SELECT COUNT(*) FROM case_fts) AS n'), [{ n: 0 }]);
    const verify = cli(db, ['--format', 'json', 'audit', 'verify']);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  } finally {
    if (srv) await srv.stop();
    spawnSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});
