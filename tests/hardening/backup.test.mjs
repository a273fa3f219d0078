// Backup under load and the restore drill (issue 9; docs/OPERATIONS.md §6 "Restore drill").
//
// 1. On a database of 2,000 generated cases (SQLite: about 5 MB, 20 steps of the old backup),
//    concurrent intake, journal notes, attachments and reads run against a server while
//    `brobygger backup` takes backup A in the middle of it; after the load stops, backup B.
// 2. Both are restored as the drill says (`brobygger --db NEW restore --from FILE`, then
//    `audit verify`, then `serve` on the copy) and compared with the original server over the API:
//    - B (taken at rest) answers identically for everything: every case with its journal and
//      attachments (GET /api/v1/cases/{id}), every attachment's bytes, the case list page by
//      page, searches, statistics, the annual report's figures, and the audit log up to B.
//    - A (a snapshot under load) holds exactly a prefix of what was written: the cases 1..n
//      with no gaps, every case acknowledged before the backup started, none sent after it
//      ended; every case in A answers as on the original with the journal notes and
//      attachments of A (later ones have higher ids and are missing from A, nothing else
//      differs); its audit log is the original's first entries, hash for hash.
//    What legitimately differs: nothing in these answers. The audit log grows on both sides
//    after the backup (every GET of a case is audited, also the comparisons' own reads), so
//    audit entries are compared only up to the backup's last one.
// 3. The restore command's refusals: an existing target without --force, a database in use
//    by a running server (SQLite), a damaged backup, a backup without its attachments; and
//    --force moves the old SQLite database aside instead of deleting it.
//
//   BROBYGGER_BIN=build/brobygger node --test tests/hardening/backup.test.mjs
// BROBYGGER_TEST_BACKEND=postgresql (with BROBYGGER_TEST_PG) runs it against PostgreSQL
// (backups with pg_dump, restores with pg_restore).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cli, BIN, BACKEND, dbRows, createPgDatabase, dropPgDatabase } from '../lib/server.mjs';

const WRITERS = 8;
const READERS = 2;
const GENERATED = 2000;
const pg = BACKEND === 'postgresql';

