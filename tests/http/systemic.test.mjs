// Black-box tests of the systemic work (issue 4) against a real server and database: themes on
// cases, signals (detection, dismissal, the cases behind them), investigations, recommendations,
// complaints followed to the end and activities, through the JSON API and through the staff
// pages as an advisor would use them, with the role rules, the case journals, the histories
// and the audit log.
//
// The tests share one server and run in order: the signal tests build the data the
// walkthroughs start from. Cases that are not part of a signal are received in 2025 or later
// periods, so they never change the counts of the periods examined (2021Q1–2022Q1 and
// 2023Q3–2024Q3).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, Browserless, cli, ROLES, dbRows } from '../lib/server.mjs';

const DA = JSON.parse(readFileSync(new URL('../../messages/da.json', import.meta.url), 'utf8'));

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

// ------------------------------------------------------------------------------ helpers --

// A message from messages/da.json as the pages show it (HTML-escaped).
function msg(key) {
  const text = key.split('.').reduce((o, k) => o?.[k], DA);
  assert.equal(typeof text, 'string', `no message ${key}`);
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// `as` names the role whose token is used; null sends no credentials.
function api(method, path, { as = 'advisor', body } = {}) {
  const headers = {};
  if (as) headers.authorization = `Bearer ${srv.users[as].token}`;
  let payload;
  if (body !== undefined) {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  return fetch(srv.base + path, { method, headers, body: payload });
}

// Asserts the status and returns the parsed body (null for an empty one).
async function expectStatus(res, status, what = '') {
  const text = await res.text();
  assert.equal(res.status, status, `${what} ${res.url}: ${text.slice(0, 600)}`);
  return text ? JSON.parse(text) : null;
}

async function call(method, path, status, opts = {}) {
  return expectStatus(await api(method, path, opts), status, `${opts.as || 'advisor'} ${method}`);
}

let caseCount = 0;
async function createCase({ received, departments = ['Jobcenter'], summary } = {}) {
  caseCount++;
  return call('POST', '/api/v1/cases', 201, {
    body: {
      received, channel: 'telefon', reasons: ['klage'], departments,
      summary: summary ?? `Borgeren har spørgsmål til en afgørelse (testsag ${caseCount}).`,
      citizen: { name: `Borger Nummer${caseCount}` },
    },
  });
}

async function tag(caseId, theme, department, extra = {}, as = 'advisor') {
  return call('POST', `/api/v1/cases/${caseId}/themes`, 200, { as, body: { theme, department, ...extra } });
}

async function signals(period, { as = 'advisor', query = '' } = {}) {
  return call('GET', `/api/v1/signals?period=${period}${query}`, 200, { as });
}

async function journalTexts(caseId) {
  const c = await call('GET', `/api/v1/cases/${caseId}`, 200);
  return c.journal.filter((e) => e.kind === 'status').map((e) => e.text);
}

async function auditActions(caseId) {
  const a = await call('GET', `/api/v1/audit?case=${caseId}`, 200);
  return a.items;
}

// Rows of the whole audit table (the API shows only entries that name one case).
function auditRows(where) {
  return dbRows(srv.db, `SELECT seq, actor, action, case_id, detail FROM audit WHERE ${where} ORDER BY seq`);
}

function idsIn(detail) {
  const m = detail.match(/(?:cases|ids):([\d,]*)/);
  return m && m[1] ? m[1].split(',').map(Number) : [];
}

// A day inside a quarter ("2024Q3"), spread over its three months; n counts from 0.
function dayIn(quarter, n) {
  const [, y, q] = quarter.match(/^(\d{4})Q([1-4])$/);
  const month = (Number(q) - 1) * 3 + 1 + (n % 3);
  const day = 1 + ((n * 7) % 27);
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// Cases in the quarter: for each [department, theme, n], n × factor cases tagged with the pair.
async function seedQuarter(quarter, pairs, factor = 1) {
  const out = [];
  let n = 0;
  for (const [department, theme, count] of pairs) {
    for (let i = 0; i < count * factor; i++) {
      const c = await createCase({ received: dayIn(quarter, n++), departments: [department] });
      await tag(c.id, theme, department);
      out.push(c);
    }
  }
  return out;
}

// P(X ≥ k) for X ~ Poisson(λ), summed from the tail (no 1 − CDF cancellation).
function poissonUpperTail(k, lambda) {
  let logFact = 0;
  for (let j = 2; j <= k; j++) logFact += Math.log(j);
  let term = Math.exp(-lambda + k * Math.log(lambda) - logFact);
  let sum = 0;
  for (let j = k; j < k + 400 && term > 0; j++) {
    sum += term;
    term *= lambda / (j + 1);
  }
  return sum;
}

async function signedIn(role) {
  const b = new Browserless(srv.base);
  const r = await b.login(srv.users[role].email, srv.users[role].password);
  assert.equal(r.res.status, 303, `login as ${role}`);
  return b;
}

const decode = (s) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function attrs(tag) {
  const out = {};
  for (const m of tag.matchAll(/([a-zA-Z_:-]+)(?:="([^"]*)")?/g)) out[m[1]] = m[2] === undefined ? true : decode(m[2]);
  return out;
}

// What a browser would send for the form with this action: [name, value] pairs of the
// inputs (checked boxes only), textareas and selects (selected options, else the first).
function formFields(html, action) {
  const start = html.indexOf(`<form method="post" action="${action}"`);
  assert.ok(start >= 0, `no form posting to ${action}`);
  const end = html.indexOf('</form>', start);
  const form = html.slice(start, end);
  const fields = [];
  for (const m of form.matchAll(/<input\b([^>]*)>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>|<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    if (m[1] !== undefined) {
      const a = attrs(m[1]);
      if (!a.name || a.type === 'file' || a.type === 'submit') continue;
      if ((a.type === 'checkbox' || a.type === 'radio') && !a.checked) continue;
      fields.push([a.name, a.value ?? '']);
    } else if (m[2] !== undefined) {
      fields.push([attrs(m[2]).name, decode(m[3])]);
    } else {
      const a = attrs(m[4]);
      const options = [...m[5].matchAll(/<option\b([^>]*)>/g)].map((o) => attrs(o[1]));
      const chosen = options.filter((o) => o.selected);
      for (const o of chosen.length ? chosen : options.slice(0, 1)) fields.push([a.name, o.value ?? '']);
    }
  }
  return fields;
}

const fieldValues = (fields, name) => fields.filter(([n]) => n === name).map(([, v]) => v);

// Replaces every value of `name` with `value` (an array gives several).
function setField(fields, name, value) {
  const out = fields.filter(([n]) => n !== name);
  for (const v of [].concat(value)) out.push([name, v]);
  return out;
}

function locationId(res, prefix) {
  const loc = res.headers.get('location') || '';
  const m = loc.match(new RegExp(`^${prefix}/(\\d+)`));
  assert.ok(m, `expected a redirect to ${prefix}/:id, got ${loc}`);
  return Number(m[1]);
}

// ------------------------------------------------------------------------------- signals --

const PERIOD = '2024Q3';
const KEY = '2024Q3:theme:Jobcenter:partshoering';
// The usual inflow of each baseline quarter (and of 2024Q3): six cases in three pairs.
const BACKGROUND = [['Jobcenter', 'sagsbehandlingstid', 2], ['Ydelser', 'begrundelse', 2], ['Borgerservice', 'kommunikation', 2]];
const spike = [];  // the cases behind the signal

test('signals: six cases of partshøring in Jobcenter in 2024Q3 are flagged, and nothing else', async () => {
  for (const q of ['2023Q3', '2023Q4', '2024Q1', '2024Q2', '2024Q3']) await seedQuarter(q, BACKGROUND);
  // Partshøring in Jobcenter was seen once in the baseline.
  const once = await createCase({ received: '2023-11-14' });
  await tag(once.id, 'partshoering', 'Jobcenter');
  for (let i = 0; i < 6; i++) {
    const c = await createCase({ received: dayIn(PERIOD, 20 + i) });
    await tag(c.id, 'partshoering', 'Jobcenter');
    spike.push(c);
  }

  const r = await signals(PERIOD);
  assert.equal(r.period, PERIOD);
  assert.equal(r.from, '2024-07-01');
  assert.equal(r.to, '2024-09-30');
  assert.deepEqual(r.baseline, ['2024Q2', '2024Q1', '2023Q4', '2023Q3']);
  assert.equal(r.inflow, 12);
  assert.equal(r.baseline_inflow, 25);
  assert.equal(r.signals.length, 1, `exactly one theme signal: ${JSON.stringify(r.signals)}`);
  const s = r.signals[0];
  assert.equal(s.kind, 'theme');
  assert.equal(s.key, KEY);
  assert.equal(s.department, 'Jobcenter');
  assert.equal(s.theme, 'partshoering');
  assert.equal(s.observed, 6);
  // 1 of 25 baseline cases, 12 cases now: 0,48 expected.
  const expected = (1 / 25) * 12;
  assert.equal(s.expected, 0.48);
  assert.equal(s.ratio, 12.5);
  const p = poissonUpperTail(6, expected);
  assert.ok(Math.abs(s.p - p) / p < 0.01, `p ${s.p} vs ${p}`);
  assert.ok(s.p < 0.01);
  assert.equal(s.dismissed, null);
  assert.deepEqual(s.cases.map((c) => c.id).sort((a, b) => a - b), spike.map((c) => c.id).sort((a, b) => a - b));
  assert.deepEqual(s.cases.map((c) => c.number).sort(), spike.map((c) => c.number).sort());
  for (const c of s.cases) assert.match(c.received, /^2024-0[789]-\d\d$/);
  assert.deepEqual(r.time_signals, []);

  // The case list shown with the signal is audited, naming the ids.
  const listed = auditRows("action = 'signal.cases'").at(-1);
  assert.ok(listed, 'signal.cases audited');
  assert.equal(listed.actor, 'Test advisor');
  assert.deepEqual(idsIn(listed.detail).sort((a, b) => a - b), spike.map((c) => c.id).sort((a, b) => a - b));
  assert.match(listed.detail, /period:2024Q3/);
});

test('signals: a general rise (twice the inflow in every pair) is not flagged', async () => {
  // Eight cases a quarter in two pairs, two in a third; then everything doubles in 2022Q1.
  // Without the adjustment for the total inflow, 16 against 8 would be a signal.
  assert.ok(poissonUpperTail(16, 8) < 0.01, 'the test data would be flagged without the inflow adjustment');
  const pairs = [['Jobcenter', 'sagsbehandlingstid', 8], ['Ydelser', 'begrundelse', 8], ['Voksen og Handicap', 'vejledning', 2]];
  for (const q of ['2021Q1', '2021Q2', '2021Q3', '2021Q4']) await seedQuarter(q, pairs);
  await seedQuarter('2022Q1', pairs, 2);
  const r = await signals('2022Q1');
  assert.equal(r.inflow, 36);
  assert.equal(r.baseline_inflow, 72);
  assert.deepEqual(r.signals, []);
  // The spike of 2024Q3 is still there: the data of 2021–2022 changed nothing.
  assert.equal((await signals(PERIOD)).signals.length, 1);
});

test('signals: a bad period is a 400 naming the field', async () => {
  for (const period of ['2024Q5', 'nu', '2024-13']) {
    const err = await call('GET', `/api/v1/signals?period=${period}`, 400);
    assert.ok(err.error.fields.period, period);
  }
});

test('dismissing a signal hides it; one more case makes it reappear', async () => {
  let err = await call('POST', '/api/v1/signals/dismissals', 400, { body: { key: KEY } });
  assert.ok(err.error.fields.note);
  err = await call('POST', '/api/v1/signals/dismissals', 404, { body: { key: '2024Q3:theme:Ydelser:aktindsigt', note: 'x' } });
  assert.ok(err.error.fields.key);
  err = await call('POST', '/api/v1/signals/dismissals', 400, { body: { key: 'intet-kolon', note: 'x' } });
  assert.ok(err.error.fields.key);

  const note = 'Gennemgået: Jobcentret har allerede ændret sin sagsgang.';
  const d = await call('POST', '/api/v1/signals/dismissals', 201, { body: { key: KEY, note } });
  assert.deepEqual(d, { key: KEY, observed: 6, note });
  assert.deepEqual((await signals(PERIOD)).signals, [], 'hidden after dismissal');
  const withDismissed = await signals(PERIOD, { query: '&include_dismissed=1' });
  assert.equal(withDismissed.signals.length, 1);
  assert.equal(withDismissed.signals[0].dismissed.observed, 6);
  assert.equal(withDismissed.signals[0].dismissed.note, note);
  assert.equal(withDismissed.signals[0].dismissed.by, 'Test advisor');
  assert.equal(auditRows("action = 'signal.dismiss'").length, 1);

  const c = await createCase({ received: '2024-09-02' });
  await tag(c.id, 'partshoering', 'Jobcenter');
  spike.push(c);
  const r = await signals(PERIOD);
  assert.equal(r.signals.length, 1, 'a grown signal is shown again');
  assert.equal(r.signals[0].observed, 7);
  assert.equal(r.signals[0].dismissed, null);
  assert.ok(r.signals[0].cases.some((x) => x.id === c.id));
});

// --------------------------------------------------------------------------- walkthroughs --

let apiRecommendation;  // left with a follow-up date in the past (for the dashboard test)
let apiInvestigation;

test('advisor walkthrough via the API: signal → investigation → recommendation to two departments → partial response → follow-up', async () => {
  const s = (await signals(PERIOD)).signals[0];
  const caseIds = s.cases.map((c) => c.id);
  assert.equal(caseIds.length, 7);

  const inv = await call('POST', '/api/v1/investigations', 201, {
    body: {
      topic: 'Partshøring i Jobcentret', departments: ['Jobcenter'], period_from: '2024-07-01', period_to: '2024-09-30',
      case_ids: caseIds, signals: [s.key], method: 'Gennemgang af de syv sager', started: '2024-10-01',
    },
  });
  assert.equal(inv.number, 'U-2024-01');
  assert.equal(inv.status, 'planlagt');
  assert.deepEqual(inv.signals, [KEY]);
  assert.deepEqual(inv.case_ids, caseIds);
  apiInvestigation = inv;

  const created = await call('POST', '/api/v1/recommendations', 201, {
    body: {
      title: 'Partshøring før afgørelser om ressourceforløb',
      text: 'Borgerrådgiveren henstiller, at forvaltningerne partshører borgeren, før der træffes afgørelse.',
      departments: ['Jobcenter', 'Ydelser'], case_ids: caseIds, investigation_id: inv.id, issued: '2024-10-07',
    },
  });
  assert.equal(created.number, 'H-2024-01');
  assert.deepEqual(created.departments, ['Jobcenter', 'Ydelser']);
  assert.equal(created.response_due, '2024-11-04', '20 working days after 7 October 2024');
  assert.equal(created.status, 'afventer_svar');
  assert.equal(created.overdue, true, 'the response is long overdue');

  // A partial response, then the follow-up.
  const answered = await call('PATCH', `/api/v1/recommendations/${created.id}`, 200, {
    body: {
      version: created.version, status: 'delvist_fulgt', response_date: '2024-11-01',
      response_text: 'Jobcentret partshører nu; Ydelser vil se på sin praksis.',
    },
  });
  assert.equal(answered.status, 'delvist_fulgt');
  assert.equal(answered.overdue, false);
  assert.equal(answered.version, created.version + 1);
  const followed = await call('PATCH', `/api/v1/recommendations/${created.id}`, 200, {
    body: { version: answered.version, follow_up_date: '2025-03-03', follow_up_notes: 'Stikprøve af ti sager fra Ydelser.' },
  });
  assert.equal(followed.follow_up_due, true);
  apiRecommendation = followed;

  // A stale version is refused and changes nothing.
  await call('PATCH', `/api/v1/recommendations/${created.id}`, 409, { body: { version: created.version, follow_up_notes: 'gammel' } });

  const got = await call('GET', `/api/v1/recommendations/${created.id}`, 200);
  assert.equal(got.follow_up_notes, 'Stikprøve af ti sager fra Ydelser.');
  assert.deepEqual(got.history.map((h) => h.action), ['create', 'update', 'update']);
  assert.ok(got.history.every((h) => h.actor === 'Test advisor'));
  const changed = (h) => Object.fromEntries(h.changes.map((c) => [c.field, [c.before, c.after]]));
  assert.deepEqual(changed(got.history[1]), {
    status: ['afventer_svar', 'delvist_fulgt'],
    response_text: ['', 'Jobcentret partshører nu; Ydelser vil se på sin praksis.'],
    response_date: ['', '2024-11-01'],
  });
  assert.deepEqual(changed(got.history[2]), {
    follow_up_date: ['', '2025-03-03'],
    follow_up_notes: ['', 'Stikprøve af ti sager fra Ydelser.'],
  });

  const invNow = await call('GET', `/api/v1/investigations/${inv.id}`, 200);
  assert.deepEqual(invNow.recommendations.map((r) => r.number), ['H-2024-01']);
  assert.deepEqual(invNow.history.map((h) => h.action), ['create']);

  // Every step is in each linked case's journal, in order.
  for (const id of caseIds) {
    const texts = await journalTexts(id);
    const want = ['theme:added:partshoering:Jobcenter', 'investigation:U-2024-01:linked', 'recommendation:H-2024-01:issued',
      'recommendation:H-2024-01:status:delvist_fulgt', 'recommendation:H-2024-01:response', 'recommendation:H-2024-01:follow_up'];
    const at = want.map((w) => texts.indexOf(w));
    assert.ok(at.every((i) => i >= 0), `case ${id} journal: ${JSON.stringify(texts)}`);
    assert.deepEqual([...at].sort((a, b) => a - b), at, `case ${id}: journal entries in the order of the steps`);
    const audit = (await auditActions(id)).map((e) => e.action);
    assert.ok(audit.includes('case.create'));
    assert.ok(audit.includes('case.theme.set'), `case ${id} audit: ${audit}`);
  }

  // The record-level steps are in the audit log, naming the cases but not their content.
  const recRows = auditRows(`action LIKE 'recommendation.%' AND detail LIKE '%number:H-2024-01 %'`);
  assert.deepEqual(recRows.map((r) => r.action), ['recommendation.create', 'recommendation.update', 'recommendation.update']);
  const invRows = auditRows(`action = 'investigation.create' AND detail LIKE '%number:U-2024-01 %'`);
  assert.equal(invRows.length, 1);
  for (const row of [...recRows, ...invRows]) {
    assert.deepEqual(idsIn(row.detail), caseIds);
    assert.equal(row.actor, 'Test advisor');
    assert.doesNotMatch(row.detail, /Partshøring|partshører|Borger Nummer/, 'no text or names in audit details');
  }

  const verify = cli(srv.db, ['audit', 'verify']);
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
});

test('advisor walkthrough via the pages: tag a theme, see the signal, open an investigation from it, issue, answer, follow up', async () => {
  const b = await signedIn('advisor');

  // A new inquiry in 2024Q3, registered through the form and tagged on the case page.
  let page = await b.get('/sager/ny');
  const csrf = b.csrfFrom(page.text);
  let r = await b.post('/sager/ny', [
    ['_csrf', csrf], ['received', '2024-09-16'], ['channel', 'telefon'], ['reasons', 'klage'], ['departments', 'Jobcenter'],
    ['summary', 'Borgeren fik afslag på ressourceforløb uden at være blevet hørt.'], ['citizen.name', 'Ulla Ørnsø'],
  ]);
  assert.equal(r.res.status, 303);
  const caseId = locationId(r.res, '/sager');
  page = await b.get(`/sager/${caseId}`);
  assert.match(page.text, new RegExp(`<form method="post" action="/sager/${caseId}/tema"`));
  assert.ok(page.text.includes(msg('casepage.themes_none')));
  r = await b.post(`/sager/${caseId}/tema`, [['_csrf', csrf], ['theme', 'partshoering'], ['department', 'Jobcenter']]);
  assert.equal(r.res.status, 303, r.text.slice(0, 400));
  assert.equal(r.res.headers.get('location'), `/sager/${caseId}?ok=theme_saved#temaer`);
  page = await b.get(`/sager/${caseId}`);
  assert.match(page.text, /<td>Partshøring<\/td>\s*<td>Jobcenter<\/td>/);
  assert.match(page.text, /Tema tilføjet: Partshøring \(Jobcenter\)\./, 'journal entry shown in Danish');
  const caseNumber = (await call('GET', `/api/v1/cases/${caseId}`, 200)).number;

  // The signal, with every case number and the ways on.
  page = await b.get(`/signaler?periode=${PERIOD}`);
  assert.equal(page.res.status, 200);
  assert.match(page.text, /<h3>Jobcenter · Partshøring<\/h3>/);
  const numbers = [...spike.map((c) => c.number), caseNumber];
  for (const n of numbers) assert.ok(page.text.includes(`>${n}</a>`), `signal page lists ${n}`);
  assert.ok(page.text.includes(`href="/undersoegelser/ny?signal=${KEY}"`));
  assert.ok(page.text.includes(`href="/henstillinger/ny?signal=${KEY}"`));
  assert.ok(page.text.includes(`<input type="hidden" name="key" value="${KEY}">`), 'the dismiss form names the signal');
  assert.match(page.text, /<dt>Sager i perioden<\/dt><dd>8<\/dd>/);

  // The investigation form comes prefilled from the signal.
  page = await b.get(`/undersoegelser/ny?signal=${encodeURIComponent(KEY)}`);
  assert.equal(page.res.status, 200);
  let fields = formFields(page.text, '/undersoegelser');
  assert.deepEqual(fieldValues(fields, 'departments'), ['Jobcenter']);
  assert.deepEqual(fieldValues(fields, 'signals'), [KEY]);
  assert.deepEqual(fieldValues(fields, 'period_from'), ['2024-07-01']);
  assert.deepEqual(fieldValues(fields, 'period_to'), ['2024-09-30']);
  assert.match(fieldValues(fields, 'topic')[0], /Partshøring/);
  assert.deepEqual(fieldValues(fields, 'cases')[0].split(/,\s*/).sort(), [...numbers].sort());
  fields = setField(fields, 'started', '2024-10-02');
  fields = setField(fields, 'method', 'Gennemgang af sagerne og samtale med Jobcentret.');
  r = await b.post('/undersoegelser', fields);
  assert.equal(r.res.status, 303, r.text.slice(0, 600));
  const invId = locationId(r.res, '/undersoegelser');
  const inv = await call('GET', `/api/v1/investigations/${invId}`, 200);
  assert.equal(inv.number, 'U-2024-02');
  assert.deepEqual(inv.signals, [KEY]);
  assert.equal(inv.case_ids.length, 8);
  page = await b.get(`/undersoegelser/${invId}`);
  assert.equal(page.res.status, 200);
  assert.ok(page.text.includes('U-2024-02'));
  assert.ok(page.text.includes(`href="/sager/${caseId}"`));

  // A recommendation to two departments, from the investigation.
  page = await b.get(`/henstillinger/ny?undersoegelse=${invId}`);
  assert.equal(page.res.status, 200);
  fields = formFields(page.text, '/henstillinger');
  assert.deepEqual(fieldValues(fields, 'investigation_id'), [String(invId)]);
  assert.deepEqual(fieldValues(fields, 'departments'), ['Jobcenter']);
  fields = setField(fields, 'departments', ['Jobcenter', 'Ydelser']);
  fields = setField(fields, 'title', 'Hør borgeren før afgørelsen');
  fields = setField(fields, 'text', 'Borgerrådgiveren henstiller, at Jobcenter og Ydelser partshører, før de træffer afgørelse.');
  fields = setField(fields, 'issued', '2024-10-08');
  // Without departments the form comes back with the error at the field and the typed text.
  r = await b.post('/henstillinger', setField(fields, 'departments', []));
  assert.equal(r.res.status, 400);
  assert.match(r.text, /role="alert"/);
  assert.match(r.text, /href="#f-departments/);
  assert.match(r.text, /Hør borgeren før afgørelsen/);
  r = await b.post('/henstillinger', fields);
  assert.equal(r.res.status, 303, r.text.slice(0, 600));
  const recId = locationId(r.res, '/henstillinger');
  let rec = await call('GET', `/api/v1/recommendations/${recId}`, 200);
  assert.equal(rec.number, 'H-2024-02');
  assert.deepEqual(rec.departments, ['Jobcenter', 'Ydelser']);
  assert.equal(rec.investigation_id, invId);
  assert.equal(rec.case_ids.length, 8);

  // The partial response: first without the response itself, then with it.
  page = await b.get(`/henstillinger/${recId}`);
  assert.equal(page.res.status, 200);
  fields = formFields(page.text, `/henstillinger/${recId}`);
  assert.deepEqual(fieldValues(fields, 'version'), [String(rec.version)]);
  r = await b.post(`/henstillinger/${recId}`, setField(fields, 'status', 'delvist_fulgt'));
  assert.equal(r.res.status, 400);
  assert.ok(r.text.includes(msg('recommendation.status_needs_response')));
  assert.match(r.text, /id="f-response-text"[^>]*aria-invalid="true"/);
  fields = setField(fields, 'status', 'delvist_fulgt');
  fields = setField(fields, 'response_text', 'Jobcenter følger henstillingen; Ydelser gør det kun for nye sager.');
  fields = setField(fields, 'response_date', '2024-11-05');
  r = await b.post(`/henstillinger/${recId}`, fields);
  assert.equal(r.res.status, 303, r.text.slice(0, 600));
  // The form as it was before is now stale: 409, nothing changed.
  const stale = setField(fields, 'follow_up_notes', 'Fra en gammel fane.');
  page = await b.get(`/henstillinger/${recId}`);
  fields = formFields(page.text, `/henstillinger/${recId}`);
  assert.deepEqual(fieldValues(fields, 'status'), ['delvist_fulgt']);
  fields = setField(fields, 'follow_up_date', '2025-02-03');
  fields = setField(fields, 'follow_up_notes', 'Ydelser følges op med en stikprøve.');
  r = await b.post(`/henstillinger/${recId}`, fields);
  assert.equal(r.res.status, 303, r.text.slice(0, 600));
  r = await b.post(`/henstillinger/${recId}`, stale);
  assert.equal(r.res.status, 409);
  assert.ok(r.text.includes(msg('record.version_conflict')));

  rec = await call('GET', `/api/v1/recommendations/${recId}`, 200);
  assert.equal(rec.status, 'delvist_fulgt');
  assert.equal(rec.follow_up_notes, 'Ydelser følges op med en stikprøve.');
  assert.deepEqual(rec.history.map((h) => h.action), ['create', 'update', 'update']);
  assert.deepEqual(rec.history[1].changes.map((c) => c.field).sort(), ['response_date', 'response_text', 'status']);
  assert.deepEqual(rec.history[2].changes.map((c) => c.field).sort(), ['follow_up_date', 'follow_up_notes']);
  page = await b.get(`/henstillinger/${recId}`);
  assert.ok(page.text.includes(msg('history.title')));
  // The history shows the status by its label, not its code.
  const history = page.text.slice(page.text.indexOf('id="historik"'));
  assert.ok(history.includes(`<td class="bb-text">${msg('rec_status.afventer_svar')}</td><td class="bb-text">${msg('rec_status.delvist_fulgt')}</td>`),
    'status change shown with labels');
  assert.ok(!history.includes('>delvist_fulgt<'), 'no status code in the history');
  assert.ok(page.text.includes('Jobcenter følger henstillingen; Ydelser gør det kun for nye sager.'));

  // The journals of the linked cases, as codes in the API and in Danish on the case page.
  for (const id of [caseId, spike[0].id]) {
    const texts = await journalTexts(id);
    for (const want of ['theme:added:partshoering:Jobcenter', 'investigation:U-2024-02:linked', 'recommendation:H-2024-02:issued',
      'recommendation:H-2024-02:status:delvist_fulgt', 'recommendation:H-2024-02:response', 'recommendation:H-2024-02:follow_up']) {
      assert.ok(texts.includes(want), `case ${id} journal lacks ${want}: ${JSON.stringify(texts)}`);
    }
  }
  page = await b.get(`/sager/${caseId}`);
  assert.ok(page.text.includes('Sagen indgår i undersøgelse U-2024-02.'));
  assert.ok(page.text.includes('Henstilling H-2024-02 er afgivet på grundlag af sagen.'));
  assert.ok(page.text.includes('Henstilling H-2024-02: status ændret til'));
  const audit = await auditActions(caseId);
  const set = audit.find((e) => e.action === 'case.theme.set');
  assert.ok(set, 'theme tagging audited');
  assert.equal(set.actor, 'Test advisor');
  assert.match(set.detail, /theme:partshoering/);
  assert.equal(auditRows(`action LIKE 'recommendation.%' AND detail LIKE '%number:H-2024-02 %'`).length, 3);
  assert.equal(auditRows(`action = 'investigation.create' AND detail LIKE '%number:U-2024-02 %'`).length, 1);

  const verify = cli(srv.db, ['audit', 'verify']);
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
});

test('investigation page: concluding needs findings and a conclusion; the status is journalled on the linked cases', async () => {
  const b = await signedIn('advisor');
  const id = apiInvestigation.id;
  let page = await b.get(`/undersoegelser/${id}`);
  assert.equal(page.res.status, 200);
  assert.ok(page.text.includes('H-2024-01'), 'the recommendation given on it is listed');
  let fields = formFields(page.text, `/undersoegelser/${id}`);
  assert.deepEqual(fieldValues(fields, 'signals'), [KEY], 'the signal is kept through an edit');
  let r = await b.post(`/undersoegelser/${id}`, setField(fields, 'status', 'afsluttet'));
  assert.equal(r.res.status, 400);
  assert.match(r.text, /id="f-findings"[^>]*aria-invalid="true"/);
  assert.match(r.text, /id="f-conclusion"[^>]*aria-invalid="true"/);
  fields = setField(fields, 'status', 'afsluttet');
  fields = setField(fields, 'findings', 'I fem af syv sager var borgeren ikke hørt.');
  fields = setField(fields, 'conclusion', 'Grundlag for henstilling.');
  r = await b.post(`/undersoegelser/${id}`, fields);
  assert.equal(r.res.status, 303, r.text.slice(0, 500));
  const inv = await call('GET', `/api/v1/investigations/${id}`, 200);
  assert.equal(inv.status, 'afsluttet');
  assert.deepEqual(inv.signals, [KEY]);
  assert.deepEqual(inv.history.map((h) => h.action), ['create', 'update']);
  assert.deepEqual(inv.history[1].changes.map((c) => c.field).sort(), ['conclusion', 'findings', 'status']);
  for (const c of apiInvestigation.case_ids) {
    assert.ok((await journalTexts(c)).includes('investigation:U-2024-01:status:afsluttet'), `case ${c}`);
  }
  page = await b.get(`/undersoegelser/${id}`);
  assert.ok(page.text.includes(`<td class="bb-text">${msg('inv_status.planlagt')}</td><td class="bb-text">${msg('inv_status.afsluttet')}</td>`));
  // Stale form: 409.
  r = await b.post(`/undersoegelser/${id}`, setField(fields, 'method', 'Andet'));
  assert.equal(r.res.status, 409);
  // It cannot be deleted while a recommendation rests on it.
  r = await b.post(`/undersoegelser/${id}/slet`, [['_csrf', b.csrfFrom(page.text)]]);
  assert.equal(r.res.status, 409);
  await call('GET', `/api/v1/investigations/${id}`, 200);
});

test('recommendation history names linked cases and the investigation by number, not by id; newly linked cases are journalled', async () => {
  const a = await createCase({ received: '2025-06-10' });
  const b2 = await createCase({ received: '2025-06-11' });
  const rec = await call('POST', '/api/v1/recommendations', 201, {
    body: { title: 'Historik', text: 'x', departments: ['Jobcenter'], case_ids: [a.id], issued: '2025-06-12' } });
  await call('PATCH', `/api/v1/recommendations/${rec.id}`, 200, {
    body: { version: rec.version, case_ids: [a.id, b2.id], investigation_id: apiInvestigation.id } });
  assert.ok((await journalTexts(b2.id)).includes(`recommendation:${rec.number}:linked`));
  assert.ok(!(await journalTexts(a.id)).includes(`recommendation:${rec.number}:linked`), 'only the newly linked case');
  const api = (await call('GET', `/api/v1/recommendations/${rec.id}`, 200)).history[1].changes;
  assert.deepEqual(api.find((c) => c.field === 'case_ids'), { field: 'case_ids', before: `${a.id}`, after: `${a.id}, ${b2.id}` },
    'the API keeps the ids');
  const b = await signedIn('advisor');
  const page = await b.get(`/henstillinger/${rec.id}`);
  const history = page.text.slice(page.text.indexOf('id="historik"'));
  assert.ok(history.includes(`<td class="bb-text">${a.number}</td><td class="bb-text">${a.number}, ${b2.number}</td>`), 'case numbers in the history');
  assert.ok(history.includes(`<td class="bb-text">–</td><td class="bb-text">U-2024-01</td>`), 'investigation number in the history');
});

test('the theme list: the advisor adds and retires a theme; a retired theme cannot be tagged', async () => {
  const b = await signedIn('advisor');
  let page = await b.get('/temaer');
  assert.equal(page.res.status, 200);
  const csrf = b.csrfFrom(page.text);
  let r = await b.post('/temaer', [['_csrf', csrf], ['code', 'Bolig Støtte'], ['label', 'Boligstøtte']]);
  assert.equal(r.res.status, 400);
  assert.match(r.text, /id="f-code"[^>]*aria-invalid="true"/);
  r = await b.post('/temaer', [['_csrf', csrf], ['code', 'boligstoette'], ['label', 'Boligstøtte']]);
  assert.equal(r.res.status, 303);
  r = await b.post('/temaer', [['_csrf', csrf], ['code', 'boligstoette'], ['label', 'Igen']]);
  assert.equal(r.res.status, 409);
  const c = await createCase({ received: '2025-06-02', departments: ['Ydelser'] });
  await tag(c.id, 'boligstoette', 'Ydelser');
  r = await b.post('/temaer', [['_csrf', csrf], ['code', 'boligstoette'], ['action', 'toggle']]);
  assert.equal(r.res.status, 303);
  const themes = (await call('GET', '/api/v1/themes', 200, { as: 'assistant' })).items;
  assert.equal(themes.find((t) => t.code === 'boligstoette').active, false);
  const err = (await call('POST', `/api/v1/cases/${c.id}/themes`, 400, { body: { theme: 'boligstoette', department: 'Børn og Familie' } })).error;
  assert.ok(err.fields.theme);
  // Already tagged cases keep it, and the case page still names it.
  assert.ok((await call('GET', `/api/v1/cases/${c.id}/themes`, 200)).items.some((t) => t.theme === 'boligstoette'));
  assert.match((await b.get(`/sager/${c.id}`)).text, /<td>Boligstøtte<\/td>/);
});

// ---------------------------------------------------------------------------- role rules --

// A case of 2025 with a theme carrying criticism, and a record of every kind to aim at.
async function fixtures() {
  const c = await createCase({ received: '2025-02-03', summary: 'Fortroligt indhold om Signe Skjult.' });
  await tag(c.id, 'begrundelse', 'Jobcenter', { criticism: true, criticism_text: 'Afgørelsen manglede begrundelse.' });
  const inv = await call('POST', '/api/v1/investigations', 201, { body: { topic: 'Rollematrix', case_ids: [c.id], started: '2025-02-04' } });
  const rec = await call('POST', '/api/v1/recommendations', 201, {
    body: { title: 'Rollematrix', text: 'Tekst', departments: ['Jobcenter'], case_ids: [c.id], issued: '2025-02-05' },
  });
  const act = await call('POST', '/api/v1/activities', 201, {
    body: { date: '2025-02-06', kind: 'sparring', topic: 'Rollematrix', participants: 3, hours: '1' },
  });
  const compl = await call('POST', `/api/v1/cases/${c.id}/complaints`, 201, {
    body: { department: 'Jobcenter', area: 'beskaeftigelse', decision_date: '2025-01-10' },
  });
  return { c, inv, rec, act, compl };
}

test('role rules over the new endpoints: advisor, assistant, manager, admin and no token', async () => {
  const f = await fixtures();
  const S = (advisor, assistant, manager, admin) => ({ advisor, assistant, manager, admin, none: 401 });
  let unique = 0;
  const recBody = () => ({ title: 'Ny', text: 'Tekst', departments: ['Ydelser'], case_ids: [f.c.id], issued: '2025-03-01' });
  const freshRec = async () => `/api/v1/recommendations/${(await call('POST', '/api/v1/recommendations', 201, { body: recBody() })).id}`;
  const freshInv = async () => `/api/v1/investigations/${(await call('POST', '/api/v1/investigations', 201, { body: { topic: 'Slettes' } })).id}`;
  const freshAct = async () => `/api/v1/activities/${(await call('POST', '/api/v1/activities', 201, {
    body: { date: '2025-03-01', kind: 'moede', topic: 'Slettes', hours: '2' } })).id}`;
  const freshCompl = async () => `/api/v1/complaints/${(await call('POST', `/api/v1/cases/${f.c.id}/complaints`, 201, {
    body: { department: 'Ydelser', area: 'social', decision_date: '2025-01-02' } })).id}`;
  // A theme tagged by the advisor just before (with or without criticism), to be removed.
  const themeCodes = ['vejledning', 'aktindsigt', 'notatpligt', 'koordinering', 'digital_post'];
  const freshTheme = (criticism) => async () => {
    const theme = themeCodes[unique++ % themeCodes.length];
    const department = criticism ? 'Borgerservice' : 'Ydelser';
    await tag(f.c.id, theme, department, criticism ? { criticism: true, criticism_text: 'Kritik.' } : {});
    return `/api/v1/cases/${f.c.id}/themes?theme=${theme}&department=${department}`;
  };
  // Criticism voiced on a theme new to the case, one per call.
  const newCriticism = () => ({ theme: themeCodes[unique++ % themeCodes.length], department: 'Børn og Familie', criticism: true, criticism_text: 'Mangler.' });

  const rows = [
    ['GET', '/api/v1/recommendations', null, S(200, 200, 200, 200)],
    ['POST', '/api/v1/recommendations', recBody, S(201, 403, 403, 403)],
    ['GET', `/api/v1/recommendations/${f.rec.id}`, null, S(200, 200, 403, 403)],
    ['PATCH', `/api/v1/recommendations/${f.rec.id}`, () => ({ follow_up_notes: `Note ${unique++}` }), S(200, 403, 403, 403)],
    ['DELETE', freshRec, null, S(204, 403, 403, 403)],
    ['GET', '/api/v1/investigations', null, S(200, 200, 403, 403)],
    ['POST', '/api/v1/investigations', () => ({ topic: 'Ny undersøgelse', started: '2025-03-01' }), S(201, 403, 403, 403)],
    ['GET', `/api/v1/investigations/${f.inv.id}`, null, S(200, 200, 403, 403)],
    ['PATCH', `/api/v1/investigations/${f.inv.id}`, () => ({ method: `Metode ${unique++}` }), S(200, 403, 403, 403)],
    ['DELETE', freshInv, null, S(204, 403, 403, 403)],
    ['GET', '/api/v1/activities', null, S(200, 200, 200, 200)],
    ['POST', '/api/v1/activities', () => ({ date: '2025-03-02', kind: 'oplaeg', topic: 'Oplæg', hours: '1,5' }), S(201, 201, 403, 403)],
    ['GET', `/api/v1/activities/${f.act.id}`, null, S(200, 200, 200, 200)],
    ['PATCH', `/api/v1/activities/${f.act.id}`, () => ({ topic: `Emne ${unique++}` }), S(200, 200, 403, 403)],
    ['DELETE', freshAct, null, S(204, 204, 403, 403)],
    ['GET', `/api/v1/cases/${f.c.id}/complaints`, null, S(200, 200, 403, 403)],
    ['POST', `/api/v1/cases/${f.c.id}/complaints`, () => ({ department: 'Jobcenter', area: 'social', decision_date: '2025-01-03' }), S(201, 201, 403, 403)],
    ['GET', `/api/v1/complaints/${f.compl.id}`, null, S(200, 200, 403, 403)],
    ['PATCH', `/api/v1/complaints/${f.compl.id}`, () => ({ note: `Note ${unique++}` }), S(200, 200, 403, 403)],
    ['DELETE', freshCompl, null, S(204, 204, 403, 403)],
    ['GET', '/api/v1/complaints/reversals', null, S(200, 200, 200, 200)],
    ['GET', `/api/v1/cases/${f.c.id}/themes`, null, S(200, 200, 403, 403)],
    ['POST', `/api/v1/cases/${f.c.id}/themes`, () => ({ theme: 'kommunikation', department: 'Jobcenter' }), S(200, 200, 403, 403)],
    ['POST', `/api/v1/cases/${f.c.id}/themes`, newCriticism, S(200, 403, 403, 403)],
    ['DELETE', freshTheme(false), null, S(204, 204, 403, 403)],
    ['DELETE', freshTheme(true), null, S(204, 403, 403, 403)],
    ['GET', '/api/v1/themes', null, S(200, 200, 200, 200)],
    ['POST', '/api/v1/themes', () => ({ code: `rolletema_${unique++}`, label: 'Rolletema' }), S(200, 403, 403, 200)],
    ['GET', `/api/v1/signals?period=${PERIOD}`, null, S(200, 200, 200, 200)],
    // The key names no signal: the advisor passes the role check and gets 404.
    ['POST', '/api/v1/signals/dismissals', () => ({ key: '2024Q3:theme:Ydelser:aktindsigt', note: 'x' }), S(404, 403, 403, 403)],
  ];
  const failures = [];
  for (const [method, target, body, expected] of rows) {
    for (const as of [...ROLES, 'none']) {
      const path = typeof target === 'function' ? await target() : target;
      const res = await api(method, path, { as: as === 'none' ? null : as, body: body ? body() : undefined });
      const text = await res.text();
      if (res.status !== expected[as]) failures.push(`${as} ${method} ${path}: ${res.status}, expected ${expected[as]} ${text.slice(0, 200)}`);
      if (res.status === 403 || res.status === 401) {
        assert.ok(!text.includes('Signe Skjult') && !text.includes('Afgørelsen manglede'), `no case content in a ${res.status}`);
      }
    }
  }
  assert.deepEqual(failures, []);
});

test('assistant: themes without criticism only; never recommendations or investigations', async () => {
  const f = await fixtures();
  const as = 'assistant';
  // Tagging a new theme without criticism is fine; with criticism it is not.
  await tag(f.c.id, 'sagsbehandlingstid', 'Ydelser', {}, as);
  let err = await call('POST', `/api/v1/cases/${f.c.id}/themes`, 403, { as, body: { theme: 'sagsbehandlingstid', department: 'Ydelser', criticism: true, criticism_text: 'x' } });
  assert.equal(err.error.code, 'forbidden');
  // Changing or dropping the advisor's criticism, or removing the theme that carries it: 403.
  await call('POST', `/api/v1/cases/${f.c.id}/themes`, 403, { as, body: { theme: 'begrundelse', department: 'Jobcenter', criticism: true, criticism_text: 'Anden tekst' } });
  // Without the criticism members the stored criticism is left as it is (not dropped).
  await call('POST', `/api/v1/cases/${f.c.id}/themes`, 200, { as, body: { theme: 'begrundelse', department: 'Jobcenter' } });
  await call('POST', `/api/v1/cases/${f.c.id}/themes`, 403, { as, body: { theme: 'begrundelse', department: 'Jobcenter', criticism: false } });
  await call('DELETE', `/api/v1/cases/${f.c.id}/themes?theme=begrundelse&department=Jobcenter`, 403, { as });
  const themes = (await call('GET', `/api/v1/cases/${f.c.id}/themes`, 200, { as })).items;
  const kept = themes.find((t) => t.theme === 'begrundelse');
  assert.equal(kept.criticism, true);
  assert.equal(kept.criticism_text, 'Afgørelsen manglede begrundelse.');
  // Re-posting it unchanged (criticism and text as they are) changes no criticism: allowed.
  await tag(f.c.id, 'begrundelse', 'Jobcenter', { criticism: true, criticism_text: 'Afgørelsen manglede begrundelse.' }, as);

  // Through the pages as well.
  const b = await signedIn(as);
  let page = await b.get(`/sager/${f.c.id}`);
  assert.equal(page.res.status, 200);
  assert.doesNotMatch(page.text, /name="criticism"/, 'no criticism field for the assistant');
  const csrf = b.csrfFrom(page.text);
  let r = await b.post(`/sager/${f.c.id}/tema`, [['_csrf', csrf], ['theme', 'tilgaengelighed'], ['department', 'Jobcenter'], ['criticism', '1'], ['criticism_text', 'x']]);
  assert.equal(r.res.status, 403);
  r = await b.post(`/sager/${f.c.id}/tema/fjern`, [['_csrf', csrf], ['theme', 'begrundelse'], ['department', 'Jobcenter']]);
  assert.equal(r.res.status, 403);
  r = await b.post(`/sager/${f.c.id}/tema`, [['_csrf', csrf], ['theme', 'tilgaengelighed'], ['department', 'Jobcenter']]);
  assert.equal(r.res.status, 303);
  // … and removes a theme without criticism: journalled and audited.
  r = await b.post(`/sager/${f.c.id}/tema/fjern`, [['_csrf', csrf], ['theme', 'tilgaengelighed'], ['department', 'Jobcenter']]);
  assert.equal(r.res.status, 303);
  assert.ok((await journalTexts(f.c.id)).includes('theme:removed:tilgaengelighed:Jobcenter'));
  const removal = (await auditActions(f.c.id)).find((e) => e.action === 'case.theme.remove');
  assert.equal(removal.actor, 'Test assistant');
  for (const path of ['/henstillinger/ny', '/undersoegelser/ny', '/temaer']) {
    assert.equal((await b.get(path)).res.status, 403, path);
  }
  for (const [path, fields] of [
    ['/henstillinger', [['title', 'x'], ['text', 'y'], ['departments', 'Jobcenter']]],
    [`/henstillinger/${f.rec.id}`, [['version', String(f.rec.version)], ['status', 'bortfaldet']]],
    ['/undersoegelser', [['topic', 'x']]],
    [`/undersoegelser/${f.inv.id}`, [['version', String(f.inv.version)], ['topic', 'x']]],
    [`/henstillinger/${f.rec.id}/slet`, []],
    ['/signaler/afvis', [['key', KEY], ['note', 'x']]],
  ]) {
    r = await b.post(path, [['_csrf', csrf], ...fields]);
    assert.equal(r.res.status, 403, `assistant POST ${path}`);
  }
  // The assistant reads recommendations (without the edit form) and registers complaints.
  page = await b.get(`/henstillinger/${f.rec.id}`);
  assert.equal(page.res.status, 200);
  assert.ok(!page.text.includes(`action="/henstillinger/${f.rec.id}"`), 'no edit form for the assistant');
  page = await b.get('/henstillinger');
  assert.equal(page.res.status, 200);
  assert.ok(!page.text.includes('href="/henstillinger/ny"'));
  assert.equal((await b.get(`/sager/${f.c.id}/klager/ny`)).res.status, 200);
  // The signals with the cases behind them, but without the advisor's actions.
  page = await b.get(`/signaler?periode=${PERIOD}`);
  assert.equal(page.res.status, 200);
  assert.ok(page.text.includes(`>${spike[0].number}</a>`));
  assert.ok(!page.text.includes('action="/signaler/afvis"') && !page.text.includes('/undersoegelser/ny'), 'no actions for the assistant');
  const rec = await call('GET', `/api/v1/recommendations/${f.rec.id}`, 200);
  assert.equal(rec.version, f.rec.version, 'nothing changed');
});

test('manager and admin see recommendations and signals as counts, without case content', async () => {
  const f = await fixtures();
  const advisorView = await signals(PERIOD);
  assert.equal(advisorView.signals.length, 1);
  assert.ok(Array.isArray(advisorView.signals[0].cases));
  const assistantView = await signals(PERIOD, { as: 'assistant' });
  assert.deepEqual(assistantView.signals[0].cases, advisorView.signals[0].cases, 'the assistant sees the cases too');
  const before = auditRows("action = 'signal.cases'").length;
  for (const as of ['manager', 'admin']) {
    const r = await signals(PERIOD, { as });
    assert.equal(r.signals.length, 1);
    const s = r.signals[0];
    assert.ok(!('cases' in s), `${as}: no cases member`);
    assert.equal(s.observed, advisorView.signals[0].observed);
    assert.equal(s.key, KEY);
    for (const t of r.time_signals) assert.ok(!('cases' in t));
    const text = JSON.stringify(r);
    for (const c of spike) assert.ok(!text.includes(c.number), `${as} sees no case numbers`);

    const recs = await call('GET', '/api/v1/recommendations', 200, { as });
    assert.deepEqual(Object.keys(recs), ['counts']);
    assert.ok(!JSON.stringify(recs).includes('Rollematrix'), 'no titles');
    const row = recs.counts.find((c) => c.year === 2024 && c.department === 'Ydelser' && c.status === 'delvist_fulgt');
    assert.ok(row && row.count >= 2, JSON.stringify(recs.counts));
    const pending = recs.counts.find((c) => c.year === 2025 && c.department === 'Jobcenter' && c.status === 'afventer_svar');
    assert.ok(pending.count >= 1 && pending.overdue >= 1);
    await call('GET', `/api/v1/recommendations/${f.rec.id}`, 403, { as });
    await call('GET', `/api/v1/investigations/${f.inv.id}`, 403, { as });

    // The pages: counts only, no records, no cases, no actions.
    const b = await signedIn(as);
    let page = await b.get('/henstillinger');
    assert.equal(page.res.status, 200);
    assert.ok(!page.text.includes('Rollematrix') && !page.text.includes('/henstillinger/'), `${as} /henstillinger shows no records`);
    assert.match(page.text, /<table/);
    assert.equal((await b.get(`/henstillinger/${f.rec.id}`)).res.status, 403);
    assert.equal((await b.get('/henstillinger/ny')).res.status, 403);
    assert.equal((await b.get('/undersoegelser')).res.status, 403);
    assert.equal((await b.get(`/undersoegelser/${f.inv.id}`)).res.status, 403);
    assert.equal((await b.get(`/sager/${f.c.id}/klager/ny`)).res.status, 403);
    page = await b.get(`/signaler?periode=${PERIOD}`);
    assert.equal(page.res.status, 200);
    assert.match(page.text, /<h3>Jobcenter · Partshøring<\/h3>/);
    assert.ok(!page.text.includes('/sager/'), `${as} signal page links no cases`);
    for (const c of spike) assert.ok(!page.text.includes(c.number));
    assert.ok(!page.text.includes('action="/signaler/afvis"') && !page.text.includes('/undersoegelser/ny'), 'no actions');
  }
  assert.equal(auditRows("action = 'signal.cases'").length, before, 'nothing audited for counts');
  // Signed out: the pages send you to the login.
  for (const path of ['/henstillinger', '/signaler', '/undersoegelser', '/aktiviteter', '/temaer']) {
    const res = await fetch(srv.base + path, { redirect: 'manual' });
    assert.equal(res.status, 303, path);
    assert.equal(res.headers.get('location'), '/login');
  }
});

// ------------------------------------------------------------------ validation, conflicts --

test('validation errors name the fields; stale versions are 409', async () => {
  const c = await createCase({ received: '2025-04-01' });
  let err = (await call('POST', '/api/v1/recommendations', 400, { body: { title: 'Uden forvaltning', text: 'x' } })).error;
  assert.equal(err.code, 'invalid');
  assert.ok(err.fields.departments, 'fields.departments');
  assert.ok(!err.fields.title);
  err = (await call('POST', '/api/v1/recommendations', 400, { body: { text: 'x', departments: ['Forvaltningen for Ting'] } })).error;
  assert.ok(err.fields.title && err.fields.departments);
  err = (await call('POST', '/api/v1/recommendations', 400, { body: { title: 't', text: 'x', departments: ['Jobcenter'], case_ids: [999999] } })).error;
  assert.ok(err.fields.case_ids, 'unknown case');
  err = (await call('POST', '/api/v1/recommendations', 400, { body: { title: 't', text: 'x', departments: ['Jobcenter'], tittel: 'stavefejl' } })).error;
  assert.ok(err.fields.tittel, 'unknown member');
  err = (await call('POST', '/api/v1/recommendations', 400, {
    body: { title: 't', text: 'x', departments: ['Jobcenter'], issued: '2024-05-10', response_due: '2024-05-01' } })).error;
  assert.ok(err.fields.response_due);

  const rec = await call('POST', '/api/v1/recommendations', 201, { body: { title: 't', text: 'x', departments: ['Jobcenter'], case_ids: [c.id], issued: '2025-04-02' } });
  err = (await call('PATCH', `/api/v1/recommendations/${rec.id}`, 400, { body: { status: 'delvist_fulgt' } })).error;
  assert.ok(err.fields.response_text, 'fields.response_text');
  assert.ok(err.fields.response_date, 'fields.response_date');
  err = (await call('PATCH', `/api/v1/recommendations/${rec.id}`, 400, { body: { status: 'glemt' } })).error;
  assert.ok(err.fields.status);
  const saved = await call('PATCH', `/api/v1/recommendations/${rec.id}`, 200, { body: { version: rec.version, title: 'Ny titel' } });
  await call('PATCH', `/api/v1/recommendations/${rec.id}`, 409, { body: { version: rec.version, title: 'Gammel visning' } });
  assert.equal((await call('GET', `/api/v1/recommendations/${rec.id}`, 200)).title, 'Ny titel');
  assert.equal(saved.version, rec.version + 1);

  const inv = await call('POST', '/api/v1/investigations', 201, { body: { topic: 'Validering', started: '2025-04-03' } });
  err = (await call('PATCH', `/api/v1/investigations/${inv.id}`, 400, { body: { status: 'afsluttet' } })).error;
  assert.ok(err.fields.findings && err.fields.conclusion);
  err = (await call('POST', '/api/v1/investigations', 400, { body: { topic: '', period_from: '2024-09-01', period_to: '2024-08-01' } })).error;
  assert.ok(err.fields.topic && err.fields.period_to);
  await call('PATCH', `/api/v1/investigations/${inv.id}`, 200, { body: { version: inv.version, status: 'i_gang' } });
  await call('PATCH', `/api/v1/investigations/${inv.id}`, 409, { body: { version: inv.version, status: 'planlagt' } });
  // An investigation with recommendations resting on it cannot be deleted.
  await call('PATCH', `/api/v1/recommendations/${rec.id}`, 200, { body: { investigation_id: inv.id } });
  await call('DELETE', `/api/v1/investigations/${inv.id}`, 409);

  err = (await call('POST', `/api/v1/cases/${c.id}/complaints`, 400, {
    body: { department: 'Ydelser', area: 'social', decision_date: '2024-03-01', result: 'aendret', result_date: '2024-06-01' } })).error;
  assert.ok(err.fields.sent, 'complaint result without sent date → fields.sent');
  err = (await call('POST', `/api/v1/cases/${c.id}/complaints`, 400, { body: { department: 'Ydelser', area: 'maane', decision_date: '2024-03-01' } })).error;
  assert.ok(err.fields.area);
  err = (await call('POST', `/api/v1/cases/${c.id}/complaints`, 400, {
    body: { department: 'Ydelser', area: 'social', decision_date: '2024-03-10', decision_received: '2024-03-04' } })).error;
  assert.ok(err.fields.decision_received, 'dates out of order');
  await call('POST', '/api/v1/cases/999999/complaints', 404, { body: { department: 'Ydelser', area: 'social', decision_date: '2024-03-01' } });

  err = (await call('POST', '/api/v1/activities', 400, { body: { date: '2025-13-01', kind: 'fest', topic: '', hours: '0' } })).error;
  for (const f of ['date', 'kind', 'topic', 'hours']) assert.ok(err.fields[f], `activity fields.${f}`);

  err = (await call('POST', `/api/v1/cases/${c.id}/themes`, 400, { body: { theme: 'ukendt_tema', department: 'Jobcenter' } })).error;
  assert.ok(err.fields.theme);
  err = (await call('POST', `/api/v1/cases/${c.id}/themes`, 400, { body: { theme: 'begrundelse', criticism: true } })).error;
  assert.ok(err.fields.criticism_text);
  err = (await call('POST', `/api/v1/cases/${c.id}/themes`, 400, { body: { theme: 'begrundelse', department: 'Månen' } })).error;
  assert.ok(err.fields.department);
  await call('POST', '/api/v1/cases/999999/themes', 404, { body: { theme: 'begrundelse' } });
  await call('DELETE', `/api/v1/cases/${c.id}/themes?theme=begrundelse`, 404);
});

// ---------------------------------------------------------------------------- complaints --

test('complaints: the deadline is computed (4 weeks, off holidays) and a late complaint is marked', async () => {
  const c = await createCase({ received: '2025-01-06', departments: ['Voksen og Handicap'] });
  // Received Monday 4 March 2024: four weeks is Monday 1 April, 2. påskedag, so Tuesday 2 April.
  const base = { department: 'Voksen og Handicap', area: 'social', decision_date: '2024-03-01', decision_received: '2024-03-04' };
  const late = await call('POST', `/api/v1/cases/${c.id}/complaints`, 201, { body: { ...base, sent: '2024-04-03' } });
  assert.equal(late.deadline, '2024-04-02');
  assert.equal(late.late, true);
  assert.equal(late.body, 'Ankestyrelsen');
  const onTime = await call('POST', `/api/v1/cases/${c.id}/complaints`, 201, { body: { ...base, sent: '2024-04-02' } });
  assert.equal(onTime.deadline, '2024-04-02');
  assert.equal(onTime.late, false);
  // Without a receipt date the deadline runs from the decision date: 6 May + 4 weeks = 3 June.
  const notSent = await call('POST', `/api/v1/cases/${c.id}/complaints`, 201, {
    body: { department: 'Voksen og Handicap', area: 'social', decision_date: '2024-05-06' } });
  assert.equal(notSent.late, null);
  assert.equal(notSent.deadline, '2024-06-03');

  // Followed to the end: genvurdering, then the complaint body's result.
  let err = (await call('PATCH', `/api/v1/complaints/${late.id}`, 400, { body: { genvurdering: 'fastholdt' } })).error;
  assert.ok(err.fields.genvurdering_date);
  const g = await call('PATCH', `/api/v1/complaints/${late.id}`, 200, { body: { version: late.version, genvurdering: 'fastholdt', genvurdering_date: '2024-04-20' } });
  await call('PATCH', `/api/v1/complaints/${late.id}`, 409, { body: { version: late.version, note: 'gammel' } });
  await call('PATCH', `/api/v1/complaints/${late.id}`, 200, { body: { version: g.version, result: 'hjemvist', result_date: '2024-08-15' } });
  const list = (await call('GET', `/api/v1/cases/${c.id}/complaints`, 200)).items;
  assert.deepEqual(list.map((x) => x.id), [late.id, onTime.id, notSent.id]);
  assert.equal(list[0].result, 'hjemvist');
  assert.equal(list[0].genvurdering, 'fastholdt');

  const texts = await journalTexts(c.id);
  for (const want of ['complaint:registered:social', 'complaint:sent', 'complaint:genvurdering:fastholdt', 'complaint:result:hjemvist']) {
    assert.ok(texts.includes(want), `journal lacks ${want}: ${JSON.stringify(texts)}`);
  }
  const audit = (await auditActions(c.id)).map((e) => e.action);
  assert.equal(audit.filter((a) => a === 'complaint.create').length, 3);
  assert.equal(audit.filter((a) => a === 'complaint.update').length, 2);

  // The case page shows the complaints, the deadline and that one was sent late.
  const b = await signedIn('advisor');
  let page = await b.get(`/sager/${c.id}`);
  assert.match(page.text, /<h2 id="klager">/);
  assert.ok(page.text.includes('2. april 2024'));
  assert.ok(page.text.includes(`(${msg('complaints.late')})`));
  assert.ok(page.text.includes(`href="/sager/${c.id}/klager/${late.id}"`));

  // Registered and edited through the pages.
  page = await b.get(`/sager/${c.id}/klager/ny`);
  assert.equal(page.res.status, 200);
  let fields = formFields(page.text, `/sager/${c.id}/klager`);
  fields = setField(fields, 'department', 'Voksen og Handicap');
  fields = setField(fields, 'area', 'social');
  fields = setField(fields, 'decision_date', '2024-03-01');
  fields = setField(fields, 'decision_received', '2024-03-04');
  let r = await b.post(`/sager/${c.id}/klager`, setField(fields, 'result', 'aendret'));
  assert.equal(r.res.status, 400, 'a result without a sent complaint');
  assert.match(r.text, /id="f-sent"[^>]*aria-invalid="true"/);
  r = await b.post(`/sager/${c.id}/klager`, setField(fields, 'sent', '2024-04-05'));
  assert.equal(r.res.status, 303, r.text.slice(0, 500));
  const items = (await call('GET', `/api/v1/cases/${c.id}/complaints`, 200)).items;
  const viaPage = items.at(-1);
  assert.equal(viaPage.late, true);
  page = await b.get(`/sager/${c.id}/klager/${viaPage.id}`);
  assert.equal(page.res.status, 200);
  assert.ok(page.text.includes('2. april 2024'));
  fields = formFields(page.text, `/sager/${c.id}/klager/${viaPage.id}`);
  const stale = fields;
  r = await b.post(`/sager/${c.id}/klager/${viaPage.id}`, setField(setField(fields, 'genvurdering', 'aendret'), 'genvurdering_date', '2024-04-25'));
  assert.equal(r.res.status, 303, r.text.slice(0, 500));
  r = await b.post(`/sager/${c.id}/klager/${viaPage.id}`, setField(stale, 'note', 'gammel fane'));
  assert.equal(r.res.status, 409);
  assert.equal((await call('GET', `/api/v1/complaints/${viaPage.id}`, 200)).genvurdering, 'aendret');
  // A complaint is only reachable under its own case.
  assert.equal((await b.get(`/sager/${spike[0].id}/klager/${viaPage.id}`)).res.status, 404);
});

test('complaints: reversal rates per department and area', async () => {
  const c = await createCase({ received: '2025-01-07', departments: ['Teknik og Miljø'] });
  const base = { department: 'Teknik og Miljø', area: 'byg', decision_date: '2024-02-01', sent: '2024-02-20' };
  for (const [result, date] of [['stadfaestet', '2024-05-02'], ['aendret', '2024-05-10'], ['ophaevet', '2024-06-03'],
    ['afvist', '2024-06-04'], ['hjemvist', '2024-08-01']]) {
    await call('POST', `/api/v1/cases/${c.id}/complaints`, 201, { body: { ...base, result, result_date: date } });
  }
  const q2 = await call('GET', '/api/v1/complaints/reversals?period=2024Q2', 200);
  assert.equal(q2.period, '2024Q2');
  const row = q2.items.find((i) => i.department === 'Teknik og Miljø' && i.area === 'byg');
  assert.equal(row.decided, 3, 'afvist is not a decision on the merits');
  assert.equal(row.reversed, 2);
  assert.ok(Math.abs(row.rate - 2 / 3) < 0.001);
  const all = await call('GET', '/api/v1/complaints/reversals', 200);
  assert.equal(all.period, null);
  const allRow = all.items.find((i) => i.department === 'Teknik og Miljø' && i.area === 'byg');
  assert.equal(allRow.decided, 4);
  assert.equal(allRow.reversed, 3);
  const manager = await call('GET', '/api/v1/complaints/reversals?period=2024Q2', 200, { as: 'manager' });
  assert.deepEqual(manager, q2);
  assert.ok((await call('GET', '/api/v1/complaints/reversals?period=2024Q9', 400)).error.fields.period);
});

// ---------------------------------------------------------------------------- activities --

test('activities: create, read, change, conflict, delete; the page lists the year with totals', async () => {
  const a = await call('POST', '/api/v1/activities', 201, {
    body: { date: '2024-09-12', kind: 'undervisning', department: 'Jobcenter', topic: 'Partshøring i praksis', participants: 14, hours: '1,5' },
  });
  assert.equal(a.hours, 1.5);
  assert.equal(a.participants, 14);
  assert.equal(a.kind, 'undervisning');
  assert.deepEqual(await call('GET', `/api/v1/activities/${a.id}`, 200), a);
  const changed = await call('PATCH', `/api/v1/activities/${a.id}`, 200, { body: { version: a.version, hours: 2, participants: 16 } });
  assert.equal(changed.hours, 2);
  assert.equal(changed.participants, 16);
  assert.equal(changed.topic, 'Partshøring i praksis');
  await call('PATCH', `/api/v1/activities/${a.id}`, 409, { body: { version: a.version, topic: 'Gammel' } });
  const listed = (await call('GET', '/api/v1/activities?from=2024-09-01&to=2024-09-30&kind=undervisning', 200)).items;
  assert.ok(listed.some((x) => x.id === a.id));
  assert.ok((await call('GET', '/api/v1/activities?from=2024-02-30', 400)).error.fields.from);

  const b = await signedIn('advisor');
  let page = await b.get('/aktiviteter?aar=2024');
  assert.equal(page.res.status, 200);
  assert.ok(page.text.includes('Partshøring i praksis'));
  assert.ok(page.text.includes(`href="/aktiviteter/${a.id}"`));
  let fields = formFields(page.text, '/aktiviteter');
  fields = setField(fields, 'date', '2024-10-03');
  fields = setField(fields, 'kind', 'oplaeg');
  fields = setField(fields, 'topic', 'Oplæg om klagevejledning');
  let r = await b.post('/aktiviteter', setField(fields, 'hours', 'to timer'));
  assert.equal(r.res.status, 400);
  assert.match(r.text, /id="f-hours"[^>]*aria-invalid="true"/);
  assert.ok(r.text.includes('Oplæg om klagevejledning'), 'typed text kept');
  r = await b.post('/aktiviteter', setField(fields, 'hours', '0,75'));
  assert.equal(r.res.status, 303, r.text.slice(0, 400));
  assert.match(r.res.headers.get('location'), /^\/aktiviteter\?aar=2024/);
  const created = (await call('GET', '/api/v1/activities?kind=oplaeg&from=2024-10-03&to=2024-10-03', 200)).items[0];
  assert.equal(created.hours, 0.75);

  page = await b.get(`/aktiviteter/${created.id}`);
  assert.equal(page.res.status, 200);
  fields = formFields(page.text, `/aktiviteter/${created.id}`);
  assert.deepEqual(fieldValues(fields, 'hours'), ['0,75']);
  r = await b.post(`/aktiviteter/${created.id}`, setField(fields, 'participants', '30'));
  assert.equal(r.res.status, 303);
  r = await b.post(`/aktiviteter/${created.id}`, setField(fields, 'participants', '31'));
  assert.equal(r.res.status, 409, 'the version in the old form is stale');
  assert.equal((await call('GET', `/api/v1/activities/${created.id}`, 200)).participants, 30);
  page = await b.get(`/aktiviteter/${created.id}`);
  r = await b.post(`/aktiviteter/${created.id}/slet`, [['_csrf', b.csrfFrom(page.text)]]);
  assert.equal(r.res.status, 303);
  await call('GET', `/api/v1/activities/${created.id}`, 404);
  await call('DELETE', `/api/v1/activities/${a.id}`, 204);
  await call('DELETE', `/api/v1/activities/${a.id}`, 404);
  assert.ok((await auditRows("action LIKE 'activity.%'")).length >= 5);
});

// ----------------------------------------------------------------------------- dashboard --

test('dashboard: the advisor sees overdue recommendations and follow-ups due; the manager does not', async () => {
  const overdue = await call('POST', '/api/v1/recommendations', 201, {
    body: { title: 'Svar udestår', text: 'Tekst', departments: ['Børn og Familie'], issued: '2025-05-05' },
  });
  assert.equal(overdue.overdue, true);
  const b = await signedIn('advisor');
  const page = await b.get('/oversigt');
  assert.equal(page.res.status, 200);
  const section = (id) => {
    const start = page.text.indexOf(`<h2 id="${id}">`);
    assert.ok(start >= 0, `section ${id}`);
    return page.text.slice(start, page.text.indexOf('</section>', start));
  };
  const overdueSection = section('rec-overdue');
  assert.ok(overdueSection.includes(msg('dashboard.rec_overdue')));
  assert.ok(overdueSection.includes(`<a href="/henstillinger/${overdue.id}">${overdue.number}</a>`));
  assert.ok(overdueSection.includes('Svar udestår'));
  assert.ok(!overdueSection.includes(`/henstillinger/${apiRecommendation.id}"`), 'an answered recommendation is not overdue');
  assert.ok(section('rec-follow-up').includes(`<a href="/henstillinger/${apiRecommendation.id}">${apiRecommendation.number}</a>`));
  for (const role of ['manager', 'admin']) {
    const m = await signedIn(role);
    const text = (await m.get('/oversigt')).text;
    assert.ok(!text.includes('Svar udestår') && !text.includes('rec-overdue'), `${role} dashboard shows no recommendations`);
  }
});

// ---------------------------------------------------------------------- page regressions --

test('signal and activity pages: a bad period or year is a 400 with the error at the field', async () => {
  const b = await signedIn('advisor');
  let page = await b.get('/signaler?periode=2024Q9');
  assert.equal(page.res.status, 400);
  assert.match(page.text, /<title>Fejl: /);
  assert.match(page.text, /id="f-periode"[^>]*aria-invalid="true"/);
  page = await b.get('/aktiviteter?aar=tyve');
  assert.equal(page.res.status, 400);
  assert.match(page.text, /id="f-aar"[^>]*aria-invalid="true"/);
  assert.equal((await b.get('/signaler?periode=2024Q3')).res.status, 200);
  assert.equal((await b.get('/aktiviteter?aar=2024')).res.status, 200);
});

// Runs last: it adds a department to the settings and a second signal to 2024Q3.
test('signal links survive a department name with "&" (regression: the key went unencoded into the href); dismissing through the page', async () => {
  const admin = await signedIn('admin');
  let page = await admin.get('/indstillinger');
  let fields = formFields(page.text, '/indstillinger');
  fields = setField(fields, 'departments', `${fieldValues(fields, 'departments')[0].trimEnd()}\nPlan & Byg`);
  let r = await admin.post('/indstillinger', fields);
  assert.equal(r.res.status, 303, r.text.slice(0, 500));

  const cases = [];
  for (let i = 0; i < 6; i++) {
    const c = await createCase({ received: `2024-08-${String(5 + i).padStart(2, '0')}`, departments: ['Plan & Byg'] });
    await tag(c.id, 'aktindsigt', 'Plan & Byg');
    cases.push(c);
  }
  const key = '2024Q3:theme:Plan & Byg:aktindsigt';
  assert.ok((await signals(PERIOD)).signals.some((s) => s.key === key), 'the new pair is a signal');

  const b = await signedIn('advisor');
  page = await b.get(`/signaler?periode=${PERIOD}`);
  const hrefs = [...page.text.matchAll(/href="(\/(?:undersoegelser|henstillinger)\/ny\?signal=[^"]*aktindsigt[^"]*)"/g)].map((m) => decode(m[1]));
  assert.equal(hrefs.length, 2, 'links to a new investigation and a new recommendation');
  for (const href of hrefs) {
    // As a browser follows the link.
    const target = new URL(href, srv.base);
    assert.equal(target.searchParams.get('signal'), key, `${href} carries the whole key`);
    const form = await b.get(target.pathname + target.search);
    assert.equal(form.res.status, 200);
    const action = target.pathname.replace(/\/ny$/, '');
    const got = formFields(form.text, action);
    assert.deepEqual(fieldValues(got, 'departments'), ['Plan & Byg'], `${action}: department prefilled`);
    assert.deepEqual(fieldValues(got, 'cases')[0].split(/,\s*/).sort(), cases.map((c) => c.number).sort(), `${action}: cases prefilled`);
  }

  // Dismissing through the page: without a note the form comes back with the error; then hidden.
  const csrf = b.csrfFrom(page.text);
  r = await b.post('/signaler/afvis', [['_csrf', csrf], ['key', key], ['note', '  ']]);
  assert.equal(r.res.status, 400);
  assert.match(r.text, /role="alert"/);
  assert.match(r.text, /<details class="bb-noprint" open>/);
  assert.match(r.text, /<textarea[^>]*aria-invalid="true"/);
  r = await b.post('/signaler/afvis', [['_csrf', csrf], ['key', key], ['note', 'Forklaret af en ny ordning for aktindsigt.']]);
  assert.equal(r.res.status, 303);
  assert.equal(r.res.headers.get('location'), `/signaler?periode=${PERIOD}&ok=signal_dismissed`);
  assert.ok(!(await signals(PERIOD)).signals.some((s) => s.key === key), 'hidden after the dismissal');
  page = await b.get(`/signaler?periode=${PERIOD}&vis_afviste=1`);
  assert.ok(page.text.includes('Forklaret af en ny ordning for aktindsigt.'), 'the note is shown with the reviewed signal');
  r = await b.post('/signaler/afvis', [['_csrf', csrf], ['key', '2024Q3:theme:Ydelser:notatpligt'], ['note', 'x']]);
  assert.equal(r.res.status, 404);
});

test('after everything above, the audit chain still verifies', () => {
  const r = cli(srv.db, ['--format', 'json', 'audit', 'verify']);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.equal(JSON.parse(r.stdout).ok, true);
});
