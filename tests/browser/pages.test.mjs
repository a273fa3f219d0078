// Browser suite: real Chromium (Debian's /usr/bin/chromium, driven by playwright-core) against
// the real server with a fresh database. Covers the login form and case registration, the
// public contact form with and without errors, axe-core WCAG 2.1 A/AA checks on every page a
// user reaches in Danish and in English (wide and narrow viewport), keyboard-only use of the
// contact form and the letter check, the forms with JavaScript disabled, horizontal scrolling at
// 360 px and at 200 % zoom, and the Nu HTML Checker (vnu-jar) on every page the wide walks saw.
// The walk switches language as a user does (the header link, a plain preference cookie) and
// checks <html lang> and the layout's texts against messages/<lang>.json on every page; the
// texts it asserts come from the message catalogue (tests/lib/messages.mjs) or are checked
// structurally, so the same walk runs in both languages. The systemic pages (signals,
// investigations, recommendations, activities, themes, complaints, the case view's themes and
// complaints) are checked with data seeded through the API in before(); so are the annual
// report (with a foreword and a case story), a story's edit page and the Statistik page.
// The satisfaction surveys (issue 6): the public answer page (Danish and English, with and
// without the code field, with a validation error), the thank-you and closed pages, and the
// staff pages (list with errors, one survey, paper entry with an error, comments, results) with
// data seeded in before(); a survey answered by keyboard only and one without JavaScript.
// Issue 7: the guidance pages, the accessibility statement and the office's text editing
// (with an error, a saved text and a reset).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { startServer, Browserless } from '../lib/server.mjs';
import { t as msg, textPattern, GUIDANCE, LANGS, danishOnlyTexts } from '../lib/messages.mjs';

const DANISH_ONLY = [...danishOnlyTexts()];

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 360, height: 740 };
// 200 % zoom of a 1280×900 window: the layout sees 640×450 CSS pixels.
const ZOOM_200 = { width: 640, height: 450 };
const VNU_JAR = new URL('../../node_modules/vnu-jar/build/dist/vnu.jar', import.meta.url).pathname;
// Every page state the walk visits; the axe and reflow tests assert they checked at least this
// many per walk.
const WALK_MIN_PAGES = 100;
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const CASE_NUMBER = /^\d{4}-\d{4}$/;

let server;
const browsers = [];

// One persistent Chromium context (its own browser process) in a fresh profile directory
// (Playwright refuses --user-data-dir in args). Closed, and its directory removed, when the
// test `t` ends; after() closes anything left.
async function launch(t, options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bb-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: WIDE, locale: 'da-DK', ...options,
  });
  context.setDefaultTimeout(15000);
  context.setDefaultNavigationTimeout(15000);
  const entry = { context, dir };
  browsers.push(entry);
  t.after(() => closeBrowser(entry));
  return context;
}

async function closeBrowser(entry) {
  const i = browsers.indexOf(entry);
  if (i < 0) return;
  browsers.splice(i, 1);
  await entry.context.close().catch(() => {});
  try {
    rmSync(entry.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  } catch { /* a profile directory left in tmp is harmless */ }
}

before(async () => {
  server = await startServer();
  seeded = await seedSystemic();
  surveySeed = await seedSurveys();
});

after(async () => {
  for (const entry of [...browsers]) await closeBrowser(entry);
  if (server) await server.stop();
});

// ------------------------------------------------------------------------------ helpers --

const url = (path) => server.base + path;
const SAMPLE_LETTER = [
  'Holmstrup Kommune', 'Ydelser', '',
  'Afgørelse om hjælp til merudgifter', '',
  'Du har søgt om dækning af merudgifter. Vi har besluttet at give dig afslag.',
  'Afgørelsen er truffet efter servicelovens § 100, stk. 1.',
  'Vi har lagt vægt på, at dine udgifter er under 1.000 kr. om året.',
  'Hvis du vil klage, skal du gøre det inden 4 uger efter, at du har modtaget dette brev. Klagen sendes til kommunen, som sender den videre til Ankestyrelsen.',
].join('\n');
const pathOf = (page) => new URL(page.url()).pathname;

async function go(page, path) {
  const res = await page.goto(url(path), { waitUntil: 'load' });
  assert.ok(res, `no response for ${path}`);
  return res;
}

// Runs an action that submits a form (or follows a link) and waits for the new document;
// returns the HTTP status of the final response.
async function submit(page, action) {
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), action()]);
  return res ? res.status() : 0;
}

const clickSubmit = (page, formSelector) => () => page.click(`${formSelector} button[type=submit]`);

// Forgets the session (and the CSRF cookie) but keeps the language preference, as the real
// "Log ud" button does.
async function signOut(page) {
  const context = page.context();
  const keep = (await context.cookies()).filter((c) => c.name === 'bb_lang');
  await context.clearCookies();
  if (keep.length) await context.addCookies(keep);
}

const otherLang = (lang) => (lang === 'en' ? 'da' : 'en');

// Switches language as a user does: the link in the header. The switch (/sprog) sets one plain
// preference cookie, bb_lang=<lang> (no identifier), and sends the browser back to the page.
async function switchLanguage(page, to) {
  const context = page.context();
  const before = await context.cookies();
  const from = pathOf(page);
  const link = page.locator('header .bb-lang a');
  assert.equal(await link.count(), 1, `one language link in the header of ${from}`);
  assert.equal(await link.getAttribute('hreflang'), to);
  assert.equal(await link.getAttribute('lang'), to, 'the link names the language in that language');
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), link.click()]);
  assert.equal(res.status(), 200);
  const hop = res.request().redirectedFrom();
  assert.ok(hop, 'the switch answers with a redirect');
  const hopUrl = new URL(hop.url());
  assert.equal(hopUrl.pathname, '/sprog');
  assert.equal(hopUrl.searchParams.get('til'), to);
  const setCookies = (await (await hop.response()).headersArray())
    .filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => h.value);
  assert.equal(setCookies.length, 1, `the switch sets one cookie: ${setCookies.join(' | ')}`);
  assert.match(setCookies[0], new RegExp(`^bb_lang=${to}; `), 'a plain preference cookie named bb_lang');
  assert.equal(pathOf(page), from, 'the switch leads back to the same page');
  const after = await context.cookies();
  const changed = after.filter((c) => !before.some((b) => b.name === c.name && b.value === c.value))
    .map((c) => `${c.name}=${c.value}`);
  assert.deepEqual(changed, [`bb_lang=${to}`], 'the only new cookie is the language, with no identifier in it');
  assert.equal(await page.getAttribute('html', 'lang'), to);
}

