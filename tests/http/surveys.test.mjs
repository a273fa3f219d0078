// Black-box tests of the satisfaction surveys (issue 6) against a real server and database, and
// the `brobygger survey …` / `brobygger network report` commands on other databases.
//
// The test keeps its own ledger of every answer it gives (CSV rows, public-page answers, paper
// entries) and computes every expected figure from that ledger, independently of the server:
// per question the number who answered, the count and the percentage of each answer code
// (rounded half away from zero to one decimal, in integers) and the share that agrees. The
// 2024 national survey is reconstructed as counts (47 citizens, 37 employees) so its published
// shares (76.6/14.9/4.3/2.1/2.1, 91.5, 94.6) and the 87.2-not-87.3 case are checked as known
// answers. Municipalities' exports are merged with `network report` and compared with all the
// answers in one database; the small municipality (3 respondents) must be suppressed in the
// breakdowns and counted in the totals.
//
// The tests share one server and run in order: later tests add to what earlier ones stored.
// Set BB_SURVEY_SEED to try another data set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, Browserless, cli, BIN, BACKEND, dbRows, dbDump, dbColumns } from '../lib/server.mjs';

const DA = JSON.parse(readFileSync(new URL('../../messages/da.json', import.meta.url), 'utf8'));
const EN = JSON.parse(readFileSync(new URL('../../messages/en.json', import.meta.url), 'utf8'));
const QUESTIONNAIRES = JSON.parse(readFileSync(new URL('../../data/questionnaires.json', import.meta.url), 'utf8')).questionnaires;
const SEED = Number(process.env.BB_SURVEY_SEED || 20240115);
const THRESHOLD = 5;  // the default small-count threshold
const MUNICIPALITY = 'Testrup Kommune';  // the server's (tests/lib/server.mjs)

