// The role × route matrix (issue 9): every route the server registers, requested by every role
// (a real signed-in cookie session with its CSRF token, so this measures authorisation and not
// CSRF), without a session, with an expired session, and — on the JSON API — with each role's
// bearer token. Each cell has the status the design gives it (docs/SECURITY.md, access.h).
//
// Completeness: the table's routes must equal the registrations parsed out of src/web/*.cc
// (both ways), every HTTP-method constant in those files must belong to a parsed registration
// (so a registration written in a new shape fails the test instead of slipping past it), and
// after the run the server's /metrics must name every route pattern, i.e. each sample URL
// really reached the route it stands for.
//
//   BROBYGGER_BIN=$PWD/build/brobygger node --test tests/attacks/roles.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { startServer, ROLES, BACKEND, dbRows } from '../lib/server.mjs';
import {
  send, signIn, plantSession, plantSessions, sessionExists, api, createCase, createAttachment, createSurvey,
  sourceRoutes, metricRoutes, token43, PDF,
} from './attack_helpers.mjs';

let srv;
const who = {};   // role -> { cookie, csrf }
let f;            // fixtures
before(async () => {
  srv = await startServer();
  for (const role of ROLES) who[role] = await signIn(srv, role);
  f = await fixtures();
});
after(async () => { await srv?.stop(); });

const YEAR = 2025;
const LETTER = 'Kære Jens.\n\nVi har besluttet at give dig afslag på hjælp efter servicelovens § 100.\nDu kan klage inden 4 uger. Klagen sendes til Jobcenter.\n';
let n = 0;  // makes names unique

async function fixtures() {
  const c = await createCase(srv);
  const att = await createAttachment(srv, c.id);
  const letter = await createAttachment(srv, c.id, 'brev.txt', LETTER);
  await api(srv, 'POST', `/api/v1/cases/${c.id}/themes`, 200, { body: { theme: 'begrundelse', department: 'Jobcenter', criticism: true, criticism_text: 'Mangler begrundelse.' } });
  const compl = await api(srv, 'POST', `/api/v1/cases/${c.id}/complaints`, 201, { body: { department: 'Jobcenter', area: 'beskaeftigelse', decision_date: '2025-01-10' } });
  const rec = await api(srv, 'POST', '/api/v1/recommendations', 201, { body: { title: 'Matrix', text: 'Tekst', departments: ['Jobcenter'], case_ids: [c.id], issued: '2025-02-05' } });
  const inv = await api(srv, 'POST', '/api/v1/investigations', 201, { body: { topic: 'Matrix', case_ids: [c.id], started: '2025-02-04' } });
  const act = await api(srv, 'POST', '/api/v1/activities', 201, { body: { date: '2025-02-06', kind: 'sparring', topic: 'Matrix', participants: 3, hours: '1' } });
  const story = await freshStory();
  const survey = await createSurvey(srv, who.advisor);
  // An answer with a comment, so there is a comment to approve.
  const answered = await send(srv.base, 'POST', `/svar/${survey.slug}`, { body: commentAnswer() });
  assert.equal(answered.status, 200, answered.text.slice(0, 300));
  const [comment] = dbRows(srv.db, 'SELECT CAST(id AS TEXT) AS id FROM survey_comments ORDER BY id LIMIT 1');
  assert.ok(comment, 'a pending comment');
  const [user] = dbRows(srv.db, `SELECT id FROM users WHERE email = '${srv.users.assistant.email}'`);
  return { c, att, letter, compl, rec, inv, act, story, survey, comment: comment.id, user: user.id };
}

// The borger questionnaire answered with its first question and a comment.
function commentAnswer() {
  return [['B_GUIDANCE', '5'], ['B_COMMENT', 'En kommentar.']];
}

async function freshStory() {
  const r = await send(srv.base, 'POST', `/aarsberetning/${YEAR}/historier`, { as: who.advisor,
    body: [['title', `Historie ${++n}`], ['text', 'Tekst.'], ['include', '1']] });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  return dbRows(srv.db, 'SELECT MAX(id) AS id FROM report_stories')[0].id;
}

// Fresh objects for routes that delete or change state for good, one per request.
const fresh = {
  case: async () => (await createCase(srv)).id,
  rec: async () => (await api(srv, 'POST', '/api/v1/recommendations', 201, { body: { title: 'Slettes', text: 'x', departments: ['Ydelser'], issued: '2025-03-01' } })).id,
  inv: async () => (await api(srv, 'POST', '/api/v1/investigations', 201, { body: { topic: 'Slettes' } })).id,
  act: async () => (await api(srv, 'POST', '/api/v1/activities', 201, { body: { date: '2025-03-01', kind: 'moede', topic: 'Slettes', hours: '2' } })).id,
  compl: async () => (await api(srv, 'POST', `/api/v1/cases/${f.c.id}/complaints`, 201, { body: { department: 'Ydelser', area: 'social', decision_date: '2025-01-02' } })).id,
  story: freshStory,
};