// The page is in the expected language: <html lang>, and the layout's texts from the catalogue
// of that language, and one switch to the other language (the header link, which leads back
// here; on the survey answer pages, which set no cookie, ?lang= decides and the switch is a
// link in the page). Returns what is wrong, so that a walk goes on and reports every page.
async function languageProblems(page, label, walkLang) {
  const u = new URL(page.url());
  const survey = u.pathname.startsWith('/svar/');
  const lang = survey ? (u.searchParams.get('lang') === 'en' ? 'en' : 'da') : walkLang;
  const p = await page.evaluate(() => {
    const text = (sel) => document.querySelector(sel)?.textContent.trim() ?? null;
    return {
      lang: document.documentElement.getAttribute('lang'),
      skip: text('a.skipnav'),
      guidance: text('footer a[href="/vejledning"]'),
      statement: text('footer a[href="/tilgaengelighed"]'),
      switches: [...document.querySelectorAll('header .bb-lang a, main .bb-lang-switch a')].map((a) => ({
        header: !!a.closest('header'), href: a.getAttribute('href'), hreflang: a.getAttribute('hreflang'), lang: a.getAttribute('lang'),
      })),
    };
  });
  const problems = [];
  const expect = (actual, expected, what) => {
    if (actual !== expected) problems.push(`${label} [${u.pathname}${u.search}]: ${what} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
  };
  expect(p.lang, lang, '<html lang>');
  if (lang === 'en') {
    // No text the program ships in Danish only, unless marked lang="da" (WCAG 3.1.2).
    const danish = await page.evaluate((texts) => {
      const known = new Set(texts);
      const found = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.nodeValue.trim();
        if (!known.has(text) || n.parentElement.closest('script, style, textarea')) continue;
        // Department names are the office's own names for its units (WCAG 3.1.2 exempts names);
        // the default list has a unit called "Andet", a word the catalogue also has.
        if (text === 'Andet') continue;
        if (n.parentElement.closest('[lang]')?.getAttribute('lang') === 'en') found.push(text);
      }
      return found;
    }, DANISH_ONLY);
    for (const text of danish) problems.push(`${label} [${u.pathname}${u.search}]: Danish text on an English page, not marked lang="da": ${JSON.stringify(text)}`);
  }
  expect(p.skip, msg(lang, 'app.skip'), 'the skip link\'s text');
  expect(p.guidance, msg(lang, 'app.guidance_link'), 'the footer\'s guidance link');
  expect(p.statement, msg(lang, 'app.accessibility_link'), 'the footer\'s link to the accessibility statement');
  // An answer page may leave out the switch (the thank-you page), but never sets a cookie.
  if (!survey || p.switches.length > 1) expect(p.switches.length, 1, 'the number of language switches');
  for (const sw of p.switches) {
    expect(sw.hreflang, otherLang(lang), 'the switch\'s hreflang');
    expect(sw.lang, otherLang(lang), 'the switch\'s own lang');
    if (survey) {
      expect(sw.header ? `the header link ${sw.href} (it sets a cookie, which the answer pages ignore)` : 'a link in the page',
        'a link in the page', 'the switch on an answer page (no cookie there: ?lang= decides)');
      if (!sw.header) expect(new URL(sw.href, u).searchParams.get('lang') === 'en' ? 'en' : 'da', otherLang(lang), 'the switch\'s ?lang=');
    } else {
      expect(sw.header, true, 'the switch is in the header');
      const target = new URL(sw.href, u);
      expect(target.pathname, '/sprog', 'the switch\'s path');
      // Back to the same page with its query (a result, a period, a receipt's number); a
      // one-time notice (?ok=) may be dropped.
      const back = target.searchParams.get('tilbage');
      const withoutNotice = new URL(u);
      withoutNotice.searchParams.delete('ok');
      // Compared decoded: ":" may or may not be percent-encoded, both lead to the same page.
      if (decodeURIComponent(back) !== decodeURIComponent(withoutNotice.pathname + withoutNotice.search)) {
        expect(back, u.pathname + u.search, 'where the switch leads back to');
      }
    }
  }
  return problems;
}

// Signs in through the real login form.
async function login(page, user) {
  await signOut(page);
  await go(page, '/login');
  await page.fill('#f-email', user.email);
  await page.fill('#f-password', user.password);
  await submit(page, clickSubmit(page, 'form[action="/login"]'));
  assert.equal(pathOf(page), '/oversigt', `login as ${user.email} should land on /oversigt, got ${page.url()}`);
}

// Fills and submits the new-case form; returns the case id from the case page's URL.
async function createCase(page, { summary = 'Borgeren ringer om et afslag på boligstøtte.', name = 'Birthe Ågård' } = {}) {
  await go(page, '/sager/ny');
  await page.fill('#f-received', '2024-05-02');
  await page.selectOption('#f-channel', 'telefon');
  await page.check('#f-reasons-0');
  await page.selectOption('#f-departments', { index: 0 });
  await page.fill('#f-summary', summary);
  await page.fill('#f-citizen-name', name);
  const status = await submit(page, clickSubmit(page, 'form[action="/sager/ny"]'));
  assert.equal(status, 200, 'case creation should end on the case page');
  const m = pathOf(page).match(/^\/sager\/(\d+)$/);
  assert.ok(m, `expected the case page after creating a case, got ${page.url()}`);
  return m[1];
}

async function addJournalNote(page, caseId, text) {
  await page.selectOption('#f-kind', 'note');
  await page.fill('#f-text', text);
  const status = await submit(page, clickSubmit(page, `form[action="/sager/${caseId}/journal"]`));
  assert.equal(status, 200);
  assert.equal(pathOf(page), `/sager/${caseId}`);
}

// The contact form with mistakes: a name and a text, an invalid e-mail and no reason.
async function contactWithMistakes(page, { name = 'Karen Ærø', text = 'Jeg forstår ikke brevet om min boligstøtte.' } = {}) {
  await go(page, '/kontakt');
  await page.fill('#f-citizen-name', name);
  await page.fill('#f-citizen-email', 'ikke-en-adresse');
  await page.fill('#f-summary', text);
  return submit(page, clickSubmit(page, 'form[action="/kontakt"]'));
}

// Completes the contact form shown with errors and submits it; returns the receipt's number.
async function contactFixed(page) {
  await page.fill('#f-citizen-email', 'karen@example.dk');
  await page.check('#f-reasons-0');
  const status = await submit(page, clickSubmit(page, 'form[action="/kontakt"]'));
  assert.equal(status, 200);
  assert.equal(pathOf(page), '/kontakt/kvittering');
  return (await page.textContent('.bb-case-number'))?.trim();
}

// ------------------------------------------------------------------- systemic seed data --

// What the walk needs to reach the systemic pages with content on them; set in before().
let seeded;
const SIGNAL_PERIOD = '2024Q3';
const SIGNAL_KEY = '2024Q3:theme:Jobcenter:partshoering';

async function apiCall(method, path, body, role = 'advisor') {
  const res = await fetch(url(path), {
    method,
    headers: { authorization: `Bearer ${server.users[role].token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `seeding: ${method} ${path} gave ${res.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

// Cases over 2023Q3–2024Q3 so that partshøring in Jobcenter is a signal in 2024Q3; an
// investigation and a recommendation (with a partial response) from it; an activity; a case
// with themes (one with criticism) and two complaints (one sent late).
async function seedSystemic() {
  let n = 0;
  const newCase = (received, department) => apiCall('POST', '/api/v1/cases', {
    received, channel: 'telefon', reasons: ['klage'], departments: [department],
    summary: `Borgeren spørger til en afgørelse (sag ${++n}).`, citizen: { name: `Borger Nummer${n}` },
  });
  const tagged = async (received, department, theme) => {
    const c = await newCase(received, department);
    await apiCall('POST', `/api/v1/cases/${c.id}/themes`, { theme, department });
    return c;
  };
  const quarters = [['2023', 7], ['2023', 10], ['2024', 1], ['2024', 4], ['2024', 7]];
  for (const [year, month] of quarters) {
    for (const [department, theme] of [['Jobcenter', 'sagsbehandlingstid'], ['Ydelser', 'begrundelse'], ['Borgerservice', 'kommunikation']]) {
      for (const day of ['03', '17']) await tagged(`${year}-${String(month + 1).padStart(2, '0')}-${day}`, department, theme);
    }
  }
  await tagged('2023-11-14', 'Jobcenter', 'partshoering');
  const spike = [];
  for (let i = 0; i < 6; i++) spike.push(await tagged(`2024-0${7 + (i % 3)}-1${i}`, 'Jobcenter', 'partshoering'));
  const report = await apiCall('GET', `/api/v1/signals?period=${SIGNAL_PERIOD}`);
  assert.deepEqual(report.signals.map((s) => s.key), [SIGNAL_KEY], 'the seeded data give one signal');

  const caseIds = spike.map((c) => c.id);
  const inv = await apiCall('POST', '/api/v1/investigations', {
    topic: 'Partshøring i Jobcentret', departments: ['Jobcenter'], period_from: '2024-07-01', period_to: '2024-09-30',
    case_ids: caseIds, signals: [SIGNAL_KEY], method: 'Gennemgang af sagerne.', started: '2024-10-01',
  });
  const rec = await apiCall('POST', '/api/v1/recommendations', {
    title: 'Partshøring før afgørelser', text: 'Borgerrådgiveren henstiller, at forvaltningerne partshører borgeren.',
    departments: ['Jobcenter', 'Ydelser'], case_ids: caseIds, investigation_id: inv.id, issued: '2024-10-07',
  });
  await apiCall('PATCH', `/api/v1/recommendations/${rec.id}`, {
    version: rec.version, status: 'delvist_fulgt', response_date: '2024-11-01',
    response_text: 'Jobcentret følger henstillingen; Ydelser ser på sin praksis.', follow_up_date: '2025-03-03',
  });
  // One left unanswered, so the lists and the dashboard show an overdue recommendation.
  await apiCall('POST', '/api/v1/recommendations', {
    title: 'Svar på aktindsigt', text: 'Henstilling om svarfrister.', departments: ['Børn og Familie'], issued: '2024-11-11',
  });
  const activity = await apiCall('POST', '/api/v1/activities', {
    date: '2024-09-12', kind: 'undervisning', department: 'Jobcenter', topic: 'Partshøring i praksis', participants: 14, hours: '1,5',
  });

  const c = await newCase('2024-05-13', 'Voksen og Handicap');
  await apiCall('POST', `/api/v1/cases/${c.id}/themes`, { theme: 'sagsbehandlingstid', department: 'Voksen og Handicap' });
  await apiCall('POST', `/api/v1/cases/${c.id}/themes`, {
    theme: 'begrundelse', department: 'Voksen og Handicap', criticism: true,
    criticism_text: 'Afgørelsen forklarede ikke, hvorfor borgerens udgifter ikke var dækket.',
  });
  const late = await apiCall('POST', `/api/v1/cases/${c.id}/complaints`, {
    department: 'Voksen og Handicap', area: 'social', decision_date: '2024-03-01', decision_received: '2024-03-04', sent: '2024-04-03',
  });
  await apiCall('PATCH', `/api/v1/complaints/${late.id}`, {
    genvurdering: 'fastholdt', genvurdering_date: '2024-04-20', result: 'hjemvist', result_date: '2024-08-15',
  });
  await apiCall('POST', `/api/v1/cases/${c.id}/complaints`, {
    department: 'Voksen og Handicap', area: 'social', decision_date: '2024-05-02', sent: '2024-05-20',
  });
  // Closed cases with outcomes (one rejected, one criticised), so the report's tables have rows.
  for (const [outcome, extra] of [['vejledning', {}], ['kritik', {}], ['afvist', { rejection_reason: 'Sagen verserer ved Ankestyrelsen.', referral: 'Ankestyrelsen' }]]) {
    const closed = await newCase('2024-06-03', 'Børn og Familie');
    await apiCall('PATCH', `/api/v1/cases/${closed.id}`, { status: 'afsluttet', outcome, ...extra });
  }
  const story = await seedReport(c);
  return { investigation: inv.id, recommendation: rec.id, activity: activity.id, caseId: c.id, complaint: late.id, story };
}

// The advisor's foreword and a case story for 2024, through the report page's forms; returns
// the story's id.
async function seedReport(fromCase) {
  const b = new Browserless(server.base);
  const login = await b.login(server.users.advisor.email, server.users.advisor.password);
  assert.equal(login.res.status, 303);
  const page = await b.get('/aarsberetning?aar=2024');
  const csrf = b.csrfFrom(page.text);
  let r = await b.post('/aarsberetning/2024/forord', [['_csrf', csrf],
    ['foreword', 'Året bød på flere henvendelser om Børn og Familie og om Økonomi og Opkrævning.']]);
  assert.equal(r.res.status, 303, 'seeding the foreword');
  r = await b.post('/aarsberetning/2024/historier', [['_csrf', csrf], ['title', 'Da brevet fra kommunen var svært at forstå'],
    ['text', 'En borger forstod ikke en afgørelse. Vi forklarede den, og forvaltningen skrev et nyt brev.'],
    ['case', fromCase.number], ['include', '1']]);
  assert.equal(r.res.status, 303, 'seeding a story');
  const after = await b.get('/aarsberetning?aar=2024');
  const m = after.text.match(/href="\/aarsberetning\/historier\/(\d+)"/);
  assert.ok(m, 'the story is listed');
  return Number(m[1]);
}

// Walks every page the suite checks in one language, calling visit(label) on each. Starts
// signed out, switches language with the header link as a user does (Danish is the default),
// and uses the real forms, so each walk creates a contact case and a staff case. Before each
// visit the page's language is checked (languageProblems); returns what was wrong.
async function walkAllPages(page, check, lang = 'da') {
  const problems = [];
  // A wrong text that is not the walk's concern is reported with the rest, and the walk goes on.
  const soft = (ok, message) => { if (!ok) problems.push(message); };
  const visit = async (label) => {
    problems.push(...await languageProblems(page, label, lang));
    await check(label);
  };
  const { advisor, admin, manager } = server.users;
  await signOut(page);
  await go(page, '/');
  if (lang !== 'da') await switchLanguage(page, lang);
  await visit('/ (front page)');
  await walkGuidancePages(page, visit, lang);
  await go(page, '/kontakt');
  await visit('/kontakt');
  assert.equal(await contactWithMistakes(page), 400);
  await visit('/kontakt (with errors)');
  assert.match(await contactFixed(page), CASE_NUMBER);
  await visit('/kontakt/kvittering');

  await go(page, '/klagefrist');
  await visit('/klagefrist');
  await go(page, '/klagefrist?area=social&received=2024-03-04');
  await visit('/klagefrist (with result)');
  await go(page, '/forstaa-brev');
  // The explanation is offered in the page's language first.
  soft(await page.isChecked(`input[name=result_lang][value=${lang}]`),
    `/forstaa-brev (${lang}): the explanation's language is not preset to the page's language (${lang}); checked: ${await page.locator('input[name=result_lang]:checked').getAttribute('value')}`);
  await visit('/forstaa-brev');
  await page.fill('#f-text', SAMPLE_LETTER);
  await page.fill('#f-received', '2024-03-04');
  await page.check(`input[name=result_lang][value=${lang}]`);
  assert.equal(await submit(page, clickSubmit(page, 'form[action="/forstaa-brev"]')), 200);
  await visit('/forstaa-brev (with result)');
  await page.check(`input[name=result_lang][value=${otherLang(lang)}]`);
  assert.equal(await submit(page, clickSubmit(page, 'form[action="/forstaa-brev"]')), 200);
  soft(await page.getAttribute('.bb-summary', 'lang') === otherLang(lang),
    `/forstaa-brev (result in the other language, ${lang} page): the summary has lang=${await page.getAttribute('.bb-summary', 'lang')}, expected ${otherLang(lang)}`);
  await visit(`/forstaa-brev (result in ${otherLang(lang) === 'en' ? 'English' : 'Danish'})`);
  await walkSurveyPublicPages(page, visit);

  await go(page, '/login');
  await visit('/login');
  await page.fill('#f-email', advisor.email);
  await page.fill('#f-password', 'forkert-adgangskode');
  assert.equal(await submit(page, clickSubmit(page, 'form[action="/login"]')), 401);
  await visit('/login (with error)');

  await login(page, advisor);
  await go(page, '/sager/ny');
  await visit('/sager/ny');
  await page.fill('#f-received', '2024-13-45');
  await page.fill('#f-summary', '');
  await page.fill('#f-citizen-email', 'ikke-en-adresse');
  assert.equal(await submit(page, clickSubmit(page, 'form[action="/sager/ny"]')), 400);
  await visit('/sager/ny (with errors)');
  const id = await createCase(page);
  await visit(`/sager/${id} (new case)`);
  await addJournalNote(page, id, 'Ringede til borgeren og aftalte et møde.');
  await visit(`/sager/${id} (with journal)`);
  await page.fill('#f-add-minutes', 'tre kvarter');
  const failed = await submit(page, clickSubmit(page, `form[action="/sager/${id}/status"]`));
  assert.ok(failed >= 400 && failed < 500, `a bad status change should fail with 4xx, got ${failed}`);
  await visit(`/sager/${id} (after a failed status change)`);
  await go(page, `/sager/${id}/rediger`);
  await visit(`/sager/${id}/rediger`);
  await go(page, '/sager');
  await visit('/sager');
  await go(page, '/oversigt');
  await visit('/oversigt (advisor)');
  await walkSystemicPages(page, visit);
  await walkReportPages(page, visit);
  await walkSurveyStaffPages(page, visit, lang);
  await walkTextPages(page, visit, lang);

  await login(page, admin);
  await go(page, '/brugere');
  await visit('/brugere (admin)');
  await go(page, '/indstillinger');
  await visit('/indstillinger (admin)');
  await go(page, '/oversigt');
  await visit('/oversigt (admin)');

  await go(page, '/temaer');
  await visit('/temaer (admin)');
  await go(page, '/indstillinger/tekster');
  assert.equal(await page.locator('main table tbody tr').count(), Object.keys(GUIDANCE).length, 'the admin edits every text');
  await visit('/indstillinger/tekster (admin)');
  // The settings with the small-count threshold, refused out of range.
  await go(page, '/indstillinger');
  assert.equal(await page.locator('#f-small-count-threshold').count(), 1, 'the threshold field is on the settings page');
  await page.fill('#f-small-count-threshold', '1');
  assert.equal(await submit(page, clickSubmit(page, 'form[action="/indstillinger"]')), 400);
  await visit('/indstillinger (threshold out of range)');

  await login(page, manager);
  await go(page, '/oversigt');
  await visit('/oversigt (manager)');
  await go(page, '/henstillinger');
  assert.equal(await page.locator('main a[href^="/henstillinger/"]').count(), 0, 'the manager sees no recommendation records');
  await visit('/henstillinger (manager: counts)');
  await go(page, `/signaler?periode=${SIGNAL_PERIOD}`);
  assert.equal(await page.locator('main a[href^="/sager/"]').count(), 0, 'the manager sees no cases behind the signals');
  await visit('/signaler (manager: counts)');
  await go(page, '/aktiviteter?aar=2024');
  await visit('/aktiviteter (manager)');
  await go(page, '/aarsberetning?aar=2024');
  assert.equal(await page.locator('main a[href^="/aarsberetning/historier/"]').count(), 0, 'the manager cannot edit stories');
  const published = await page.textContent('main');
  assert.ok(LANGS.some((l) => textPattern(l, 'report_view.published_note').test(published)), 'the manager sees the published report');
  // The report body is Danish for now; on an English page it must then be marked lang="da".
  const markedDanish = lang !== 'da' && (await page.locator('main div[lang="da"]').count()) > 0;
  soft(textPattern(lang, 'report_view.published_note').test(published) || markedDanish,
    `/aarsberetning (manager: published) [${pathOf(page)}]: the report is not in the page's language (${lang}); its note reads "${published.match(/(Offentliggjort|Published)[^.]*\./)?.[0]}"`);
  await visit('/aarsberetning (manager: published)');
  await go(page, '/statistik?periode=2024Q3&forvaltning=Jobcenter');
  await visit('/statistik (manager: published)');
  await go(page, '/tilfredshed/resultater');
  assert.ok(await page.locator('main table').count() >= 5, 'the manager sees the survey results');
  await visit('/tilfredshed/resultater (manager)');
  assert.equal((await go(page, '/indstillinger/tekster')).status(), 403, 'the manager does not edit the texts');
  await visit('/indstillinger/tekster (manager: refused)');
  await go(page, '/oversigt');
  // The real "Log ud" button keeps the language.
  await submit(page, () => page.click('header form[action="/logout"] button[type=submit]'));
  assert.equal(pathOf(page), '/login');
  await visit('/login (signed out)');
  await signOut(page);
  return problems;
}

// The guidance pages and the accessibility statement, reached from the footer as a reader does;
// each shows its shipped text (data/guidance.json) in the walk's language.
async function walkGuidancePages(page, visit, lang) {
  await submit(page, () => page.click('footer a[href="/vejledning"]'));
  assert.equal(pathOf(page), '/vejledning');
  assert.equal((await page.textContent('main h1')).trim(), msg(lang, 'guidance.title'));
  const slugs = Object.keys(GUIDANCE).filter((slug) => slug !== 'tilgaengelighed');
  const listed = await page.locator('main .bb-guidance-list a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(listed, slugs.map((slug) => `/vejledning/${slug}`), 'the index lists every guidance page');
  await visit('/vejledning');
  for (const slug of slugs) {
    await submit(page, () => page.click(`main a[href="/vejledning/${slug}"]`));
    assert.equal((await page.textContent('main h1')).trim(), GUIDANCE[slug][lang].title);
    assert.equal(await page.locator('main [lang]').count(), 0, 'the shipped text is in the page\'s language');
    await visit(`/vejledning/${slug}`);
    // Back to the index with the page's own link.
    await submit(page, () => page.click('main a[href="/vejledning"]'));
  }
  await submit(page, () => page.click('footer a[href="/tilgaengelighed"]'));
  assert.equal(pathOf(page), '/tilgaengelighed');
  assert.equal((await page.textContent('main h1')).trim(), GUIDANCE.tilgaengelighed[lang].title);
  await visit('/tilgaengelighed');
  assert.equal((await go(page, '/vejledning/findes-ikke')).status(), 404);
  await visit('/vejledning/findes-ikke (not found)');
}

// The office edits a guidance text (signed in as the advisor): the list, the form, an empty
// title (400, the error summary), a saved text shown on the page at once, and back to the
// shipped text.
async function walkTextPages(page, visit, lang) {
  const slug = 'klage';
  const shipped = GUIDANCE[slug][lang].title;
  await go(page, '/indstillinger/tekster');
  assert.equal(await page.locator('main table tbody tr').count(), Object.keys(GUIDANCE).length, 'every text is listed');
  await visit('/indstillinger/tekster');
  const action = `/indstillinger/tekster/${slug}/${lang}`;
  await submit(page, () => page.click(`main a[href="${action}"]`));
  assert.equal(await page.inputValue('#f-title'), shipped, 'the form shows the shipped text');
  assert.equal(await page.locator(`form[action="${action}"] input[name=reset]`).count(), 0, 'nothing to reset yet');
  await visit(action);
  const body = await page.inputValue('#f-body');
  await page.fill('#f-title', '');
  assert.equal(await submit(page, clickSubmit(page, `form[action="${action}"]`)), 400);
  assert.equal(await page.locator('[role=alert]').count(), 1, 'the error summary');
  assert.equal(await page.locator('[role=alert] a[href="#f-title"]').count(), 1, 'the summary links to the title');
  assert.equal(await page.getAttribute('#f-title', 'aria-invalid'), 'true');
  assert.equal(await page.inputValue('#f-body'), body, 'the text is kept');
  await visit(`${action} (empty title)`);
  const own = `${shipped} (${Date.now() % 100000})`;
  await page.fill('#f-title', own);
  assert.equal(await submit(page, clickSubmit(page, `form[action="${action}"]`)), 200);
  assert.equal(pathOf(page), '/indstillinger/tekster');
  assert.equal((await page.textContent('main [role=status]')).trim(), msg(lang, 'notice.text_saved'));
  assert.ok((await page.textContent('main table')).includes(msg(lang, 'texts.own')), 'the list says the office has its own text');
  await visit('/indstillinger/tekster (text saved)');
  await go(page, `/vejledning/${slug}`);
  assert.equal((await page.textContent('main h1')).trim(), own, 'the saved text is shown at once');
  await visit(`/vejledning/${slug} (signed in, the office's own text)`);
  await go(page, action);
  await visit(`${action} (own text, with reset)`);
  await submit(page, () => page.click(`form[action="${action}"]:has(input[name=reset]) button[type=submit]`));
  assert.equal(pathOf(page), '/indstillinger/tekster');
  assert.equal((await page.textContent('main [role=status]')).trim(), msg(lang, 'notice.text_reset'));
  await go(page, `/vejledning/${slug}`);
  assert.equal((await page.textContent('main h1')).trim(), shipped, 'the shipped text again');
}

// The annual report and statistics pages, signed in as the advisor.
async function walkReportPages(page, visit) {
  await go(page, '/aarsberetning?aar=2024');
  assert.equal(await page.locator('#forord').count(), 1, 'the foreword is shown');
  assert.ok(await page.locator('article', { hasText: 'Da brevet fra kommunen var svært at forstå' }).count() >= 1, 'the story is shown');
  assert.ok(await page.locator('figure.bb-chart svg').count() >= 5, 'the charts are drawn');
  await visit('/aarsberetning (advisor: foreword, story, charts)');
  await go(page, '/aarsberetning?aar=2024&visning=offentlig');
  await visit('/aarsberetning (advisor: published view)');
  await go(page, '/aarsberetning?aar=2023');
  await visit('/aarsberetning?aar=2023 (no foreword, no stories)');
  // A new story without a text: the error is shown at the field.
  await go(page, '/aarsberetning?aar=2024');
  await page.fill('#f-title', 'Uden tekst');
  assert.equal(await submit(page, clickSubmit(page, 'form[action="/aarsberetning/2024/historier"]')), 400);
  await visit('/aarsberetning (story form with errors)');
  await go(page, `/aarsberetning/historier/${seeded.story}`);
  await visit(`/aarsberetning/historier/${seeded.story}`);
  await page.fill('#f-case', '1999-9999');
  assert.equal(await submit(page, clickSubmit(page, `form[action="/aarsberetning/historier/${seeded.story}"]`)), 400);
  await visit(`/aarsberetning/historier/${seeded.story} (unknown case number)`);
  await go(page, '/statistik?periode=2024Q3&forvaltning=Jobcenter');
  assert.ok(await page.locator('main table').count() >= 5, 'the statistics tables');
  await visit('/statistik (2024Q3, Jobcenter)');
  await go(page, '/statistik?periode=2024&forvaltning=B%C3%B8rn%20og%20Familie');
  await visit('/statistik (2024, Børn og Familie)');
  await go(page, '/statistik?periode=2024Q9');
  await visit('/statistik (bad period)');
}

// The systemic pages, signed in as the advisor (the walk's state), with the seeded data.
async function walkSystemicPages(page, visit) {
  const { investigation, recommendation, activity, caseId, complaint } = seeded;
  await go(page, `/signaler?periode=${SIGNAL_PERIOD}`);
  // The one theme signal the seed data give (its label is the office's theme list's, in Danish).
  const card = page.locator('section[aria-labelledby=tema-signaler] article.bb-card');
  assert.equal(await card.count(), 1, 'the signal is shown');
  assert.ok(await card.locator('a[href^="/sager/"]').count() >= 6, 'with the cases behind it');
  await visit('/signaler (with a signal)');
  // The dismiss form, opened and sent without a note: the error is shown at the field.
  await card.locator('summary').click();
  assert.equal(await submit(page, () => card.locator('form[action="/signaler/afvis"] button[type=submit]').click()), 400);
  assert.equal(await page.locator('[role=alert]').count(), 1);
  await visit('/signaler (dismiss form with error)');
  await go(page, `/signaler?periode=${SIGNAL_PERIOD}&vis_afviste=1`);
  await visit('/signaler (with reviewed signals)');

  await go(page, '/undersoegelser');
  await visit('/undersoegelser');
  await go(page, `/undersoegelser/ny?signal=${encodeURIComponent(SIGNAL_KEY)}`);
  assert.ok(await page.isChecked('input[name=departments][value=Jobcenter]'), 'department prefilled from the signal');
  await visit('/undersoegelser/ny (from a signal)');
  await page.fill('#f-topic', '');
  assert.equal(await submit(page, clickSubmit(page, 'form[action="/undersoegelser"]')), 400);
  await visit('/undersoegelser/ny (with errors)');
  await go(page, `/undersoegelser/${investigation}`);
  await visit(`/undersoegelser/${investigation}`);

  await go(page, '/henstillinger');
  await visit('/henstillinger');
  await go(page, '/henstillinger?visning=overskredet');
  await visit('/henstillinger (overdue)');
  await go(page, `/henstillinger/ny?signal=${encodeURIComponent(SIGNAL_KEY)}`);
  await visit('/henstillinger/ny (from a signal)');
  await page.uncheck('input[name=departments][value=Jobcenter]');
  assert.equal(await submit(page, clickSubmit(page, 'form[action="/henstillinger"]')), 400);
  await visit('/henstillinger/ny (with errors)');
  await go(page, `/henstillinger/${recommendation}`);
  assert.equal(await page.locator('#historik ~ ol > li').count(), 2, 'the history shows the creation and the response');
  await visit(`/henstillinger/${recommendation} (with history)`);
  await page.fill('#f-response-text', '');
  assert.equal(await submit(page, clickSubmit(page, `form[action="/henstillinger/${recommendation}"]`)), 400);
  await visit(`/henstillinger/${recommendation} (with errors)`);

  await go(page, '/aktiviteter?aar=2024');
  await visit('/aktiviteter');
  await page.fill('#f-topic', 'Oplæg');
  await page.fill('#f-hours', 'mange');
  assert.equal(await submit(page, clickSubmit(page, 'form[method=post][action="/aktiviteter"]')), 400);
  await visit('/aktiviteter (with errors)');
  await go(page, `/aktiviteter/${activity}`);
  await visit(`/aktiviteter/${activity}`);

  await go(page, '/temaer');
  await visit('/temaer');

  await go(page, `/sager/${caseId}`);
  assert.equal(await page.locator('#temaer ~ div table tbody tr').count(), 2, 'the case view lists the themes');
  await visit(`/sager/${caseId} (themes and complaints)`);
  await go(page, `/sager/${caseId}/klager/ny`);
  await visit(`/sager/${caseId}/klager/ny`);
  await page.selectOption('#f-result', 'aendret');
  assert.equal(await submit(page, clickSubmit(page, `form[action="/sager/${caseId}/klager"]`)), 400);
  await visit(`/sager/${caseId}/klager/ny (with errors)`);
  await go(page, `/sager/${caseId}/klager/${complaint}`);
  await visit(`/sager/${caseId}/klager/${complaint} (sent late, decided)`);
}

// ------------------------------------------------------------------------ survey seed data --

// What the survey walk needs; set in before().
let surveySeed;
const SURVEY_HEADER = 'respondent_id,group,municipality,B_REASON,B_GUIDANCE,B_SOLUTION,B_DIALOGUE,B_RECOMMEND,B_COMMENT,A_DIALOGUE,A_EXPERIENCE,A_KNOWLEDGE,A_LEARNING,A_COMMENT';
// Citizens' answers (imported into the plain survey) and employees' answers (imported without a
// survey: a survey takes only its own questionnaire's rows).
const SURVEY_CSV_CITIZENS = [
  SURVEY_HEADER,
  ...Array.from({ length: 12 }, (_, i) => `B-${i + 1},borger,Testrup Kommune,${['klage', 'forstaa;hjaelp', 'kontakt', ''][i % 4]},${'554433221054'[i]},${'543210554433'[i]},,${'555444333222'[i]},${i === 2 ? '"Rådgiveren lyttede, og det hjalp."' : i === 5 ? 'Min sagsbehandler Jens på Ydelser var sur.' : ''},,,,,`),
  ...Array.from({ length: 3 }, (_, i) => `N-${i + 1},borger,Nabo Kommune,klage,${i + 3},,,,,,,,,`),
].join('\r\n') + '\r\n';
const SURVEY_CSV_EMPLOYEES = [
  SURVEY_HEADER,
  ...Array.from({ length: 6 }, (_, i) => `A-${i + 1},ansat,Testrup Kommune,,,,,,,${'554430'[i]},${'443355'[i]},${'543210'[i]},${'555544'[i]},`),
].join('\r\n') + '\r\n';

// Surveys (one plain, one with one-time codes, one closed, one for the keyboard test and one
// for the test without JavaScript), imported answers with comments (one approved), through the
// staff pages as an advisor.
async function seedSurveys() {
  const b = new Browserless(server.base);
  const login = await b.login(server.users.advisor.email, server.users.advisor.password);
  assert.equal(login.res.status, 303);
  const create = async (title, { questionnaire = 'borger', codes = '0', opens = '2025-01-01', closes = '' } = {}) => {
    const page = await b.get('/tilfredshed');
    const r = await b.post('/tilfredshed', [['_csrf', b.csrfFrom(page.text)], ['questionnaire', questionnaire], ['title', title],
      ['opens', opens], ['closes', closes], ['codes', codes]]);
    assert.equal(r.res.status, 303, `seeding survey ${title}`);
    const id = Number(r.res.headers.get('location').match(/^\/tilfredshed\/(\d+)/)[1]);
    const shown = await b.get(`/tilfredshed/${id}`);
    return { id, slug: shown.text.match(/href="\/svar\/([a-z0-9]{16})"/)[1] };
  };
  const plain = await create('Borgere 2025');
  const coded = await create('Borgere med koder', { codes: '12' });
  const closed = await create('Lukket undersøgelse', { opens: '2024-01-01', closes: '2024-01-31' });
  const keyboard = await create('Tastaturtest');
  const nojs = await create('Uden JavaScript', { codes: '2' });
  const phone = await create('Telefontest');
  for (const [csv, survey] of [[SURVEY_CSV_CITIZENS, String(plain.id)], [SURVEY_CSV_EMPLOYEES, '']]) {
    const page = await b.get('/tilfredshed');
    const r = await b.post('/tilfredshed/import', [['_csrf', b.csrfFrom(page.text)], ['survey', survey],
      ['fil', new File([csv], 'svar.csv', { type: 'text/csv' })]], { multipart: true });
    assert.equal(r.res.status, 303, 'seeding the survey answers');
  }
  const comments = await b.get('/tilfredshed/kommentarer');
  const at = comments.text.indexOf('Rådgiveren lyttede');
  const id = comments.text.slice(at).match(/action="\/tilfredshed\/kommentarer\/(\d+)"/)[1];
  const approved = await b.post(`/tilfredshed/kommentarer/${id}`, [['_csrf', b.csrfFrom(comments.text)], ['decision', 'approved'], ['back', 'pending']]);
  assert.equal(approved.res.status, 303, 'approving a comment');
  const codesOf = (s) => {
    const q = spawnSync('sqlite3', ['-readonly', server.db, `SELECT code FROM survey_codes WHERE survey_id = ${s.id} ORDER BY code`], { encoding: 'utf8' });
    assert.equal(q.status, 0, q.stderr);
    return q.stdout.trim().split('\n');
  };
  return { plain, coded, closed, keyboard, phone, nojs: { ...nojs, codes: codesOf(nojs) } };
}

// The survey's results as JSON (advisor token).
async function surveyResults(surveyId) {
  const res = await fetch(url(`/tilfredshed/resultater?format=json&undersoegelse=${surveyId}`),
    { headers: { authorization: `Bearer ${server.users.advisor.token}` } });
  assert.equal(res.status, 200);
  return res.json();
}
const questionOf = (results, group, id) => results.groups.find((g) => g.group === group)?.questions.find((q) => q.id === id);

// The public answer pages, signed out.
async function walkSurveyPublicPages(page, visit) {
  const { plain, coded, closed } = surveySeed;
  await go(page, `/svar/${plain.slug}`);
  assert.equal(await page.getAttribute('html', 'lang'), 'da');
  await visit('/svar (Danish)');
  await go(page, `/svar/${plain.slug}?lang=en`);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await visit('/svar (English)');
  await go(page, `/svar/${coded.slug}?kode=ABCD2345`);
  assert.equal(await page.inputValue('#f-kode'), 'ABCD2345', 'the code from the QR address is filled in');
  await visit('/svar (code field)');
  await go(page, `/svar/${coded.slug}?lang=en`);
  await visit('/svar (English, code field)');
  // Answered without the code: the error is shown at the field.
  await go(page, `/svar/${coded.slug}`);
  await page.check('#f-B-GUIDANCE-1');
  assert.equal(await submit(page, clickSubmit(page, `form[action="/svar/${coded.slug}"]`)), 400);
  assert.equal(await page.locator('[role=alert]').count(), 1, 'the error summary');
  assert.equal(await page.getAttribute('#f-kode', 'aria-invalid'), 'true');
  assert.ok(await page.isChecked('#f-B-GUIDANCE-1'), 'the answer is kept');
  await visit('/svar (missing code error)');
  await go(page, `/svar/${coded.slug}?lang=en`);
  await page.fill('#f-kode', 'OOOO0000');
  assert.equal(await submit(page, clickSubmit(page, `form[action="/svar/${coded.slug}?lang=en"]`)), 400);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await visit('/svar (English, unknown code error)');
  // Answered: the thank-you page.
  await go(page, `/svar/${plain.slug}`);
  await page.check('#f-B-REASON-4');
  await page.check('#f-B-GUIDANCE-0');
  await page.check('#f-B-RECOMMEND-1');
  assert.equal(await submit(page, clickSubmit(page, `form[action="/svar/${plain.slug}"]`)), 200);
  assert.equal((await page.textContent('main h1')).trim(), msg('da', 'survey_answer.thanks_title'));
  await visit('/svar (thank you)');
  await go(page, `/svar/${plain.slug}?lang=en`);
  await page.check('#f-B-GUIDANCE-1');
  assert.equal(await submit(page, clickSubmit(page, `form[action="/svar/${plain.slug}?lang=en"]`)), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal((await page.textContent('main h1')).trim(), msg('en', 'survey_answer.thanks_title'));
  await visit('/svar (thank you, English)');
  assert.equal((await go(page, `/svar/${closed.slug}`)).status(), 410);
  await visit('/svar (closed survey)');
}

// The staff's survey pages, signed in as the advisor.
async function walkSurveyStaffPages(page, visit, lang) {
  const { plain, coded } = surveySeed;
  await go(page, '/tilfredshed');
  assert.ok(await page.locator(`main a[href="/tilfredshed/${plain.id}"]`).count() === 1, 'the list shows the survey');
  await visit('/tilfredshed');
  await page.fill('#f-title', '');
  assert.equal(await submit(page, clickSubmit(page, 'form[action="/tilfredshed"]')), 400);
  await visit('/tilfredshed (new survey with errors)');
  await go(page, '/tilfredshed');
  await page.setInputFiles('#fil', { name: 'fejl.csv', mimeType: 'text/csv',
    buffer: Buffer.from('respondent_id,group,municipality,B_GUIDANCE\nX-1,borger,Testrup Kommune,7\nX-2,borgere,Testrup Kommune,5\n') });
  assert.equal(await submit(page, clickSubmit(page, 'form[action="/tilfredshed/import"]')), 400);
  assert.ok((await page.textContent('main')).includes(msg(lang, 'survey_page.import_line', { line: 3 })), 'the import errors name the lines');
  await visit('/tilfredshed (import errors)');
  await go(page, `/tilfredshed/${coded.id}`);
  await visit(`/tilfredshed/${coded.id} (survey with codes)`);
  await go(page, `/tilfredshed/${plain.id}/indtast`);
  await visit(`/tilfredshed/${plain.id}/indtast`);
  // A form already imported: the error is shown at its number.
  await page.fill('#f-respondent-id', 'B-1');
  await page.check('#f-B-GUIDANCE-0');
  assert.equal(await submit(page, clickSubmit(page, `form[action="/tilfredshed/${plain.id}/indtast"]`)), 409);
  assert.equal(await page.locator('[role=alert]').count(), 1);
  assert.equal(await page.getAttribute('#f-respondent-id', 'aria-invalid'), 'true');
  await visit(`/tilfredshed/${plain.id}/indtast (with error)`);
  await page.fill('#f-respondent-id', '');
  assert.equal(await submit(page, clickSubmit(page, `form[action="/tilfredshed/${plain.id}/indtast"]`)), 200);
  assert.ok(await page.locator('main [role=status]').count() >= 1, 'saved');
  await visit(`/tilfredshed/${plain.id}/indtast (saved)`);
  // The advisor's own questionnaires (reached from the list).
  await go(page, '/tilfredshed/spoergeskemaer');
  await visit('/tilfredshed/spoergeskemaer');
  await page.fill('#f-code', 'borger');
  await page.fill('#f-title', 'Et skema med en indbygget kode');
  assert.equal(await submit(page, clickSubmit(page, 'form[action="/tilfredshed/spoergeskemaer"]')), 400);
  assert.equal(await page.locator('[role=alert]').count(), 1);
  await visit('/tilfredshed/spoergeskemaer (with errors)');
  await go(page, '/tilfredshed/kommentarer');
  assert.ok(await page.locator('main li.bb-card').count() >= 1, 'a pending comment');
  await visit('/tilfredshed/kommentarer');
  await go(page, '/tilfredshed/kommentarer?status=approved');
  await visit('/tilfredshed/kommentarer?status=approved');
  await go(page, '/tilfredshed/resultater');
  assert.ok(await page.locator('main blockquote').count() >= 1, 'the approved quote');
  await visit('/tilfredshed/resultater');
  await go(page, `/tilfredshed/resultater?undersoegelse=${plain.id}&opdeling=municipality`);
  assert.match(await page.textContent('main'), textPattern(lang, 'survey_page.suppressed'), 'Nabo Kommune is suppressed');
  await visit('/tilfredshed/resultater (by municipality)');
  await go(page, '/tilfredshed/resultater?aar=tyve');
  await visit('/tilfredshed/resultater (bad year)');
}

// axe's colour-contrast results only mean something if the design system's CSS is applied.
async function assertStylesLoaded(page, label) {
  const sheets = await page.evaluate(() => [...document.querySelectorAll('link[rel=stylesheet]:not([media=print])')]
    .map((l) => ({ href: l.getAttribute('href'), rules: l.sheet ? l.sheet.cssRules.length : 0 })));
  assert.ok(sheets.some((s) => /dkfds/.test(s.href)), `${label}: no dkfds stylesheet linked`);
  for (const s of sheets) assert.ok(s.rules > 0, `${label}: stylesheet ${s.href} did not load`);
}

async function runAxe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ path: AXE_PATH });
  }
  return page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
    }));
  }, WCAG_TAGS);
}

