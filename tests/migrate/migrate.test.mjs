// `brobygger migrate --from FILE.db --to postgresql://…`: the demo office (cases, journals, an
// attachment, users and API tokens, the audit chain, surveys, recommendations, investigations,
// activities, complaints) moved from SQLite to an empty PostgreSQL database answers every read
// of the API exactly as the SQLite original does. Needs BROBYGGER_TEST_PG (the test command
// starts a throwaway cluster).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, cli, createPgDatabase, dropPgDatabase, dbRows } from '../lib/server.mjs';

let source;   // the SQLite server (stopped before the move, started again to compare)
let target;   // the server on the moved database
let pgUrl;
let original;  // the first source server: its stop() removes the temporary folder with the file
const tokens = {};

const ADVISOR = 'raadgiver@holmstrup.dk';
const MANAGER = 'leder@holmstrup.dk';

before(async () => {
  source = await startServer({ demo: true, backend: 'sqlite' });
  for (const email of [ADVISOR, MANAGER]) {
    const r = cli(source.db, ['--format', 'json', 'token', 'create', '--email', email]);
    assert.equal(r.code, 0, r.stderr);
    tokens[email] = JSON.parse(r.stdout).token;
  }
  // One attachment, so bytes move too.
  const cases = await api(source, ADVISOR, '/api/v1/cases?limit=1');
  const form = new FormData();
  form.append('file', new File(['%PDF-1.4\n% Brobygger flyttetest\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'], 'brev.pdf', { type: 'application/pdf' }));
  const up = await fetch(`${source.base}/api/v1/cases/${cases.items[0].id}/attachments`, {
    method: 'POST', body: form, headers: { authorization: `Bearer ${tokens[ADVISOR]}` },
  });
  assert.equal(up.status, 201, await up.text());
  pgUrl = createPgDatabase();
});

after(async () => {
  await target?.stop();
  if (source !== original) await source?.stop();
  await original?.stop();
  if (pgUrl) dropPgDatabase(pgUrl);
});

async function api(server, email, path) {
  const res = await fetch(server.base + path, { headers: { authorization: `Bearer ${tokens[email]}` } });
  const body = await res.text();
  // `http` beside the body's own members (a case has a `status` of its own).
  if (!res.headers.get('content-type')?.includes('json')) return { http: res.status, body };
  const parsed = JSON.parse(body);
  return Array.isArray(parsed) ? { http: res.status, items: parsed } : { ...parsed, http: res.status };
}

// The SQLite server again, on the same file (its first process was stopped for the move).
async function restartSource() {
  original = source;
  source = await startServer({ backend: 'sqlite', db: original.db });
}

test('migrate refuses a target that is not a PostgreSQL address or a source that does not exist', () => {
  let r = cli(source.db, ['migrate', '--from', source.db, '--to', '/tmp/andet.db']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--to skal være en PostgreSQL-adresse/);
  r = cli(source.db, ['migrate', '--from', '/tmp/findes-ikke.db', '--to', pgUrl]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--from skal være en SQLite-databasefil/);
});

