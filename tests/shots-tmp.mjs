import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
const [,, base, email, password, width, ...paths] = process.argv;
const ctx = await chromium.launchPersistentContext(mkdtempSync('/tmp/bbshot-'), { executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'], viewport: { width: Number(width), height: 900 } });
const page = await ctx.newPage();
await page.goto(base + '/login');
await page.fill('#f-email', email);
await page.fill('#f-password', password);
await page.click('button[type=submit]');
await page.waitForLoadState();
let i = 0;
for (const p of paths) {
  await page.goto(base + p);
  await page.screenshot({ path: `/tmp/shot-${i++}.png`, fullPage: !process.env.CLIP, clip: process.env.CLIP ? { x: 0, y: Number(process.env.CLIP), width: Number(width), height: 1400 } : undefined });
}
await ctx.close();