function describeViolations(label, violations) {
  const lines = [`${label}: ${violations.length} axe violation(s)`];
  for (const v of violations) {
    lines.push(`  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} node(s)) ${v.helpUrl}`);
    for (const n of v.nodes.slice(0, 4)) {
      lines.push(`    at ${n.target}`);
      lines.push(`       ${n.html.replace(/\s+/g, ' ').slice(0, 240)}`);
      if (n.summary) lines.push(`       ${n.summary.replace(/\s+/g, ' ').slice(0, 300)}`);
    }
  }
  return lines.join('\n');
}

// ------------------------------------------------------------------------------- tests --

test('advisor signs in with the login form, registers a case and adds a journal note', async (t) => {
  const context = await launch(t);
  const page = await context.newPage();
  await login(page, server.users.advisor);
  assert.equal((await page.textContent('main h1')).trim(), msg('da', 'dashboard.title'));

  const id = await createCase(page, { summary: 'Borgeren har fået afslag på merudgifter.', name: 'Jens Ørsted' });
  assert.match(await page.textContent('main h1'), /\d{4}-\d{4}/, 'the case page shows the case number');
  assert.match(await page.textContent('main'), /Jens Ørsted/);
  assert.equal((await page.textContent('[role=status]')).trim(), msg('da', 'notice.created'));

  const note = `Talte med borgeren om klagemulighederne (${Date.now()}).`;
  await addJournalNote(page, id, note);
  const entry = page.locator('.bb-journal-entry', { hasText: note });
  assert.equal(await entry.count(), 1, 'the note appears once in the journal');
  assert.ok(await entry.isVisible(), 'the note is visible');
});