// Expected statuses. 'login' = 303 to /login. Staff pages send visitors without a (live)
// session to the login page; the API answers 401. Bearer tokens get what the role's cookie gets.
const LOGIN = 'login';
const page = (advisor, assistant, manager, admin) => ({ advisor, assistant, manager, admin, anon: LOGIN, expired: LOGIN });
const japi = (advisor, assistant, manager, admin) => ({ advisor, assistant, manager, admin, anon: 401, expired: 401, bearer: true });
const everyone = (s) => ({ advisor: s, assistant: s, manager: s, admin: s, anon: s, expired: s });

// [method, pattern as registered, path (or async () => path), body (or () => body), expected, options]
function table() {
  const C = f.c.id;
  const caseOf = (suffix) => async () => `/sager/${await fresh.case()}${suffix}`;
  return [
    // --- ops (no identity at all)
    ['GET', '/healthz', '/healthz', null, everyone(200), { noIdentity: true }],
    ['GET', '/metrics', '/metrics', null, everyone(200), { noIdentity: true }],
    ['GET', '/static/:path(.+)', '/static/app.css', null, everyone(200), { noIdentity: true }],

    // --- JSON API: cases
    ['GET', '/api/v1/cases/:id(\\d+)', `/api/v1/cases/${C}`, null, japi(200, 200, 403, 403)],
    ['POST', '/api/v1/cases', '/api/v1/cases', () => ({ summary: 'Ny sag fra matrixen.', channel: 'telefon', reasons: ['klage'], received: '2025-03-01', citizen: { name: 'Ny Borger' } }), japi(201, 201, 403, 403)],
    ['GET', '/api/v1/cases', '/api/v1/cases', null, japi(200, 200, 403, 403)],
    ['PATCH', '/api/v1/cases/:id(\\d+)', async () => `/api/v1/cases/${await fresh.case()}`, () => ({ version: 1, summary: 'Ændret resumé.' }), japi(200, 200, 403, 403)],
    ['POST', '/api/v1/cases/:id(\\d+)/journal', `/api/v1/cases/${C}/journal`, () => ({ kind: 'note', text: `Notat ${++n}` }), japi(201, 201, 403, 403)],
    ['POST', '/api/v1/cases/:id(\\d+)/attachments', `/api/v1/cases/${C}/attachments`, () => pdfForm('file'), japi(201, 201, 403, 403)],
    ['GET', '/api/v1/cases/:id(\\d+)/attachments/:aid(\\d+)', `/api/v1/cases/${C}/attachments/${f.att.id}`, null, japi(200, 200, 403, 403)],
    ['GET', '/api/v1/audit', `/api/v1/audit?case=${C}`, null, japi(200, 403, 403, 403)],
    // --- JSON API: systemic work
    ['GET', '/api/v1/recommendations', '/api/v1/recommendations', null, japi(200, 200, 200, 200)],
    ['POST', '/api/v1/recommendations', '/api/v1/recommendations', () => ({ title: 'Ny', text: 'Tekst', departments: ['Ydelser'], issued: '2025-03-01' }), japi(201, 403, 403, 403)],
    ['GET', '/api/v1/recommendations/:id(\\d+)', `/api/v1/recommendations/${f.rec.id}`, null, japi(200, 200, 403, 403)],
    ['PATCH', '/api/v1/recommendations/:id(\\d+)', async () => `/api/v1/recommendations/${await fresh.rec()}`, () => ({ version: 1, follow_up_notes: 'Note' }), japi(200, 403, 403, 403)],
    ['DELETE', '/api/v1/recommendations/:id(\\d+)', async () => `/api/v1/recommendations/${await fresh.rec()}`, null, japi(204, 403, 403, 403)],
    ['GET', '/api/v1/investigations', '/api/v1/investigations', null, japi(200, 200, 403, 403)],
    ['POST', '/api/v1/investigations', '/api/v1/investigations', () => ({ topic: 'Ny undersøgelse', started: '2025-03-01' }), japi(201, 403, 403, 403)],
    ['GET', '/api/v1/investigations/:id(\\d+)', `/api/v1/investigations/${f.inv.id}`, null, japi(200, 200, 403, 403)],
    ['PATCH', '/api/v1/investigations/:id(\\d+)', async () => `/api/v1/investigations/${await fresh.inv()}`, () => ({ version: 1, method: 'Metode' }), japi(200, 403, 403, 403)],
    ['DELETE', '/api/v1/investigations/:id(\\d+)', async () => `/api/v1/investigations/${await fresh.inv()}`, null, japi(204, 403, 403, 403)],
    ['GET', '/api/v1/activities', '/api/v1/activities', null, japi(200, 200, 200, 200)],
    ['POST', '/api/v1/activities', '/api/v1/activities', () => ({ date: '2025-03-02', kind: 'oplaeg', topic: 'Oplæg', hours: '1,5' }), japi(201, 201, 403, 403)],
    ['GET', '/api/v1/activities/:id(\\d+)', `/api/v1/activities/${f.act.id}`, null, japi(200, 200, 200, 200)],
    ['PATCH', '/api/v1/activities/:id(\\d+)', async () => `/api/v1/activities/${await fresh.act()}`, () => ({ version: 1, topic: 'Nyt emne' }), japi(200, 200, 403, 403)],
    ['DELETE', '/api/v1/activities/:id(\\d+)', async () => `/api/v1/activities/${await fresh.act()}`, null, japi(204, 204, 403, 403)],
    ['GET', '/api/v1/cases/:id(\\d+)/complaints', `/api/v1/cases/${C}/complaints`, null, japi(200, 200, 403, 403)],
    ['POST', '/api/v1/cases/:id(\\d+)/complaints', `/api/v1/cases/${C}/complaints`, () => ({ department: 'Jobcenter', area: 'social', decision_date: '2025-01-03' }), japi(201, 201, 403, 403)],
    ['GET', '/api/v1/complaints/:id(\\d+)', `/api/v1/complaints/${f.compl.id}`, null, japi(200, 200, 403, 403)],
    ['PATCH', '/api/v1/complaints/:id(\\d+)', async () => `/api/v1/complaints/${await fresh.compl()}`, () => ({ version: 1, note: 'Note' }), japi(200, 200, 403, 403)],
    ['DELETE', '/api/v1/complaints/:id(\\d+)', async () => `/api/v1/complaints/${await fresh.compl()}`, null, japi(204, 204, 403, 403)],
    ['GET', '/api/v1/complaints/reversals', '/api/v1/complaints/reversals', null, japi(200, 200, 200, 200)],
    ['GET', '/api/v1/cases/:id(\\d+)/themes', `/api/v1/cases/${C}/themes`, null, japi(200, 200, 403, 403)],
    ['POST', '/api/v1/cases/:id(\\d+)/themes', `/api/v1/cases/${C}/themes`, () => ({ theme: 'kommunikation', department: 'Jobcenter' }), japi(200, 200, 403, 403)],
    // Removing a theme without criticism (the assistant may; criticism is the advisor's).
    ['DELETE', '/api/v1/cases/:id(\\d+)/themes', async () => {
      const id = await fresh.case();
      await api(srv, 'POST', `/api/v1/cases/${id}/themes`, 200, { body: { theme: 'vejledning', department: 'Ydelser' } });
      return `/api/v1/cases/${id}/themes?theme=vejledning&department=Ydelser`;
    }, null, japi(204, 204, 403, 403)],
    ['GET', '/api/v1/themes', '/api/v1/themes', null, japi(200, 200, 200, 200)],
    ['POST', '/api/v1/themes', '/api/v1/themes', () => ({ code: `matrixtema_${++n}`, label: 'Matrixtema' }), japi(200, 403, 403, 200)],
    ['GET', '/api/v1/signals', '/api/v1/signals?period=2025Q1', null, japi(200, 200, 200, 200)],
    // The key names no signal: the advisor passes the role check and gets 404.
    ['POST', '/api/v1/signals/dismissals', '/api/v1/signals/dismissals', () => ({ key: '2024Q3:theme:Ydelser:aktindsigt', note: 'x' }), japi(404, 403, 403, 403)],
    // --- JSON API: letters, reports, surveys
    ['GET', '/api/v1/deadline', '/api/v1/deadline?area=social&received=2025-03-03', null, { ...everyone(200), bearer: true }],
    ['POST', '/api/v1/letters/check', '/api/v1/letters/check', () => ({ text: 'Kære Jens. Vi har besluttet at give dig afslag. Du kan klage inden 4 uger.' }), japi(200, 200, 200, 200)],
    ['GET', '/api/v1/reports/annual', `/api/v1/reports/annual?year=${YEAR}`, null, japi(200, 200, 200, 200)],
    ['GET', '/api/v1/statistics', '/api/v1/statistics?period=2025Q1', null, japi(200, 200, 200, 200)],
    ['GET', '/api/v1/surveys', '/api/v1/surveys', null, japi(200, 200, 200, 200)],
    ['GET', '/api/v1/surveys/results', '/api/v1/surveys/results', null, japi(200, 200, 200, 200)],

    // --- public pages (a signed-in visitor sees them too)
    ['GET', '/', '/', null, everyone(200)],
    ['GET', '/kontakt', '/kontakt', null, everyone(200)],
    ['POST', '/kontakt', '/kontakt', () => [['citizen.name', 'Karen Matrix'], ['citizen.phone', '12345678'], ['reasons', 'andet'], ['summary', 'Henvendelse fra matrixen.']], everyone(303), { multipart: true }],
    ['GET', '/kontakt/kvittering', '/kontakt/kvittering', null, everyone(200)],
    ['GET', '/klagefrist', '/klagefrist', null, everyone(200)],
    ['GET', '/forstaa-brev', '/forstaa-brev', null, everyone(200)],
    ['POST', '/forstaa-brev', '/forstaa-brev', () => [['text', 'Kære Jens. Vi har besluttet at give dig afslag. Du kan klage inden 4 uger.']], everyone(200), { multipart: true }],
    ['GET', '/vejledning', '/vejledning', null, everyone(200)],
    ['GET', '/vejledning/:slug([a-z0-9-]{1,40})', '/vejledning/klage', null, everyone(200)],
    ['GET', '/tilgaengelighed', '/tilgaengelighed', null, everyone(200)],
    ['GET', '/sprog', '/sprog?til=en&tilbage=/', null, everyone(303), { noIdentity: true }],
    // Signed in, the login page sends you on to the dashboard.
    ['GET', '/login', '/login', null, { ...everyone(200), advisor: 303, assistant: 303, manager: 303, admin: 303 }],
    ['POST', '/login', '/login', () => [['email', 'ingen@testrup.dk'], ['password', 'forkert']], everyone(401)],
    ['POST', '/logout', '/logout', null, everyone(303), { freshSession: true }],
    // The anonymous survey answer page: nobody is identified there.
    ['GET', '/svar/:slug([a-z0-9]{16})', `/svar/${f.survey.slug}`, null, everyone(200), { noIdentity: true }],
    ['POST', '/svar/:slug([a-z0-9]{16})', `/svar/${f.survey.slug}`, () => [['B_GUIDANCE', '4']], everyone(200), { noCsrf: true, noIdentity: true }],

    // --- staff pages: cases
    ['GET', '/oversigt', '/oversigt', null, page(200, 200, 200, 200)],
    ['GET', '/sager', '/sager?status=ny', null, page(200, 200, 403, 403)],
    ['POST', '/sager/soeg', '/sager/soeg', () => [['q', 'Skjult']], page(200, 200, 403, 403)],
    ['GET', '/sager/ny', '/sager/ny', null, page(200, 200, 403, 403)],
    ['POST', '/sager/ny', '/sager/ny', () => [['received', '2025-03-01'], ['channel', 'telefon'], ['reasons', 'andet'], ['summary', 'Ny sag.'], ['citizen.name', 'Ny Borger']], page(303, 303, 403, 403)],
    ['GET', '/sager/:id(\\d+)', `/sager/${C}`, null, page(200, 200, 403, 403)],
    ['GET', '/sager/:id(\\d+)/rediger', `/sager/${C}/rediger`, null, page(200, 200, 403, 403)],
    ['POST', '/sager/:id(\\d+)/rediger', caseOf('/rediger'), () => [['version', '1'], ['received', '2025-02-03'], ['channel', 'telefon'], ['reasons', 'klage'], ['summary', 'Rettet.'], ['citizen.name', 'Signe Skjult']], page(303, 303, 403, 403)],
    ['POST', '/sager/:id(\\d+)/status', caseOf('/status'), () => [['version', '1'], ['status', 'i_gang']], page(303, 303, 403, 403)],
    ['POST', '/sager/:id(\\d+)/samtykke', caseOf('/samtykke'), () => [['version', '1'], ['consent', 'given'], ['consent_form', 'oral'], ['consent_date', '2025-02-03']], page(303, 303, 403, 403)],
    ['POST', '/sager/:id(\\d+)/journal', `/sager/${C}/journal`, () => [['kind', 'note'], ['text', `Notat ${++n}`]], page(303, 303, 403, 403)],
    ['POST', '/sager/:id(\\d+)/tema', caseOf('/tema'), () => [['theme', 'vejledning'], ['department', 'Ydelser']], page(303, 303, 403, 403)],
    ['POST', '/sager/:id(\\d+)/tema/fjern', async () => {
      const id = await fresh.case();
      await api(srv, 'POST', `/api/v1/cases/${id}/themes`, 200, { body: { theme: 'vejledning', department: 'Ydelser' } });
      return `/sager/${id}/tema/fjern`;
    }, () => [['theme', 'vejledning'], ['department', 'Ydelser']], page(303, 303, 403, 403)],
    ['POST', '/sager/:id(\\d+)/bilag', `/sager/${C}/bilag`, () => pdfPairs('file'), page(303, 303, 403, 403), { multipart: true }],
    ['GET', '/sager/:id(\\d+)/bilag/:aid(\\d+)', `/sager/${C}/bilag/${f.att.id}`, null, page(200, 200, 403, 403)],
    ['GET', '/sager/:id(\\d+)/bilag/:aid(\\d+)/analyse', `/sager/${C}/bilag/${f.letter.id}/analyse`, null, page(200, 200, 403, 403)],
    ['POST', '/sager/:id(\\d+)/bilag/:aid(\\d+)/analyse', `/sager/${C}/bilag/${f.letter.id}/analyse`, null, page(303, 303, 403, 403)],
    ['POST', '/sager/:id(\\d+)/temaer', caseOf('/temaer'), () => [['themes', 'vejledning'], ['department', 'Ydelser']], page(303, 303, 403, 403)],
    // --- complaints
    ['GET', '/sager/:id(\\d+)/klager/ny', `/sager/${C}/klager/ny`, null, page(200, 200, 403, 403)],
    ['POST', '/sager/:id(\\d+)/klager', `/sager/${C}/klager`, () => [['department', 'Jobcenter'], ['area', 'social'], ['decision_date', '2025-01-03']], page(303, 303, 403, 403)],
    ['GET', '/sager/:id(\\d+)/klager/:cid(\\d+)', `/sager/${C}/klager/${f.compl.id}`, null, page(200, 200, 403, 403)],
    ['POST', '/sager/:id(\\d+)/klager/:cid(\\d+)', async () => `/sager/${C}/klager/${await fresh.compl()}`, () => [['version', '1'], ['department', 'Ydelser'], ['area', 'social'], ['decision_date', '2025-01-02'], ['note', 'Note']], page(303, 303, 403, 403)],
    ['POST', '/sager/:id(\\d+)/klager/:cid(\\d+)/slet', async () => `/sager/${C}/klager/${await fresh.compl()}/slet`, null, page(303, 303, 403, 403)],
    // --- recommendations, investigations, activities, signals, themes
    ['GET', '/henstillinger', '/henstillinger', null, page(200, 200, 200, 200)],
    ['GET', '/henstillinger/ny', '/henstillinger/ny', null, page(200, 403, 403, 403)],
    ['POST', '/henstillinger', '/henstillinger', () => [['title', 'Ny'], ['text', 'Tekst'], ['departments', 'Ydelser'], ['issued', '2025-03-01']], page(303, 403, 403, 403)],
    ['GET', '/henstillinger/:id(\\d+)', `/henstillinger/${f.rec.id}`, null, page(200, 200, 403, 403)],
    ['POST', '/henstillinger/:id(\\d+)', async () => `/henstillinger/${await fresh.rec()}`, () => [['version', '1'], ['title', 'Slettes'], ['text', 'x'], ['departments', 'Ydelser'], ['issued', '2025-03-01'], ['follow_up_notes', 'Note']], page(303, 403, 403, 403)],
    ['POST', '/henstillinger/:id(\\d+)/slet', async () => `/henstillinger/${await fresh.rec()}/slet`, null, page(303, 403, 403, 403)],
    ['GET', '/undersoegelser', '/undersoegelser', null, page(200, 200, 403, 403)],
    ['GET', '/undersoegelser/ny', '/undersoegelser/ny', null, page(200, 403, 403, 403)],
    ['POST', '/undersoegelser', '/undersoegelser', () => [['topic', 'Ny undersøgelse'], ['started', '2025-03-01']], page(303, 403, 403, 403)],
    ['GET', '/undersoegelser/:id(\\d+)', `/undersoegelser/${f.inv.id}`, null, page(200, 200, 403, 403)],
    ['POST', '/undersoegelser/:id(\\d+)', async () => `/undersoegelser/${await fresh.inv()}`, () => [['version', '1'], ['topic', 'Slettes'], ['method', 'Metode']], page(303, 403, 403, 403)],
    ['POST', '/undersoegelser/:id(\\d+)/slet', async () => `/undersoegelser/${await fresh.inv()}/slet`, null, page(303, 403, 403, 403)],
    ['GET', '/aktiviteter', '/aktiviteter', null, page(200, 200, 200, 200)],
    ['POST', '/aktiviteter', '/aktiviteter', () => [['date', '2025-03-02'], ['kind', 'oplaeg'], ['topic', 'Oplæg'], ['hours', '1,5']], page(303, 303, 403, 403)],
    ['GET', '/aktiviteter/:id(\\d+)', `/aktiviteter/${f.act.id}`, null, page(200, 200, 403, 403)],
    ['POST', '/aktiviteter/:id(\\d+)', async () => `/aktiviteter/${await fresh.act()}`, () => [['version', '1'], ['date', '2025-03-01'], ['kind', 'moede'], ['topic', 'Nyt'], ['hours', '2']], page(303, 303, 403, 403)],
    ['POST', '/aktiviteter/:id(\\d+)/slet', async () => `/aktiviteter/${await fresh.act()}/slet`, null, page(303, 303, 403, 403)],
    ['GET', '/signaler', '/signaler?periode=2025Q1', null, page(200, 200, 200, 200)],
    ['POST', '/signaler/afvis', '/signaler/afvis', () => [['key', '2024Q3:theme:Ydelser:aktindsigt'], ['note', 'x'], ['periode', '2024Q3']], page(404, 403, 403, 403)],
    ['GET', '/temaer', '/temaer', null, page(200, 403, 403, 200)],
    ['POST', '/temaer', '/temaer', () => [['code', `sidetema_${++n}`], ['label', 'Sidetema']], page(303, 403, 403, 303)],
    // --- annual report and statistics
    ['GET', '/aarsberetning', `/aarsberetning?aar=${YEAR}`, null, page(200, 200, 200, 200)],
    ['GET', '/aarsberetning/:year(\\d{4})\\.:ext(pdf|xlsx|csv|json|html)', `/aarsberetning/${YEAR}.json`, null, page(200, 200, 200, 200)],
    ['POST', '/aarsberetning/:year(\\d{4})/forord', `/aarsberetning/${YEAR}/forord`, () => [['foreword', 'Forord.']], page(303, 403, 403, 403)],
    ['POST', '/aarsberetning/:year(\\d{4})/historier', `/aarsberetning/${YEAR}/historier`, () => [['title', 'Ny historie'], ['text', 'Tekst.']], page(303, 403, 403, 403)],
    ['GET', '/aarsberetning/historier/:id(\\d+)', `/aarsberetning/historier/${f.story}`, null, page(200, 403, 403, 403)],
    ['POST', '/aarsberetning/historier/:id(\\d+)', `/aarsberetning/historier/${f.story}`, () => [['version', '1'], ['title', 'Historie'], ['text', 'Tekst.'], ['include', '1']], page(303, 403, 403, 403)],
    ['POST', '/aarsberetning/historier/:id(\\d+)/slet', async () => `/aarsberetning/historier/${await fresh.story()}/slet`, null, page(303, 403, 403, 403)],
    ['GET', '/statistik', '/statistik?periode=2025Q1', null, page(200, 200, 200, 200)],
    ['GET', '/statistik.csv', '/statistik.csv?periode=2025Q1', null, page(200, 200, 200, 200)],
    // --- surveys
    ['GET', '/tilfredshed', '/tilfredshed', null, page(200, 200, 403, 403)],
    ['POST', '/tilfredshed', '/tilfredshed', () => [['questionnaire', 'borger'], ['title', `Ny ${++n}`], ['opens', '2025-01-01'], ['closes', ''], ['codes', '0']], page(303, 303, 403, 403)],
    ['POST', '/tilfredshed/import', '/tilfredshed/import', () => [['survey', ''], ['fil', new File([Buffer.from('')], 'svar.csv', { type: 'text/csv' })]], page(400, 400, 403, 403), { multipart: true }],
    ['GET', '/tilfredshed/resultater', '/tilfredshed/resultater', null, page(200, 200, 200, 200)],
    ['GET', '/tilfredshed/kommentarer', '/tilfredshed/kommentarer', null, page(200, 403, 403, 403)],
    ['POST', '/tilfredshed/kommentarer/:id(\\d+)', `/tilfredshed/kommentarer/${f.comment}`, () => [['decision', 'approved']], page(303, 403, 403, 403)],
    ['GET', '/tilfredshed/spoergeskemaer', '/tilfredshed/spoergeskemaer', null, page(200, 200, 403, 403)],
    ['POST', '/tilfredshed/spoergeskemaer', '/tilfredshed/spoergeskemaer', () => [], page(400, 400, 403, 403)],
    ['GET', '/tilfredshed/:id(\\d+)', `/tilfredshed/${f.survey.id}`, null, page(200, 200, 403, 403)],
    ['POST', '/tilfredshed/:id(\\d+)/koder', `/tilfredshed/${f.survey.id}/koder`, () => [['count', '2']], page(303, 303, 403, 403)],
    ['GET', '/tilfredshed/:id(\\d+)/koder.pdf', `/tilfredshed/${f.survey.id}/koder.pdf`, null, page(200, 200, 403, 403)],
    ['GET', '/tilfredshed/:id(\\d+)/skema.pdf', `/tilfredshed/${f.survey.id}/skema.pdf`, null, page(200, 200, 403, 403)],
    ['GET', '/tilfredshed/:id(\\d+)/indtast', `/tilfredshed/${f.survey.id}/indtast`, null, page(200, 200, 403, 403)],
    ['POST', '/tilfredshed/:id(\\d+)/indtast', `/tilfredshed/${f.survey.id}/indtast`, () => [['B_GUIDANCE', '3']], page(303, 303, 403, 403)],
    // --- guidance texts, users, settings
    ['GET', '/indstillinger/tekster', '/indstillinger/tekster', null, page(200, 403, 403, 200)],
    ['GET', '/indstillinger/tekster/:slug([a-z0-9-]{1,40})/:lang(da|en)', '/indstillinger/tekster/klage/da', null, page(200, 403, 403, 200)],
    ['POST', '/indstillinger/tekster/:slug([a-z0-9-]{1,40})/:lang(da|en)', '/indstillinger/tekster/hjaelp/en', () => [['reset', '1']], page(303, 403, 403, 303)],
    ['GET', '/brugere', '/brugere', null, page(403, 403, 403, 200)],
    ['POST', '/brugere', '/brugere', () => [['name', 'Ny Kollega'], ['email', `ny${++n}@testrup.dk`], ['role', 'assistant']], page(403, 403, 403, 201)],
    ['POST', '/brugere/:id(\\d+)', `/brugere/${f.user}`, () => [['role', 'assistant'], ['active', '1']], page(403, 403, 403, 303)],
    ['GET', '/indstillinger', '/indstillinger', null, page(403, 403, 403, 200)],
    ['POST', '/indstillinger', '/indstillinger', () => [], page(403, 403, 403, 400)],
  ];
}