let srv;
let work;  // temporary files: CSVs, other databases, exports, PDFs
before(async () => {
  srv = await startServer();
  work = mkdtempSync(join(tmpdir(), 'bb-surveys-'));
});
after(async () => {
  await srv?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

// ------------------------------------------------------------------------------ helpers --

const msg = (key, lang = 'da') => {
  const text = key.split('.').reduce((o, k) => o?.[k], lang === 'en' ? EN : DA);
  assert.equal(typeof text, 'string', `no message ${key} (${lang})`);
  return text;
};
const fill = (text, vars) => text.replace(/\{\{(\w+)\}\}/g, (_, k) => String(vars[k]));
const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const decode = (s) => s.replace(/&quot;/g, '"').replace(/&#39;|&apos;|&#x27;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
// The visible text of an HTML fragment, whitespace collapsed.
const textOf = (html) => decode(html.replace(/<[^>]*>/g, ' ')).replace(/[\s\u00a0]+/g, ' ').trim();
const mainOf = (html) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));
const copenhagenToday = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Copenhagen' }).format(new Date());

function run(cmd, args, input) {
  const r = spawnSync(cmd, args, { input, maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

// `brobygger --db DB …`, asserting success; returns stdout.
function bb(db, args) {
  const r = cli(db, args);
  assert.equal(r.code, 0, `brobygger ${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
  return r.stdout;
}

// A fresh database of its own for a municipality (CLI only).
let dbCount = 0;
function newDatabase(municipality) {
  const db = join(work, `m${++dbCount}.db`);
  bb(db, ['init', '--municipality', municipality]);
  return db;
}

// Rows of an SQL query on the server's database (SQLite or PostgreSQL).
const sql = dbRows;

async function signedIn(role) {
  const b = new Browserless(srv.base);
  const r = await b.login(srv.users[role].email, srv.users[role].password);
  assert.equal(r.res.status, 303, `login as ${role}`);
  return b;
}

let advisorSession;
async function advisor() {
  advisorSession ??= await signedIn('advisor');
  return advisorSession;
}

// A download's bytes with the session's cookie.
async function download(browser, path, status = 200) {
  const res = await fetch(srv.base + path, { headers: { cookie: browser.cookieHeader() }, redirect: 'manual' });
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(res.status, status, `${path}: ${bytes.toString('utf8').slice(0, 300)}`);
  return { res, bytes };
}

async function resultsJson(query = '', browser = null) {
  const b = browser ?? await advisor();
  const { res, bytes } = await download(b, `/tilfredshed/resultater?format=json${query}`);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  return JSON.parse(bytes.toString('utf8'));
}

function pdfText(bytes, name) {
  const file = join(work, name);
  writeFileSync(file, bytes);
  const info = run('pdfinfo', [file]).toString('utf8');
  const pages = Number(info.match(/^Pages:\s+(\d+)/m)?.[1]);
  const text = run('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8');
  return { pages, text, flat: text.replace(/\s+/g, ' ') };
}

// The public answer page, as an anonymous browser without any cookie would post it.
async function publicGet(slug, query = '', headers = {}) {
  const res = await fetch(`${srv.base}/svar/${slug}${query}`, { headers, redirect: 'manual' });
  return { res, text: await res.text() };
}
async function publicPost(slug, fields, { lang = '', headers = {} } = {}) {
  const res = await fetch(`${srv.base}/svar/${slug}${lang ? `?lang=${lang}` : ''}`, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
  return { res, text: await res.text() };
}

function attrs(tag) {
  const out = {};
  for (const m of tag.matchAll(/([a-zA-Z_:-]+)(?:="([^"]*)")?/g)) out[m[1]] = m[2] === undefined ? true : decode(m[2]);
  return out;
}

// What a browser would send for the form with this action (checked boxes only; selected options).
function pageForm(html, action) {
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

// The error messages of the page's error summary.
function errorSummary(html) {
  const m = html.match(/<div class="alert alert-error bb-error-summary"[\s\S]*?<\/ul>/);
  return m ? [...m[0].matchAll(/<li><a href="#([^"]+)">([\s\S]*?)<\/a><\/li>/g)].map((x) => ({ field: x[1], text: decode(x[2]) })) : [];
}

// The items of the CSV import's problem list on /tilfredshed.
function importProblems(html) {
  const start = html.indexOf(escapeHtml(msg('survey_page.import_problems')));
  if (start < 0) return [];
  const list = html.slice(start, html.indexOf('</ul>', start));
  return [...list.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => decode(m[1]).replace(/\s+/g, ' ').trim());
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
function shuffle(a) {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
// [[value, count], …] -> the values in random order ('' = not answered).
const column = (spec) => shuffle(spec.flatMap(([v, n]) => Array(n).fill(v)));

// ------------------------------------------------------------------ expected figures --

const Q = Object.fromEntries(QUESTIONNAIRES.map((q) => [q.code, q]));
const QUESTION = Object.fromEntries(QUESTIONNAIRES.flatMap((q) => q.questions.map((x) => [x.id, { ...x, group: q.code }])));
const LIKERT = ['5', '4', '3', '2', '1', '0'];

// part / whole in percent, rounded half away from zero to one decimal, in integers.
function pct(part, whole) {
  if (whole === 0) return 0;
  const tenths = Math.floor((2000 * part + whole) / (2 * whole));
  return tenths / 10;
}
// As the pages show it: "76,6 %".
const danishPct = (p) => `${p.toFixed(1).replace('.', ',')} %`;

// A response as the test knows it: { group, municipality, id ('' for web), survey (id|null),
// answers: { QID: '5' | ['klage', …] | 'comment text' } } — absent or empty = not answered.
const answered = (v) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== '');

function tally(responses) {
  const groups = {};
  for (const r of responses) {
    const g = (groups[r.group] ??= { respondents: 0, questions: {} });
    g.respondents++;
    for (const [id, v] of Object.entries(r.answers)) {
      if (!answered(v)) continue;
      const t = (g.questions[id] ??= { answered: 0, counts: {} });
      t.answered++;
      if (QUESTION[id].type === 'text') continue;
      for (const code of Array.isArray(v) ? v : [v]) t.counts[code] = (t.counts[code] ?? 0) + 1;
    }
  }
  return groups;
}

function groupJson(code, g) {
  const def = Q[code];
  return {
    group: code, title: def.title, respondents: g.respondents,
    questions: def.questions.map((x) => {
      const t = g.questions[x.id] ?? { answered: 0, counts: {} };
      const out = { id: x.id, type: x.type, text: x.text, answered: t.answered };
      if (x.type === 'text') return out;
      const codes = x.type === 'likert' ? LIKERT : x.options.map((o) => o.code);
      out.counts = Object.fromEntries(codes.map((c) => [c, t.counts[c] ?? 0]));
      out.percent = Object.fromEntries(codes.map((c) => [c, pct(t.counts[c] ?? 0, t.answered)]));
      // The agreeing share exists only when someone answered (no "0,0 % er enige" of nobody).
      if (x.type === 'likert' && t.answered > 0) out.agree_percent = pct((t.counts['5'] ?? 0) + (t.counts['4'] ?? 0), t.answered);
      return out;
    }),
  };
}

function groupsJson(responses) {
  const t = tally(responses);
  return ['borger', 'ansat'].filter((c) => t[c]).map((c) => groupJson(c, t[c]));
}

// The breakdown by municipality: groups below the threshold hidden, a municipality with no group
// left suppressed.
function byMunicipality(responses, threshold = THRESHOLD) {
  const names = [...new Set(responses.map((r) => r.municipality))].sort();
  return names.map((name) => {
    const t = tally(responses.filter((r) => r.municipality === name));
    const shown = ['borger', 'ansat'].filter((c) => t[c] && t[c].respondents >= threshold);
    const hidden = ['borger', 'ansat'].filter((c) => t[c] && t[c].respondents < threshold);
    return { name, suppressed: shown.length === 0, groups: shown.map((c) => groupJson(c, t[c])), hidden };
  });
}

// Compares a breakdown from the server with the expected one: the figures of every shown group
// exactly; nothing of a suppressed municipality but its name.
function assertBreakdown(actual, expected, what) {
  assert.deepEqual(actual.map((e) => e.name), expected.map((e) => e.name), `${what}: the municipalities`);
  for (const [i, e] of expected.entries()) {
    const a = actual[i];
    assert.equal(a.suppressed, e.suppressed, `${what}: ${e.name} suppressed`);
    if (e.suppressed) {
      assert.equal(a.groups, undefined, `${what}: ${e.name} is suppressed, so no figures`);
      assert.ok(!a.respondents, `${what}: ${e.name} is suppressed, so no respondent count (got ${a.respondents})`);
      assert.ok(!JSON.stringify(a).includes('"counts"'), `${what}: ${e.name} has no counts`);
      continue;
    }
    assert.deepEqual(a.groups, e.groups, `${what}: ${e.name}'s groups`);
    if (a.respondents !== undefined) {
      assert.equal(a.respondents, e.groups.reduce((s, g) => s + g.respondents, 0), `${what}: ${e.name}'s respondents (shown groups)`);
    }
    assert.deepEqual(a.suppressed_groups ?? [], e.hidden, `${what}: ${e.name}'s hidden groups`);
  }
}

// --------------------------------------------------------------------------- CSV files --

const COLUMNS = ['respondent_id', 'group', 'municipality', ...QUESTIONNAIRES.flatMap((q) => q.questions.map((x) => x.id))];
const csvField = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

// The CSV of responses (BOM and CRLF as Excel writes it, or plain LF); also returns the line
// each response starts on (quoted comments may span lines).
function toCsv(responses, { bom = false, eol = '\n' } = {}) {
  const lines = [];
  let text = (bom ? '\uFEFF' : '') + COLUMNS.join(',') + eol;
  let line = 2;
  for (const r of responses) {
    const cells = [r.id, r.group, r.municipality, ...COLUMNS.slice(3).map((c) => {
      const v = r.answers[c];
      return v === undefined ? '' : csvField(Array.isArray(v) ? v.join(';') : v);
    })];
    const row = cells.join(',');
    lines.push(line);
    line += row.split('\n').length;
    text += row + eol;
  }
  return { text, lines };
}

// ----------------------------------------------------------------------- the data sets --

const REASONS = Q.borger.questions.find((x) => x.id === 'B_REASON').options.map((o) => o.code);
const COMMENTS = [
  'Rådgiveren tog sig god tid og forklarede afgørelsen, så jeg forstod den.',
  'Hurtigt svar, tak.',
  'Jeg fik hjælp til at klage, men "sagen" trak ud, og ingen ringede tilbage.',
  'Det var godt at blive hørt.\nTak for det.',
  'Venlig, kompetent – og hun huskede min sag.',
];

// The 2024 national survey, reconstructed as counts: 47 citizens and 37 employees.
function nationalSurvey(prefix, municipality) {
  const citizens = [];
  const cols = {
    B_GUIDANCE: column([['5', 36], ['4', 7], ['3', 2], ['2', 1], ['1', 1]]),  // 76.6/14.9/4.3/2.1/2.1; agree 91.5
    B_RECOMMEND: column([['5', 31], ['4', 10], ['3', 3], ['2', 1], ['0', 2]]),  // 66.0 + 21.3 = 87.3, but 41/47 = 87.2
    B_SOLUTION: column([['5', 20], ['4', 12], ['3', 6], ['2', 2], ['1', 1], ['0', 3], ['', 3]]),
    B_DIALOGUE: column([['5', 15], ['4', 13], ['3', 9], ['2', 3], ['1', 2], ['0', 4], ['', 1]]),
  };
  for (let i = 0; i < 47; i++) {
    const answers = {};
    for (const [id, values] of Object.entries(cols)) if (values[i] !== '') answers[id] = values[i];
    const reasons = REASONS.filter((c) => chance(c === 'klage' ? 0.55 : 0.2));
    if (reasons.length) answers.B_REASON = reasons;
    if (i % 9 === 4) answers.B_COMMENT = COMMENTS[Math.floor(i / 9) % COMMENTS.length];
    citizens.push({ group: 'borger', municipality, id: `${prefix}-B-${String(i + 1).padStart(3, '0')}`, survey: null, answers });
  }
  const employees = [];
  const acols = {
    A_DIALOGUE: column([['5', 22], ['4', 13], ['3', 1], ['0', 1]]),  // 35 of 37 = 94.6
    A_EXPERIENCE: column([['5', 18], ['4', 14], ['3', 3], ['2', 1], ['', 1]]),
    A_KNOWLEDGE: column([['5', 15], ['4', 12], ['3', 5], ['1', 1], ['0', 3], ['', 1]]),
    A_LEARNING: column([['5', 12], ['4', 15], ['3', 6], ['2', 2], ['0', 2]]),
  };
  for (let i = 0; i < 37; i++) {
    const answers = {};
    for (const [id, values] of Object.entries(acols)) if (values[i] !== '') answers[id] = values[i];
    if (i % 10 === 3) answers.A_COMMENT = `Medarbejderkommentar ${i}: samarbejdet med borgerrådgiveren fungerer, men kunne være tættere.`;
    employees.push({ group: 'ansat', municipality, id: `${prefix}-A-${String(i + 1).padStart(3, '0')}`, survey: null, answers });
  }
  // Interleaved, as paper forms come in.
  const all = [];
  for (let i = 0; i < 47; i++) {
    all.push(citizens[i]);
    if (i < 37) all.push(employees[i]);
  }
  return all;
}

// A varied random set of responses for a municipality.
function randomResponses(prefix, municipality, citizens, employees) {
  const likert = () => (chance(0.08) ? undefined : String([5, 5, 5, 4, 4, 4, 3, 2, 1, 0][int(0, 9)]));
  const out = [];
  for (let i = 0; i < citizens; i++) {
    const answers = {};
    for (const id of ['B_GUIDANCE', 'B_SOLUTION', 'B_DIALOGUE', 'B_RECOMMEND']) {
      const v = likert();
      if (v !== undefined) answers[id] = v;
    }
    const reasons = REASONS.filter(() => chance(0.3));
    if (reasons.length) answers.B_REASON = reasons;
    if (chance(0.3)) answers.B_COMMENT = `${prefix}: fortrolig borgerkommentar nr. ${i + 1}, som ikke er godkendt.`;
    out.push({ group: 'borger', municipality, id: `${prefix}-B${i + 1}`, survey: null, answers });
  }
  for (let i = 0; i < employees; i++) {
    const answers = {};
    for (const id of ['A_DIALOGUE', 'A_EXPERIENCE', 'A_KNOWLEDGE', 'A_LEARNING']) {
      const v = likert();
      if (v !== undefined) answers[id] = v;
    }
    if (chance(0.3)) answers.A_COMMENT = `${prefix}: fortrolig medarbejderkommentar nr. ${i + 1}.`;
    out.push({ group: 'ansat', municipality, id: `${prefix}-A${i + 1}`, survey: null, answers });
  }
  return shuffle(out);
}

const NATIONAL = nationalSurvey('LU24', MUNICIPALITY);
const NATIONAL_CSV = toCsv(NATIONAL, { bom: true, eol: '\r\n' });

// Everything the server's database holds, as the test knows it; and the approved comments.
const ledger = [];
const approvedQuotes = [];
const surveys = {};  // name -> { id, slug }

function expectedJson(responses, quotes = approvedQuotes, threshold = THRESHOLD) {
  const sorted = [...quotes].sort((a, b) => (a.group + '\u0000' + a.question + '\u0000' + a.text < b.group + '\u0000' + b.question + '\u0000' + b.text ? -1 : 1));
  return { groups: groupsJson(responses), threshold, quotes: sorted };
}

// Creates a survey on the list page; returns { id, slug }.
async function createSurvey(name, { questionnaire = 'borger', title = name, opens = copenhagenToday(), closes = '', codes = '0' } = {}) {
  const b = await advisor();
  const page = await b.get('/tilfredshed');
  assert.equal(page.res.status, 200);
  const r = await b.post('/tilfredshed', [['_csrf', b.csrfFrom(page.text)], ['questionnaire', questionnaire], ['title', title],
    ['opens', opens], ['closes', closes], ['codes', codes]]);
  assert.equal(r.res.status, 303, `creating ${name}: ${textOf(mainOf(r.text)).slice(0, 400)}`);
  const m = r.res.headers.get('location').match(/^\/tilfredshed\/(\d+)\?ok=survey_created$/);
  assert.ok(m, `redirect to the new survey, got ${r.res.headers.get('location')}`);
  const shown = await b.get(`/tilfredshed/${m[1]}`);
  assert.equal(shown.res.status, 200);
  const slug = shown.text.match(/href="\/svar\/([a-z0-9]{16})"/)?.[1];
  assert.ok(slug, 'the survey page links to its answer page');
  surveys[name] = { id: Number(m[1]), slug, questionnaire };
  return surveys[name];
}

// Uploads a CSV on /tilfredshed; returns the response.
async function uploadCsv(text, { survey = '', filename = 'svar.csv' } = {}) {
  const b = await advisor();
  const page = await b.get('/tilfredshed');
  const file = new File([Buffer.from(text, 'utf8')], filename, { type: 'text/csv' });
  return b.post('/tilfredshed/import', [['_csrf', b.csrfFrom(page.text)], ['survey', String(survey)], ['fil', file]], { multipart: true });
}

// A response as form fields (the names the pages use).
function formFields(answers) {
  const out = [];
  for (const [id, v] of Object.entries(answers)) for (const x of Array.isArray(v) ? v : [v]) out.push([id, x]);
  return out;
}

// Answers on the public page and records them in the ledger.
async function answerPublic(survey, answers, { code, lang, headers } = {}) {
  const fields = formFields(answers);
  if (code !== undefined) fields.unshift(['kode', code]);
  const r = await publicPost(survey.slug, fields, { lang, headers });
  assert.equal(r.res.status, 200, `answer on /svar/${survey.slug}: ${textOf(mainOf(r.text)).slice(0, 400)}`);
  assert.ok(r.text.includes(escapeHtml(msg('survey_answer.thanks_title', lang || 'da'))), 'the thank-you page is shown');
  ledger.push({ group: survey.questionnaire, municipality: MUNICIPALITY, id: '', survey: survey.id, source: 'web', answers });
  return r;
}

// Types a paper form in on the entry page and records it in the ledger.
async function enterPaper(survey, answers, respondent = '') {
  const b = await advisor();
  const page = await b.get(`/tilfredshed/${survey.id}/indtast`);
  assert.equal(page.res.status, 200);
  const fields = [['_csrf', b.csrfFrom(page.text)], ['respondent_id', respondent], ...formFields(answers)];
  const r = await b.post(`/tilfredshed/${survey.id}/indtast`, fields);
  assert.equal(r.res.status, 303, `paper entry: ${textOf(mainOf(r.text)).slice(0, 400)}`);
  assert.equal(r.res.headers.get('location'), `/tilfredshed/${survey.id}/indtast?ok=entry_saved`);
  ledger.push({ group: survey.questionnaire, municipality: MUNICIPALITY, id: respondent, survey: survey.id, source: 'paper', answers });
}

// ------------------------------------------------------------------------------- tests --

test('the 2024 national survey imported as CSV on the page gives the published shares, computed from counts', async () => {
  const r = await uploadCsv(NATIONAL_CSV.text, { filename: 'landsundersoegelse-2024.csv' });
  assert.equal(r.res.status, 303, `import: ${importProblems(r.text).join(' | ') || textOf(mainOf(r.text)).slice(0, 400)}`);
  assert.equal(r.res.headers.get('location'), '/tilfredshed?ok=survey_imported');
  ledger.push(...NATIONAL);

  const got = await resultsJson();
  const borger = got.groups.find((g) => g.group === 'borger');
  const ansat = got.groups.find((g) => g.group === 'ansat');
  assert.equal(borger.respondents, 47);
  assert.equal(ansat.respondents, 37);
  const q = (g, id) => g.questions.find((x) => x.id === id);
  assert.deepEqual(q(borger, 'B_GUIDANCE').counts, { 5: 36, 4: 7, 3: 2, 2: 1, 1: 1, 0: 0 });
  assert.deepEqual(q(borger, 'B_GUIDANCE').percent, { 5: 76.6, 4: 14.9, 3: 4.3, 2: 2.1, 1: 2.1, 0: 0 });
  assert.equal(q(borger, 'B_GUIDANCE').answered, 47);
  assert.equal(q(borger, 'B_GUIDANCE').agree_percent, 91.5);
  // The national report added rounded shares (66.0 + 21.3) and printed 87.3; 41 of 47 is 87.2.
  assert.equal(q(borger, 'B_RECOMMEND').percent['5'], 66);
  assert.equal(q(borger, 'B_RECOMMEND').percent['4'], 21.3);
  assert.equal(q(borger, 'B_RECOMMEND').agree_percent, 87.2);
  assert.equal(q(ansat, 'A_DIALOGUE').agree_percent, 94.6);
  // Not answered is not counted: 44 of 47 answered B_SOLUTION.
  assert.equal(q(borger, 'B_SOLUTION').answered, 44);
  assert.equal(q(borger, 'B_SOLUTION').counts['0'], 3, '"Ved ikke" is an answer');

  // Every question, every figure, against the test's own computation.
  assert.deepEqual(got, expectedJson(ledger));

  // The results page: Danish percentages; the PDF opens.
  const b = await advisor();
  const page = await b.get('/tilfredshed/resultater');
  assert.equal(page.res.status, 200);
  const text = textOf(mainOf(page.text));
  for (const s of ['76,6 %', '14,9 %', '4,3 %', '2,1 %', '91,5 %', '87,2 %', '94,6 %']) assert.ok(text.includes(s), `the results page shows ${s}`);
  assert.ok(!text.includes('87,3 %'), 'no share added up from rounded percentages');
  const pdf = await download(b, '/tilfredshed/resultater?format=pdf');
  assert.equal(pdf.res.headers.get('content-type'), 'application/pdf');
  const { flat } = pdfText(pdf.bytes, 'national.pdf');
  assert.ok(flat.includes('Side 1 af'), 'the PDF has page numbers');
  assert.ok(flat.includes('76,6'), 'the PDF shows 76,6');
  assert.ok(flat.includes('94,6'), 'the PDF shows 94,6');
});

let cliDb;  // the national survey imported through the CLI
test('the same CSV through `survey import` into another database gives the same figures in `survey report`', async () => {
  cliDb = newDatabase(MUNICIPALITY);
  const file = join(work, 'national.csv');
  writeFileSync(file, NATIONAL_CSV.text);
  const out = bb(cliDb, ['--format', 'json', 'survey', 'import', file]);
  assert.deepEqual(JSON.parse(out), { imported: 84 });
  const report = JSON.parse(bb(cliDb, ['survey', 'report', '--format', 'json']));
  assert.deepEqual(report, expectedJson(NATIONAL, []));
  const borger = report.groups[0].questions.find((x) => x.id === 'B_GUIDANCE');
  assert.equal(borger.agree_percent, 91.5);
  // --out writes the same.
  const outFile = join(work, 'report.json');
  bb(cliDb, ['survey', 'report', '--format', 'json', '--out', outFile]);
  assert.deepEqual(JSON.parse(readFileSync(outFile, 'utf8')), report);
  // HTML and PDF formats work too.
  const html = bb(cliDb, ['survey', 'report', '--format', 'html']);
  assert.match(html, /<html/i);
  assert.ok(textOf(html).includes('76,6 %'), 'the HTML report shows 76,6 %');
  const pdfFile = join(work, 'cli-report.pdf');
  bb(cliDb, ['survey', 'report', '--format', 'pdf', '--out', pdfFile]);
  const { flat } = pdfText(readFileSync(pdfFile), 'cli-report-copy.pdf');
  assert.ok(flat.includes('Side 1 af') && flat.includes('76,6'));
});

test('answers from the public page (no cookie) and from the paper entry page are counted with the imported ones', async () => {
  const citizens = await createSurvey('Borgere 2025');
  const employees = await createSurvey('Ansatte 2025', { questionnaire: 'ansat' });
  const web = [
    { B_REASON: ['forstaa', 'klage'], B_GUIDANCE: '5', B_SOLUTION: '4', B_DIALOGUE: '3', B_RECOMMEND: '5' },
    { B_REASON: ['hjaelp'], B_GUIDANCE: '2', B_SOLUTION: '1', B_DIALOGUE: '0', B_RECOMMEND: '2' },
    { B_GUIDANCE: '0' },
    { B_REASON: ['kontakt', 'hoert', 'andet'], B_GUIDANCE: '4', B_RECOMMEND: '4' },
    { B_SOLUTION: '3', B_DIALOGUE: '5' },
  ];
  for (const answers of web) await answerPublic(citizens, answers);
  await answerPublic(employees, { A_DIALOGUE: '5', A_EXPERIENCE: '4', A_KNOWLEDGE: '0', A_LEARNING: '3' });
  await answerPublic(employees, { A_DIALOGUE: '1', A_LEARNING: '2' });

  const b = await advisor();
  // The entry page, with the questions and a field for the form's number.
  const page = await b.get(`/tilfredshed/${citizens.id}/indtast`);
  assert.equal(page.res.status, 200);
  for (const x of Q.borger.questions) assert.ok(page.text.includes(escapeHtml(x.text)), `entry page asks ${x.id}`);
  assert.match(page.text, /name="respondent_id"/);
  await enterPaper(citizens, { B_REASON: ['klage'], B_GUIDANCE: '5', B_SOLUTION: '5', B_DIALOGUE: '4', B_RECOMMEND: '5' }, 'PAPIR-0001');
  await enterPaper(citizens, { B_GUIDANCE: '3', B_RECOMMEND: '1' }, 'PAPIR-0002');
  await enterPaper(citizens, { B_REASON: ['forstaa', 'hjaelp'], B_GUIDANCE: '4' });
  await enterPaper(employees, { A_DIALOGUE: '4', A_EXPERIENCE: '5', A_KNOWLEDGE: '4', A_LEARNING: '4' }, 'PAPIR-A1');
  const saved = await b.get(`/tilfredshed/${citizens.id}/indtast?ok=entry_saved`);
  assert.ok(saved.text.includes(escapeHtml(msg('survey_page.entry_saved'))), 'the entry page confirms the save');
  assert.ok(!/<input[^>]*name="B_GUIDANCE"[^>]*checked/.test(saved.text), 'the entry form is empty again');

  // A form typed in twice (same number) is refused and stored once.
  const before = await resultsJson();
  const again = await b.post(`/tilfredshed/${citizens.id}/indtast`, [['_csrf', b.csrfFrom(page.text)], ['respondent_id', 'PAPIR-0001'], ['B_GUIDANCE', '1']]);
  assert.equal(again.res.status, 409, textOf(mainOf(again.text)).slice(0, 300));
  assert.ok(again.text.includes(escapeHtml(msg('survey.csv.already_imported'))), 'the page says the form is already entered');
  // A bad answer code is shown at its question and nothing is stored.
  const bad = await b.post(`/tilfredshed/${citizens.id}/indtast`, [['_csrf', b.csrfFrom(page.text)], ['B_GUIDANCE', '9'], ['B_RECOMMEND', '5']]);
  assert.equal(bad.res.status, 400);
  assert.deepEqual(errorSummary(bad.text).map((e) => e.text), [msg('survey.likert_invalid')]);
  assert.match(bad.text, /<input[^>]*name="B_RECOMMEND" value="5" checked/, 'the other answers are kept on the form');
  assert.deepEqual(await resultsJson(), before, 'nothing stored by the refused entries');

  // Everything in the database against the ledger; the CLI reads the same database the same way.
  const all = await resultsJson();
  assert.deepEqual(all, expectedJson(ledger));
  const cliReport = JSON.parse(bb(srv.db, ['survey', 'report', '--format', 'json']));
  assert.deepEqual(cliReport, all, '`survey report` on the server database equals the page\'s JSON');

  // One survey: only the answers given to it (web and paper).
  for (const s of [citizens, employees]) {
    const one = await resultsJson(`&undersoegelse=${s.id}`);
    assert.deepEqual(one, expectedJson(ledger.filter((r) => r.survey === s.id), []), `results of survey ${s.id}`);
    assert.deepEqual(JSON.parse(bb(srv.db, ['survey', 'report', '--survey', String(s.id), '--format', 'json'])), one);
  }
  // The list shows the number of answers per survey.
  const list = await b.get('/tilfredshed');
  const row = (id) => list.text.match(new RegExp(`<tr><td><a href="/tilfredshed/${id}">[\\s\\S]*?</tr>`))?.[0] ?? '';
  assert.match(row(citizens.id), /<td class="bb-num">8<\/td><\/tr>$/, 'Borgere 2025 has 8 answers');
  assert.match(row(employees.id), /<td class="bb-num">3<\/td><\/tr>$/, 'Ansatte 2025 has 3 answers');
  const listed = JSON.parse(bb(srv.db, ['--format', 'json', 'survey', 'list']));
  assert.equal(listed.find((s) => s.id === citizens.id).responses, 8);
  assert.equal(listed.find((s) => s.id === citizens.id).answer_path, `/svar/${citizens.slug}`);
});

test('after a paper entry the entry page confirms the save once', async () => {
  const b = await advisor();
  const s = surveys['Borgere 2025'];
  await enterPaper(s, { B_GUIDANCE: '4', B_DIALOGUE: '4' });
  const page = await b.get(`/tilfredshed/${s.id}/indtast?ok=entry_saved`);
  const notices = [...page.text.matchAll(/role="status"[\s\S]*?<\/p>/g)].map((m) => textOf(m[0].replace(/^[^>]*>/, '')));
  assert.equal(notices.length, 1, `one status message, got ${JSON.stringify(notices)}`);
});

test('breakdown by municipality hides a municipality with 3 respondents; the totals include it', async () => {
  const nabo = [1, 2, 3].map((i) => ({ group: 'borger', municipality: 'Nabo Kommune', id: `NABO-${i}`, survey: null,
    answers: { B_GUIDANCE: String(i), B_RECOMMEND: '1', B_REASON: ['klage'] } }));
  const r = await uploadCsv(toCsv(nabo).text);
  assert.equal(r.res.status, 303, importProblems(r.text).join(' | '));
  ledger.push(...nabo);
  const got = await resultsJson('&opdeling=municipality');
  const { by, ...totals } = got;
  assert.deepEqual(totals, expectedJson(ledger), 'the totals include Nabo Kommune');
  assert.deepEqual(Object.keys(by), ['municipality']);
  const expected = byMunicipality(ledger);
  assert.deepEqual(expected.map((e) => [e.name, e.suppressed]), [['Nabo Kommune', true], [MUNICIPALITY, false]]);
  assertBreakdown(by.municipality, expected, 'page JSON');
  const cliBy = JSON.parse(bb(srv.db, ['survey', 'report', '--by', 'municipality', '--format', 'json']));
  assert.deepEqual(cliBy, got, '`survey report --by municipality` equals the page');
  // The page says it, and shows no figures for Nabo Kommune.
  const page = await (await advisor()).get('/tilfredshed/resultater?opdeling=municipality');
  assert.equal(page.res.status, 200);
  const section = page.text.slice(page.text.indexOf('id="s-opdeling"'));
  const nab = section.slice(section.indexOf('<h3>Nabo Kommune</h3>'), section.indexOf('<h3>', section.indexOf('<h3>Nabo Kommune</h3>') + 5));
  assert.ok(nab.includes(escapeHtml(fill(msg('survey_page.suppressed'), { threshold: THRESHOLD }))), 'Nabo Kommune: "færre end 5"');
  assert.ok(!/<table/.test(nab), 'no table for Nabo Kommune');
  // By year: one year, all groups shown.
  const byYear = (await resultsJson('&opdeling=year')).by.year;
  assert.deepEqual(byYear.map((e) => e.name), [copenhagenToday().slice(0, 4)]);
  assert.deepEqual(byYear[0].groups, expectedJson(ledger).groups);
});

test('the threshold is a setting: at 3 the municipality with 3 respondents is shown, at 4 it is hidden', async () => {
  const admin = await signedIn('admin');
  const save = async (value) => {
    const page = await admin.get('/indstillinger');
    const fields = pageForm(page.text, '/indstillinger').filter(([n]) => n !== 'small_count_threshold');
    const r = await admin.post('/indstillinger', [...fields, ['small_count_threshold', value]]);
    assert.equal(r.res.status, 303, `threshold ${value}: ${textOf(mainOf(r.text)).slice(0, 300)}`);
  };
  try {
    for (const threshold of [3, 4]) {
      await save(String(threshold));
      const got = await resultsJson('&opdeling=municipality');
      const { by, ...totals } = got;
      assert.deepEqual(totals, expectedJson(ledger, approvedQuotes, threshold), `totals at threshold ${threshold}`);
      const expected = byMunicipality(ledger, threshold);
      assert.equal(expected[0].suppressed, threshold > 3);
      assertBreakdown(by.municipality, expected, `threshold ${threshold}`);
      assert.deepEqual(JSON.parse(bb(srv.db, ['survey', 'report', '--by', 'municipality', '--format', 'json'])), got, `CLI at threshold ${threshold}`);
    }
  } finally {
    await save(String(THRESHOLD));
  }
  assert.equal((await resultsJson()).threshold, THRESHOLD);
});

// --------------------------------------------------------------------- export and merge --

test('network: merging the municipalities\' exports gives the figures of all answers in one database', async () => {
  const offices = [
    { name: 'Østerby Kommune', responses: randomResponses('OST', 'Østerby Kommune', 23, 9) },
    { name: 'Vesterby Kommune', responses: randomResponses('VEST', 'Vesterby Kommune', 14, 4) },  // employees below 5
    { name: 'Lilleby Kommune', responses: randomResponses('LILLE', 'Lilleby Kommune', 2, 1) },  // 3 respondents
  ];
  const allDb = newDatabase('Landsnetværket');
  const files = [];
  for (const [i, o] of offices.entries()) {
    const db = newDatabase(o.name);
    const csv = join(work, `office-${i}.csv`);
    writeFileSync(csv, toCsv(o.responses, { eol: i === 1 ? '\r\n' : '\n' }).text);
    bb(db, ['survey', 'import', csv]);
    bb(allDb, ['survey', 'import', csv]);
    o.file = join(work, `export-${i}.json`);
    const r = cli(db, ['survey', 'export', '--out', o.file]);
    assert.equal(r.code, 0, r.stderr);
    files.push(o.file);
  }
  const everyone = offices.flatMap((o) => o.responses);

  // Each export: this municipality's counts, and nothing at the level of one answer.
  for (const o of offices) {
    const text = readFileSync(o.file, 'utf8');
    const ex = JSON.parse(text);
    assert.equal(ex.municipality, o.name);
    assert.equal(ex.format, 'brobygger-network-export');
    const t = tally(o.responses);
    for (const [code, g] of Object.entries(t)) {
      assert.equal(ex.survey.groups[code].respondents, g.respondents, `${o.name} ${code} respondents in the export`);
      for (const [id, qt] of Object.entries(g.questions)) {
        assert.equal(ex.survey.groups[code].questions[id].answered, qt.answered, `${o.name} ${code}.${id} answered`);
        for (const [v, n] of Object.entries(qt.counts)) assert.equal(ex.survey.groups[code].questions[id].counts[v], n);
      }
    }
    for (const r of o.responses) {
      assert.ok(!text.includes(r.id), `${o.name}'s export holds respondent id ${r.id}`);
      for (const v of Object.values(r.answers)) {
        if (typeof v === 'string' && v.length > 5) assert.ok(!text.includes(v.slice(0, 30)), `${o.name}'s export holds an unapproved comment: ${v}`);
      }
    }
    assert.deepEqual(ex.quotes, [], 'no comment was approved');
    assertNoAnswerRows(ex, o.name);
  }

  // The network report.
  const merged = JSON.parse(run(BIN, ['network', 'report', ...files, '--format', 'json']).toString('utf8'));
  const expected = expectedJson(everyone, []);
  assert.deepEqual(merged.groups, expected.groups, 'national totals from counts, including Lilleby Kommune');
  assert.equal(merged.groups.find((g) => g.group === 'borger').respondents, 23 + 14 + 2);
  assert.equal(merged.groups.find((g) => g.group === 'ansat').respondents, 9 + 4 + 1);
  assert.deepEqual(merged.quotes, []);
  assert.equal(merged.threshold, THRESHOLD);
  const byMun = byMunicipality(everyone);
  assert.deepEqual(byMun.map((e) => [e.name, e.suppressed, e.hidden]),
    [['Lilleby Kommune', true, ['borger', 'ansat']], ['Vesterby Kommune', false, ['ansat']], ['Østerby Kommune', false, []]]);
  assertBreakdown(merged.by.municipality, byMun, 'network report');
  assert.deepEqual(merged.municipalities, [
    { name: 'Lilleby Kommune', suppressed: true },
    // Only the groups shown count: 18 in all would reveal the 4 hidden employees beside 14 citizens.
    { name: 'Vesterby Kommune', suppressed: false, respondents: 14 },
    { name: 'Østerby Kommune', suppressed: false, respondents: 32 },
  ]);

  // All the answers in one database give exactly the same figures.
  const single = JSON.parse(bb(allDb, ['survey', 'report', '--by', 'municipality', '--format', 'json']));
  assert.deepEqual(single.groups, merged.groups, 'one database = merged exports (totals)');
  assert.deepEqual(single.by, merged.by, 'one database = merged exports (breakdown)');

  // The HTML and PDF of the network report.
  const html = run(BIN, ['network', 'report', ...files, '--format', 'html']).toString('utf8');
  const htmlText = textOf(html);
  for (const o of offices) assert.ok(htmlText.includes(o.name), `the network report names ${o.name}`);
  assert.ok(htmlText.includes(`Lilleby Kommune: ${fill(msg('survey_page.suppressed'), { threshold: THRESHOLD })}`), 'Lilleby is listed as suppressed');
  const pdfFile = join(work, 'network.pdf');
  const r = cli(allDb, ['network', 'report', ...files, '--format', 'pdf', '--out', pdfFile]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(pdfText(readFileSync(pdfFile), 'network-copy.pdf').flat.includes('Side 1 af'));

  // A municipality counted twice is refused.
  const twice = cli(allDb, ['network', 'report', files[0], files[0], '--format', 'json']);
  assert.notEqual(twice.code, 0, 'the same export twice is refused');
  assert.ok(twice.stderr.includes('Østerby Kommune'), `the error names the municipality: ${twice.stderr}`);
});

// An export holds aggregated counts only: no list of responses, no respondent ids, no dates of
// answers, no free text but approved quotes.
function assertNoAnswerRows(ex, what) {
  const forbidden = /^(respondent_id|respondents_list|responses|answers|answered_on|source|ip|created_at|comments)$/;
  const walk = (v, path) => {
    if (Array.isArray(v)) {
      if (path.startsWith('survey')) assert.fail(`${what}: an array in the survey counts at ${path}`);
      v.forEach((x, i) => walk(x, `${path}[${i}]`));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        assert.ok(!forbidden.test(k), `${what}: key "${k}" at ${path}`);
        walk(x, path ? `${path}.${k}` : k);
      }
    }
  };
  walk(ex, '');
  for (const [code, g] of Object.entries(ex.survey.groups)) {
    assert.deepEqual(Object.keys(g).sort(), ['questions', 'respondents'], `${what}: ${code} holds counts only`);
    for (const [id, q] of Object.entries(g.questions)) {
      assert.deepEqual(Object.keys(q).sort(), ['answered', 'counts'], `${what}: ${code}.${id} holds counts only`);
      for (const n of Object.values(q.counts)) assert.equal(typeof n, 'number');
    }
  }
}

// --------------------------------------------------------------------- CSV import errors --

const HEADER = 'respondent_id,group,municipality,B_REASON,B_GUIDANCE,B_RECOMMEND,A_DIALOGUE,B_COMMENT';
const BAD_LINES = [
  HEADER,                                                             // 1
  'FEJL-1,borger,Testrup Kommune,klage,5,4,,',                        // 2 fine
  'FEJL-2,borger,Testrup Kommune,,6,,,',                              // 3 Likert code 6
  'FEJL-3,borgere,Testrup Kommune,,5,,,',                             // 4 unknown group
  'FEJL-4,borger,Testrup Kommune,,5,,4,',                             // 5 A_DIALOGUE is not a citizens' question
  'FEJL-5,borger,Testrup Kommune,,4,,,',                              // 6 fine
  'FEJL-5,borger,Testrup Kommune,,3,,,',                              // 7 the same respondent again
  'FEJL-7,borger,Testrup Kommune,,5',                                 // 8 too few fields
  'FEJL-8,borger,Testrup Kommune,hjaelp,5,5,,"To linjer,\nmed komma"', // 9–10 fine (a quoted line break)
  'FEJL-9,borger,Testrup Kommune,klage;ukendt,5,,,',                  // 11 unknown option
];
const BAD_EXPECTED = [
  [3, 'B_GUIDANCE', msg('survey.likert_invalid')],
  [4, 'group', msg('survey.csv.unknown_group')],
  [5, 'A_DIALOGUE', msg('survey.csv.not_in_group')],
  [7, 'respondent_id', msg('survey.csv.duplicate_respondent')],
  [8, '', msg('survey.csv.column_count')],
  [11, 'B_REASON', msg('survey.option_unknown')],
];
const lineText = ([line, column, text]) => `Linje ${line}${column ? `, kolonne ${column}` : ''}: ${text}`;

test('CSV import: every bad line is named with its number and reason on the page, and nothing is stored', async () => {
  const before = await resultsJson();
  const r = await uploadCsv(BAD_LINES.join('\n') + '\n');
  assert.equal(r.res.status, 400);
  const problems = importProblems(r.text);
  assert.deepEqual(problems, BAD_EXPECTED.map(lineText));
  assert.ok(errorSummary(r.text).some((e) => e.text === msg('survey.csv.invalid_file')), 'the error summary says nothing is stored');
  assert.deepEqual(await resultsJson(), before, 'nothing from the file is stored');
  const list = JSON.parse(bb(srv.db, ['--format', 'json', 'survey', 'list']));
  assert.ok(list.length >= 2);
  assert.equal(sql(srv.db, "SELECT COUNT(*) AS n FROM survey_responses WHERE respondent_id LIKE 'FEJL-%'")[0].n, 0);
});

test('CSV import: an unclosed quote is reported with its line and a readable reason (page and CLI)', async () => {
  const before = await resultsJson();
  const lines = ['respondent_id,group,municipality,B_GUIDANCE,B_COMMENT', 'Q-1,borger,Testrup Kommune,5,Fin', 'Q-2,borger,Testrup Kommune,4,"Ikke afsluttet'];
  const r = await uploadCsv(lines.join('\n') + '\n');
  assert.equal(r.res.status, 400);
  assert.deepEqual(await resultsJson(), before, 'nothing from the file is stored');
  const file = join(work, 'quote.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  const c = cli(cliDb, ['survey', 'import', file]);
  assert.notEqual(c.code, 0);
  // Both checked before either fails: the page and the CLI say it in Danish.
  const wanted = `Linje 3: ${msg('csv.unclosed_quote')}`;
  const problems = [];
  const page = importProblems(r.text);
  if (JSON.stringify(page) !== JSON.stringify([wanted])) problems.push(`page: expected ${JSON.stringify([wanted])}, got ${JSON.stringify(page)}`);
  if (!c.stderr.includes(`linje 3: ${msg('csv.unclosed_quote')}`)) problems.push(`CLI: expected "linje 3: ${msg('csv.unclosed_quote')}", got ${JSON.stringify(c.stderr)}`);
  assert.deepEqual(problems, []);
});

test('CSV import: an unclosed quote at the end does not hide the bad lines before it', async () => {
  const before = await resultsJson();
  const r = await uploadCsv([...BAD_LINES, 'FEJL-12,borger,Testrup Kommune,,5,,,"Ikke afsluttet'].join('\n') + '\n');
  assert.equal(r.res.status, 400);
  const problems = importProblems(r.text);
  for (const p of BAD_EXPECTED) assert.ok(problems.includes(lineText(p)), `the page names line ${p[0]}: ${lineText(p)}\n  got: ${JSON.stringify(problems)}`);
  assert.ok(problems.some((p) => p.startsWith('Linje 12')), `the page names line 12 (the unclosed quote); got ${JSON.stringify(problems)}`);
  assert.deepEqual(await resultsJson(), before, 'nothing from the file is stored');
});

test('CSV import: a file imported before is refused, naming its lines; new rows in it are not stored either', async () => {
  const before = await resultsJson();
  let r = await uploadCsv(NATIONAL_CSV.text);
  assert.equal(r.res.status, 400);
  let problems = importProblems(r.text);
  assert.equal(problems.length, NATIONAL.length, 'one line per response already stored');
  for (const line of NATIONAL_CSV.lines) {
    assert.ok(problems.includes(`Linje ${line}, kolonne respondent_id: ${msg('survey.csv.already_imported')}`), `line ${line} is named`);
  }
  // Two new rows and one stored before.
  const mixed = [
    { group: 'borger', municipality: MUNICIPALITY, id: 'NY-1', survey: null, answers: { B_GUIDANCE: '1' } },
    NATIONAL[5],
    { group: 'ansat', municipality: MUNICIPALITY, id: 'NY-2', survey: null, answers: { A_DIALOGUE: '1' } },
  ];
  r = await uploadCsv(toCsv(mixed).text);
  assert.equal(r.res.status, 400);
  problems = importProblems(r.text);
  assert.deepEqual(problems, [`Linje 3, kolonne respondent_id: ${msg('survey.csv.already_imported')}`]);
  assert.deepEqual(await resultsJson(), before, 'nothing stored');
});

test('CSV import through the CLI: exits non-zero, prints "linje N" for each bad line, stores nothing', async () => {
  const before = JSON.parse(bb(cliDb, ['survey', 'report', '--format', 'json']));
  const bad = join(work, 'bad.csv');
  writeFileSync(bad, BAD_LINES.join('\n') + '\n');
  let r = cli(cliDb, ['survey', 'import', bad]);
  assert.notEqual(r.code, 0, 'a bad file fails');
  for (const [line, column, text] of BAD_EXPECTED) {
    assert.ok(r.stderr.includes(`linje ${line}${column ? `, kolonne ${column}` : ''}: ${text}`), `stderr names line ${line}: ${r.stderr}`);
  }
  for (const fine of [2, 6, 9, 10]) assert.ok(!r.stderr.includes(`linje ${fine}:`) && !r.stderr.includes(`linje ${fine},`), `line ${fine} is fine`);
  // Imported before.
  const again = join(work, 'national-again.csv');
  writeFileSync(again, NATIONAL_CSV.text);
  r = cli(cliDb, ['survey', 'import', again]);
  assert.notEqual(r.code, 0, 'a second import fails');
  for (const line of NATIONAL_CSV.lines.slice(0, 5)) assert.ok(r.stderr.includes(`linje ${line}, kolonne respondent_id`), `line ${line} is named: ${r.stderr.slice(0, 300)}`);
  assert.deepEqual(JSON.parse(bb(cliDb, ['survey', 'report', '--format', 'json'])), before, 'nothing stored');
});

// ----------------------------------------------------------------------------- anonymity --

test('anonymity: the answer page sets no cookie; the database keeps no IP address, no time and no audit entry for an answer', async () => {
  const s = surveys['Borgere 2025'];
  const probe = { 'user-agent': 'BB-Anonymity-Probe/7.3', 'x-forwarded-for': '203.0.113.77', 'x-real-ip': '198.51.100.23' };
  for (const q of ['', '?lang=en', '?kode=ABCD2345']) {
    const r = await publicGet(s.slug, q, probe);
    assert.equal(r.res.status, 200);
    assert.deepEqual(r.res.headers.getSetCookie(), [], `GET /svar/…${q} sets no cookie`);
    assert.ok(!/name="_csrf"/.test(r.text), 'no CSRF token (it would need a cookie)');
  }
  // Even for a signed-in advisor the public page sets (or refreshes) no cookie.
  const b = await advisor();
  const withSession = await publicGet(s.slug, '', { cookie: b.cookieHeader() });
  assert.deepEqual(withSession.res.headers.getSetCookie(), [], 'no cookie for a signed-in visitor either');
  const bad = await publicPost(s.slug, [['B_GUIDANCE', '8']], { headers: probe });
  assert.equal(bad.res.status, 400);
  assert.deepEqual(bad.res.headers.getSetCookie(), [], 'a refused answer sets no cookie');

  const auditBefore = sql(srv.db, 'SELECT COUNT(*) AS n FROM audit')[0].n;
  const r = await answerPublic(s, { B_GUIDANCE: '4', B_COMMENT: 'Anonym kommentar til anonymitetstesten.' }, { headers: probe });
  assert.deepEqual(r.res.headers.getSetCookie(), [], 'the receipt sets no cookie');
  assert.equal(r.res.headers.get('location'), null, 'the receipt is shown directly');
  assert.equal(sql(srv.db, 'SELECT COUNT(*) AS n FROM audit')[0].n, auditBefore, 'no audit entry for a public answer');

  const today = copenhagenToday();
  for (const table of ['survey_responses', 'survey_answers', 'survey_comments', 'survey_codes']) {
    const columns = dbColumns(srv.db, table);
    for (const c of columns) assert.ok(!/(^ip|_ip$|addr|agent|time|_at$|user|session|cookie)/i.test(c), `${table} has a column ${c}`);
    const dump = JSON.stringify(sql(srv.db, `SELECT * FROM ${table}`));
    for (const s2 of ['127.0.0.1', '::1', '203.0.113.77', '198.51.100.23', 'BB-Anonymity-Probe']) {
      assert.ok(!dump.includes(s2), `${table} holds "${s2}"`);
    }
    assert.ok(!/\d{2}:\d{2}/.test(dump.replace(/"text":"[^"]*"/g, '')), `${table} holds a time of day`);
  }
  const rows = sql(srv.db, 'SELECT answered_on, source, respondent_id FROM survey_responses');
  for (const row of rows) assert.match(row.answered_on, /^\d{4}-\d{2}-\d{2}$/, 'answered_on is a day');
  const web = rows.filter((row) => row.source === 'web');
  assert.equal(web.length, ledger.filter((x) => x.source === 'web').length, 'the web answers');
  assert.equal(rows.filter((row) => row.source === 'paper').length, ledger.filter((x) => x.source === 'paper').length, 'the paper answers');
  for (const row of web) {
    assert.equal(row.answered_on, today);
    assert.equal(row.respondent_id, null, 'a web answer has no respondent id');
  }
  // The request's details are nowhere in the database.
  const whole = dbDump(srv.db);
  for (const s2 of ['203.0.113.77', '198.51.100.23', 'BB-Anonymity-Probe']) assert.ok(!whole.includes(s2), `the database holds "${s2}"`);
});

test('anonymity: what a browser loads with the answer page (stylesheets, scripts, the icon) sets no cookie either', async () => {
  const s = surveys['Borgere 2025'];
  const page = await publicGet(s.slug);
  const assets = [...page.text.matchAll(/<(?:link|script)\b[^>]*(?:href|src)="(\/[^"]*)"/g)].map((m) => decode(m[1]));
  // Without <link rel="icon"> every browser asks for /favicon.ico.
  if (!/<link[^>]*rel="(?:shortcut )?icon"/.test(page.text)) assets.push('/favicon.ico');
  const setters = [];
  for (const path of assets) {
    const res = await fetch(srv.base + path, { redirect: 'manual' });
    await res.arrayBuffer();
    for (const c of res.headers.getSetCookie()) setters.push(`${path} (${res.status}): ${c.split(';')[0].split('=')[0]}`);
  }
  assert.deepEqual(setters, [], 'requests made by the answer page set cookies');
});

// ------------------------------------------------------------------------ one-time codes --

test('one-time codes: slips PDF (8 a page) with the codes and the address; each code answers once', async () => {
  const s = await createSurvey('Med koder', { codes: '20' });
  const b = await advisor();
  let page = await b.get(`/tilfredshed/${s.id}`);
  assert.ok(page.text.includes(escapeHtml(fill(msg('survey_page.codes_status'), { used: 0, total: 20 }))), 'the page shows 0 of 20 used');
  assert.ok(page.text.includes(`href="/tilfredshed/${s.id}/koder.pdf"`));
  const codes = sql(srv.db, `SELECT code FROM survey_codes WHERE survey_id = ${s.id} ORDER BY code`).map((r) => r.code);
  assert.equal(codes.length, 20);
  assert.equal(new Set(codes).size, 20);

  let pdf = await download(b, `/tilfredshed/${s.id}/koder.pdf`);
  assert.equal(pdf.res.headers.get('content-type'), 'application/pdf');
  let slips = pdfText(pdf.bytes, 'slips.pdf');
  assert.equal(slips.pages, Math.ceil(20 / 8));
  for (const c of codes) assert.ok(slips.text.includes(c), `the slips show code ${c}`);
  const compact = slips.text.replace(/\s+/g, '');
  assert.ok(compact.includes(`/svar/${s.slug}`), 'the slips show the answer address');

  // The page asks for the code and fills it in from ?kode= (the QR code's address).
  const form = await publicGet(s.slug, `?kode=${codes[0]}`);
  assert.match(form.text, new RegExp(`<input[^>]*name="kode" value="${codes[0]}"`));
  // No code: refused.
  const before = await resultsJson(`&undersoegelse=${s.id}`);
  let r = await publicPost(s.slug, [['B_GUIDANCE', '5']]);
  assert.equal(r.res.status, 400);
  assert.deepEqual(errorSummary(r.text), [{ field: 'f-kode', text: msg('survey.code_required') }]);
  // A code typed in lower case works once.
  await answerPublic(s, { B_GUIDANCE: '5', B_RECOMMEND: '4' }, { code: codes[0].toLowerCase() });
  page = await b.get(`/tilfredshed/${s.id}`);
  assert.ok(page.text.includes(escapeHtml(fill(msg('survey_page.codes_status'), { used: 1, total: 20 }))), 'the page shows 1 of 20 used');
  const afterFirst = await resultsJson(`&undersoegelse=${s.id}`);
  assert.deepEqual(afterFirst, expectedJson(ledger.filter((x) => x.survey === s.id), []));
  assert.equal(afterFirst.groups[0].respondents, before.groups.length ? before.groups[0].respondents + 1 : 1);
  // The second time: 409, said on the page, nothing stored.
  r = await publicPost(s.slug, [['kode', codes[0]], ['B_GUIDANCE', '1']]);
  assert.equal(r.res.status, 409);
  assert.deepEqual(r.res.headers.getSetCookie(), [], 'the refusal sets no cookie');
  assert.deepEqual(errorSummary(r.text), [{ field: 'f-kode', text: msg('survey.code_used') }]);
  assert.match(r.text, /<input[^>]*name="B_GUIDANCE" value="1" checked/, 'the answers are kept on the form');
  assert.deepEqual(await resultsJson(`&undersoegelse=${s.id}`), afterFirst, 'nothing stored');
  // An unknown code, and a code of another survey, are refused.
  for (const bad of ['OOOO0000', 'ABC']) {
    r = await publicPost(s.slug, [['kode', bad], ['B_GUIDANCE', '1']]);
    assert.ok(r.res.status >= 400 && r.res.status < 500, `code ${bad}: ${r.res.status}`);
    assert.deepEqual(r.res.headers.getSetCookie(), [], 'the refusal sets no cookie');
    assert.deepEqual(errorSummary(r.text), [{ field: 'f-kode', text: msg('survey.code_unknown') }]);
  }
  const other = await createSurvey('Andre koder', { codes: '1' });
  const otherCode = sql(srv.db, `SELECT code FROM survey_codes WHERE survey_id = ${other.id}`)[0].code;
  r = await publicPost(s.slug, [['kode', otherCode], ['B_GUIDANCE', '1']]);
  assert.ok(r.res.status >= 400 && r.res.status < 500, 'another survey\'s code is refused');
  assert.deepEqual(errorSummary(r.text), [{ field: 'f-kode', text: msg('survey.code_unknown') }]);
  assert.deepEqual(sql(srv.db, `SELECT used FROM survey_codes WHERE survey_id = ${other.id}`), [{ used: 0 }], 'the other survey\'s code is still unused');
  assert.deepEqual(await resultsJson(`&undersoegelse=${s.id}`), afterFirst, 'nothing stored');

  // The same code sent five times at once: one answer is stored.
  const racing = await Promise.all([1, 2, 3, 4, 5].map((n) => publicPost(s.slug, [['kode', codes[1]], ['B_GUIDANCE', String(n)]])));
  const statuses = racing.map((x) => x.res.status).sort();
  assert.deepEqual(statuses, [200, 409, 409, 409, 409], 'one of five concurrent answers with one code is accepted');
  const won = racing.find((x) => x.res.status === 200);
  const wonValue = String(racing.indexOf(won) + 1);
  ledger.push({ group: 'borger', municipality: MUNICIPALITY, id: '', survey: s.id, source: 'web', answers: { B_GUIDANCE: wonValue } });
  const afterRace = await resultsJson(`&undersoegelse=${s.id}`);
  assert.deepEqual(afterRace, expectedJson(ledger.filter((x) => x.survey === s.id), []));
  // The used code is no longer printed; more codes can be made.
  pdf = await download(b, `/tilfredshed/${s.id}/koder.pdf`);
  slips = pdfText(pdf.bytes, 'slips2.pdf');
  assert.ok(!slips.text.includes(codes[0]), 'a used code is not printed again');
  assert.ok(!slips.text.includes(codes[1]), 'nor the one used in the race');
  assert.equal(slips.pages, Math.ceil(18 / 8));
  page = await b.get(`/tilfredshed/${s.id}`);
  r = await b.post(`/tilfredshed/${s.id}/koder`, [['_csrf', b.csrfFrom(page.text)], ['count', '7']]);
  assert.equal(r.res.status, 303);
  pdf = await download(b, `/tilfredshed/${s.id}/koder.pdf`);
  assert.equal(pdfText(pdf.bytes, 'slips3.pdf').pages, Math.ceil(25 / 8));
  page = await b.get(`/tilfredshed/${s.id}`);
  assert.ok(page.text.includes(escapeHtml(fill(msg('survey_page.codes_status'), { used: 2, total: 27 }))), 'the page shows 2 of 27 used');

  // The printable questionnaire, in Danish and English.
  for (const [lang, q] of [['', 'text'], ['?lang=en', 'text_en']]) {
    const paper = await download(b, `/tilfredshed/${s.id}/skema.pdf${lang}`);
    const { flat } = pdfText(paper.bytes, `skema${lang ? '-en' : ''}.pdf`);
    for (const x of Q.borger.questions.filter((y) => y.type === 'likert')) {
      assert.ok(flat.includes(x[q].replace(/\s+/g, ' ').slice(0, 40)), `the paper questionnaire${lang} asks "${x[q]}"`);
    }
  }
});

// ------------------------------------------------------------------------------ comments --

test('comments: shown in the results only after approval, as a quote with its group only', async () => {
  const s = surveys['Borgere 2025'];
  const good = 'Borgerrådgiveren fik styr på min sag med Jobcentret. Tusind tak! (til godkendelse)';
  const named = 'Sagsbehandleren Jens Jensen på Ydelser var uhøflig, og min nabo Kirsten sagde det samme. (afvises)';
  await answerPublic(s, { B_GUIDANCE: '5', B_COMMENT: good });
  await answerPublic(s, { B_GUIDANCE: '1', B_COMMENT: named });
  const notYet = await resultsJson();
  assert.deepEqual(notYet, expectedJson(ledger), 'answered, but no quote yet');
  assert.ok(!JSON.stringify(notYet).includes('Tusind tak'), 'a pending comment is not in the results');
  const b = await advisor();
  let html = (await b.get('/tilfredshed/resultater')).text;
  assert.ok(!html.includes('Tusind tak') && !html.includes('Jens Jensen'), 'nor on the results page');

  const pending = await b.get('/tilfredshed/kommentarer');
  assert.equal(pending.res.status, 200);
  const idOf = (page, text) => {
    const at = page.indexOf(escapeHtml(text));
    assert.ok(at >= 0, `the comments page lists "${text}"`);
    return page.slice(at).match(/action="\/tilfredshed\/kommentarer\/(\d+)"/)[1];
  };
  const goodId = idOf(pending.text, good);
  const namedId = idOf(pending.text, named);
  let r = await b.post(`/tilfredshed/kommentarer/${goodId}`, [['_csrf', b.csrfFrom(pending.text)], ['decision', 'approved'], ['back', 'pending']]);
  assert.equal(r.res.status, 303);
  assert.match(r.res.headers.get('location'), /^\/tilfredshed\/kommentarer\?status=pending/);
  r = await b.post(`/tilfredshed/kommentarer/${namedId}`, [['_csrf', b.csrfFrom(pending.text)], ['decision', 'rejected'], ['back', 'pending']]);
  assert.equal(r.res.status, 303);
  approvedQuotes.push({ group: 'borger', question: 'B_COMMENT', text: good });

  const after = await resultsJson();
  assert.deepEqual(after, expectedJson(ledger));
  assert.deepEqual(after.quotes, [{ group: 'borger', question: 'B_COMMENT', text: good }]);
  for (const q of after.quotes) {
    assert.deepEqual(Object.keys(q).sort(), ['group', 'question', 'text'], 'a quote carries its group (and question) only');
  }
  assert.ok(!JSON.stringify(after).includes('Jens Jensen'), 'the rejected comment is not in the results');
  assert.deepEqual((await resultsJson(`&undersoegelse=${s.id}`)).quotes, after.quotes, 'the quote belongs to its survey');
  html = mainOf((await b.get('/tilfredshed/resultater')).text);
  assert.ok(html.includes(escapeHtml(good)), 'the approved quote is on the results page');
  assert.ok(!html.includes('Jens Jensen'), 'the rejected one is not');
  // The tabs.
  assert.ok((await b.get('/tilfredshed/kommentarer?status=approved')).text.includes(escapeHtml(good)));
  const rejected = (await b.get('/tilfredshed/kommentarer?status=rejected')).text;
  assert.ok(rejected.includes(escapeHtml(named)) && !rejected.includes(escapeHtml(good)));
  assert.ok(!(await b.get('/tilfredshed/kommentarer')).text.includes(escapeHtml(good)), 'no longer pending');
  // An unknown comment and an unknown decision are refused.
  assert.equal(sql(srv.db, 'SELECT COUNT(*) AS n FROM survey_comments WHERE id = 1')[0].n, 0);
  r = await b.post('/tilfredshed/kommentarer/1', [['_csrf', b.csrfFrom(pending.text)], ['decision', 'approved']]);
  assert.equal(r.res.status, 404, 'approving a comment that does not exist');
  r = await b.post(`/tilfredshed/kommentarer/${namedId}`, [['_csrf', b.csrfFrom(pending.text)], ['decision', 'maybe']]);
  assert.ok(r.res.status >= 400 && r.res.status < 500, `an unknown decision: ${r.res.status}`);
  assert.equal(sql(srv.db, `SELECT status FROM survey_comments WHERE id = ${namedId}`)[0].status, 'rejected');
});

test('export of this office: counts and the approved quote only', async () => {
  const file = join(work, 'testrup-export.json');
  const r = cli(srv.db, ['survey', 'export', '--out', file]);
  assert.equal(r.code, 0, r.stderr);
  const text = readFileSync(file, 'utf8');
  const ex = JSON.parse(text);
  assert.equal(ex.municipality, MUNICIPALITY);
  assertNoAnswerRows(ex, 'Testrup export');
  const t = tally(ledger);
  assert.equal(ex.survey.groups.borger.respondents, t.borger.respondents);
  assert.equal(ex.survey.groups.ansat.respondents, t.ansat.respondents);
  assert.deepEqual(ex.quotes, approvedQuotes);
  for (const x of ledger) if (x.id) assert.ok(!text.includes(x.id), `the export holds respondent id ${x.id}`);
  for (const c of [...COMMENTS, 'Jens Jensen', 'Anonym kommentar', 'Medarbejderkommentar']) {
    assert.ok(!text.includes(c.slice(0, 25)), `the export holds an unapproved comment: ${c}`);
  }
});

// ------------------------------------------------------------------------------ roles --

test('roles: managers and admins see the results only; without a session staff pages go to login; the answer page is public', async () => {
  const s = surveys['Borgere 2025'];
  const expected = expectedJson(ledger);
  for (const role of ['manager', 'admin']) {
    const b = await signedIn(role);
    const page = await b.get('/tilfredshed/resultater');
    assert.equal(page.res.status, 200, `${role} sees the results page`);
    assert.deepEqual(await resultsJson('', b), expected, `${role} gets the results JSON`);
    assert.ok(!mainOf(page.text).includes(`href="/tilfredshed/${s.id}/indtast"`));
    for (const path of ['/tilfredshed', `/tilfredshed/${s.id}`, `/tilfredshed/${s.id}/indtast`, '/tilfredshed/kommentarer',
      `/tilfredshed/${s.id}/koder.pdf`, `/tilfredshed/${s.id}/skema.pdf`]) {
      assert.equal((await b.get(path)).res.status, 403, `${role} GET ${path}`);
    }
    const csrf = b.csrfFrom(page.text);
    for (const [path, fields] of [['/tilfredshed', [['questionnaire', 'borger'], ['title', 'Forbudt'], ['opens', '2025-01-01']]],
      [`/tilfredshed/${s.id}/indtast`, [['B_GUIDANCE', '5']]], [`/tilfredshed/${s.id}/koder`, [['count', '5']]],
      ['/tilfredshed/kommentarer/1', [['decision', 'approved']]]]) {
      assert.equal((await b.post(path, [['_csrf', csrf], ...fields])).res.status, 403, `${role} POST ${path}`);
    }
  }
  // Bearer tokens: the manager reads the JSON.
  const res = await fetch(`${srv.base}/tilfredshed/resultater?format=json`, { headers: { authorization: `Bearer ${srv.users.manager.token}` } });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), expected);
  // No session.
  for (const path of ['/tilfredshed', '/tilfredshed/resultater', '/tilfredshed/resultater?format=json', `/tilfredshed/${s.id}`,
    `/tilfredshed/${s.id}/indtast`, '/tilfredshed/kommentarer', `/tilfredshed/${s.id}/koder.pdf`]) {
    const r = await fetch(srv.base + path, { redirect: 'manual' });
    assert.equal(r.status, 303, `no session: ${path}`);
    assert.match(r.headers.get('location'), /^\/login/, `no session: ${path} goes to login`);
  }
  const pub = await fetch(`${srv.base}/svar/${s.slug}`, { redirect: 'manual' });
  assert.equal(pub.status, 200, 'the answer page needs no login');
  // An address that is no survey.
  assert.equal((await publicGet('abcdefghjkmnpqrs')).res.status, 404);
  // The staff list is in the advisor's navigation.
  const home = await (await advisor()).get('/oversigt');
  assert.match(home.text, /href="\/tilfredshed"/, 'the advisor can find the surveys from the navigation');
});

// ---------------------------------------------------------------------------- English --

test('English: ?lang=en gives <html lang="en">, the English questions, labels, errors and receipt', async () => {
  const s = surveys['Borgere 2025'];
  const e = surveys['Ansatte 2025'];
  for (const [survey, code] of [[s, 'borger'], [e, 'ansat']]) {
    const r = await publicGet(survey.slug, '?lang=en');
    assert.equal(r.res.status, 200);
    assert.match(r.text, /<html lang="en">/);
    const main = mainOf(r.text);
    const plain = decode(main);
    assert.ok(plain.includes(`<h1>${Q[code].title_en}</h1>`), 'the English title');
    assert.ok(plain.includes(Q[code].intro_en), 'the English introduction');
    for (const x of Q[code].questions) assert.ok(plain.includes(x.text_en), `English question ${x.id}: ${x.text_en}`);
    for (const c of LIKERT) assert.ok(plain.includes(`>${EN.likert[c]}</label>`), `English label ${EN.likert[c]}`);
    for (const x of Q[code].questions) assert.ok(!plain.includes(x.text), `no Danish question ${x.id}`);
    assert.match(main, /<form method="post" action="\/svar\/[a-z0-9]{16}\?lang=en"/, 'the form stays in English');
    assert.match(main, /<a href="\/svar\/[a-z0-9]{16}" lang="da" hreflang="da">Dansk<\/a>/, 'a link to the Danish page');
  }
  const danish = await publicGet(s.slug);
  assert.match(danish.text, /<html lang="da">/);
  assert.ok(danish.text.includes(`href="/svar/${s.slug}?lang=en"`), 'the Danish page links to English');
  for (const x of Q.borger.questions) assert.ok(danish.text.includes(escapeHtml(x.text)), `Danish question ${x.id}`);

  const bad = await publicPost(s.slug, [['B_GUIDANCE', '9']], { lang: 'en' });
  assert.equal(bad.res.status, 400);
  assert.match(bad.text, /<html lang="en">/);
  assert.deepEqual(errorSummary(bad.text).map((x) => x.text), [msg('survey.likert_invalid', 'en')]);
  const ok = await answerPublic(s, { B_REASON: ['hoert'], B_GUIDANCE: '4' }, { lang: 'en' });
  assert.match(ok.text, /<html lang="en">/);
  assert.ok(ok.text.includes(escapeHtml(msg('survey_answer.thanks_text', 'en'))));
});

// --------------------------------------------------------------------- results page/PDF --

test('the results page shows every question with its counts and Danish percentages; PDF and JSON downloads', async () => {
  const b = await advisor();
  const page = await b.get('/tilfredshed/resultater');
  assert.equal(page.res.status, 200);
  const html = mainOf(page.text);
  const expected = expectedJson(ledger);
  const labels = (code, x) => (x.type === 'likert' ? LIKERT.map((c) => [c, DA.likert[c]]) : x.options.map((o) => [o.code, o.label]));
  for (const g of expected.groups) {
    assert.ok(html.includes(`<h2 id="g-${g.group}">${escapeHtml(Q[g.group].title)}</h2>`), `group ${g.group} heading`);
    assert.ok(textOf(html).includes(fill(msg('survey_page.respondents'), { count: g.respondents })), `${g.group}: respondents`);
    for (const q of g.questions) {
      const x = QUESTION[q.id];
      const start = html.indexOf(`<h3 id="q-${g.group}-${q.id}">`);
      assert.ok(start >= 0, `a heading for ${q.id}`);
      const end = html.slice(start + 5).search(/<h3 |<\/section>/) + start + 5;
      const part = html.slice(start, end);
      assert.ok(part.includes(escapeHtml(x.text)), `${q.id}: the question text`);
      const line = textOf(part.slice(0, part.indexOf('</p>')));
      assert.ok(line.includes(fill(msg('survey_page.answered'), { count: q.answered })), `${q.id}: answered (${line})`);
      if (x.type === 'likert' && q.answered > 0) {
        assert.ok(line.includes(fill(msg('survey_page.agree'), { percent: danishPct(q.agree_percent) })), `${q.id}: agree ${danishPct(q.agree_percent)} in "${line}"`);
      }
      if (x.type === 'text') continue;
      const rows = [...part.matchAll(/<tr><th scope="row">([\s\S]*?)<\/th><td class="bb-num">([^<]*)<\/td><td class="bb-num">([^<]*)<\/td><\/tr>/g)]
        .map((m) => [decode(m[1]), m[2], m[3].replace(/\u00a0/g, ' ')]);
      assert.deepEqual(rows, labels(g.group, x).map(([c, label]) => [label, String(q.counts[c]), danishPct(q.percent[c])]), `${q.id}: the table`);
    }
  }
  assert.ok(html.includes(escapeHtml(approvedQuotes[0].text)), 'the approved quote');
  assert.ok(textOf(html).includes(fill(msg('survey_page.method'), { threshold: THRESHOLD }).slice(0, 60)), 'the method note');
  assert.match(html, /href="\/tilfredshed\/resultater\?undersoegelse=&amp;aar=&amp;opdeling=&amp;format=pdf"/);

  const pdf = await download(b, '/tilfredshed/resultater?format=pdf');
  const { flat, pages } = pdfText(pdf.bytes, 'results.pdf');
  assert.ok(pages >= 1);
  assert.ok(flat.includes(`Side 1 af ${pages}`), 'the PDF has "Side 1 af N"');
  for (const g of expected.groups) for (const q of g.questions.filter((y) => y.type === 'likert')) {
    assert.ok(flat.includes(QUESTION[q.id].text.slice(0, 30)), `the PDF asks ${q.id}`);
  }
  // A year with no answers and a bad year.
  const empty = await resultsJson('&aar=2001');
  assert.deepEqual(empty.groups, []);
  assert.equal((await b.get('/tilfredshed/resultater?aar=tyve')).res.status, 400);
  assert.equal((await b.get('/tilfredshed/resultater?opdeling=farve')).res.status, 400);
  const thisYear = await resultsJson(`&aar=${copenhagenToday().slice(0, 4)}`);
  assert.deepEqual(thisYear.groups, expected.groups, 'all answers are from this year');
});

// ------------------------------------------------------------------------ closed surveys --

test('a survey outside its period answers 410 with a page saying so, and stores nothing', async () => {
  const closed = await createSurvey('Lukket 2024', { opens: '2024-01-01', closes: '2024-01-31' });
  const future = await createSurvey('Næste år', { opens: `${Number(copenhagenToday().slice(0, 4)) + 1}-01-01` });
  const before = await resultsJson();
  for (const s of [closed, future]) {
    const g = await publicGet(s.slug);
    assert.equal(g.res.status, 410, `GET ${s.slug}`);
    assert.ok(g.text.includes(escapeHtml(msg('survey_answer.closed_title'))));
    assert.ok(!/<form method="post"/.test(mainOf(g.text)), 'no form');
    assert.deepEqual(g.res.headers.getSetCookie(), []);
    const p = await publicPost(s.slug, [['B_GUIDANCE', '5']]);
    assert.equal(p.res.status, 410, `POST ${s.slug}`);
    assert.deepEqual(p.res.headers.getSetCookie(), []);
  }
  assert.deepEqual(await resultsJson(), before, 'nothing stored');
  // Creating with the end before the start is refused.
  const b = await advisor();
  const page = await b.get('/tilfredshed');
  const r = await b.post('/tilfredshed', [['_csrf', b.csrfFrom(page.text)], ['questionnaire', 'borger'], ['title', 'Baglæns'],
    ['opens', '2025-03-01'], ['closes', '2025-02-01'], ['codes', '0']]);
  assert.equal(r.res.status, 400);
  assert.deepEqual(errorSummary(r.text).map((x) => x.text), [msg('survey.closes_before_opens')]);
});

test('finally: everything the server holds equals the test\'s ledger', async () => {
  assert.deepEqual(await resultsJson(), expectedJson(ledger));
  assert.deepEqual(JSON.parse(bb(srv.db, ['survey', 'report', '--format', 'json'])), expectedJson(ledger));
  if (BACKEND === 'sqlite') assert.ok(existsSync(srv.db));
});