test('citizen contact form: errors keep the input and are linked to the fields; then a receipt', async (t) => {
  const context = await launch(t);
  const page = await context.newPage();
  const name = 'Karen Ærø';
  const text = 'Jeg har fået et brev om min boligstøtte, som jeg ikke forstår.';
  const status = await contactWithMistakes(page, { name, text });
  assert.equal(status, 400);
  assert.equal(pathOf(page), '/kontakt');

  const summary = page.locator('[role=alert]');
  assert.equal(await summary.count(), 1, 'one error summary');
  assert.ok(await summary.isVisible(), 'the error summary is visible');
  assert.match(await page.title(), /^Fejl:/, 'the title says there are errors');
  assert.equal(await page.inputValue('#f-citizen-name'), name, 'typed name kept');
  assert.equal(await page.inputValue('#f-summary'), text, 'typed text kept');
  assert.equal(await page.inputValue('#f-citizen-email'), 'ikke-en-adresse', 'typed e-mail kept');

  // The e-mail field: aria-invalid, and aria-describedby names an element with the message
  // that the error summary links to.
  const email = page.locator('#f-citizen-email');
  assert.equal(await email.getAttribute('aria-invalid'), 'true');
  const emailMessage = (await summary.locator('a[href="#f-citizen-email"]').textContent()).trim();
  assert.ok(emailMessage.length > 0, 'the summary links to the e-mail field');
  const describedText = async (loc) => {
    const ids = ((await loc.getAttribute('aria-describedby')) || '').split(/\s+/).filter(Boolean);
    assert.ok(ids.length > 0, 'aria-describedby is set');
    const texts = [];
    for (const id of ids) {
      const el = page.locator(`[id="${id}"]`);
      assert.equal(await el.count(), 1, `aria-describedby target #${id} exists once`);
      texts.push(await el.textContent());
    }
    return texts.join(' ');
  };
  assert.ok((await describedText(email)).includes(emailMessage), 'e-mail field described by its error message');

  // The reasons group: the fieldset is described by the error, which the summary links to.
  const reasons = page.locator('fieldset:has(#f-reasons-0)');
  const reasonsMessage = (await summary.locator('a[href="#f-reasons-0"]').textContent()).trim();
  assert.ok(reasonsMessage.length > 0, 'the summary links to the first reason');
  assert.ok((await describedText(reasons)).includes(reasonsMessage), 'reasons group described by its error message');

  // A summary link moves focus to its field.
  await page.click('[role=alert] a[href="#f-citizen-email"]');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-citizen-email');

  const number = await contactFixed(page);
  assert.match(number, CASE_NUMBER, `receipt shows a case number, got ${number}`);
  assert.equal((await page.textContent('main h1')).trim(), msg('da', 'contact.receipt_title'));
});

