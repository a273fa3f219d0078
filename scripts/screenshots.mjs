#!/usr/bin/env node
// Screenshots of the main pages for docs/screenshots/: <name>-1280.png and <name>-360.png, in
// Danish, each the size of the window (not the full page) to keep the files small. Starts the
// server with the demo data (`brobygger serve --demo`, through tests/lib/server.mjs) on an
// ephemeral loopback port in a temporary database, and stops it afterwards.
//
//   BROBYGGER_BIN=build/brobygger NODE_PATH=node_modules node scripts/screenshots.mjs [name…]
//
// With names, only those pages are taken. Uses Debian's /usr/bin/chromium (CHROMIUM_BIN).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../tests/lib/server.mjs';

const OUT = new URL('../docs/screenshots/', import.meta.url).pathname;
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
  '--hide-scrollbars'];
const WIDTHS = [{ width: 1280, height: 900 }, { width: 360, height: 740 }];
const LETTER = [
  'Holmstrup Kommune', 'Ydelser', '',
  'Afgørelse om hjælp til merudgifter', '',
  'Du har søgt om dækning af merudgifter. Vi har besluttet at give dig afslag.',
  'Afgørelsen er truffet efter servicelovens § 100, stk. 1.',
  'Vi har lagt vægt på, at dine udgifter er under 1.000 kr. om året.',
  'Hvis du vil klage, skal du gøre det inden 4 uger efter, at du har modtaget dette brev. Klagen sendes til kommunen, som sender den videre til Ankestyrelsen.',
].join('\n');

// The demo users' passwords are printed once, when the demo data are loaded.
function demoUsers(output) {
  const users = {};
  for (const m of output.matchAll(/^\s+(\w+)\t(\S+@\S+)\t(\S+)$/gm)) users[m[1]] ??= { email: m[2], password: m[3] };
  return users;
}

async function load(page, base, path) {
  const res = await page.goto(base + path, { waitUntil: 'load' });
  if (!res || res.status() >= 500) throw new Error(`${path}: ${res ? res.status() : 'no response'}`);
  return res;
}

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

async function login(page, base, user) {
  await page.context().clearCookies();
  await load(page, base, '/login');
  await page.fill('#f-email', user.email);
  await page.fill('#f-password', user.password);
  await submit(page, 'form[action="/login"] button[type=submit]');
  if (new URL(page.url()).pathname !== '/oversigt') throw new Error(`login as ${user.email} failed: ${page.url()}`);
}

// Brings an element to the top of the window (for results further down a page).
async function scrollTo(page, selector) {
  await page.locator(selector).first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.evaluate(() => window.scrollBy(0, -16));
}

// Each shot: name and what to do before the picture; `staff` ones are signed in as the advisor
// (or `role`).
const SHOTS = [
  { name: 'front', run: (p, b) => load(p, b, '/') },
  { name: 'contact', run: (p, b) => load(p, b, '/kontakt') },
  {
    name: 'contact-errors',
    run: async (p, b) => {
      await load(p, b, '/kontakt');
      await p.fill('#f-citizen-name', 'Karen Ærø');
      await p.fill('#f-citizen-email', 'karen-ved-post');
      await p.fill('#f-summary', 'Jeg har fået et brev om min boligstøtte, som jeg ikke forstår.');
      await submit(p, 'form[action="/kontakt"] button[type=submit]');
    },
  },
  {
    name: 'receipt',
    run: async (p, b) => {
      await load(p, b, '/kontakt');
      await p.fill('#f-citizen-name', 'Karen Ærø');
      await p.fill('#f-citizen-email', 'karen@example.dk');
      await p.check('#f-reasons-0');
      await p.fill('#f-summary', 'Jeg har fået et brev om min boligstøtte, som jeg ikke forstår.');
      await p.check('#f-consent-0').catch(() => {});
      await submit(p, 'form[action="/kontakt"] button[type=submit]');
      if (new URL(p.url()).pathname !== '/kontakt/kvittering') throw new Error(`no receipt: ${p.url()}`);
    },
  },
  {
    name: 'letter-check',
    run: async (p, b) => {
      await load(p, b, '/forstaa-brev');
      await p.fill('#f-text', LETTER);
      await p.fill('#f-received', '2024-03-04');
      await submit(p, 'form[action="/forstaa-brev"] button[type=submit]');
      await scrollTo(p, '#letter-summary');
    },
  },
  {
    name: 'deadline',
    run: async (p, b) => {
      await load(p, b, '/klagefrist?area=social&received=2024-03-04');
    },
  },
  { name: 'guidance', run: (p, b) => load(p, b, '/vejledning/klage') },
  {
    name: 'survey-answer',
    run: async (p, b, ctx) => load(p, b, `/svar/${ctx.surveySlug}`),
  },
  { name: 'dashboard', staff: true, run: (p, b) => load(p, b, '/oversigt') },
  { name: 'case', staff: true, run: (p, b, ctx) => load(p, b, `/sager/${ctx.caseId}`) },
  { name: 'annual-report', staff: true, run: (p, b, ctx) => load(p, b, `/aarsberetning?aar=${ctx.year}`) },
  { name: 'survey-results', staff: true, run: (p, b) => load(p, b, '/tilfredshed/resultater') },
];