// The CLI without blocking the event loop (the load must go on while a backup runs).
// Killed after `limitMs` (code null then).
function bb(args, limitMs = 60000) {
  return new Promise((resolve) => {
    const p = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    const timer = setTimeout(() => { stderr += `\n(killed after ${limitMs} ms)`; p.kill('SIGKILL'); }, limitMs);
    p.stdout.on('data', (c) => { stdout += c; });
    p.stderr.on('data', (c) => { stderr += c; });
    p.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

// The original database: an advisor with an API token and GENERATED generated cases, so the
// file (SQLite: about 5 MB) is larger than what a backup copies in one go unless it copies
// everything under one read transaction (writes between steps restarted the copy, forever
// under steady writes).
function prepareOriginal(dir, pgDbs) {
  const db = pg ? createPgDatabase() : join(dir, 'original.db');
  if (pg) pgDbs.push(db);
  const must = (r, what) => { assert.equal(r.code, 0, `${what}: ${r.stderr}`); return r.stdout; };
  must(cli(db, ['init', '--municipality', 'Testrup Kommune']), 'init');
  must(cli(db, ['user', 'add', '--email', 'advisor@testrup.dk', '--name', 'Test advisor', '--role', 'advisor',
    '--password-stdin'], 'Hemmeligt-advisor-12345\n'), 'user add');
  const token = JSON.parse(must(cli(db, ['--format', 'json', 'token', 'create', '--email', 'advisor@testrup.dk']), 'token')).token;
  must(cli(db, ['generate', '--cases', String(GENERATED), '--seed', '3', '--no-journal']), 'generate');
  return { db, token };
}

// Runs fn over items, `width` at a time.
async function pool(items, width, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

function client(base, token) {
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
  return {
    async json(path) {
      const res = await fetch(base + path, { headers });
      const text = await res.text();
      assert.equal(res.status, 200, `GET ${path}: ${res.status} ${text.slice(0, 300)}`);
      return JSON.parse(text);
    },
    async bytes(path) {
      const res = await fetch(base + path, { headers });
      assert.equal(res.status, 200, `GET ${path}: ${res.status}`);
      return Buffer.from(await res.arrayBuffer());
    },
    async post(path, body) {
      const isForm = body instanceof FormData;
      const res = await fetch(base + path, {
        method: 'POST',
        headers: isForm ? headers : { ...headers, 'content-type': 'application/json' },
        body: isForm ? body : JSON.stringify(body),
      });
      const text = await res.text();
      assert.equal(res.status, 201, `POST ${path}: ${res.status} ${text.slice(0, 300)}`);
      return JSON.parse(text);
    },
  };
}

// Writes until stop: a case, two notes, every third case a text attachment, a read back.
async function writer(api, w, log, stop) {
  for (let i = 0; !stop.now; i++) {
    const sent = Date.now();
    const c = await api.post('/api/v1/cases', {
      received: '2024-03-14', channel: 'telefon', reasons: ['klage'], departments: ['Jobcenter'],
      summary: `Skriver ${w} sag ${i}: afslag på boligstøtte, backup under belastning.`,
      citizen: { name: `Borger ${w}-${i}`, cpr: '140372-1234' },
    });
    log.cases.push({ id: c.id, sent, acked: Date.now() });
    for (let n = 0; n < 2; n++) {
      await api.post(`/api/v1/cases/${c.id}/journal`, { kind: 'note', text: `Notat ${n} til sag ${c.id}.` });
    }
    if (i % 3 === 0) {
      const form = new FormData();
      const content = `Bilag til sag ${c.id} fra skriver ${w}: æøå ${'x'.repeat(i % 50)}\n`;
      form.append('file', new Blob([content], { type: 'text/plain' }), `bilag-${c.id}.txt`);
      const a = await api.post(`/api/v1/cases/${c.id}/attachments`, form);
      log.attachments.set(`${c.id}/${a.id}`, Buffer.from(content));
    }
    await api.json(`/api/v1/cases/${c.id}`);
  }
}

async function reader(api, stop) {
  for (let i = 0; !stop.now; i++) {
    await api.json(i % 2 ? '/api/v1/cases?q=boligstøtte&limit=20' : '/api/v1/cases?department=Jobcenter&limit=50');
  }
}

// Every page of the case list.
async function allPages(api, query) {
  const pages = [];
  let cursor = '';
  for (;;) {
    const page = await api.json(`/api/v1/cases?${query}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    pages.push(page);
    cursor = page.next ?? '';
    if (!cursor) return pages;
  }
}

const lastSeq = (db) => Number(dbRows(db, 'SELECT MAX(seq) AS m FROM audit')[0].m);
const ids = (db, q) => dbRows(db, q).map((r) => Number(Object.values(r)[0]));
const auditRows = (db, upTo) => dbRows(db, `SELECT seq, hash FROM audit WHERE seq <= ${upTo} ORDER BY seq`)
  .map((r) => `${r.seq}:${r.hash}`);

function newTarget(dir, name, dbs) {
  if (!pg) return join(dir, `${name}.db`);
  const url = createPgDatabase();
  dbs.push(url);
  return url;
}

async function restore(target, from, extra = []) {
  return bb(['--db', target, 'restore', '--from', from, ...extra]);
}

test(`an online backup under load restores to a database with identical answers (${BACKEND})`, { timeout: 180000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bb-backup-'));
  const pgDbs = [];
  const servers = [];
  try {
    const original = prepareOriginal(dir, pgDbs);
    const srv = await startServer({ db: original.db });
    servers.push(srv);
    const token = original.token;
    const api = client(srv.base, token);
    const ext = pg ? 'dump' : 'db';
    const backupA = join(dir, `a.${ext}`), backupB = join(dir, `b.${ext}`);

    // --- 1. load, backup A in the middle, stop, backup B ---------------------------------
    const log = { cases: [], attachments: new Map() };
    const stop = { now: false };
    const load = [
      ...Array.from({ length: WRITERS }, (_, w) => writer(api, w, log, stop)),
      ...Array.from({ length: READERS }, () => reader(api, stop)),
    ];
    await new Promise((r) => setTimeout(r, 1500));
    const beforeA = log.cases.length;
    const aStart = Date.now();
    const a = await bb(['--db', srv.db, 'backup', '--out', backupA]);
    const aEnd = Date.now();
    const duringA = log.cases.filter((c) => c.acked > aStart && c.acked < aEnd).length;
    assert.equal(a.code, 0, `backup A: ${a.stderr}`);
    await new Promise((r) => setTimeout(r, 1000));
    stop.now = true;
    await Promise.all(load);
    const b = await bb(['--db', srv.db, 'backup', '--out', backupB]);
    assert.equal(b.code, 0, `backup B: ${b.stderr}`);
    const seqAtB = lastSeq(srv.db);  // nothing has run on the original since backup B
    console.log(`${log.cases.length} cases written; ${beforeA} before backup A, ${duringA} acknowledged during its ` +
      `${aEnd - aStart} ms, ${log.attachments.size} attachments`);
    assert.ok(beforeA >= 10, `only ${beforeA} cases before the backup`);
    assert.ok(log.cases[0].id > GENERATED);
    assert.ok(duringA >= 1, 'writes were acknowledged while backup A ran');
    assert.ok(log.cases.length > beforeA, 'writes went on after backup A');

    // --- 2. the drill: restore, audit verify, serve, compare -----------------------------
    const restoredA = newTarget(dir, 'restored-a', pgDbs);
    const restoredB = newTarget(dir, 'restored-b', pgDbs);
    for (const [target, from] of [[restoredA, backupA], [restoredB, backupB]]) {
      const r = await restore(target, from);
      assert.equal(r.code, 0, `restore ${from}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout, /revisionsloggen er intakt/);
      const v = await bb(['--db', target, 'audit', 'verify']);
      assert.equal(v.code, 0, `audit verify: ${v.stdout}`);
      if (!pg) assert.deepEqual(dbRows(target, 'PRAGMA integrity_check'), [{ integrity_check: 'ok' }]);
    }
    // The backups' last audit entries, before the restored servers add their own.
    const auditA = lastSeq(restoredA), auditB = lastSeq(restoredB);
    assert.equal(auditB, seqAtB, 'backup B holds the whole audit log');
    assert.ok(auditA < auditB, 'backup A is older than backup B');
    const srvA = await startServer({ db: restoredA });
    servers.push(srvA);
    const srvB = await startServer({ db: restoredB });
    servers.push(srvB);
    assert.equal((await fetch(srvB.base + '/healthz')).status, 200);
    const apiA = client(srvA.base, token);  // the API tokens are in the database, so they travel
    const apiB = client(srvB.base, token);

    // B: everything identical.
    const allIds = ids(srv.db, 'SELECT id FROM cases ORDER BY id');
    assert.deepEqual(ids(restoredB, 'SELECT id FROM cases ORDER BY id'), allIds);
    assert.ok(allIds.length >= log.cases.length);
    await pool(allIds, 8, async (id) => {
      const [o, r] = await Promise.all([api.json(`/api/v1/cases/${id}`), apiB.json(`/api/v1/cases/${id}`)]);
      assert.deepEqual(r, o, `case ${id} differs after restoring backup B`);
      for (const att of o.attachments) {
        const path = `/api/v1/cases/${id}/attachments/${att.id}`;
        const [ob, rb] = await Promise.all([api.bytes(path), apiB.bytes(path)]);
        assert.ok(rb.equals(ob), `attachment ${path} differs`);
        const uploaded = log.attachments.get(`${id}/${att.id}`);
        if (uploaded) assert.ok(rb.equals(uploaded), `attachment ${path} is not what was uploaded`);
      }
    });
    const year = new Date().getFullYear();
    for (const path of ['/api/v1/statistics?period=2024', `/api/v1/statistics?period=${year}`,
      '/api/v1/statistics?period=2024&department=Jobcenter', '/api/v1/reports/annual?year=2024',
      '/api/v1/cases?q=boligstøtte&limit=100', '/api/v1/cases?q=Notat&limit=100', '/api/v1/themes']) {
      assert.deepEqual(await apiB.json(path), await api.json(path), `${path} differs after restoring backup B`);
    }
    assert.deepEqual(await allPages(apiB, 'status=ny'), await allPages(api, 'status=ny'), 'the case list differs');
    assert.deepEqual(auditRows(restoredB, auditB), auditRows(srv.db, auditB), 'audit log up to backup B');
    const countsB = dbRows(restoredB, 'SELECT (SELECT count(*) FROM journal) AS j, (SELECT count(*) FROM attachments) AS a')[0];
    const countsO = dbRows(srv.db, 'SELECT (SELECT count(*) FROM journal) AS j, (SELECT count(*) FROM attachments) AS a')[0];
    assert.deepEqual(countsB, countsO);

    // A: a consistent prefix of what was written.
    const idsA = ids(restoredA, 'SELECT id FROM cases ORDER BY id');
    assert.deepEqual(idsA, allIds.slice(0, idsA.length), 'backup A holds the first cases with no gaps');
    const inA = new Set(idsA);
    const missedAcked = log.cases.filter((c) => c.acked < aStart && !inA.has(c.id));
    assert.deepEqual(missedAcked, [], 'every case acknowledged before backup A began is in it');
    const sentAfter = log.cases.filter((c) => c.sent > aEnd && inA.has(c.id));
    assert.deepEqual(sentAfter, [], 'no case sent after backup A ended is in it');
    assert.ok(idsA.length < allIds.length, 'backup A is older than the end of the load');
    const maxJournalA = Number(dbRows(restoredA, 'SELECT COALESCE(MAX(id), 0) AS m FROM journal')[0].m);
    const maxAttachmentA = Number(dbRows(restoredA, 'SELECT COALESCE(MAX(id), 0) AS m FROM attachments')[0].m);
    let trimmed = 0;
    await pool(idsA, 8, async (id) => {
      const [o, r] = await Promise.all([api.json(`/api/v1/cases/${id}`), apiA.json(`/api/v1/cases/${id}`)]);
      const expected = { ...o, journal: o.journal.filter((e) => e.id <= maxJournalA),
        attachments: o.attachments.filter((x) => x.id <= maxAttachmentA) };
      trimmed += o.journal.length - expected.journal.length;
      // A note or attachment added after the snapshot also moved the case's updated_at on.
      if (expected.journal.length !== o.journal.length || expected.attachments.length !== o.attachments.length) {
        assert.ok(r.updated_at <= o.updated_at, `case ${id}: updated_at in A is later than the original's`);
        expected.updated_at = r.updated_at;
      }
      assert.deepEqual(r, expected, `case ${id} differs after restoring backup A`);
      for (const att of r.attachments) {
        const path = `/api/v1/cases/${id}/attachments/${att.id}`;
        assert.ok((await apiA.bytes(path)).equals(await api.bytes(path)), `attachment ${path} differs in A`);
      }
    });
    assert.deepEqual(auditRows(restoredA, auditA), auditRows(srv.db, auditA), 'audit log of A is a prefix of the original');
    console.log(`backup A: ${idsA.length} of ${allIds.length} cases, audit up to ${auditA}; ${trimmed} journal notes ` +
      `of those cases came after it; backup B: audit up to ${auditB}`);

    // --- 3. the restore command's refusals ---------------------------------------------
    let r = await restore(restoredB, backupB);
    assert.equal(r.code, 2, `restore onto an existing database: ${r.stderr}`);
    assert.match(r.stderr, pg ? /har allerede Brobyggers tabeller.*--force/s : /findes allerede.*--force/s);

    const damaged = join(dir, `damaged.${ext}`);
    copyFileSync(backupB, damaged);
    if (pg) {
      // The archive cut in half: its data ends in the middle.
      const whole = readFileSync(backupB);
      writeFileSync(damaged, whole.subarray(0, Math.floor(whole.length / 2)));
    } else {
      // Garbage over a page in the middle of the file.
      const fd = openSync(damaged, 'r+');
      writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(statSync(damaged).size / 4096 / 2) * 4096);
      closeSync(fd);
      cpSync(`${backupB}-attachments`, `${damaged}-attachments`, { recursive: true });
    }
    const damagedTarget = newTarget(dir, 'from-damaged', pgDbs);
    r = await restore(damagedTarget, damaged);
    assert.equal(r.code, 1, `restore of a damaged backup: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /Intet er gendannet/);
    if (pg) {
      assert.equal(dbRows(damagedTarget, "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'")[0].n, 0);
    } else {
      assert.ok(!existsSync(damagedTarget), 'nothing is put in place from a damaged backup');
      assert.deepEqual(readdirSync(dir).filter((f) => f.includes('gendannelse')), [], 'no temp files are left');
    }

    if (!pg) {
      // A backup whose attachments folder was left behind.
      const bare = join(dir, 'bare.db');
      copyFileSync(backupB, bare);
      r = await restore(join(dir, 'from-bare.db'), bare);
      assert.equal(r.code, 1, `restore without attachments: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, /Bilagene passer ikke.*mangler/s);
      assert.ok(!existsSync(join(dir, 'from-bare.db')));

      // In use by the running server: refused even with --force.
      r = await restore(restoredB, backupA, ['--force']);
      assert.equal(r.code, 2, `restore onto a database in use: ${r.stderr}`);
      assert.match(r.stderr, /i brug/);
      await srvB.stop();
      servers.splice(servers.indexOf(srvB), 1);
    }

    // --force replaces it; SQLite keeps the old database aside.
    r = await restore(restoredB, backupA, ['--force', '--format', 'json']);
    assert.equal(r.code, 0, `restore --force: ${r.stdout}${r.stderr}`);
    const report = JSON.parse(r.stdout);
    assert.equal(report.cases, idsA.length);
    assert.deepEqual(ids(restoredB, 'SELECT id FROM cases ORDER BY id'), idsA);
    if (!pg) {
      assert.ok(report.moved_aside && existsSync(join(report.moved_aside, 'restored-b.db')), `old database kept: ${r.stdout}`);
      assert.deepEqual(ids(join(report.moved_aside, 'restored-b.db'), 'SELECT id FROM cases ORDER BY id'), allIds);
    }
  } finally {
    for (const s of servers.reverse()) await s.stop();
    for (const url of pgDbs) dropPgDatabase(url);
    rmSync(dir, { recursive: true, force: true });
  }
});