// What the walks collect for the tests after them: the narrow walks measure horizontal
// scrolling, the wide walks save each page state's HTML for the Nu HTML Checker.
const reflow = { checked: 0, problems: [] };
const html = { dir: null, files: new Map() };

function saveHtml(lang, label, content) {
  if (!html.dir) html.dir = mkdtempSync(join(tmpdir(), 'bb-html-'));
  const name = `${lang}-${String(html.files.size + 1).padStart(3, '0')}-${label.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80)}.html`;
  const file = join(html.dir, name);
  writeFileSync(file, content);
  html.files.set(file, `${label} (${lang})`);
}

// Whether the page scrolls horizontally; if so, a description with the widest elements.
async function horizontalOverflow(page) {
  const m = await page.evaluate(() => {
    const vw = window.innerWidth;
    const culprits = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > vw + 1) {
        culprits.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} (right ${Math.round(r.right)})`);
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, culprits: culprits.slice(0, 6) };
  });
  if (m.scrollWidth <= m.innerWidth + 1) return null;
  return `scrollWidth ${m.scrollWidth} > innerWidth ${m.innerWidth}; widest: ${m.culprits.join(', ')}`;
}

for (const lang of LANGS) {
  for (const viewport of [WIDE, NARROW]) {
    test(`every page in ${lang === 'da' ? 'Danish' : 'English'} at ${viewport.width}×${viewport.height}: in that language, and no axe-core WCAG 2.1 A/AA violations`, async (t) => {
      // bypassCSP lets addScriptTag inject axe-core despite the pages' strict script-src 'self';
      // it changes nothing else about the pages.
      const context = await launch(t, { viewport, bypassCSP: true });
      const page = await context.newPage();
      const failures = [];
      const checked = [];
      const languages = await walkAllPages(page, async (label) => {
        // The HTML as the browser has it, before axe-core is added to it.
        if (viewport === WIDE) saveHtml(lang, label, await page.content());
        if (viewport === NARROW) {
          reflow.checked++;
          const wide = await horizontalOverflow(page);
          if (wide) reflow.problems.push(`${label} (${lang}) [${page.url()}]: ${wide}`);
        }
        await assertStylesLoaded(page, label);
        const violations = await runAxe(page);
        checked.push(label);
        if (violations.length) failures.push(describeViolations(`${label} [${page.url()}]`, violations));
      }, lang);
      t.diagnostic(`${checked.length} page states checked`);
      assert.ok(checked.length >= WALK_MIN_PAGES, `expected to check every page, checked ${checked.length}`);
      const report = [];
      if (languages.length) report.push(`${languages.length} language problem(s):\n${languages.join('\n')}`);
      if (failures.length) report.push(`${failures.length} page(s) with axe violations:\n${failures.join('\n\n')}`);
      assert.ok(report.length === 0, `\n${report.join('\n\n')}`);
    });
  }
}

test('at 360 px no page scrolls horizontally, in Danish and English', () => {
  assert.ok(reflow.checked >= 2 * WALK_MIN_PAGES, `the narrow walks measured only ${reflow.checked} pages (did a walk stop early?)`);
  assert.ok(reflow.problems.length === 0, `${reflow.problems.length} page(s) scroll sideways:\n${reflow.problems.join('\n')}`);
});

test('the Nu HTML Checker (vnu-jar) finds no errors on any page the wide walks saw', (t) => {
  // BB_KEEP_HTML=1 keeps the saved pages (their folder is printed) to look at them.
  t.after(() => {
    if (!html.dir) return;
    if (process.env.BB_KEEP_HTML) t.diagnostic(`the pages are in ${html.dir}`);
    else rmSync(html.dir, { recursive: true, force: true });
  });
  assert.ok(existsSync(VNU_JAR), `${VNU_JAR} is missing: npm ci`);
  assert.ok(html.files.size >= 2 * WALK_MIN_PAGES, `the wide walks saved only ${html.files.size} pages (did a walk stop early?)`);
  const r = spawnSync('java', ['-jar', VNU_JAR, '--errors-only', '--format', 'json', ...html.files.keys()],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 300000 });
  assert.equal(r.error, undefined, `java: ${r.error}`);
  // vnu writes its report to stderr.
  const out = [r.stderr, r.stdout].find((s) => s.trim().startsWith('{'));
  assert.ok(out, `no JSON from vnu (exit ${r.status}):\n${r.stderr}\n${r.stdout}`);
  const messages = JSON.parse(out).messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
  const byFile = (m) => html.files.get(decodeURIComponent(new URL(m.url).pathname)) ?? m.url;
  const report = messages.map((m) => `${byFile(m)} line ${m.lastLine ?? '?'}: ${m.message}${m.extract ? `\n    ${m.extract.replace(/\s+/g, ' ').trim()}` : ''}`);
  assert.ok(report.length === 0, `${messages.length} HTML error(s):\n${report.join('\n')}`);
  assert.equal(r.status, 0, `vnu exit status ${r.status}`);
});

// WCAG 1.4.4 / 1.4.10: a 1280×900 window at 200 % zoom lays the page out in 640×450 CSS pixels.
test('at 200 % zoom (640×450 CSS px) the public pages do not scroll horizontally, in Danish and English', async (t) => {
  const context = await launch(t, { viewport: ZOOM_200, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const problems = [];
  let checked = 0;
  const measure = async (label) => {
    checked++;
    const wide = await horizontalOverflow(page);
    if (wide) problems.push(`${label} [${page.url()}]: ${wide}`);
  };
  const paths = ['/', '/kontakt', '/klagefrist', '/klagefrist?area=social&received=2024-03-04', '/forstaa-brev',
    '/vejledning', ...Object.keys(GUIDANCE).filter((s) => s !== 'tilgaengelighed').map((s) => `/vejledning/${s}`),
    '/tilgaengelighed', '/login'];
  for (const lang of LANGS) {
    await signOut(page);
    await go(page, '/');
    if (lang !== 'da') await switchLanguage(page, lang);
    for (const path of paths) {
      await go(page, path);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      await measure(`${path} (${lang})`);
    }
    await go(page, `/svar/${surveySeed.plain.slug}${lang === 'en' ? '?lang=en' : ''}`);
    await measure(`/svar (${lang})`);
    assert.equal(await contactWithMistakes(page), 400);
    await measure(`/kontakt with errors (${lang})`);
    assert.match(await contactFixed(page), CASE_NUMBER);
    await measure(`/kontakt/kvittering (${lang})`);
    await go(page, '/forstaa-brev');
    await page.fill('#f-text', SAMPLE_LETTER);
    assert.equal(await submit(page, clickSubmit(page, 'form[action="/forstaa-brev"]')), 200);
    await measure(`/forstaa-brev with result (${lang})`);
  }
  assert.equal(checked, 2 * (paths.length + 4));
  assert.ok(problems.length === 0, `${problems.length} page(s) scroll sideways:\n${problems.join('\n')}`);
});

test('keyboard only: skip link, then fill and send the contact form', async (t) => {
  const context = await launch(t);
  const page = await context.newPage();
  await go(page, '/kontakt');
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el?.tagName.toLowerCase(), id: el?.id || '', text: (el?.textContent || '').trim(), href: el?.getAttribute('href') };
  });

  await page.keyboard.press('Tab');
  let f = await focused();
  assert.equal(f.tag, 'a', 'the first Tab focuses a link');
  assert.equal(f.text, msg('da', 'app.skip'), 'the first Tab focuses the skip link');
  // dkfds slides the skip link into view on focus (a 0.2 s transition).
  await page.waitForFunction(() => {
    const r = document.activeElement.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight && r.width > 0;
  }, null, { timeout: 2000 }).catch(() => assert.fail('the focused skip link is not shown inside the viewport'));
  await page.keyboard.press('Enter');
  f = await focused();
  assert.equal(f.id, 'main', 'Enter on the skip link moves focus to main');

  // Tab through the form in order; each stop is asserted, so the focus order is checked too.
  const tabTo = async (id) => {
    await page.keyboard.press('Tab');
    const now = await focused();
    assert.equal(now.id, id, `expected focus on #${id}, got <${now.tag} id="${now.id}">`);
  };
  await tabTo('f-citizen-name');
  await page.keyboard.type('Ole Kræmmer');
  await tabTo('f-citizen-phone');
  await tabTo('f-citizen-email');
  await page.keyboard.type('ole@example.dk');
  await tabTo('f-reasons-0');
  await page.keyboard.press('Space');
  assert.ok(await page.isChecked('#f-reasons-0'), 'Space checks the first reason');
  await tabTo('f-reasons-1');
  await tabTo('f-reasons-2');
  await page.keyboard.press('Space');
  assert.ok(await page.isChecked('#f-reasons-2'), 'Space checks the third reason');
  for (let i = 3; i < 6; i++) await tabTo(`f-reasons-${i}`);
  await tabTo('f-departments');
  await tabTo('f-summary');
  await page.keyboard.type('Jeg har brug for hjælp til at forstå en afgørelse.');
  await tabTo('f-file');
  await tabTo('f-consent-0');
  await page.keyboard.press('Space');
  // Past the privacy details to the submit button; the hidden honeypot is never a stop.
  let onSubmit = false;
  for (let i = 0; i < 4 && !onSubmit; i++) {
    await page.keyboard.press('Tab');
    const now = await focused();
    assert.notEqual(now.id, 'f-website', 'the honeypot field is not reachable by Tab');
    onSubmit = await page.evaluate(() => document.activeElement?.matches('form[action="/kontakt"] button[type=submit]'));
  }
  assert.ok(onSubmit, 'Tab reaches the submit button');
  const status = await submit(page, () => page.keyboard.press('Enter'));
  assert.equal(status, 200);
  assert.equal(pathOf(page), '/kontakt/kvittering');
  assert.match((await page.textContent('.bb-case-number')).trim(), CASE_NUMBER);
});