function pdfPairs(field) {
  return [[field, new File([PDF], 'afgørelse.pdf', { type: 'application/pdf' })]];
}
function pdfForm(field) {
  const form = new FormData();
  for (const [k, v] of pdfPairs(field)) form.append(k, v);
  return form;
}

const key = (row) => `${row[0]} ${row[1]}`;

test('the matrix covers exactly the routes registered in src/web/*.cc', () => {
  const { routes, mentions } = sourceRoutes(readFileSync, readdirSync);
  assert.ok(routes.length > 100, `parsed ${routes.length} registrations`);
  assert.equal(mentions, routes.length, 'every Method:: constant in the route files is a registration this test parses');
  assert.equal(new Set(routes).size, routes.length, 'no route registered twice');
  const covered = new Set(table().map(key));
  assert.deepEqual(routes.filter((r) => !covered.has(r)), [], 'routes without a row in the matrix');
  const registered = new Set(routes);
  assert.deepEqual([...covered].filter((r) => !registered.has(r)), [], 'rows for routes that do not exist');
});

test(`every route × every role, no session, expired session, bearer tokens (${BACKEND})`, { timeout: 300000 }, async () => {
  const failures = [];
  let cells = 0;
  const anonCsrf = token43();
  const rows = table();
  // The advisor's sessions, idle for 31 minutes: one per row, planted in one statement.
  const expiredSessions = plantSessions(srv, srv.users.advisor.email, rows.length, 31 * 60 * 1000);
  const mustBeGone = [];
  for (const [index, row] of rows.entries()) {
    const [method, pattern, target, bodyOf, expected, opts = {}] = row;
    const isApi = pattern.startsWith('/api/');
    const identities = [];
    for (const role of ROLES) identities.push([role, role]);
    identities.push(['anon', 'anon'], ['expired', 'expired']);
    if (expected.bearer) for (const role of ROLES) identities.push([`bearer:${role}`, role]);
    for (const [label, role] of identities) {
      const path = typeof target === 'function' ? await target() : target;
      let as;
      let expiredHash = null;
      if (label === 'anon') {
        as = { cookie: `bb_csrf=${anonCsrf}`, csrf: anonCsrf };
      } else if (label === 'expired') {
        // It must count for nothing (and is deleted when the route looks at the session).
        const s = expiredSessions[index];
        expiredHash = s.hash;
        as = { cookie: `${s.cookie}; bb_csrf=${anonCsrf}`, csrf: anonCsrf };
      } else if (label.startsWith('bearer:')) {
        as = { bearer: srv.users[role].token };
      } else if (opts.freshSession) {
        const s = plantSession(srv, srv.users[role].email);
        as = { cookie: s.cookie, csrf: s.csrf };
      } else {
        as = who[role];
      }
      if (opts.noCsrf) as = {};
      const want = expected[role === label || label.startsWith('bearer:') ? role : label];
      const r = await send(srv.base, method, path, { as, body: bodyOf ? bodyOf() : undefined, multipart: opts.multipart });
      cells++;
      const ok = want === LOGIN ? r.status === 303 && r.location === '/login' : r.status === want;
      if (!ok) failures.push(`${label} ${method} ${path}: ${r.status}${r.location ? ' → ' + r.location : ''}, expected ${want} ${r.text.replace(/\s+/g, ' ').slice(0, 160)}`);
      if (r.status === 401 || r.status === 403 || (r.status === 303 && r.location === '/login')) {
        // A refusal shows nothing of the case.
        if (/Signe Skjult|070761|ressourceforløb/.test(r.text)) failures.push(`${label} ${method} ${path}: case content in a ${r.status}`);
        if (isApi && r.status === 401 && !/Bearer/.test(r.headers.get('www-authenticate') || '')) failures.push(`${label} ${method} ${path}: 401 without WWW-Authenticate`);
      }
      if (expiredHash && !opts.noIdentity) mustBeGone.push([expiredHash, `${method} ${path}`]);
    }
  }
  const left = new Set(dbRows(srv.db, 'SELECT token_hash FROM sessions').map((r) => r.token_hash));
  for (const [hash, what] of mustBeGone) if (left.has(hash)) failures.push(`${what}: the expired session was not deleted`);
  assert.deepEqual(failures, []);
  assert.ok(cells > 600, `${cells} cells`);
  // Each sample URL reached the route it stands for.
  const seen = await metricRoutes(srv.base);
  const missing = [...new Set(table().map((r) => r[1]))].filter((p) => !seen.has(p));
  assert.deepEqual(missing, [], 'routes that no request of the matrix reached');
});