async function main() {
  const only = process.argv.slice(2);
  const shots = only.length ? SHOTS.filter((s) => only.includes(s.name)) : SHOTS;
  if (!shots.length) throw new Error(`no such page; choose from ${SHOTS.map((s) => s.name).join(', ')}`);
  mkdirSync(OUT, { recursive: true });
  const server = await startServer({ demo: true });
  const profiles = [];
  try {
    const users = demoUsers(server.output());
    if (!users.advisor) throw new Error(`no demo advisor in the server's output:\n${server.output()}`);
    const dir = mkdtempSync(join(tmpdir(), 'bb-shots-'));
    profiles.push(dir);
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: WIDTHS[0], locale: 'da-DK',
    });
    try {
      context.setDefaultTimeout(20000);
      const page = await context.newPage();
      // What the staff pages need: a case with a journal, the latest year with cases, an open survey.
      await login(page, server.base, users.advisor);
      await load(page, server.base, '/sager');
      const caseHref = await page.locator('main a[href^="/sager/"]').evaluateAll((as) =>
        as.map((a) => a.getAttribute('href')).find((h) => /^\/sager\/\d+$/.test(h)));
      if (!caseHref) throw new Error('no case in the demo data');
      await load(page, server.base, '/tilfredshed');
      // An open survey, preferably one that citizens answer without a code.
      let surveySlug = null;
      for (const href of await page.locator('main a[href^="/tilfredshed/"]').evaluateAll((as) =>
        as.map((a) => a.getAttribute('href')).filter((h) => /^\/tilfredshed\/\d+$/.test(h)))) {
        await load(page, server.base, href);
        const m = (await page.content()).match(/href="\/svar\/([a-z0-9]+)"/);
        if (!m) continue;
        const res = await page.context().request.get(`${server.base}/svar/${m[1]}`);
        if (res.status() !== 200) continue;
        const withCode = (await res.text()).includes('id="f-kode"');
        if (!surveySlug || !withCode) surveySlug = m[1];
        if (!withCode) break;
      }
      if (!surveySlug) throw new Error('no open survey in the demo data');
      const ctx = { caseId: caseHref.split('/').pop(), surveySlug, year: new Date().getFullYear() - 1 };

      for (const viewport of WIDTHS) {
        await page.setViewportSize(viewport);
        await page.context().clearCookies();
        let signedIn = null;
        for (const shot of shots) {
          const role = shot.staff ? (shot.role || 'advisor') : null;
          if (role !== signedIn) {
            if (role) await login(page, server.base, users[role]);
            else await page.context().clearCookies();
            signedIn = role;
          }
          await shot.run(page, server.base, ctx);
          // The page as a reader first sees it: no focus ring or transition left from the form.
          await page.evaluate(() => document.activeElement?.blur());
          const file = join(OUT, `${shot.name}-${viewport.width}.png`);
          await page.screenshot({ path: file, fullPage: false, animations: 'disabled', caret: 'hide' });
          console.log(`${file}  (${page.url().replace(server.base, '')})`);
        }
      }
    } finally {
      await context.close();
    }
  } finally {
    await server.stop();
    for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(1);
});