// The letter check's result: the summary, the deadline worked out from the date received, and
// the elements found. The headings are in the page's language, the explanation in the language
// chosen for it (marked with lang when the two differ).
async function assertLetterResult(page, lang, resultLang = lang) {
  assert.equal((await page.textContent('#letter-summary')).trim(), msg(lang, 'letter_page.summary'));
  assert.ok((await page.textContent('.bb-summary')).trim().length > 20, 'a summary in plain language');
  assert.equal(await page.getAttribute('.bb-summary', 'lang'), resultLang === lang ? null : resultLang, 'the summary\'s lang');
  assert.equal((await page.textContent('#letter-deadline')).trim(), msg(lang, 'letter_page.deadline'));
  assert.match(await page.textContent('section[aria-labelledby=letter-deadline]'), textPattern(lang, 'letter_page.deadline_text'));
  assert.ok(await page.locator('section[aria-labelledby=letter-elements] tbody tr').count() >= 5, 'the elements table');
}

test('keyboard only: the letter check — paste a letter, send it, reach the result', async (t) => {
  const context = await launch(t);
  const page = await context.newPage();
  await go(page, '/forstaa-brev');
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el?.tagName.toLowerCase(), id: el?.id || '', text: (el?.textContent || '').trim() };
  });
  const tabTo = async (id) => {
    await page.keyboard.press('Tab');
    const now = await focused();
    assert.equal(now.id, id, `expected focus on #${id}, got <${now.tag} id="${now.id}"> ${now.text.slice(0, 40)}`);
  };
  await page.keyboard.press('Tab');
  assert.equal((await focused()).text, msg('da', 'app.skip'), 'the first Tab focuses the skip link');
  await page.keyboard.press('Enter');
  assert.equal((await focused()).id, 'main', 'Enter on the skip link moves focus to main');
  await tabTo('f-mode-0');  // the chosen radio button is the group's one stop
  await tabTo('f-text');
  await page.keyboard.insertText(SAMPLE_LETTER);  // as pasted
  await tabTo('f-file');
  await tabTo('f-received');
  await page.keyboard.type('2024-03-04');
  await tabTo('f-result-lang-0');
  await page.keyboard.press('ArrowDown');  // the arrow keys choose within the group
  assert.equal((await focused()).id, 'f-result-lang-1');
  assert.ok(await page.isChecked('#f-result-lang-1'), 'the explanation in English is chosen');
  await page.keyboard.press('ArrowUp');
  assert.ok(await page.isChecked('#f-result-lang-0'), 'and back to Danish');
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.activeElement?.matches('form[action="/forstaa-brev"] button[type=submit]')), 'Tab reaches the submit button');
  const status = await submit(page, () => page.keyboard.press('Enter'));
  assert.equal(status, 200);
  assert.equal(pathOf(page), '/forstaa-brev');
  await assertLetterResult(page, 'da');
  assert.equal(await page.inputValue('#f-text'), SAMPLE_LETTER, 'the letter is still in the field');
  // From the top of the new page, Tab reaches the result (its scrollable table) and shows it.
  let inResult = false;
  for (let i = 0; i < 25 && !inResult; i++) {
    await page.keyboard.press('Tab');
    inResult = await page.evaluate(() => !!document.activeElement?.closest('section[aria-labelledby=letter-elements]'));
  }
  assert.ok(inResult, 'Tab reaches the result');
  assert.ok(await page.evaluate(() => {
    const r = document.activeElement.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  }), 'the focused part of the result is scrolled into view');
});

