// Black-box tests of the deadline calculator and the letter check over HTTP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, Browserless } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

const corpus = (name) => readFileSync(new URL(`../letters/${name}`, import.meta.url), 'utf8');
const LETTER = corpus('01_merudgifter_delvis_afslag.txt');

test('GET /api/v1/deadline computes the issue example without login', async () => {
  const res = await fetch(`${srv.base}/api/v1/deadline?area=social&received=2024-03-04`);
  assert.equal(res.status, 200);
  const j = await res.json();
  assert.equal(j.area, 'social');
  assert.equal(j.body, 'Ankestyrelsen');
  assert.equal(j.rule, '4w');
  assert.equal(j.received, '2024-03-04');
  assert.equal(j.deadline, '2024-04-02');
  assert.equal(j.rolled_from, '2024-04-01');
  assert.deepEqual(j.skipped, [{ date: '2024-04-01', reason: '2. påskedag' }]);
  assert.ok(j.legal_basis.length > 0);
});

test('deadline API names bad fields', async () => {
  let res = await fetch(`${srv.base}/api/v1/deadline?area=nowhere&received=2024-03-04`);
  assert.equal(res.status, 404);
  assert.ok((await res.json()).error.fields.area);
  res = await fetch(`${srv.base}/api/v1/deadline?area=social&received=2024-02-30`);
  assert.equal(res.status, 400);
  assert.ok((await res.json()).error.fields.received);
});

test('the public deadline calculator shows the date in plain Danish', async () => {
  const res = await fetch(`${srv.base}/klagefrist?area=social&received=2024-03-04`);
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /tirsdag den 2\. april 2024/);
  assert.match(html, /2\. påskedag/);
  const bad = await fetch(`${srv.base}/klagefrist?area=social&received=i%20går`);
  assert.equal(bad.status, 400);
  assert.match(await bad.text(), /gyldig dato/);
});