test('the move copies every table, the search index and the attachment, and verifies counts and the audit chain', async () => {
  // The source must not change while it is copied: stop its server first (as OPERATIONS.md says).
  const db = source.db;
  const exited = new Promise((r) => source.proc.once('exit', r));
  source.proc.kill('SIGTERM');
  await exited;
  const r = cli(db, ['--format', 'json', 'migrate', '--from', db, '--to', pgUrl]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const report = JSON.parse(r.stdout);
  assert.equal(report.verified, true, report.problem);
  assert.equal(report.attachment_contents, 1);
  const byTable = Object.fromEntries(report.tables.map((t) => [t.table, t]));
  for (const t of ['cases', 'journal', 'audit', 'users', 'api_tokens', 'survey_responses', 'recommendations', 'case_fts']) {
    assert.ok(byTable[t], `${t} was copied`);
    assert.equal(byTable[t].target, byTable[t].source, t);
  }
  assert.ok(byTable.cases.source >= 100, 'the demo office has its cases');
  assert.equal(byTable.api_tokens.source, 2);
  // Counted independently in both databases.
  for (const t of ['cases', 'journal', 'audit', 'survey_answers', 'attachments']) {
    const n = (db0) => dbRows(db0, `SELECT COUNT(*) AS n FROM ${t}`)[0].n;
    assert.equal(n(pgUrl), n(db), t);
  }
  // The chain verifies on the target with the CLI, too.
  const verify = cli(pgUrl, ['--format', 'json', 'audit', 'verify']);
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  // A second run into the same (now full) database is refused and writes nothing.
  const auditBefore = dbRows(pgUrl, 'SELECT COUNT(*) AS n FROM audit')[0].n;
  const again = cli(db, ['migrate', '--from', db, '--to', pgUrl]);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /ikke tom/);
  assert.equal(dbRows(pgUrl, 'SELECT COUNT(*) AS n FROM audit')[0].n, auditBefore);
  await restartSource();
  target = await startServer({ backend: 'postgresql', db: pgUrl });
});

test('the moved database answers the API exactly as the SQLite original', async () => {
  assert.ok(target, 'the move succeeded');
  const same = async (email, path) => {
    const [a, b] = [await api(source, email, path), await api(target, email, path)];
    assert.equal(a.http, 200, `${path}: ${JSON.stringify(a).slice(0, 200)}`);
    assert.equal(b.http, a.http, `${path}: status`);
    assert.deepEqual(b, a, `${path} differs`);
    return a;
  };
  // Every case, page by page, then each case in full (with its journal and attachments), its
  // themes and its complaints.
  const ids = [];
  let cursor = '';
  do {
    const page = await same(ADVISOR, `/api/v1/cases?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    ids.push(...page.items.map((c) => c.id));
    cursor = page.next;
  } while (cursor);
  assert.ok(ids.length >= 100);
  for (const id of ids) {
    await same(ADVISOR, `/api/v1/cases/${id}`);
    await same(ADVISOR, `/api/v1/cases/${id}/themes`);
    await same(ADVISOR, `/api/v1/cases/${id}/complaints`);
  }
  // Filters.
  for (const q of ['status=ny', 'status=afsluttet', 'department=Jobcenter', 'reason=klage', 'channel=telefon', 'received_from=2025-01-01&received_to=2025-06-30']) {
    await same(ADVISOR, `/api/v1/cases?limit=200&${q}`);
  }
  // The attachment's bytes.
  const withFile = (await api(source, ADVISOR, `/api/v1/cases?limit=1`)).items[0].id;
  const files = (await same(ADVISOR, `/api/v1/cases/${withFile}`)).attachments;
  assert.equal(files.length, 1);
  const aid = files[0].id;
  const bytes = async (s) => Buffer.from(await (await fetch(`${s.base}/api/v1/cases/${withFile}/attachments/${aid}`,
    { headers: { authorization: `Bearer ${tokens[ADVISOR]}` } })).arrayBuffer());
  assert.deepEqual(await bytes(target), await bytes(source));
  // Systemic work, statistics, reports, surveys.
  for (const path of ['/api/v1/recommendations', '/api/v1/investigations', '/api/v1/activities?year=2025',
    '/api/v1/activities?year=2026', '/api/v1/themes', '/api/v1/complaints/reversals', '/api/v1/signals', '/api/v1/signals?period=2025',
    '/api/v1/statistics?period=2025', '/api/v1/statistics?period=2026Q1', '/api/v1/reports/annual?year=2025',
    '/api/v1/surveys', '/api/v1/surveys/results', '/api/v1/surveys/results?by=municipality']) {
    await same(ADVISOR, path);
  }
  for (const kind of ['recommendations', 'investigations']) {
    for (const r of (await api(source, ADVISOR, `/api/v1/${kind}`)).items) await same(ADVISOR, `/api/v1/${kind}/${r.id}`);
  }
  await same(MANAGER, '/api/v1/statistics?period=2025');
  await same(MANAGER, '/api/v1/reports/annual?year=2025&published=1');
});
