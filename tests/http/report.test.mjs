// Black-box tests of the annual report and the statistics (issue 5) against a real server and
// database. A known, varied set of cases (2022–2025) and of recommendations, investigations,
// activities and complaints is created through the API from a seeded random generator; every
// table of the report is then computed here, independently, from what was created (the
// definitions of store.h CaseFigures and domain/report.h) and compared with
// GET /api/v1/reports/annual (exact; then published with the small-count threshold 5 and 3),
// GET /api/v1/statistics for a quarter, a month and a year with and without a department, the
// Statistik page's CSV, the downloads (CSV parsed as RFC 4180, XLSX as a zip with one sheet per
// table, PDF through pdftotext/pdfinfo/pdftoppm) and `brobygger report annual`. Role rules and
// the absence of case content in everything a manager gets are checked too.
//
// The tests share one server and run in order: before() creates the data. Set
// BB_REPORT_SEED to try another data set, BB_REPORT_PNG_DIR to keep the PDFs and their first pages
// as images.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, Browserless, cli } from '../lib/server.mjs';

const DA = JSON.parse(readFileSync(new URL('../../messages/da.json', import.meta.url), 'utf8'));
// A message of messages/da.json (the API names fields with these texts).
const msg = (key) => key.split('.').reduce((o, k) => o?.[k], DA);
const SEED = Number(process.env.BB_REPORT_SEED || 20241231);