test('without JavaScript: the letter check shows its error, then the result in Danish and in English', async (t) => {
  const context = await launch(t, { javaScriptEnabled: false });
  const page = await context.newPage();
  await go(page, '/forstaa-brev');
  assert.equal(await submit(page, clickSubmit(page, 'form[action="/forstaa-brev"]')), 400);
  assert.equal(await page.locator('[role=alert] a[href="#f-text"]').count(), 1, 'the error summary links to the text field');
  assert.equal(await page.getAttribute('#f-text', 'aria-invalid'), 'true');
  await page.fill('#f-text', SAMPLE_LETTER);
  await page.fill('#f-received', '2024-03-04');
  assert.equal(await submit(page, clickSubmit(page, 'form[action="/forstaa-brev"]')), 200);
  await assertLetterResult(page, 'da');
  await page.check('#f-result-lang-1');
  assert.equal(await submit(page, clickSubmit(page, 'form[action="/forstaa-brev"]')), 200);
  await assertLetterResult(page, 'da', 'en');
  // The whole page in English, by the header link.
  await switchLanguage(page, 'en');
  assert.equal((await page.textContent('main h1')).trim(), msg('en', 'letter_page.title'));
  await page.fill('#f-text', SAMPLE_LETTER);
  await page.fill('#f-received', '2024-03-04');
  assert.equal(await submit(page, clickSubmit(page, 'form[action="/forstaa-brev"]')), 200);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await assertLetterResult(page, 'en');
});