test('POST /api/v1/letters/check with text returns the analysis and the deadline', async () => {
  const res = await fetch(`${srv.base}/api/v1/letters/check`, {
    method: 'POST',
    headers: { authorization: `Bearer ${srv.users.advisor.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text: LETTER, received: '2024-03-04' }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  const j = await res.json();
  assert.equal(j.kind, 'afgoerelse');
  assert.equal(typeof j.lix, 'number');
  assert.ok(j.words > 50);
  for (const e of ['hjemmel', 'begrundelse', 'klagevejledning', 'klagefrist', 'partshoering', 'aktindsigt']) {
    assert.equal(typeof j.elements[e], 'boolean', e);
  }
  assert.ok(Array.isArray(j.missing));
  assert.ok(j.summary.length > 20);
  assert.ok(j.summary_en.length > 20);
  assert.ok(Array.isArray(j.findings));
  const noAuth = await fetch(`${srv.base}/api/v1/letters/check`, { method: 'POST', body: JSON.stringify({ text: LETTER }) });
  assert.equal(noAuth.status, 401);
});

test('letters/check refuses empty and unreadable input with a clear message', async () => {
  const headers = { authorization: `Bearer ${srv.users.advisor.token}` };
  let res = await fetch(`${srv.base}/api/v1/letters/check`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{"text":"   "}' });
  assert.equal(res.status, 422);
  const form = new FormData();
  form.append('file', new Blob(['%PDF-1.4\nthis is not really a pdf']), 'brev.pdf');
  res = await fetch(`${srv.base}/api/v1/letters/check`, { method: 'POST', headers, body: form });
  assert.equal(res.status, 422);
  const j = await res.json();
  assert.match(j.error.message, /PDF-filen er beskadiget/);
});

test('"Forstå dit brev" explains a pasted letter, stores nothing, and works in English', async () => {
  const b = new Browserless(srv.base);
  const page = await b.get('/forstaa-brev');
  assert.equal(page.res.status, 200);
  const csrf = b.csrfFrom(page.text);
  let r = await b.post('/forstaa-brev', [['_csrf', csrf], ['mode', 'borger'], ['text', LETTER], ['received', '2024-03-04'], ['result_lang', 'da']], { multipart: true });
  assert.equal(r.res.status, 200);
  assert.match(r.text, /Kort fortalt/);
  assert.match(r.text, /LIX på/);
  r = await b.post('/forstaa-brev', [['_csrf', csrf], ['mode', 'borger'], ['text', LETTER], ['result_lang', 'en']], { multipart: true });
  assert.equal(r.res.status, 200);
  assert.match(r.text, /lang="en"/);
  r = await b.post('/forstaa-brev', [['_csrf', csrf], ['mode', 'borger'], ['text', '  ']], { multipart: true });
  assert.equal(r.res.status, 400);
  assert.match(r.text, /Sæt brevets tekst ind/);
  // Nothing stored: no case was created, and the audit entry holds no text.
  const list = await fetch(`${srv.base}/api/v1/cases?q=personlig`, { headers: { authorization: `Bearer ${srv.users.advisor.token}` } });
  assert.equal((await list.json()).items.length, 0);
});

test('staff analyse a case attachment and save the analysis to the journal', async () => {
  const headers = { authorization: `Bearer ${srv.users.advisor.token}` };
  const c = await (await fetch(`${srv.base}/api/v1/cases`, {
    method: 'POST', headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ received: '2024-03-04', channel: 'brev', reasons: ['forstaa'], summary: 'Brev om personlig hjælp' }),
  })).json();
  const form = new FormData();
  form.append('file', new Blob([LETTER], { type: 'text/plain' }), 'afgoerelse.txt');
  const a = await (await fetch(`${srv.base}/api/v1/cases/${c.id}/attachments`, { method: 'POST', headers, body: form })).json();
  const b = new Browserless(srv.base);
  await b.login(srv.users.advisor.email, srv.users.advisor.password);
  const page = await b.get(`/sager/${c.id}/bilag/${a.id}/analyse`);
  assert.equal(page.res.status, 200);
  assert.match(page.text, /Analyse af bilaget afgoerelse\.txt/);
  const r = await b.post(`/sager/${c.id}/bilag/${a.id}/analyse`, [['_csrf', b.csrfFrom(page.text)]]);
  assert.equal(r.res.status, 303);
  const full = await (await fetch(`${srv.base}/api/v1/cases/${c.id}`, { headers })).json();
  assert.ok(full.journal.some((e) => e.text.startsWith('Analyse af bilaget afgoerelse.txt')));
  const manager = new Browserless(srv.base);
  await manager.login(srv.users.manager.email, srv.users.manager.password);
  assert.equal((await manager.get(`/sager/${c.id}/bilag/${a.id}/analyse`)).res.status, 403);
});

test('themes suggested by a letter analysis can be tagged on the case', async () => {
  const headers = { authorization: `Bearer ${srv.users.advisor.token}` };
  const e02 = corpus('07_sygedagpenge_ophoer_uden_klagevejledning.txt');
  const c = await (await fetch(`${srv.base}/api/v1/cases`, {
    method: 'POST', headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ received: '2025-02-20', channel: 'personligt', reasons: ['klage'], departments: ['Jobcenter'], summary: 'Sygedagpenge stoppet' }),
  })).json();
  const form = new FormData();
  form.append('file', new Blob([e02], { type: 'text/plain' }), 'ophoer.txt');
  const a = await (await fetch(`${srv.base}/api/v1/cases/${c.id}/attachments`, { method: 'POST', headers, body: form })).json();
  const b = new Browserless(srv.base);
  await b.login(srv.users.advisor.email, srv.users.advisor.password);
  const page = await b.get(`/sager/${c.id}/bilag/${a.id}/analyse`);
  assert.match(page.text, /name="themes" value="klagevejledning" checked/);
  let r = await b.post(`/sager/${c.id}/temaer`, [['_csrf', b.csrfFrom(page.text)], ['source', 'letter'], ['themes', 'klagevejledning']]);
  assert.equal(r.res.status, 303);
  const view = await b.get(`/sager/${c.id}`);
  // The case view's themes table: theme, department, criticism, source.
  assert.match(view.text, /<td>Klagevejledning<\/td>\s*<td>Jobcenter<\/td>\s*<td>Ingen kritik<\/td>\s*<td>Brevanalyse<\/td>/);
  r = await b.post(`/sager/${c.id}/temaer`, [['_csrf', b.csrfFrom(page.text)], ['themes', 'kaffe']]);
  assert.equal(r.res.status, 400);
});