let srv;
let work;  // a temporary directory for downloads
before(async () => {
  srv = await startServer();
  work = mkdtempSync(join(tmpdir(), 'bb-report-'));
  await seed();
});
after(async () => {
  await srv?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

// ------------------------------------------------------------------------------ helpers --

function api(method, path, { as = 'advisor', body } = {}) {
  const headers = {};
  if (as) headers.authorization = `Bearer ${srv.users[as].token}`;
  let payload;
  if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  return fetch(srv.base + path, { method, headers, body: payload });
}

async function call(method, path, status, opts = {}) {
  const res = await api(method, path, opts);
  const text = await res.text();
  assert.equal(res.status, status, `${opts.as || 'advisor'} ${method} ${path}: ${text.slice(0, 600)}`);
  return text ? JSON.parse(text) : null;
}

async function signedIn(role) {
  const b = new Browserless(srv.base);
  const r = await b.login(srv.users[role].email, srv.users[role].password);
  assert.equal(r.res.status, 303, `login as ${role}`);
  return b;
}

// A download's bytes with the session's cookie.
async function download(browser, path, status = 200) {
  const res = await fetch(srv.base + path, { headers: { cookie: browser.cookieHeader() }, redirect: 'manual' });
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(res.status, status, `${path}: ${bytes.toString('utf8').slice(0, 300)}`);
  return { res, bytes };
}

function run(cmd, args, input) {
  const r = spawnSync(cmd, args, { input, maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

// --- seeded randomness (mulberry32) ---

function mulberry32(a) {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(SEED);
const chance = (p) => rnd() < p;
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
function weighted(pairs) {
  let x = rnd() * pairs.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of pairs) if ((x -= w) < 0) return v;
  return pairs[pairs.length - 1][0];
}
function distinct(pairs, n) {
  const out = [];
  while (out.length < n) {
    const v = weighted(pairs);
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

// --- dates and the Danish working-day calendar (written out, not computed) ---

const DAY = 86400000;
const ms = (iso) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
const iso = (t) => new Date(t).toISOString().slice(0, 10);
const addDays = (d, n) => iso(ms(d) + n * DAY);
const minDate = (a, b) => (a < b ? a : b);
const pad = (n) => String(n).padStart(2, '0');
// The server counts in Copenhagen time.
const copenhagenToday = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date());
const TODAY = copenhagenToday();

// Danish public holidays 2022–2027 from the almanac (Store bededag until 2023), plus 24 and 31
// December, which the office keeps closed.
const HOLIDAYS = new Set([
  '2022-01-01', '2022-04-14', '2022-04-15', '2022-04-17', '2022-04-18', '2022-05-13', '2022-05-26', '2022-06-05', '2022-06-06',
  '2022-12-24', '2022-12-25', '2022-12-26', '2022-12-31',
  '2023-01-01', '2023-04-06', '2023-04-07', '2023-04-09', '2023-04-10', '2023-05-05', '2023-05-18', '2023-05-28', '2023-05-29',
  '2023-06-05', '2023-12-24', '2023-12-25', '2023-12-26', '2023-12-31',
  '2024-01-01', '2024-03-28', '2024-03-29', '2024-03-31', '2024-04-01', '2024-05-09', '2024-05-19', '2024-05-20', '2024-06-05',
  '2024-12-24', '2024-12-25', '2024-12-26', '2024-12-31',
  '2025-01-01', '2025-04-17', '2025-04-18', '2025-04-20', '2025-04-21', '2025-05-29', '2025-06-05', '2025-06-08', '2025-06-09',
  '2025-12-24', '2025-12-25', '2025-12-26', '2025-12-31',
  '2026-01-01', '2026-04-02', '2026-04-03', '2026-04-05', '2026-04-06', '2026-05-14', '2026-05-24', '2026-05-25', '2026-06-05',
  '2026-12-24', '2026-12-25', '2026-12-26', '2026-12-31',
  '2027-01-01', '2027-03-25', '2027-03-26', '2027-03-28', '2027-03-29', '2027-05-06', '2027-05-16', '2027-05-17', '2027-06-05',
  '2027-12-24', '2027-12-25', '2027-12-26', '2027-12-31',
]);
const isWorkingDay = (d) => {
  const wd = new Date(ms(d)).getUTCDay();
  return wd !== 0 && wd !== 6 && !HOLIDAYS.has(d);
};
// Working days after `from` up to and including `to`.
function workingDaysBetween(from, to) {
  assert.ok(to <= '2027-12-31', 'the test calendar ends in 2027');
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
  return n;
}
function addWorkingDays(from, n) {
  let d = from;
  while (n > 0) {
    d = addDays(d, 1);
    if (isWorkingDay(d)) n--;
  }
  return d;
}

// Median and nearest-rank 90th percentile; within counts those ≤ target.
function durationStats(days, target) {
  const d = [...days].sort((a, b) => a - b);
  const n = d.length;
  if (n === 0) return { cases: 0, median: 0, p90: 0, within: 0, pct: 0 };
  const median = n % 2 ? d[(n - 1) / 2] : (d[n / 2 - 1] + d[n / 2]) / 2;
  const p90 = d[Math.floor((9 * n + 9) / 10) - 1];  // rank ⌈0.9·n⌉ in integers
  const within = d.filter((v) => v <= target).length;
  return { cases: n, median, p90, within, pct: Math.round((1000 * within) / n) / 10 };
}

// --- RFC 4180 ---

function parseCsv(text) {
  const rows = [];
  let row = [], field = '', i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"' && field === '') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    assert.ok(c !== '\n' && c !== '\r' && c !== '"', `CSV: bare ${JSON.stringify(c)} at ${i}`);
    field += c; i++;
  }
  assert.equal(field, '', 'CSV ends with CRLF');
  assert.equal(row.length, 0, 'CSV ends with CRLF');
  return rows;
}

// --- pages ---

const decode = (s) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function attrs(tag) {
  const out = {};
  for (const m of tag.matchAll(/([a-zA-Z_:-]+)(?:="([^"]*)")?/g)) out[m[1]] = m[2] === undefined ? true : decode(m[2]);
  return out;
}

// What a browser would send for the form with this action (checked boxes only; selected options).
function formFields(html, action) {
  const start = html.indexOf(`<form method="post" action="${action}"`);
  assert.ok(start >= 0, `no form posting to ${action}`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields = [];
  for (const m of form.matchAll(/<input\b([^>]*)>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>|<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    if (m[1] !== undefined) {
      const a = attrs(m[1]);
      if (!a.name || a.type === 'file' || a.type === 'submit') continue;
      if ((a.type === 'checkbox' || a.type === 'radio') && !a.checked) continue;
      fields.push([a.name, a.value ?? '']);
    } else if (m[2] !== undefined) {
      fields.push([attrs(m[2]).name, decode(m[3].replace(/^\n/, ''))]);
    } else {
      const a = attrs(m[4]);
      const options = [...m[5].matchAll(/<option\b([^>]*)>/g)].map((o) => attrs(o[1]));
      const chosen = options.filter((o) => o.selected);
      for (const o of chosen.length ? chosen : options.slice(0, 1)) fields.push([a.name, o.value ?? '']);
    }
  }
  return fields;
}

function setField(fields, name, value) {
  const out = fields.filter(([n]) => n !== name);
  out.push([name, value]);
  return out;
}

// ------------------------------------------------------------------------ the data set --

const DEPARTMENTS = ['Borgerservice', 'Jobcenter', 'Ydelser', 'Voksen og Handicap', 'Børn og Familie', 'Sundhed og Omsorg',
  'Skole og Dagtilbud', 'Teknik og Miljø', 'Økonomi og Opkrævning', 'Kultur og Fritid', 'Andet'];
const DEPARTMENT_WEIGHTS = [['Jobcenter', 30], ['Ydelser', 18], ['Børn og Familie', 14], ['Økonomi og Opkrævning', 10],
  ['Voksen og Handicap', 9], ['Borgerservice', 7], ['Teknik og Miljø', 5], ['Sundhed og Omsorg', 3], ['Skole og Dagtilbud', 2], ['Andet', 2]];
const CHANNELS = ['telefon', 'email', 'brev', 'personligt', 'webformular', 'digital_post'];
const CHANNEL_WEIGHTS = [['telefon', 40], ['email', 25], ['brev', 12], ['personligt', 10], ['webformular', 8], ['digital_post', 5]];
const REASONS = ['forstaa', 'kontakt', 'hjaelp', 'hoert', 'klage', 'andet'];
const REASON_WEIGHTS = [['forstaa', 30], ['klage', 25], ['kontakt', 18], ['hjaelp', 15], ['hoert', 8], ['andet', 4]];
const OUTCOMES = ['vejvisning', 'vejledning', 'formidling', 'maegling', 'kritik', 'ingen_kritik', 'afvist'];
const OUTCOME_WEIGHTS = [['vejledning', 30], ['formidling', 20], ['vejvisning', 15], ['afvist', 14], ['kritik', 9], ['ingen_kritik', 7], ['maegling', 5]];
const REJECTION_REASONS = [['Sagen verserer ved Ankestyrelsen.', 6], ['Henvendelsen angår et politisk vedtaget serviceniveau.', 3],
  ['Uden for borgerrådgiverens kompetence: privatretlig tvist, fx med en udlejer.', 2], ['Klagen er over et år gammel.', 1]];
const REC_STATUSES = ['afventer_svar', 'fulgt', 'delvist_fulgt', 'ikke_fulgt', 'bortfaldet'];
const ACTIVITY_KINDS = ['undervisning', 'sparring', 'oplaeg', 'moede'];
const AREAS = ['social', 'beskaeftigelse', 'byg', 'plan', 'miljoe', 'skat', 'ombudsmand', 'aktindsigt'];
const RESULTS = [['stadfaestet', 30], ['aendret', 12], ['ophaevet', 6], ['hjemvist', 12], ['afvist', 6], ['tilbagekaldt', 5], [null, 20]];
const TARGET = 10;  // the default first-response target (working days)

// What was created, as the test knows it.
const cases = [];
const recommendations = [];
const investigations = [];
const activities = [];
const complaints = [];
let themeList = [];  // GET /api/v1/themes
const FOREWORD = 'Året bød på flere henvendelser end før, især om Børn og Familie og om Økonomi og Opkrævning. Tak til forvaltningerne for et godt samarbejde.';
const STORY_TITLE = 'Da regningen fra Økonomi og Opkrævning blev for stor';
const STORY_TEXT = 'En borger fik en regning, hun ikke forstod. Vi fik forvaltningen til at forklare den, og hun fik en afdragsordning.';
const HIDDEN_STORY = 'En fortælling, der ikke skal med';
let storyId;

let citizenNo = 0;
async function createCase(received) {
  const n = ++citizenNo;
  const c = {
    received,
    channel: weighted(CHANNEL_WEIGHTS),
    reasons: distinct(REASON_WEIGHTS, chance(0.35) ? 2 : 1),
    // A few cases name no department (allowed), most one, some two.
    departments: chance(0.05) ? [] : distinct(DEPARTMENT_WEIGHTS, chance(0.3) ? 2 : 1),
    consent: chance(0.5),
    citizen: `Karen Hemmeligsen${n}`,
    summary: `SAGSTEKST-${n}: borgeren har fået et afslag og forstår ikke begrundelsen.`,
    status: 'ny', outcome: null, rejection_reason: '', first_response_on: null, closed_on: null, themes: [],
  };
  const body = { received, channel: c.channel, reasons: c.reasons, departments: c.departments, summary: c.summary, citizen: { name: c.citizen } };
  if (c.consent) body.consent = { state: 'given', form: 'oral' };
  const got = await call('POST', '/api/v1/cases', 201, { body });
  assert.equal(got.first_response_due, addWorkingDays(received, TARGET), `first-response due of a case received ${received} (test calendar vs server)`);
  c.id = got.id;
  c.number = got.number;
  cases.push(c);
  return c;
}

// A PATCH as the rules of case.cc say it works, mirrored on the test's copy and checked.
async function patch(c, body) {
  const today = copenhagenToday();
  const target = body.status ?? c.status;
  if (body.first_response_on) c.first_response_on = body.first_response_on;
  if (body.outcome !== undefined) c.outcome = body.outcome;
  if (body.rejection_reason !== undefined) c.rejection_reason = body.rejection_reason;
  if (body.consent) c.consent = body.consent.state === 'given';
  if (c.status === 'afsluttet' && target !== 'afsluttet') c.closed_on = null;
  if (target === 'afsluttet' && c.status !== 'afsluttet') c.closed_on = today;
  if (target !== c.status && c.status === 'ny' && !c.first_response_on) c.first_response_on = today;
  c.status = target;
  const got = await call('PATCH', `/api/v1/cases/${c.id}`, 200, { body });
  for (const k of ['status', 'outcome', 'first_response_on', 'closed_on']) assert.equal(got[k], c[k], `${k} of case ${c.number} after ${JSON.stringify(body)}`);
}

async function journal(c, kind) {
  await call('POST', `/api/v1/cases/${c.id}/journal`, 201, { body: { kind, text: `Journalnotat (${kind}).` } });
  if (['call', 'meeting', 'letter_out', 'email'].includes(kind) && !c.first_response_on) c.first_response_on = copenhagenToday();
}

async function tagTheme(c, theme, department, criticism) {
  const body = { theme, department };
  if (criticism) Object.assign(body, { criticism: true, criticism_text: 'Forvaltningen begrundede ikke afgørelsen.' });
  await call('POST', `/api/v1/cases/${c.id}/themes`, 200, { body });
  const old = c.themes.find((t) => t.theme === theme && t.department === department);
  if (old) old.criticism = criticism;
  else c.themes.push({ theme, department, criticism });
}

// One case's course: a first response (a date, a journal entry or none), a status path, themes.
async function live(c) {
  const r = rnd();
  if (r < 0.4) {
    await patch(c, { first_response_on: minDate(addDays(c.received, int(0, 24)), TODAY) });
  } else if (r < 0.55) {
    await journal(c, weighted([['call', 3], ['letter_out', 3], ['email', 1], ['meeting', 1]]));
  } else if (r < 0.62) {
    await journal(c, weighted([['note', 1], ['letter_in', 1]]));  // not a response
  }
  const path = weighted([['none', 18], ['working', 10], ['contact', 10], ['outcome_only', 4], ['closed', 55], ['reopened', 5]]);
  if (path === 'working') {
    await patch(c, { status: 'i_gang' });
  } else if (path === 'contact') {
    if (!c.consent) {
      const err = await call('PATCH', `/api/v1/cases/${c.id}`, 422, { body: { status: 'afventer_forvaltning' } });
      assert.equal(err.error.fields.consent, msg('case.contact_needs_consent'));
      await patch(c, { consent: { state: 'given', form: 'written' }, status: 'afventer_forvaltning' });
    } else {
      await patch(c, { status: 'afventer_forvaltning' });
    }
  } else if (path === 'outcome_only') {
    await patch(c, { outcome: weighted(OUTCOME_WEIGHTS) });
  } else if (path === 'closed' || path === 'reopened') {
    const outcome = weighted(OUTCOME_WEIGHTS);
    if (chance(0.1)) {
      const err = await call('PATCH', `/api/v1/cases/${c.id}`, 422, { body: { status: 'afsluttet' } });
      assert.equal(err.error.fields.outcome, msg('case.close_needs_outcome'));
    }
    const body = { status: 'afsluttet', outcome };
    if (outcome === 'afvist') Object.assign(body, { rejection_reason: weighted(REJECTION_REASONS), referral: 'Ankestyrelsen, tlf. 33 41 12 00' });
    await patch(c, body);
    if (path === 'reopened') await patch(c, { status: 'i_gang', reopen_note: 'Borgeren har ringet igen.' });
  }
  if (chance(0.45)) {
    const active = themeList.filter((t) => t.active).map((t) => [t.code, 1]);
    for (const theme of distinct(active, chance(0.3) ? 2 : 1)) {
      const r2 = rnd();
      const department = r2 < 0.7 && c.departments.length ? c.departments[int(0, c.departments.length - 1)]
        : r2 < 0.85 ? '' : weighted(DEPARTMENT_WEIGHTS);
      await tagTheme(c, theme, department, chance(0.2));
    }
    // Now and then the same theme for a second department: the case still counts once.
    if (chance(0.15)) {
      const t = c.themes[0];
      const other = DEPARTMENTS.find((d) => d !== t.department && !c.themes.some((x) => x.theme === t.theme && x.department === d));
      await tagTheme(c, t.theme, other, chance(0.3));
    }
  }
}

function randomDate(from, to) {
  return addDays(from, int(0, Math.round((ms(to) - ms(from)) / DAY)));
}

async function seed() {
  assert.ok(TODAY >= '2025-01-01' && TODAY <= '2027-12-31', `the test data assume a date in 2025–2027, not ${TODAY}`);
  themeList = (await call('GET', '/api/v1/themes', 200)).items;
  // Cases: every month of 2024 at least once, then random days of 2024 and 2023; a few just
  // outside (2022, 2025) that no figure of 2023–2024 may count.
  const received = [];
  for (let m = 1; m <= 12; m++) received.push(`2024-${pad(m)}-${pad(int(1, 28))}`);
  for (let i = 0; i < 58; i++) received.push(randomDate('2024-01-01', '2024-12-31'));
  for (let i = 0; i < 36; i++) received.push(randomDate('2023-01-01', '2023-12-31'));
  received.push('2022-12-31', '2022-06-15', '2025-01-01', '2025-03-03');
  // Edges of the periods: the first and last day of the year and of 2024Q3.
  received.push('2024-01-01', '2024-12-31', '2023-01-01', '2023-12-31', '2024-07-01', '2024-09-30', '2024-06-30', '2024-10-01');
  for (const r of received) await live(await createCase(r));
  // Two more in 2022, both answered and closed, so 2022 has a few durations to withhold.
  for (const [r, answered] of [['2022-03-01', '2022-03-04'], ['2022-09-12', '2022-09-30']]) {
    const c = await createCase(r);
    await patch(c, { first_response_on: answered });
    await patch(c, { status: 'afsluttet', outcome: 'vejledning' });
  }

  // Recommendations: issued 2023–2025, every status, some overdue, one not yet due.
  const recCount = { 2023: 7, 2024: 15, 2025: 2 };
  for (const [year, n] of Object.entries(recCount)) {
    for (let i = 0; i < n; i++) {
      const issued = randomDate(`${year}-01-01`, minDate(`${year}-12-31`, TODAY));
      let status = weighted([['afventer_svar', 5], ['fulgt', 4], ['delvist_fulgt', 3], ['ikke_fulgt', 2], ['bortfaldet', 1]]);
      // The first two of 2024 await a response: one not yet due, one overdue.
      const pending = year === '2024' && i < 2;
      if (pending) status = 'afventer_svar';
      const departments = distinct(DEPARTMENT_WEIGHTS, chance(0.3) ? 2 : 1);
      const body = {
        title: `Henstilling ${year}-${i + 1} om partshøring og begrundelse`,
        text: 'Borgerrådgiveren henstiller, at forvaltningen begrunder sine afgørelser.',
        departments, issued, status,
      };
      if (['fulgt', 'delvist_fulgt', 'ikke_fulgt'].includes(status)) {
        body.response_text = 'Forvaltningen har svaret.';
        body.response_date = minDate(addDays(issued, int(5, 40)), TODAY);
      }
      if (status === 'afventer_svar' && (chance(0.3) || (pending && i === 0)) && !(pending && i === 1)) body.response_due = addDays(TODAY, 200);  // not overdue
      const got = await call('POST', '/api/v1/recommendations', 201, { body });
      assert.equal(got.status, status);
      const due = body.response_due ?? addWorkingDays(issued, 20);
      assert.equal(got.response_due, due, 'response due: 20 working days');
      recommendations.push({ id: got.id, number: got.number, title: body.title, departments, issued, status, overdue: status === 'afventer_svar' && due < TODAY });
    }
  }

  // Investigations started 2022–2025.
  for (const [year, n] of Object.entries({ 2022: 1, 2023: 3, 2024: 6, 2025: 1 })) {
    for (let i = 0; i < n; i++) {
      const started = randomDate(`${year}-01-01`, minDate(`${year}-12-31`, TODAY));
      const status = weighted([['planlagt', 1], ['i_gang', 2], ['afsluttet', 2]]);
      const departments = chance(0.2) ? [] : distinct(DEPARTMENT_WEIGHTS, chance(0.3) ? 2 : 1);
      const body = { topic: `Undersøgelse ${year}-${i + 1}: sagsbehandlingstider`, departments, started, status };
      if (status === 'afsluttet') Object.assign(body, { findings: 'Fund.', conclusion: 'Konklusion.' });
      const got = await call('POST', '/api/v1/investigations', 201, { body });
      investigations.push({ id: got.id, number: got.number, topic: body.topic, status, started, departments });
    }
  }

  // Teaching and sparring 2023–2025.
  for (const [year, n] of Object.entries({ 2023: 8, 2024: 17, 2025: 2 })) {
    for (let i = 0; i < n; i++) {
      const date = randomDate(`${year}-01-01`, `${year}-12-31`);
      const kind = weighted([['undervisning', 4], ['sparring', 3], ['oplaeg', 2], ['moede', 1]]);
      const minutes = 15 * int(1, 32);
      const department = chance(0.2) ? '' : weighted(DEPARTMENT_WEIGHTS);
      const participants = int(0, 40);
      const hours = chance(0.5) ? String(minutes / 60).replace('.', ',') : minutes / 60;
      await call('POST', '/api/v1/activities', 201, { body: { date, kind, department, topic: `Emne ${i + 1}`, participants, hours } });
      activities.push({ date, kind, department, participants, minutes });
    }
  }

  // Complaints on cases, with results dated 2023–2025 (some none, some not on the merits).
  const withCases = cases.filter((c) => c.received < '2025-01-01');
  for (let i = 0; i < 30; i++) {
    const c = withCases[int(0, withCases.length - 1)];
    const decision = randomDate('2022-10-01', '2025-03-31');
    const sent = addDays(decision, int(3, 25));
    const department = weighted(DEPARTMENT_WEIGHTS);
    const created = await call('POST', `/api/v1/cases/${c.id}/complaints`, 201, {
      body: { department, area: AREAS[int(0, AREAS.length - 1)], decision_date: decision, sent },
    });
    const result = weighted(RESULTS);
    let resultDate = null;
    if (result) {
      resultDate = minDate(addDays(sent, int(20, 240)), TODAY);
      const body = { version: created.version, result, result_date: resultDate };
      if (chance(0.4)) Object.assign(body, { genvurdering: 'fastholdt', genvurdering_date: addDays(sent, 10) < resultDate ? addDays(sent, 10) : sent });
      await call('PATCH', `/api/v1/complaints/${created.id}`, 200, { body });
    }
    complaints.push({ department, result, result_date: resultDate });
  }

  // The advisor's foreword and stories, through the page's forms.
  const advisor = await signedIn('advisor');
  const page = await advisor.get('/aarsberetning?aar=2024');
  assert.equal(page.res.status, 200);
  const csrf = advisor.csrfFrom(page.text);
  let r = await advisor.post('/aarsberetning/2024/forord', [['_csrf', csrf], ['foreword', FOREWORD]]);
  assert.equal(r.res.status, 303, r.text.slice(0, 400));
  const storyCase = cases.find((c) => c.received.startsWith('2024'));
  r = await advisor.post('/aarsberetning/2024/historier', [['_csrf', csrf], ['title', STORY_TITLE], ['text', STORY_TEXT], ['case', storyCase.number], ['include', '1']]);
  assert.equal(r.res.status, 303, r.text.slice(0, 400));
  r = await advisor.post('/aarsberetning/2024/historier', [['_csrf', csrf], ['title', HIDDEN_STORY], ['text', 'Med navne, der ikke må ud.']]);
  assert.equal(r.res.status, 303, r.text.slice(0, 400));
  const listed = await advisor.get('/aarsberetning?aar=2024');
  const ids = [...listed.text.matchAll(/href="\/aarsberetning\/historier\/(\d+)"/g)].map((m) => Number(m[1]));
  assert.equal(ids.length, 2, 'both stories are listed for the advisor');
  storyId = ids[0];

  // The test's copy of every case agrees with the server's (dates set by the server's clock).
  const server = new Map();
  for (let cursor = ''; ;) {
    const page = await call('GET', `/api/v1/cases?limit=200${cursor ? `&cursor=${cursor}` : ''}`, 200);
    for (const item of page.items) server.set(item.id, item);
    if (!page.next) break;
    cursor = encodeURIComponent(page.next);
  }
  for (const c of cases) {
    const s = server.get(c.id);
    for (const k of ['status', 'outcome', 'first_response_on', 'closed_on', 'received', 'channel']) {
      assert.deepEqual(s[k], c[k], `${k} of case ${c.number}`);
    }
  }
  assert.equal(copenhagenToday(), TODAY, 'the data were created on one day (run the test again after midnight)');
}

// ---------------------------------------------------------------- independent figures --

function months(from, to) {
  const out = [];
  for (let y = Number(from.slice(0, 4)), m = Number(from.slice(5, 7)); `${y}-${pad(m)}` <= to.slice(0, 7); m === 12 ? (y++, m = 1) : m++) {
    out.push(`${y}-${pad(m)}`);
  }
  return out;
}

const count = (items, pred) => items.filter(pred).length;
const zeros = (keys) => Object.fromEntries(keys.map((k) => [k, 0]));

// The figures of the report JSON for cases received from..to (naming `department`, if given).
function expectedFigures(from, to, department = '') {
  const inPeriod = (d) => d !== null && d >= from && d <= to;
  const cs = cases.filter((c) => inPeriod(c.received) && (!department || c.departments.includes(department)));

  const byMonth = zeros(months(from, to));
  const byChannel = zeros(CHANNELS), byReason = zeros(REASONS), byDepartment = zeros(DEPARTMENTS);
  const byOutcome = { ...zeros(OUTCOMES), '': 0 };
  const byTheme = zeros(themeList.filter((t) => t.active).map((t) => t.code));
  const rejectionReasons = {}, criticismByDepartment = {};
  let criticism = 0;
  const firstResponse = [], closing = [];
  for (const c of cs) {
    byMonth[c.received.slice(0, 7)]++;
    byChannel[c.channel]++;
    for (const r of c.reasons) byReason[r]++;
    for (const d of c.departments) byDepartment[d] = (byDepartment[d] ?? 0) + 1;
    byOutcome[c.outcome ?? '']++;
    for (const t of new Set(c.themes.map((x) => x.theme))) byTheme[t] = (byTheme[t] ?? 0) + 1;
    if (c.outcome === 'afvist') rejectionReasons[c.rejection_reason] = (rejectionReasons[c.rejection_reason] ?? 0) + 1;
    const criticised = c.themes.filter((t) => t.criticism);
    if (c.outcome === 'kritik' || criticised.length) {
      criticism++;
      const deps = new Set([...(c.outcome === 'kritik' ? c.departments : []), ...criticised.map((t) => t.department).filter(Boolean)]);
      for (const d of deps) criticismByDepartment[d] = (criticismByDepartment[d] ?? 0) + 1;
    }
    if (c.first_response_on) firstResponse.push(workingDaysBetween(c.received, c.first_response_on));
    if (c.closed_on) closing.push(workingDaysBetween(c.received, c.closed_on));
  }
  const fr = durationStats(firstResponse, TARGET);
  const cl = durationStats(closing, TARGET);

  const recs = recommendations.filter((r) => inPeriod(r.issued) && (!department || r.departments.includes(department)))
    .sort((a, b) => (a.issued === b.issued ? a.id - b.id : a.issued < b.issued ? -1 : 1));
  const byStatus = zeros(REC_STATUSES), overdue = {};
  for (const r of recs) {
    byStatus[r.status]++;
    if (r.overdue) for (const d of r.departments) overdue[d] = (overdue[d] ?? 0) + 1;
  }
  const invs = investigations.filter((i) => inPeriod(i.started) && (!department || i.departments.includes(department)))
    .sort((a, b) => (a.started === b.started ? a.id - b.id : a.started < b.started ? -1 : 1));
  const acts = {};
  for (const k of ACTIVITY_KINDS) {
    const these = activities.filter((a) => a.kind === k && inPeriod(a.date) && (!department || a.department === department));
    const minutes = these.reduce((s, a) => s + a.minutes, 0);
    acts[k] = { count: these.length, participants: these.reduce((s, a) => s + a.participants, 0), hours: Math.round((minutes / 60) * 100) / 100 };
  }
  const decided = complaints.filter((x) => inPeriod(x.result_date) && ['stadfaestet', 'aendret', 'ophaevet', 'hjemvist'].includes(x.result) &&
    (!department || x.department === department));

  return {
    cases_total: cs.length,
    by_month: byMonth,
    by_channel: byChannel,
    by_reason: byReason,
    by_department: byDepartment,
    by_outcome: byOutcome,
    by_theme: byTheme,
    rejected: { total: byOutcome.afvist, by_reason: rejectionReasons },
    first_response: { cases: fr.cases, median_working_days: fr.median, p90_working_days: fr.p90, within_target: fr.within, within_target_pct: fr.pct },
    first_response_target_working_days: TARGET,
    closing: { cases: cl.cases, median_working_days: cl.median, p90_working_days: cl.p90 },
    criticism: { cases: criticism, by_department: criticismByDepartment },
    recommendations: {
      issued: recs.length,
      by_status: byStatus,
      overdue_by_department: overdue,
      items: recs.map((r) => ({ number: r.number, title: r.title, departments: r.departments, status: r.status, overdue: r.overdue })),
    },
    investigations: invs.map((i) => ({ number: i.number, topic: i.topic, status: i.status })),
    activities: acts,
    complaints: { decided: decided.length, reversed: count(decided, (x) => x.result !== 'stadfaestet') },
  };
}

const small = (n, th) => typeof n === 'number' && n >= 1 && n < th;
const shown = (n, th) => (small(n, th) ? `< ${th}` : n);
const publishTable = (t, th) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, shown(v, th)]));

// The published figures (domain/report.h): counts 1..th−1 as "< th"; a rejection reason given
// fewer than th times is left out (its text could name the citizen); durations of fewer than th
// cases withheld (cases "< th", the other figures 0); a within-target count below th shown as
// "< th" and its percentage withheld (null). Teaching and sparring are not about citizens and
// stay exact.
function publishFigures(f, th) {
  const dur = (d, withTarget) => {
    if (small(d.cases, th)) {
      const out = { cases: `< ${th}`, median_working_days: 0, p90_working_days: 0 };
      return withTarget ? { ...out, within_target: 0, within_target_pct: 0 } : out;
    }
    if (!withTarget || !small(d.within_target, th)) return d;
    return { ...d, within_target: `< ${th}`, within_target_pct: null };
  };
  return {
    ...f,
    cases_total: shown(f.cases_total, th),
    by_month: publishTable(f.by_month, th),
    by_channel: publishTable(f.by_channel, th),
    by_reason: publishTable(f.by_reason, th),
    by_department: publishTable(f.by_department, th),
    by_outcome: publishTable(f.by_outcome, th),
    by_theme: publishTable(f.by_theme, th),
    rejected: { total: shown(f.rejected.total, th), by_reason: Object.fromEntries(Object.entries(f.rejected.by_reason).filter(([, v]) => !small(v, th))) },
    first_response: dur(f.first_response, true),
    closing: dur(f.closing, false),
    criticism: { cases: shown(f.criticism.cases, th), by_department: publishTable(f.criticism.by_department, th) },
    recommendations: {
      ...f.recommendations,
      issued: shown(f.recommendations.issued, th),
      by_status: publishTable(f.recommendations.by_status, th),
      overdue_by_department: publishTable(f.recommendations.overdue_by_department, th),
    },
    complaints: { decided: shown(f.complaints.decided, th), reversed: shown(f.complaints.reversed, th) },
  };
}

// Compares every figure, member by member, so a failure names the table.
function assertFigures(actual, expected, what) {
  for (const key of Object.keys(expected)) {
    assert.deepEqual(actual[key], expected[key], `${what}: ${key}`);
  }
}

const YEAR = (y) => [`${y}-01-01`, `${y}-12-31`];

// Every count of a figures object (tables and single counts), for "is the data varied" checks.
function allCounts(f) {
  const out = [f.cases_total, f.rejected.total, f.criticism.cases, f.recommendations.issued, f.complaints.decided, f.complaints.reversed];
  for (const t of [f.by_month, f.by_channel, f.by_reason, f.by_department, f.by_outcome, f.by_theme, f.rejected.by_reason,
    f.criticism.by_department, f.recommendations.by_status, f.recommendations.overdue_by_department]) out.push(...Object.values(t));
  return out;
}

// ------------------------------------------------------------------------------- tests --

test('the data set is varied: small, large and zero counts in both years', () => {
  for (const y of [2023, 2024]) {
    const counts = allCounts(expectedFigures(...YEAR(y)));
    assert.ok(counts.some((n) => n >= 1 && n <= 2), `${y}: a count of 1–2`);
    assert.ok(counts.some((n) => n >= 3 && n <= 4), `${y}: a count of 3–4`);
    assert.ok(counts.some((n) => n >= 5), `${y}: a count ≥ 5`);
    assert.ok(counts.some((n) => n === 0), `${y}: a zero`);
  }
  const f = expectedFigures(...YEAR(2024));
  assert.ok(f.first_response.cases >= 10 && f.closing.cases >= 10, 'durations over many cases');
  assert.ok(f.first_response.within_target > 0 && f.first_response.within_target < f.first_response.cases, 'some answers within the target, some not');
  assert.ok(Object.keys(f.rejected.by_reason).length >= 2, 'several rejection reasons');
  assert.ok(f.criticism.cases > 0 && f.complaints.decided > f.complaints.reversed && f.complaints.reversed > 0);
  assert.ok(f.recommendations.items.some((r) => r.overdue) && f.recommendations.items.some((r) => r.status === 'afventer_svar' && !r.overdue));
});

test('the internal annual report equals the counts computed from the cases, for 2024 and for 2023 beside it', async () => {
  const r = await call('GET', '/api/v1/reports/annual?year=2024', 200);
  assert.equal(r.year, 2024);
  assert.equal(r.published, false);
  assert.equal(r.municipality, 'Testrup Kommune');
  assertFigures(r, expectedFigures(...YEAR(2024)), '2024');
  assert.equal(r.previous_year.year, 2023);
  assertFigures(r.previous_year, expectedFigures(...YEAR(2023)), 'previous_year 2023');
  assert.equal(r.foreword, FOREWORD);
  assert.deepEqual(r.stories, [{ title: STORY_TITLE, text: STORY_TEXT }], 'only the included story');
  // The 2023 report has 2022 beside it (only the cases at its edges).
  const r23 = await call('GET', '/api/v1/reports/annual?year=2023', 200);
  assertFigures(r23, expectedFigures(...YEAR(2023)), '2023');
  assertFigures(r23.previous_year, expectedFigures(...YEAR(2022)), '2022');
  assert.equal(r23.foreword, '');
  assert.deepEqual(r23.stories, []);
  // The assistant reads the same exact figures.
  assert.deepEqual(await call('GET', '/api/v1/reports/annual?year=2024', 200, { as: 'assistant' }), r);
});

test('published report: every count 1–4 is "< 5", zeros and counts ≥ 5 exact; managers and admins get only this', async () => {
  const expected = publishFigures(expectedFigures(...YEAR(2024)), 5);
  const expectedPrev = publishFigures(expectedFigures(...YEAR(2023)), 5);
  const advisor = await call('GET', '/api/v1/reports/annual?year=2024&published=1', 200);
  for (const [who, r] of [
    ['advisor ?published=1', advisor],
    ['manager', await call('GET', '/api/v1/reports/annual?year=2024', 200, { as: 'manager' })],
    ['manager ?published=0', await call('GET', '/api/v1/reports/annual?year=2024&published=0', 200, { as: 'manager' })],
    ['admin', await call('GET', '/api/v1/reports/annual?year=2024', 200, { as: 'admin' })],
  ]) {
    assert.equal(r.published, true, who);
    assert.equal(r.small_count_threshold, 5, who);
    assertFigures(r, expected, `${who} 2024`);
    assertFigures(r.previous_year, expectedPrev, `${who} 2023`);
    assert.deepEqual(r.stories, [{ title: STORY_TITLE, text: STORY_TEXT }]);
    // Nowhere a number from 1 to 4 as a count.
    const leaks = [];
    const walk = (v, path) => {
      if (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 4 && !/activities|target_working_days|pct|p90|median|year|threshold/.test(path)) leaks.push(`${path}=${v}`);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    };
    walk({ ...r, recommendations: { ...r.recommendations, items: [] }, previous_year: { ...r.previous_year, recommendations: { ...r.previous_year.recommendations, items: [] } } }, '');
    assert.deepEqual(leaks, [], `${who}: small counts shown`);
  }
  assert.ok(JSON.stringify(advisor).includes('"< 5"'), 'something was suppressed');
});

test('published durations: fewer than 5 cases withheld ("< 5"), a small within-target count too, in JSON, XLSX, PDF and HTML', async (t) => {
  // 2022: three or four cases, so both durations are withheld.
  const f22 = expectedFigures(...YEAR(2022));
  assert.ok(small(f22.first_response.cases, 5) && small(f22.closing.cases, 5), '2022 has 1–4 answered and closed cases');
  const r = await call('GET', '/api/v1/reports/annual?year=2022', 200, { as: 'manager' });
  assert.deepEqual(r.first_response, { cases: '< 5', median_working_days: 0, p90_working_days: 0, within_target: 0, within_target_pct: 0 });
  assert.deepEqual(r.closing, { cases: '< 5', median_working_days: 0, p90_working_days: 0 });
  const exact = await call('GET', '/api/v1/reports/annual?year=2022', 200);
  assert.equal(exact.first_response.cases, f22.first_response.cases);

  const manager = await signedIn('manager');
  const book = xlsx((await download(manager, '/aarsberetning/2022.xlsx')).bytes, 'durations-2022.xlsx');
  const rows = book.sheet(book.names.indexOf(DA.report_render.durations));
  const row = (label) => rows.find((x) => x.A === label);
  assert.equal(row(DA.report_render.fr_cases).B, '< 5', 'XLSX: answered cases');
  assert.equal(row(DA.report_render.cl_cases).B, '< 5', 'XLSX: closed cases');
  assert.equal(row(DA.report_render.fr_median).B, undefined, 'XLSX: no median');
  const pdf = join(work, 'durations-2022.pdf');
  writeFileSync(pdf, (await download(manager, '/aarsberetning/2022.pdf')).bytes);
  const layout = run('pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-']).toString('utf8');
  // (pdftotext -layout closes up "< 5" to "<5")
  assert.match(layout, new RegExp(`${DA.report_render.fr_cases} +< ?5 `), 'PDF: answered cases "< 5"');
  assert.match(layout, new RegExp(`${DA.report_render.cl_cases} +< ?5 `), 'PDF: closed cases "< 5"');
  assert.match(layout, new RegExp(`${DA.report_render.fr_median.replace(/[()]/g, '.')} +– `), 'PDF: no median');

  // A period and department with at least 5 answered cases of which 1–4 within the target.
  let found = null;
  for (const y of [2023, 2024]) {
    for (const [q, from, to] of [[1, '01-01', '03-31'], [2, '04-01', '06-30'], [3, '07-01', '09-30'], [4, '10-01', '12-31']]) {
      for (const d of ['', ...DEPARTMENTS]) {
        const f = expectedFigures(`${y}-${from}`, `${y}-${to}`, d);
        if (!found && f.first_response.cases >= 5 && small(f.first_response.within_target, 5)) found = { period: `${y}Q${q}`, d, f };
      }
    }
  }
  if (!found) {
    t.skip('no period with a small within-target count in this data set');
    return;
  }
  const q = `/api/v1/statistics?period=${found.period}${found.d ? `&department=${encodeURIComponent(found.d)}` : ''}`;
  const exactStats = await call('GET', q, 200);
  assert.equal(exactStats.first_response.within_target, found.f.first_response.within_target);
  const s = await call('GET', q, 200, { as: 'manager' });
  assert.deepEqual(s.first_response, { ...found.f.first_response, within_target: '< 5', within_target_pct: null }, q);
  const page = await manager.get(`/statistik?periode=${found.period}${found.d ? `&forvaltning=${encodeURIComponent(found.d)}` : ''}`);
  const cell = page.text.match(/Første svar inden for 10 arbejdsdage<\/th><td class="bb-num">([^<]*)</)?.[1];
  assert.ok(cell !== undefined && !cell.includes('%'), `the page withholds the percentage: ${cell}`);
});

test('statistics API: a quarter, a month and a year, for one department or all, equal the independent counts', async () => {
  const queries = [
    ['2024Q3', 'Jobcenter', ['2024-07-01', '2024-09-30'], ['2024-04-01', '2024-06-30']],
    ['2024Q1', 'Børn og Familie', ['2024-01-01', '2024-03-31'], ['2023-10-01', '2023-12-31']],
    ['2023-11', 'Ydelser', ['2023-11-01', '2023-11-30'], ['2023-10-01', '2023-10-31']],
    ['2024Q4', '', ['2024-10-01', '2024-12-31'], ['2024-07-01', '2024-09-30']],
    ['2024', 'Økonomi og Opkrævning', YEAR(2024), YEAR(2023)],
    // A window of 101 days; the one before it has the same length.
    ['2024-02-10..2024-05-20', 'Jobcenter', ['2024-02-10', '2024-05-20'], ['2023-11-01', '2024-02-09']],
  ];
  for (const [period, department, now, before] of queries) {
    const q = `/api/v1/statistics?period=${encodeURIComponent(period)}${department ? `&department=${encodeURIComponent(department)}` : ''}`;
    const s = await call('GET', q, 200);
    assert.equal(s.published, false, q);
    assert.equal(s.period, period);
    assert.equal(s.from, now[0]);
    assert.equal(s.to, now[1]);
    assert.equal(s.department, department || null);
    const expected = expectedFigures(...now, department);
    assertFigures(s, expected, `${q} current`);
    const prev = expectedFigures(...before, department);
    if (period.length !== 4) prev.by_month = {};  // months of different periods do not pair up
    assertFigures(s.previous_period, prev, `${q} previous`);
    // A manager gets the published figures.
    const m = await call('GET', q, 200, { as: 'manager' });
    assert.equal(m.published, true);
    assertFigures(m, publishFigures(expected, 5), `${q} manager`);
    const a = await call('GET', `${q}&published=1`, 200, { as: 'assistant' });
    assertFigures(a, publishFigures(expected, 5), `${q} assistant published`);
  }
  // The whole year without a department is the annual report's current figures.
  const year = await call('GET', '/api/v1/statistics?period=2024', 200);
  assertFigures(year, expectedFigures(...YEAR(2024)), 'statistics 2024');

  let err = await call('GET', '/api/v1/statistics?period=2024Q5', 400);
  assert.ok(err.error.fields.period, 'a bad period names the field');
  err = await call('GET', '/api/v1/statistics?period=2024Q3&department=Forvaltningen%20for%20Ting', 400);
  assert.equal(err.error.fields.department, msg('case.department_unknown'));
  err = await call('GET', '/api/v1/reports/annual?year=tyve', 400);
  assert.equal(err.error.fields.year, msg('field.year'));
  await call('GET', '/api/v1/reports/annual?year=2024', 401, { as: null });
  await call('GET', '/api/v1/statistics?period=2024', 401, { as: null });
});

test('the Statistik page and its CSV: exact for the advisor, published for the manager', async () => {
  const query = `periode=2024Q3&forvaltning=${encodeURIComponent('Jobcenter')}`;
  const expected = expectedFigures('2024-07-01', '2024-09-30', 'Jobcenter');
  for (const [role, th] of [['advisor', 0], ['manager', 5]]) {
    const b = await signedIn(role);
    const page = await b.get(`/statistik?${query}`);
    assert.equal(page.res.status, 200, role);
    assert.match(page.text, /href="\/statistik\.csv\?periode=2024Q3&amp;forvaltning=Jobcenter"/);
    const { bytes } = await download(b, `/statistik.csv?${query}`);
    const rows = parseCsv(bytes.toString('utf8'));
    const f = th ? publishFigures(expected, th) : expected;
    const get = (table, key) => rows.find((r) => r[0] === table && r[1] === key)?.[3];
    assert.equal(get('cases_total', 'cases_total'), String(f.cases_total), `${role} cases_total`);
    for (const d of DEPARTMENTS) assert.equal(get('by_department', d), String(f.by_department[d]), `${role} by_department ${d}`);
    for (const c of CHANNELS) assert.equal(get('by_channel', c), String(f.by_channel[c]), `${role} by_channel ${c}`);
    for (const m of ['2024-07', '2024-08', '2024-09']) assert.equal(get('by_month', m), String(f.by_month[m]), `${role} by_month ${m}`);
    if (th) assert.match(page.text, /Offentliggjort udgave/, 'the manager sees the published note');
  }
  // The advisor's published view links to the published CSV; a department name is encoded.
  const b = await signedIn('advisor');
  const q = `periode=2024Q1&forvaltning=${encodeURIComponent('Børn og Familie')}`;
  const page = await b.get(`/statistik?${q}&visning=offentlig`);
  assert.equal(page.res.status, 200);
  const href = decode(page.text.match(/href="(\/statistik\.csv\?[^"]*)"/)?.[1] ?? '');
  assert.equal(href, `/statistik.csv?${q}&visning=offentlig`);
  const rows = parseCsv((await download(b, href)).bytes.toString('utf8'));
  const f = publishFigures(expectedFigures('2024-01-01', '2024-03-31', 'Børn og Familie'), 5);
  assert.equal(rows.find((r) => r[0] === 'cases_total')[3], String(f.cases_total));
  for (const c of CHANNELS) assert.equal(rows.find((r) => r[0] === 'by_channel' && r[1] === c)[3], String(f.by_channel[c]), `published ${c}`);
  assert.equal((await b.get('/statistik?periode=2024Q9')).res.status, 400);
});

test('CSV download (RFC 4180) has every table row with the count and last year\'s, exact and published', async () => {
  const b = await signedIn('advisor');
  for (const th of [0, 5]) {
    const { res, bytes } = await download(b, `/aarsberetning/2024.csv${th ? '?visning=offentlig' : ''}`);
    assert.match(res.headers.get('content-type'), /^text\/csv/);
    assert.match(res.headers.get('content-disposition'), th ? /aarsberetning-2024\.csv/ : /aarsberetning-2024-intern\.csv/);
    const rows = parseCsv(bytes.toString('utf8'));
    assert.deepEqual(rows[0], ['table', 'key', 'label', 'count', 'previous']);
    for (const r of rows) assert.equal(r.length, 5, `5 fields: ${r}`);
    const pub = (f) => (th ? publishFigures(f, th) : f);
    const now = pub(expectedFigures(...YEAR(2024)));
    const before = pub(expectedFigures(...YEAR(2023)));
    const tablesOf = (f) => ({
      by_month: f.by_month, by_channel: f.by_channel, by_reason: f.by_reason, by_department: f.by_department,
      by_outcome: f.by_outcome, by_theme: f.by_theme, rejection_reasons: f.rejected.by_reason,
      criticism_by_department: f.criticism.by_department, recommendations_by_status: f.recommendations.by_status,
      overdue_by_department: f.recommendations.overdue_by_department,
    });
    const tn = tablesOf(now), tb = tablesOf(before);
    for (const [table, t] of Object.entries(tn)) {
      const lines = rows.filter((r) => r[0] === table);
      assert.deepEqual(lines.map((r) => r[1]).sort(), Object.keys(t).sort(), `${th ? 'published' : 'exact'} CSV rows of ${table}`);
      for (const [, key, , c, p] of lines) {
        assert.equal(c, String(t[key]), `${table} ${key}`);
        const prevKey = table === 'by_month' ? `2023${key.slice(4)}` : key;
        assert.equal(p, prevKey in tb[table] ? String(tb[table][prevKey]) : '', `${table} ${key} previous`);
      }
    }
    const single = (table, key) => rows.find((r) => r[0] === table && r[1] === key).slice(3);
    assert.deepEqual(single('cases_total', 'cases_total'), [String(now.cases_total), String(before.cases_total)]);
    assert.deepEqual(single('rejected', 'rejected'), [String(now.rejected.total), String(before.rejected.total)]);
    assert.deepEqual(single('criticism', 'criticism_cases'), [String(now.criticism.cases), String(before.criticism.cases)]);
    assert.deepEqual(single('recommendations', 'issued'), [String(now.recommendations.issued), String(before.recommendations.issued)]);
    assert.deepEqual(single('complaints', 'decided'), [String(now.complaints.decided), String(before.complaints.decided)]);
    assert.deepEqual(single('complaints', 'reversed'), [String(now.complaints.reversed), String(before.complaints.reversed)]);
    // Labels are the Danish ones; a reason with a comma is quoted and comes back whole.
    assert.equal(rows.find((r) => r[0] === 'by_channel' && r[1] === 'telefon')[2], DA.channel.telefon);
    const comma = REJECTION_REASONS.map(([t]) => t).find((t) => t.includes(','));
    if (!th && tn.rejection_reasons[comma]) assert.ok(rows.some((r) => r[0] === 'rejection_reasons' && r[1] === comma), 'a reason with a comma');
  }
});

// Minimal XLSX reading with unzip: sheet names in order and each sheet's rows as text.
function xlsx(bytes, name) {
  const file = join(work, name);
  writeFileSync(file, bytes);
  const list = run('unzip', ['-Z1', file]).toString('utf8').split('\n').filter(Boolean);
  const part = (p) => run('unzip', ['-p', file, p]).toString('utf8');
  const names = [...part('xl/workbook.xml').matchAll(/<sheet [^>]*name="([^"]*)"[^>]*r:id="([^"]*)"/g)].map((m) => ({ name: decode(m[1]), rid: m[2] }));
  const rels = Object.fromEntries([...part('xl/_rels/workbook.xml.rels').matchAll(/<Relationship [^>]*Id="([^"]*)"[^>]*Target="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const shared = list.includes('xl/sharedStrings.xml')
    ? [...part('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => decode([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')))
    : [];
  const sheet = (n) => {
    const xml = part(`xl/${rels[names[n].rid].replace(/^\/?xl\//, '')}`);
    return [...xml.matchAll(/<row [^>]*>([\s\S]*?)<\/row>/g)].map((row) => {
      const cells = {};
      for (const c of row[1].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const v = (c[3] || '').match(/<v>([\s\S]*?)<\/v>/)?.[1];
        const inline = (c[3] || '').match(/<t[^>]*>([\s\S]*?)<\/t>/)?.[1];
        cells[c[1]] = /t="s"/.test(c[2]) ? shared[Number(v)] : inline !== undefined ? decode(inline) : v === undefined ? undefined : Number(v);
      }
      return cells;
    });
  };
  return { list, names: names.map((n) => n.name), shared, sheet };
}

test('XLSX download opens as a workbook with one sheet per table, counts as in the report', async () => {
  const b = await signedIn('advisor');
  const tableIds = ['by_month', 'by_channel', 'by_reason', 'by_department', 'by_outcome', 'by_theme', 'rejection_reasons',
    'criticism_by_department', 'recommendations_by_status', 'overdue_by_department'];
  for (const th of [0, 5]) {
    const { res, bytes } = await download(b, `/aarsberetning/2024.xlsx${th ? '?visning=offentlig' : ''}`);
    assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal(bytes.subarray(0, 4).toString('binary'), 'PK\x03\x04', 'a zip file');
    const book = xlsx(bytes, `report-${th}.xlsx`);
    const sheets = book.list.filter((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p));
    assert.equal(sheets.length, book.names.length);
    // One sheet per table (titles cleaned of : and cut to Excel's 31 characters), plus key
    // figures, durations, recommendations, investigations, activities, complaints and stories.
    const sheetName = (title) => title.replace(/[[\]:*?/\\]/g, ' ').replace(/ +/g, ' ').trim().slice(0, 31).trim();
    for (const id of tableIds) assert.ok(book.names.includes(sheetName(DA.report[id])), `a sheet for ${id} (${sheetName(DA.report[id])}) in ${book.names.join(' | ')}`);
    assert.equal(book.names.length, tableIds.length + 7, book.names.join(' | '));
    assert.equal(new Set(book.names.map((n) => n.toLowerCase())).size, book.names.length, 'sheet names are unique');
    // The departments sheet: every department with this year's and last year's count.
    const pub = (f) => (th ? publishFigures(f, th) : f);
    const now = pub(expectedFigures(...YEAR(2024))), before = pub(expectedFigures(...YEAR(2023)));
    const rows = book.sheet(book.names.indexOf(sheetName(DA.report.by_department)));
    for (const d of DEPARTMENTS) {
      const row = rows.find((r) => r.A === d);
      assert.ok(row, `a row for ${d}`);
      assert.deepEqual([row.B, row.C], [now.by_department[d], before.by_department[d]], `${th ? 'published' : 'exact'} XLSX ${d}`);
    }
    const strings = book.shared.join('\n');
    assert.match(strings, /Børn og Familie/);
    assert.match(strings, /Økonomi og Opkrævning/);
    if (th) assert.ok(book.shared.includes('< 5'), 'the published workbook shows "< 5"');
    else assert.ok(!book.shared.includes('< 5'), 'the exact workbook has no "< 5"');
  }
});

test('PDF download: pages, sections, Danish letters, foreword and story; "< 5" in the published one', async () => {
  const b = await signedIn('advisor');
  for (const published of [false, true]) {
    const { res, bytes } = await download(b, `/aarsberetning/2024.pdf${published ? '?visning=offentlig' : ''}`);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.equal(bytes.subarray(0, 5).toString('binary'), '%PDF-');
    const file = join(work, `report-${published}.pdf`);
    writeFileSync(file, bytes);
    const info = run('pdfinfo', [file]).toString('utf8');
    const pages = Number(info.match(/^Pages:\s+(\d+)/m)?.[1]);
    assert.ok(pages >= 3, `pages: ${pages}`);
    assert.match(info, /^Title:\s+Årsberetning 2024 – Borgerrådgiveren i Testrup Kommune$/m);
    assert.match(info, /^Tagged:\s+yes$/m);
    const raw = run('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8');
    const text = raw.replace(/\s+/g, ' ');
    // The sections (each in the contents and as a heading), the tables' titles, Danish letters.
    const R = DA.report_render;
    const sections = [R.foreword, R.cases, R.channel, R.reason, R.department, R.outcome, R.themes, R.rejected, R.durations,
      R.criticism, R.recommendations, R.investigations, R.activities, R.complaints, R.stories];
    const lines = raw.split('\n').map((l) => l.trim());
    for (const s of sections) assert.ok(lines.filter((l) => l === s).length >= 2, `${s}: in the contents and as a heading`);
    for (const s of ['Årsberetning 2024', R.cover_figures, R.toc, R.about_numbers, DA.report.by_month, DA.report.by_channel,
      DA.report.by_reason, DA.report.by_department, DA.report.by_outcome, DA.report.by_theme, R.durations_table,
      'Børn og Familie', 'Økonomi og Opkrævning', 'Voksen og Handicap', `Side 2 af ${pages}`, `Side ${pages} af ${pages}`,
      FOREWORD, STORY_TITLE, STORY_TEXT]) {
      assert.ok(text.includes(s), `${published ? 'published' : 'exact'} PDF text has "${s}"`);
    }
    assert.ok(!text.includes(HIDDEN_STORY), 'the story left out is not in the PDF');
    assert.equal(text.includes('< 5'), published, published ? 'the published PDF shows "< 5"' : 'the exact PDF has no "< 5"');
    // Pages as images (for looking at; BB_REPORT_PNG_DIR keeps them).
    const dir = process.env.BB_REPORT_PNG_DIR || join(work, 'png');
    mkdirSync(dir, { recursive: true });
    if (process.env.BB_REPORT_PNG_DIR) copyFileSync(file, join(dir, `${published ? 'published' : 'exact'}.pdf`));
    run('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '3', file, join(dir, published ? 'published' : 'exact')]);
    const pngs = readdirSync(dir).filter((f) => f.startsWith(published ? 'published' : 'exact') && f.endsWith('.png'));
    assert.equal(pngs.length, 3);
    for (const p of pngs) assert.ok(statSync(join(dir, p)).size > 2000, `${p} has content`);
  }
});

test('the HTML page and download show the report; the published view says so', async () => {
  const b = await signedIn('advisor');
  const f = expectedFigures(...YEAR(2024));
  let page = await b.get('/aarsberetning?aar=2024');
  assert.equal(page.res.status, 200);
  assert.ok(page.text.includes(FOREWORD.replace(/&/g, '&amp;')));
  assert.ok(page.text.includes(`<td class="bb-num">${f.cases_total}</td>`), 'the total');
  assert.ok(!page.text.includes('&lt; 5'), 'the internal view has exact counts');
  page = await b.get('/aarsberetning?aar=2024&visning=offentlig');
  assert.equal(page.res.status, 200);
  assert.ok(page.text.includes('&lt; 5'));
  assert.match(page.text, /Offentliggjort udgave/);
  const html = (await download(b, '/aarsberetning/2024.html?visning=offentlig')).bytes.toString('utf8');
  assert.match(html, /^<!doctype html>/i);
  assert.ok(html.includes('&lt; 5') && html.includes(STORY_TITLE) && !html.includes(HIDDEN_STORY));
  const json = JSON.parse((await download(b, '/aarsberetning/2024.json')).bytes);
  assert.deepEqual(json, await call('GET', '/api/v1/reports/annual?year=2024', 200), 'the JSON download is the API\'s JSON');
  assert.equal((await b.get('/aarsberetning?aar=tyve')).res.status, 400);
});

test('roles: the assistant reads but writes no foreword or story; the manager cannot reach the stories', async () => {
  const assistant = await signedIn('assistant');
  let page = await assistant.get('/aarsberetning?aar=2024');
  assert.equal(page.res.status, 200);
  assert.ok(!page.text.includes('action="/aarsberetning/2024/forord"'), 'no foreword form for the assistant');
  const csrf = assistant.csrfFrom(page.text);
  assert.equal((await assistant.post('/aarsberetning/2024/forord', [['_csrf', csrf], ['foreword', 'Assistentens forord']])).res.status, 403);
  assert.equal((await assistant.post('/aarsberetning/2024/historier', [['_csrf', csrf], ['title', 'x'], ['text', 'y'], ['include', '1']])).res.status, 403);
  assert.equal((await assistant.get(`/aarsberetning/historier/${storyId}`)).res.status, 403);
  assert.equal((await assistant.post(`/aarsberetning/historier/${storyId}`, [['_csrf', csrf], ['title', 'x'], ['text', 'y']])).res.status, 403);
  await download(assistant, '/aarsberetning/2024.csv');

  const manager = await signedIn('manager');
  page = await manager.get('/aarsberetning?aar=2024');
  assert.equal(page.res.status, 200);
  assert.match(page.text, /Offentliggjort udgave/, 'the manager sees the published view');
  assert.ok(!page.text.includes('name="visning"'), 'no choice of view for the manager');
  assert.ok(!/aarsberetning\/historier\/\d+/.test(page.text), 'no story links for the manager');
  const mcsrf = manager.csrfFrom(page.text);
  assert.equal((await manager.get(`/aarsberetning/historier/${storyId}`)).res.status, 403);
  assert.equal((await manager.post(`/aarsberetning/historier/${storyId}`, [['_csrf', mcsrf], ['title', 'x'], ['text', 'y']])).res.status, 403);
  assert.equal((await manager.post(`/aarsberetning/historier/${storyId}/slet`, [['_csrf', mcsrf]])).res.status, 403);
  assert.equal((await manager.post('/aarsberetning/2024/forord', [['_csrf', mcsrf], ['foreword', 'x']])).res.status, 403);
  // Asking for the internal view changes nothing.
  const csv = (await download(manager, '/aarsberetning/2024.csv?visning=intern')).bytes.toString('utf8');
  assert.ok(csv.includes('< 5'));
  // The story is unchanged; the advisor can open its edit page.
  const advisor = await signedIn('advisor');
  const edit = await advisor.get(`/aarsberetning/historier/${storyId}`);
  assert.equal(edit.res.status, 200);
  assert.ok(edit.text.includes(STORY_TITLE));
  assert.equal((await call('GET', '/api/v1/reports/annual?year=2024', 200)).foreword, FOREWORD);
});

test('no case content in anything the manager gets: no citizen names, case texts or case numbers', async () => {
  const manager = await signedIn('manager');
  const outputs = [];
  for (const p of ['/aarsberetning?aar=2024', '/aarsberetning?aar=2023', '/statistik?periode=2024Q3&forvaltning=Jobcenter', '/statistik?periode=2024']) {
    const r = await manager.get(p);
    assert.equal(r.res.status, 200, p);
    outputs.push([p, r.text]);
  }
  for (const p of ['/statistik.csv?periode=2024Q3&forvaltning=Jobcenter', '/aarsberetning/2024.csv', '/aarsberetning/2024.json', '/aarsberetning/2024.html']) {
    outputs.push([p, (await download(manager, p)).bytes.toString('utf8')]);
  }
  const pdf = join(work, 'manager.pdf');
  writeFileSync(pdf, (await download(manager, '/aarsberetning/2024.pdf')).bytes);
  outputs.push(['pdf', run('pdftotext', ['-enc', 'UTF-8', pdf, '-']).toString('utf8')]);
  const book = xlsx((await download(manager, '/aarsberetning/2024.xlsx')).bytes, 'manager.xlsx');
  outputs.push(['xlsx', book.shared.join('\n')]);
  outputs.push(['api annual', JSON.stringify(await call('GET', '/api/v1/reports/annual?year=2024', 200, { as: 'manager' }))]);
  outputs.push(['api statistics', JSON.stringify(await call('GET', '/api/v1/statistics?period=2024Q3&department=Jobcenter', 200, { as: 'manager' }))]);
  for (const [what, text] of outputs) {
    assert.ok(!/Hemmeligsen|SAGSTEKST/.test(text), `${what}: a citizen name or case text`);
    const numbers = cases.filter((c) => text.includes(c.number)).map((c) => c.number);
    assert.deepEqual(numbers, [], `${what}: case numbers`);
    assert.ok(!text.includes(HIDDEN_STORY), `${what}: the story left out`);
  }
  // Nor in the advisor's exact report (aggregates only; the story's case is shown only in the
  // advisor's own editing section of the page).
  const exact = JSON.stringify(await call('GET', '/api/v1/reports/annual?year=2024', 200));
  assert.ok(!/Hemmeligsen|SAGSTEKST/.test(exact));
});

test('brobygger report annual writes the same report in every format; --published gives "< 5"', async () => {
  const api = await call('GET', '/api/v1/reports/annual?year=2024', 200);
  const out = (ext) => join(work, `cli-2024.${ext}`);
  let r = cli(srv.db, ['report', 'annual', '--year', '2024', '--format', 'json', '--out', out('json')]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(readFileSync(out('json'), 'utf8')), api, 'the CLI JSON equals the API JSON');
  r = cli(srv.db, ['report', 'annual', '--year', '2024', '--format', 'json', '--out', out('pub.json'), '--published']);
  assert.equal(r.code, 0, r.stderr);
  const pub = JSON.parse(readFileSync(out('pub.json'), 'utf8'));
  assert.deepEqual(pub, await call('GET', '/api/v1/reports/annual?year=2024', 200, { as: 'manager' }));
  assert.ok(JSON.stringify(pub).includes('"< 5"'));
  for (const [format, check] of [
    ['pdf', (buf) => buf.subarray(0, 5).toString('binary') === '%PDF-'],
    ['xlsx', (buf) => buf.subarray(0, 4).toString('binary') === 'PK\x03\x04'],
    ['csv', (buf) => buf.toString('utf8').startsWith('table,key,label,count,previous\r\n')],
    ['html', (buf) => /^<!doctype html>/i.test(buf.toString('utf8')) && buf.toString('utf8').includes(STORY_TITLE)],
  ]) {
    r = cli(srv.db, ['report', 'annual', '--year', '2024', '--format', format, '--out', out(format)]);
    assert.equal(r.code, 0, `${format}: ${r.stderr}`);
    assert.ok(check(readFileSync(out(format))), `the CLI wrote a ${format} file`);
  }
  const csv = parseCsv(readFileSync(out('csv'), 'utf8'));
  assert.equal(csv.find((x) => x[0] === 'cases_total')[3], String(api.cases_total));
  r = cli(srv.db, ['report', 'annual', '--year', '2024', '--format', 'csv', '--out', out('pub.csv'), '--published']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(readFileSync(out('pub.csv'), 'utf8').includes(',< 5,'));
  r = cli(srv.db, ['report', 'annual', '--year', '1800', '--format', 'json', '--out', out('bad.json')]);
  assert.notEqual(r.code, 0);
});

test('the threshold is a setting: at 3, counts 1–2 are "< 3" everywhere published; 1 and 21 are refused', async () => {
  const admin = await signedIn('admin');
  const save = async (value, status) => {
    const page = await admin.get('/indstillinger');
    assert.equal(page.res.status, 200);
    assert.match(page.text, /name="small_count_threshold"/);
    const fields = setField(formFields(page.text, '/indstillinger'), 'small_count_threshold', value);
    const r = await admin.post('/indstillinger', fields);
    assert.equal(r.res.status, status, r.text.slice(0, 300));
    return r;
  };
  for (const bad of ['1', '21', 'fem']) {
    const r = await save(bad, 400);
    assert.ok(r.text.includes(DA.settings.threshold_range), `${bad} refused with the message`);
  }
  await save('3', 303);
  try {
    const expected = publishFigures(expectedFigures(...YEAR(2024)), 3);
    const r = await call('GET', '/api/v1/reports/annual?year=2024', 200, { as: 'manager' });
    assert.equal(r.small_count_threshold, 3);
    assertFigures(r, expected, 'threshold 3');
    assertFigures(r.previous_year, publishFigures(expectedFigures(...YEAR(2023)), 3), 'threshold 3, 2023');
    assert.ok(JSON.stringify(r).includes('"< 3"') && !JSON.stringify(r).includes('"< 5"'));
    // The exact view is unchanged.
    assertFigures(await call('GET', '/api/v1/reports/annual?year=2024', 200), expectedFigures(...YEAR(2024)), 'exact at threshold 3');
    const s = await call('GET', '/api/v1/statistics?period=2024Q3&department=Jobcenter', 200, { as: 'manager' });
    assertFigures(s, publishFigures(expectedFigures('2024-07-01', '2024-09-30', 'Jobcenter'), 3), 'statistics at threshold 3');
    const manager = await signedIn('manager');
    const page = await manager.get('/aarsberetning?aar=2024');
    assert.ok(page.text.includes('&lt; 3') && !page.text.includes('&lt; 5'), 'the page shows "< 3"');
    const csv = (await download(manager, '/aarsberetning/2024.csv')).bytes.toString('utf8');
    assert.ok(csv.includes(',< 3,') && !csv.includes('< 5'));
  } finally {
    await save('5', 303);
  }
  assert.equal((await call('GET', '/api/v1/reports/annual?year=2024', 200, { as: 'manager' })).small_count_threshold, 5);
});