test('a wrong or unknown bearer token is 401 on every API route and never falls back to the cookie', async () => {
  const failures = [];
  for (const [method, pattern, target, bodyOf, expected] of table()) {
    if (!pattern.startsWith('/api/') || expected.anon === 200) continue;
    const path = typeof target === 'function' ? await target() : target;
    for (const bearer of ['x', srv.users.advisor.token + 'x', srv.users.advisor.token.slice(0, -1)]) {
      // The advisor's live cookie rides along: it must not be used once a bearer token is given.
      const r = await send(srv.base, method, path, { as: { bearer, cookie: who.advisor.cookie, csrf: who.advisor.csrf }, body: bodyOf ? bodyOf() : undefined });
      if (r.status !== 401) failures.push(`${method} ${path} with bearer ${bearer.slice(0, 6)}…: ${r.status}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('a deactivated user\'s session and token stop working at once', async () => {
  // A user of its own, so the matrix above keeps its roles.
  const admin = who.admin;
  const email = `deaktiveret${Date.now()}@testrup.dk`;
  const made = await send(srv.base, 'POST', '/brugere', { as: admin, body: [['name', 'Snart Væk'], ['email', email], ['role', 'advisor']] });
  assert.equal(made.status, 201);
  const s = plantSession(srv, email);
  assert.equal((await send(srv.base, 'GET', `/sager/${f.c.id}`, { as: s })).status, 200);
  const [u] = dbRows(srv.db, `SELECT id FROM users WHERE email = '${email}'`);
  const off = await send(srv.base, 'POST', `/brugere/${u.id}`, { as: admin, body: [['role', 'advisor'], ['active', '0']] });
  assert.equal(off.status, 303);
  const r = await send(srv.base, 'GET', `/sager/${f.c.id}`, { as: s });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/login');
});