test('without JavaScript: the contact form, login and case registration work', async (t) => {
  const context = await launch(t, { javaScriptEnabled: false });
  const page = await context.newPage();
  assert.equal(await contactWithMistakes(page), 400);
  assert.equal(await page.locator('[role=alert]').count(), 1, 'errors shown without JavaScript');
  assert.match(await contactFixed(page), CASE_NUMBER);

  await login(page, server.users.advisor);
  const id = await createCase(page, { summary: 'Registreret uden JavaScript.', name: 'Lise Nørgaard' });
  assert.match(await page.textContent('main'), /Registreret uden JavaScript\./);
  await addJournalNote(page, id, 'Notat skrevet uden JavaScript.');
  assert.equal(await page.locator('.bb-journal-entry', { hasText: 'Notat skrevet uden JavaScript.' }).count(), 1);
});

test('keyboard only: answer the survey with Tab, Space and the arrow keys', async (t) => {
  const context = await launch(t);
  const page = await context.newPage();
  const { keyboard: s } = surveySeed;
  const before = await surveyResults(s.id);
  assert.deepEqual(before.groups, [], 'nobody has answered the keyboard survey yet');
  await go(page, `/svar/${s.slug}`);
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el?.tagName.toLowerCase(), id: el?.id || '', text: (el?.textContent || '').trim() };
  });
  const tabTo = async (id) => {
    await page.keyboard.press('Tab');
    const now = await focused();
    assert.equal(now.id, id, `expected focus on #${id}, got <${now.tag} id="${now.id}"> ${now.text.slice(0, 40)}`);
  };
  await page.keyboard.press('Tab');
  assert.equal((await focused()).text, msg('da', 'app.skip'), 'the first Tab focuses the skip link');
  await page.keyboard.press('Enter');
  assert.equal((await focused()).id, 'main', 'Enter on the skip link moves focus to main');
  await page.keyboard.press('Tab');
  assert.equal((await focused()).text, 'English', 'then the language link');
  // Multiple choice: every box is a stop.
  await tabTo('f-B-REASON-0');
  await page.keyboard.press('Space');
  for (let i = 1; i < 6; i++) await tabTo(`f-B-REASON-${i}`);
  await page.keyboard.press('Space');
  // Likert: one stop per question; Space chooses, the arrow keys move the choice.
  await tabTo('f-B-GUIDANCE-0');
  await page.keyboard.press('Space');
  await tabTo('f-B-SOLUTION-0');
  await page.keyboard.press('ArrowDown');
  assert.equal((await focused()).id, 'f-B-SOLUTION-1');
  await tabTo('f-B-DIALOGUE-0');  // skipped
  await tabTo('f-B-RECOMMEND-0');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await tabTo('f-B-COMMENT');
  await page.keyboard.type('Skrevet med tastaturet alene.');
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.activeElement?.matches('form button[type=submit]')), 'Tab reaches the submit button');
  const status = await submit(page, () => page.keyboard.press('Enter'));
  assert.equal(status, 200);
  assert.equal((await page.textContent('main h1')).trim(), msg('da', 'survey_answer.thanks_title'));

  const after = await surveyResults(s.id);
  assert.equal(after.groups[0].respondents, 1);
  assert.deepEqual(questionOf(after, 'borger', 'B_REASON').counts, { forstaa: 1, kontakt: 0, hjaelp: 0, hoert: 0, klage: 0, andet: 1 });
  assert.equal(questionOf(after, 'borger', 'B_GUIDANCE').counts['5'], 1);
  assert.equal(questionOf(after, 'borger', 'B_SOLUTION').counts['4'], 1);
  assert.equal(questionOf(after, 'borger', 'B_DIALOGUE').answered, 0);
  assert.equal(questionOf(after, 'borger', 'B_RECOMMEND').counts['3'], 1);
  assert.equal(questionOf(after, 'borger', 'B_COMMENT').answered, 1);
});

test('without JavaScript: answer with a one-time code (refused without it, and the second time); enter a paper form', async (t) => {
  const context = await launch(t, { javaScriptEnabled: false });
  const page = await context.newPage();
  const { nojs: s } = surveySeed;
  const action = `form[action="/svar/${s.slug}"]`;
  await go(page, `/svar/${s.slug}`);
  await page.check('#f-B-GUIDANCE-0');
  await page.check('#f-B-REASON-1');
  assert.equal(await submit(page, clickSubmit(page, action)), 400);
  assert.equal(await page.locator('[role=alert]').count(), 1, 'errors shown without JavaScript');
  await page.fill('#f-kode', s.codes[0].toLowerCase());
  assert.equal(await submit(page, clickSubmit(page, action)), 200);
  assert.equal((await page.textContent('main h1')).trim(), msg('da', 'survey_answer.thanks_title'));
  await go(page, `/svar/${s.slug}?kode=${s.codes[0]}`);
  await page.check('#f-B-GUIDANCE-4');
  assert.equal(await submit(page, clickSubmit(page, action)), 409);
  assert.ok((await page.textContent('[role=alert]')).includes(msg('da', 'survey.code_used')));
  assert.equal(await page.inputValue('#f-kode'), s.codes[0]);
  // Nothing the answer page loads may leave a cookie (the browser also asks for /favicon.ico);
  // checked at the end, so the paper entry below is tried either way.
  const cookiesAfterAnswering = (await page.context().cookies()).map((c) => c.name);

  await login(page, server.users.advisor);
  await go(page, `/tilfredshed/${s.id}/indtast`);
  await page.check('#f-B-GUIDANCE-2');
  await page.check('#f-B-REASON-4');
  await page.fill('#f-B-COMMENT', 'Indtastet fra papir uden JavaScript.');
  assert.equal(await submit(page, clickSubmit(page, `form[action="/tilfredshed/${s.id}/indtast"]`)), 200);
  assert.ok(await page.locator('main [role=status]').count() >= 1, 'saved');
  assert.equal(await page.isChecked('#f-B-GUIDANCE-2'), false, 'the form is empty again');

  const r = await surveyResults(s.id);
  assert.equal(r.groups[0].respondents, 2);
  assert.deepEqual(questionOf(r, 'borger', 'B_GUIDANCE').counts, { 5: 1, 4: 0, 3: 1, 2: 0, 1: 0, 0: 0 });
  assert.deepEqual(questionOf(r, 'borger', 'B_REASON').counts, { forstaa: 0, kontakt: 1, hjaelp: 0, hoert: 0, klage: 1, andet: 0 });
  assert.deepEqual(cookiesAfterAnswering, [], 'cookies in the browser after answering');
});

// A new user on a phone: a touch screen 360 px wide, in English, who finds everything from the
// front page by tapping. Every step is checked for sideways scrolling, and each task ends where
// it should: a receipt with a case number, a letter explained in English, a survey answered.
test('on a phone (360 px, touch) a new user in English contacts the advisor, checks a letter and answers a survey', async (t) => {
  const context = await launch(t, { viewport: NARROW, isMobile: true, hasTouch: true, locale: 'en-GB' });
  const page = await context.newPage();
  const fits = async (step) => {
    const wide = await horizontalOverflow(page);
    assert.equal(wide, null, `${step}: the page scrolls sideways: ${wide}`);
  };
  await go(page, '/');
  await fits('front page');
  await submit(page, () => page.tap('header .bb-lang a'));
  assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the language switch is tapped');
  await fits('front page in English');

  // Contact: the big button on the front page, then the form by tapping and typing.
  await submit(page, () => page.tap('main a[href="/kontakt"]'));
  assert.equal(pathOf(page), '/kontakt');
  await fits('contact form');
  await page.tap('#f-citizen-name');
  await page.keyboard.type('Amira Hassan');
  await page.tap('#f-citizen-email');
  await page.keyboard.type('amira@example.dk');
  await page.tap('label[for="f-reasons-0"]');
  assert.ok(await page.isChecked('#f-reasons-0'), 'tapping the label ticks the reason');
  await page.tap('#f-summary');
  await page.keyboard.type('I do not understand the letter about my housing benefit.');
  await page.tap('label[for="f-consent-0"]');
  assert.equal(await submit(page, () => page.tap('form[action="/kontakt"] button[type=submit]')), 200);
  assert.equal(pathOf(page), '/kontakt/kvittering');
  assert.match((await page.textContent('.bb-case-number')).trim(), CASE_NUMBER);
  await fits('receipt');

  // The letter check, from the front page's list of tools.
  await go(page, '/');
  await submit(page, () => page.tap('main a[href="/forstaa-brev"]'));
  await fits('letter check');
  await page.tap('#f-text');
  await page.fill('#f-text', SAMPLE_LETTER);  // as pasted
  await page.tap('#f-received');
  await page.keyboard.type('2024-03-04');
  assert.equal(await submit(page, () => page.tap('form[action="/forstaa-brev"] button[type=submit]')), 200);
  await assertLetterResult(page, 'en');
  await fits('letter explained');

  // The survey, reached by its address (a QR code or a link in a mail), in English.
  const { phone: s } = surveySeed;
  await go(page, `/svar/${s.slug}?lang=en`);
  await fits('survey');
  await page.tap('label[for="f-B-REASON-0"]');
  await page.tap('label[for="f-B-GUIDANCE-0"]');
  await page.tap('label[for="f-B-RECOMMEND-1"]');
  assert.equal(await submit(page, () => page.tap('form button[type=submit]')), 200);
  assert.equal((await page.textContent('main h1')).trim(), msg('en', 'survey_answer.thanks_title'));
  await fits('survey thanks');
  const after = await surveyResults(s.id);
  assert.equal(after.groups[0].respondents, 1);
  assert.equal(questionOf(after, 'borger', 'B_REASON').counts.forstaa, 1);
  assert.equal(questionOf(after, 'borger', 'B_GUIDANCE').counts['5'], 1);
  assert.equal(questionOf(after, 'borger', 'B_RECOMMEND').counts['4'], 1);
});
