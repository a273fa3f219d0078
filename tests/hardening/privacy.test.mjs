// Data protection (issue 9): `retention run` (with --dry-run), `export person` (a citizen's
// access request, with who looked at the cases) and `erase person` (refused with the reason
// where notat- or journaliseringspligt applies), run against the database of a live server, as
// an office would. Each step checks the database through the API and `audit verify`.
//
//   BROBYGGER_BIN=build/brobygger node --test tests/hardening/privacy.test.mjs
// BROBYGGER_TEST_BACKEND=postgresql (with BROBYGGER_TEST_PG) runs it against PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cli, dbExec, BACKEND } from '../lib/server.mjs';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n');

async function api(srv, role, method, path, body) {
  const headers = { authorization: `Bearer ${srv.users[role].token}`, accept: 'application/json' };
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const res = await fetch(srv.base + path, { method, headers, body: payload });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, body: json, text };
}

async function newCase(srv, citizen, summary) {
  const r = await api(srv, 'advisor', 'POST', '/api/v1/cases', {
    received: '2024-03-14', channel: 'telefon', reasons: ['forstaa'], departments: ['Ydelser'], summary, citizen,
  });
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function note(srv, id, kind, text) {
  const r = await api(srv, 'advisor', 'POST', `/api/v1/cases/${id}/journal`, { kind, text });
  assert.equal(r.status, 201, r.text);
}

async function close(srv, id, outcome) {
  const { version } = (await api(srv, 'advisor', 'GET', `/api/v1/cases/${id}`)).body;
  return api(srv, 'advisor', 'PATCH', `/api/v1/cases/${id}`, { version, status: 'afsluttet', outcome });
}

function run(db, args) {
  const r = cli(db, args);
  return { ...r, out: r.stdout + r.stderr };
}

test(`retention, access request and erasure (${BACKEND})`, { timeout: 120000 }, async () => {
  const srv = await startServer();
  const out = mkdtempSync(join(tmpdir(), 'bb-privacy-'));
  try {
    const soren = { name: 'Søren Ærø Åberg', cpr: '070761-4285', phone: '20 30 40 50' };
    // A: handled long ago (call note, a letter as attachment, closed 2019): due for retention.
    const a = await newCase(srv, soren, 'Søren forstår ikke afslaget på briller.');
    await note(srv, a.id, 'call', 'Søren ringede om brillerne; han er ked af afslaget.');
    const form = new FormData();
    form.append('file', new Blob([PDF], { type: 'application/pdf' }), 'afgørelse briller.pdf');
    const up = await api(srv, 'advisor', 'POST', `/api/v1/cases/${a.id}/attachments`, form);
    assert.equal(up.status, 201, up.text);
    let r = await close(srv, a.id, 'vejledning');
    assert.equal(r.status, 200, r.text);
    dbExec(srv.db, `UPDATE cases SET closed_on = '2019-06-03' WHERE id = ${a.id}`);
    // B: open, with a note (notatpligt). D: registered, nothing done (may be erased).
    const b = await newCase(srv, soren, 'Søren har igen fået et brev, han ikke forstår.');
    await note(srv, b.id, 'note', 'Aftalt at læse brevet igennem sammen på mandag.');
    const d = await newCase(srv, { name: 'søren ærø åberg' }, 'Henvendelse registreret to gange.');
    // C: someone else's case that mentions Søren; E: someone else entirely.
    const c = await newCase(srv, { name: 'Karen Hansen' }, 'Naboen klager over støj.');
    await note(srv, c.id, 'note', 'Karen nævnte, at Søren Ærø Åberg også har klaget.');
    const e = await newCase(srv, { name: 'Ib Lund', cpr: '010203-1234' }, 'Spørgsmål om boligstøtte.');
    // The assistant looks at A: the access request must show it.
    assert.equal((await api(srv, 'assistant', 'GET', `/api/v1/cases/${a.id}`)).status, 200);

    // --- retention: dry run lists A and changes nothing --------------------------------------
    r = run(srv.db, ['retention', 'run', '--dry-run']);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, new RegExp(`${a.number}\\s+afsluttet 3\\. juni 2019`));
    assert.doesNotMatch(r.out, new RegExp(b.number));
    assert.match(r.out, /Prøvekørsel: intet er ændret/);
    assert.equal((await api(srv, 'advisor', 'GET', `/api/v1/cases/${a.id}`)).body.citizen.name, soren.name);
    r = run(srv.db, ['--format', 'json', 'retention', 'run', '--dry-run', '--years', '10']);
    assert.equal(r.code, 0, r.out);
    assert.deepEqual(JSON.parse(r.stdout).cases, [], 'nothing closed more than 10 years ago');
    r = run(srv.db, ['retention', 'run', '--years', '0']);
    assert.notEqual(r.code, 0, 'a retention period of 0 years is refused');

    // --- access request ------------------------------------------------------------------------
    r = run(srv.db, ['export', 'person', '--cpr', '070761-4285', '--name', 'Søren', '--out', join(out, 'x')]);
    assert.equal(r.code, 2);
    assert.match(r.out, /Angiv enten --cpr eller --name/);
    r = run(srv.db, ['export', 'person', '--cpr', '999999-9999', '--out', join(out, 'x')]);
    assert.equal(r.code, 2);
    assert.match(r.out, /ikke et gyldigt CPR-nummer/);
    assert.ok(!existsSync(join(out, 'x')), 'nothing written on bad input');

    const byCpr = join(out, 'cpr');
    r = run(srv.db, ['export', 'person', '--cpr', '0707614285', '--out', byCpr]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /2 sager/);
    assert.doesNotMatch(r.out, /nævnes også/, 'C names Søren, not his CPR number');
    const doc = JSON.parse(readFileSync(join(byCpr, 'indsigt.json'), 'utf8'));
    assert.deepEqual(doc.cases.map((x) => x.number), [a.number, b.number]);
    assert.equal(doc.cases[0].citizen.cpr, '070761-4285');
    assert.ok(doc.cases[0].journal.some((j) => j.text.includes('han er ked af afslaget')));
    assert.equal(doc.cases[0].attachments.length, 1);
    assert.deepEqual(readFileSync(join(byCpr, doc.cases[0].attachments[0].file)), PDF, 'attachment copied byte for byte');
    assert.ok(doc.access_log.some((x) => x.who === 'Test assistant' && x.action === 'case.read' && x.case === a.number),
      'who looked at the case');
    assert.ok(doc.access_log.some((x) => x.action === 'case.create' && x.case === b.number));
    assert.ok(!JSON.stringify(doc).includes('Ib Lund') && !JSON.stringify(doc).includes('Karen'), 'no one else\'s data');
    assert.deepEqual(doc.mentioned_in, []);
    r = run(srv.db, ['export', 'person', '--cpr', '0707614285', '--out', byCpr]);
    assert.equal(r.code, 2, 'an existing folder is never overwritten');

    const byName = join(out, 'name');
    r = run(srv.db, ['--format', 'json', 'export', 'person', '--name', '  SØREN ærø åberg ', '--out', byName]);
    assert.equal(r.code, 0, r.out);
    const summary = JSON.parse(r.stdout);
    assert.equal(summary.cases, 3, 'A, B and D by name (D has no CPR)');
    assert.deepEqual(summary.mentioned_in, [c.number], 'C mentions him by name');

    // --- erasure -----------------------------------------------------------------------------
    r = run(srv.db, ['erase', 'person', '--name', 'Søren Ærø Åberg', '--dry-run']);
    assert.equal(r.code, 1, 'refusals give exit code 1');
    assert.match(r.out, new RegExp(`Sag ${d.number}: kan slettes \\(prøvekørsel`));
    assert.match(r.out, new RegExp(`Sag ${b.number}: sletning afvist, fordi sagen har notater .*notatpligten \\(offentlighedslovens § 13\\)`));
    assert.match(r.out, /art\. 17, stk\. 3, litra b/);
    assert.equal((await api(srv, 'advisor', 'GET', `/api/v1/cases/${d.id}`)).status, 200, 'dry run erased nothing');

    r = run(srv.db, ['erase', 'person', '--name', 'Søren Ærø Åberg', '--case', d.number]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, new RegExp(`Sag ${d.number}: slettet`));
    assert.equal((await api(srv, 'advisor', 'GET', `/api/v1/cases/${d.id}`)).status, 404);
    r = run(srv.db, ['erase', 'person', '--name', 'Søren Ærø Åberg', '--case', e.number]);
    assert.equal(r.code, 2, 'a case about someone else is not touched');
    assert.equal((await api(srv, 'advisor', 'GET', `/api/v1/cases/${e.id}`)).status, 200);

    r = run(srv.db, ['--format', 'json', 'erase', 'person', '--cpr', '070761-4285']);
    assert.equal(r.code, 1);
    const decided = Object.fromEntries(JSON.parse(r.stdout).cases.map((x) => [x.number, x]));
    // A was closed in 2019: its five years have run, so it may go; B is held by its note.
    assert.equal(decided[a.number].erased, true);
    assert.equal(decided[b.number].erased, false);
    assert.deepEqual(decided[b.number].reasons, ['notes']);
    assert.equal((await api(srv, 'advisor', 'GET', `/api/v1/cases/${a.id}`)).status, 404);
    assert.equal((await api(srv, 'advisor', 'GET', `/api/v1/cases/${b.id}`)).status, 200);

    // --- retention for real: C (closed long ago) is anonymised, figures kept ------------------
    r = await close(srv, c.id, 'vejvisning');
    assert.equal(r.status, 200, r.text);
    dbExec(srv.db, `UPDATE cases SET closed_on = '2020-01-15' WHERE id = ${c.id}`);
    r = run(srv.db, ['retention', 'run']);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /1 sager er anonymiseret/);
    const anon = (await api(srv, 'advisor', 'GET', `/api/v1/cases/${c.id}`)).body;
    assert.equal(anon.citizen.name, '');
    assert.match(anon.summary, /^Anonymiseret .*opbevaringsfristen på 5 år/);
    assert.equal(anon.status, 'afsluttet');
    assert.equal(anon.outcome, 'vejvisning');
    assert.deepEqual(anon.departments, ['Ydelser']);
    const journal = JSON.stringify(anon.journal);
    assert.ok(anon.journal.some((j) => j.kind === 'note' && j.text.startsWith('Anonymiseret')), 'journal texts replaced');
    assert.ok(!journal.includes('Karen') && !journal.includes('Søren'), 'journal texts removed');
    r = run(srv.db, ['retention', 'run']);
    assert.match(r.out, /: 0\./, 'a second run finds nothing');
    const audit = await api(srv, 'advisor', 'GET', `/api/v1/audit?case=${c.id}`);
    assert.equal(audit.status, 200, audit.text);
    assert.ok(audit.text.includes('case.anonymise'), 'the anonymisation is in the case\'s audit trail');

    r = run(srv.db, ['audit', 'verify']);
    assert.equal(r.code, 0, r.out);
  } finally {
    rmSync(out, { recursive: true, force: true });
    await srv.stop();
  }
});
