// Stored XSS and hostile uploads (issue 9).
//
// XSS: a payload with a tag of its own (script, img onerror, svg onload, attribute breakers
// with both quotes, </textarea></title>, {{mustache}}, javascript: URL, bidi and fullwidth
// characters) goes into every free-text field the app stores; then every page reachable by
// following links as advisor, manager and admin (plus the public pages) is fetched, and
// each tag must appear only HTML-escaped: never followed by a raw "<", no event-handler
// attribute and no javascript: link, with the CSP header on the page. Each tag must be found at
// least once, so a field that is not shown (or not stored) cannot pass silently.
//
// Uploads: files that lie about their type, oversized files, decompression bombs (DOCX/ZIP,
// a PDF with a huge FlateDecode stream and a page too big to render, a PNG with huge
// dimensions) are refused with a message, and nothing is stored.
//
//   BROBYGGER_BIN=$PWD/build/brobygger node --test tests/attacks/xss_uploads.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync, crc32 as zcrc32 } from 'node:zlib';
import { startServer, dbRows, BACKEND } from '../lib/server.mjs';
import { send, signIn, api, createCase, createSurvey } from './attack_helpers.mjs';

let srv;
const who = {};
before(async () => {
  srv = await startServer();
  for (const role of ['advisor', 'assistant', 'manager', 'admin']) who[role] = await signIn(srv, role);
});
after(async () => { await srv?.stop(); });

// The payload behind a tag; the tag is plain letters and digits so it survives any escaping.
const payload = (tag) => `${tag}{{mustache}}<script>alert('${tag}')</script>"><img src=x onerror=alert(1)>' onmouseover='alert(1)' " onfocus="alert(1)" autofocus="<svg/onload=alert(1)></textarea></title><a href="javascript:alert(1)">j</a>\u202e\u2028＜script＞`;
// For titles and topics (a shorter limit).
const mid = (tag) => `${tag}<script>alert(1)</script>" onfocus="alert(1)" '><img src=x onerror=alert(1)>{{x}}`;
const short = (tag) => `${tag}<b onclick="alert(1)">'"</b>`;  // for fields with a short limit

const tags = new Set();
const T = (name) => { const t = `xq${name}zq`; tags.add(t); return t; };

test(`stored XSS: every text field renders inert on every page that shows it (${BACKEND})`, { timeout: 120000 }, async () => {
  const adv = who.advisor;
  const tok = { role: 'advisor' };
  // --- settings first (admin): office name, departments, address, intro text
  const sp = await send(srv.base, 'GET', '/indstillinger', { as: who.admin });
  const val = (n) => (sp.text.match(new RegExp(`name="${n}"[^>]*value="([^"]*)"`)) || [])[1] ?? '';
  const dept = short(T('dept'));
  const settings = await send(srv.base, 'POST', '/indstillinger', { as: who.admin, body: [
    ['municipality', val('municipality') || 'Testrup Kommune'], ['office_name', short(T('office'))],
    ['departments', `Jobcenter\nYdelser\n${dept}`], ['first_response_working_days', '5'], ['presumed_post_days', '2'],
    ['small_count_threshold', '5'], ['retention_years', '5'], ['intro_text', payload(T('intro'))],
    ['contact_phone', short(T('phone'))], ['contact_email', ''], ['address', payload(T('address'))]] });
  assert.equal(settings.status, 303, settings.text.replace(/\s+/g, ' ').slice(0, 2000));

  // --- a case with every citizen text field, via the API; one via the page; one via the contact form
  const c = await createCase(srv, { summary: payload(T('summary')), departments: [dept],
    citizen: { name: payload(T('citizen')), address: payload(T('citaddr')), needs: payload(T('needs')) } });
  await api(srv, 'POST', `/api/v1/cases/${c.id}/journal`, 201, { body: { kind: 'note', text: payload(T('journal')) } });
  const form = new FormData();
  form.append('file', new Blob(['%PDF-1.4\n%%EOF\n'], { type: 'application/pdf' }), `${T('filename')}<img src=x onerror=alert(1)><b onclick='alert(1)'>.pdf`  /* no slash: the name keeps what follows the last one */);
  await api(srv, 'POST', `/api/v1/cases/${c.id}/attachments`, 201, { body: form });
  await api(srv, 'POST', `/api/v1/cases/${c.id}/themes`, 200, { body: { theme: 'begrundelse', department: 'Jobcenter', criticism: true, criticism_text: payload(T('criticism')) } });
  const compl = await api(srv, 'POST', `/api/v1/cases/${c.id}/complaints`, 201, { body: { department: 'Jobcenter', area: 'social', decision_date: '2025-01-10', body: payload(T('complbody')), note: payload(T('complnote')), result: '' } });
  const pageCase = await send(srv.base, 'POST', '/sager/ny', { as: adv, body: [['received', '2025-03-01'], ['channel', 'telefon'], ['reasons', 'andet'],
    ['summary', payload(T('pagesummary'))], ['citizen.name', payload(T('pagename'))]] });
  assert.equal(pageCase.status, 303, pageCase.text.slice(0, 500));
  const contact = await send(srv.base, 'POST', '/kontakt', { as: { cookie: 'bb_csrf=' + 'c'.repeat(43), csrf: 'c'.repeat(43) }, multipart: true,
    body: [['citizen.name', payload(T('webname'))], ['citizen.email', 'a@b.dk'], ['reasons', 'andet'], ['summary', payload(T('websummary'))]] });
  assert.equal(contact.status, 303, contact.text.slice(0, 500));
  // --- systemic work
  const inv = await api(srv, 'POST', '/api/v1/investigations', 201, { body: { topic: mid(T('invtopic')), case_ids: [c.id], started: '2025-02-04',
    method: payload(T('invmethod')), findings: payload(T('invfind')), conclusion: payload(T('invconcl')) } });
  const rec = await api(srv, 'POST', '/api/v1/recommendations', 201, { body: { title: mid(T('rectitle')), text: payload(T('rectext')),
    departments: ['Jobcenter'], case_ids: [c.id], issued: '2025-02-05', investigation_id: inv.id } });
  await api(srv, 'PATCH', `/api/v1/recommendations/${rec.id}`, 200, { body: { version: rec.version, response_text: payload(T('recresp')), response_date: '2025-02-20', follow_up_notes: payload(T('recfollow')) } });
  const act = await api(srv, 'POST', '/api/v1/activities', 201, { body: { date: '2025-02-06', kind: 'sparring', topic: mid(T('acttopic')), department: 'Jobcenter', participants: 3, hours: '1' } });
  await api(srv, 'POST', '/api/v1/themes', 200, { body: { code: 'xsstema', label: short(T('themelabel')) } });
  // --- annual report texts
  const fw = await send(srv.base, 'POST', '/aarsberetning/2025/forord', { as: adv, body: [['foreword', payload(T('foreword'))]] });
  assert.equal(fw.status, 303, fw.text.slice(0, 300));
  const st = await send(srv.base, 'POST', '/aarsberetning/2025/historier', { as: adv, body: [['title', short(T('storytitle'))], ['text', payload(T('storytext'))], ['include', '1']] });
  assert.equal(st.status, 303, st.text.slice(0, 300));
  // --- surveys: title, an answer's comment (approved so it shows in the results)
  const survey = await createSurvey(srv, adv, short(T('surveytitle')));
  const ans = await send(srv.base, 'POST', `/svar/${survey.slug}`, { body: [['B_GUIDANCE', '5'], ['B_COMMENT', payload(T('comment'))]] });
  assert.equal(ans.status, 200);
  const [cm] = dbRows(srv.db, 'SELECT CAST(id AS TEXT) AS id FROM survey_comments ORDER BY id DESC LIMIT 1');
  const appr = await send(srv.base, 'POST', `/tilfredshed/kommentarer/${cm.id}`, { as: adv, body: [['decision', 'approved']] });
  assert.equal(appr.status, 303);
  // --- the office's guidance texts and a user's name
  const gt = await send(srv.base, 'POST', '/indstillinger/tekster/hjaelp/da', { as: adv, body: [['title', short(T('texttitle'))], ['summary', payload(T('textsummary'))],
    ['body', `${payload(T('textbody'))}\n\n## ${short(T('textheading'))}\n\n- ${short(T('textlist'))}\n\n[link](javascript:alert(1))`]] });
  assert.equal(gt.status, 303, gt.text.replace(/\s+/g, ' ').slice(0, 1500));
  const us = await send(srv.base, 'POST', '/brugere', { as: who.admin, body: [['name', short(T('username'))], ['email', 'xss@testrup.dk'], ['role', 'advisor']] });
  assert.equal(us.status, 201);

  // --- crawl: every page reachable by links, as each role, plus the public pages
  const pages = new Map();  // path -> role that fetched it
  const failures = [];
  const found = new Set();
  const extra = [`/sager/${c.id}`, `/sager/${c.id}/rediger`, `/sager/${c.id}/klager/${compl.id}`, `/henstillinger/${rec.id}`, `/undersoegelser/${inv.id}`,
    `/aktiviteter/${act.id}`, `/tilfredshed/${survey.id}`, `/tilfredshed/kommentarer?status=approved`, '/tilfredshed/resultater', '/aarsberetning?aar=2025',
    '/aarsberetning/2025.html', '/statistik?periode=2025', '/vejledning/hjaelp', '/', '/kontakt', '/kontakt/kvittering', '/tilgaengelighed',
    `/svar/${survey.slug}`, '/login', '/forstaa-brev', '/klagefrist'];
  async function check(role, path) {
    const key = `${role} ${path}`;
    if (pages.has(key) || pages.size > 600) return [];
    pages.set(key, true);
    const r = await send(srv.base, 'GET', path, { as: role === 'public' ? {} : who[role] });
    if (r.status >= 500) failures.push(`${key}: ${r.status}`);
    const type = r.headers.get('content-type') || '';
    if (!/^text\/html/.test(type)) return [];
    if (!/script-src 'self'/.test(r.headers.get('content-security-policy') || '')) failures.push(`${key}: no CSP`);
    const html = r.text;
    for (const tag of tags) {
      let i = html.indexOf(tag);
      while (i !== -1) {
        found.add(tag);
        const after = html.slice(i + tag.length, i + tag.length + 8);
        if (after.startsWith('<') || after.startsWith('"') || after.startsWith("'")) failures.push(`${key}: raw after ${tag}: ${html.slice(i, i + 80)}`);
        i = html.indexOf(tag, i + 1);
      }
    }
    for (const bad of [/<script>alert/i, /<img src=x onerror/i, /<svg\/onload/i, /\sonfocus="alert/i, /\sonmouseover='alert/i, /\sonclick="alert/i,
      /href="\s*javascript:/i, /src="\s*javascript:/i]) {
      if (bad.test(html)) failures.push(`${key}: ${bad}`);
    }
    if (/\{\{\{?\s*[a-z_]+\s*\}?\}\}/.test(html.replace(/\{\{(mustache|x)\}\}/g, ''))) failures.push(`${key}: unrendered mustache`);
    return [...html.matchAll(/href="(\/[^"#]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&'))
      .filter((h) => !/^\/(static|sprog|logout)|\.(pdf|xlsx|csv|json)(\?|$)|\/bilag\/\d+$/.test(h));
  }
  for (const role of ['advisor', 'manager', 'admin', 'public']) {
    const queue = role === 'public' ? extra.filter((p) => !/^\/(sager|henstillinger|undersoegelser|aktiviteter|tilfredshed|aarsberetning|statistik)/.test(p)) : ['/oversigt', ...extra];
    while (queue.length) {
      const next = await check(role, queue.shift());
      for (const h of next) if (!pages.has(`${role} ${h}`)) queue.push(h);
    }
  }
  assert.deepEqual(failures, []);
  assert.deepEqual([...tags].filter((t) => !found.has(t)), [], 'every stored payload was shown somewhere (so the check above saw it)');
  assert.ok(pages.size > 60, `${pages.size} pages fetched`);
});

test('the JSON API returns stored payloads as JSON strings, never as HTML', async () => {
  const c = await createCase(srv, { summary: payload('xqapizq') });
  const r = await send(srv.base, 'GET', `/api/v1/cases/${c.id}`, { as: { bearer: srv.users.advisor.token } });
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.equal(JSON.parse(r.text).summary, payload('xqapizq'));
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
});

// ---------------------------------------------------------------------------------- uploads --

function png(width, height, idat) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(zcrc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; ihdr[9] = 0;  // 8-bit greyscale
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

// A PNG whose pixels inflate to width × height bytes of zeros (rows with filter byte 0).
function pngBomb(width, height) {
  const row = Buffer.alloc(width + 1);
  // Deflate row by row into one stream without holding the whole image.
  const rows = Buffer.alloc((width + 1) * Math.min(height, 64));
  const reps = Math.ceil(height / 64);
  const one = deflateSync(Buffer.concat(Array(reps).fill(rows)), { level: 9 });
  void row;
  return png(width, height, one);
}

// A tiny PDF with one page of the given size in points and a content stream that inflates to
// `inflated` bytes of spaces.
function pdfBomb({ width = 595, height = 842, inflated = 0 } = {}) {
  const content = inflated ? deflateSync(Buffer.alloc(inflated, 0x20), { level: 9 }) : Buffer.alloc(0);
  const parts = [];
  const offsets = [];
  let pdf = Buffer.from('%PDF-1.4\n');
  const add = (s) => { offsets.push(pdf.length); pdf = Buffer.concat([pdf, Buffer.isBuffer(s) ? s : Buffer.from(s, 'latin1')]); };
  add('1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n');
  add(`2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n`);
  add(`3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 ${width} ${height}] /Contents 4 0 R /Resources << >> >> endobj\n`);
  add(Buffer.concat([Buffer.from(`4 0 obj << /Length ${content.length}${inflated ? ' /Filter /FlateDecode' : ''} >> stream\n`), content, Buffer.from('\nendstream endobj\n')]));
  const xref = pdf.length;
  let table = `xref\n0 5\n0000000000 65535 f \n`;
  for (const o of offsets) table += `${String(o).padStart(10, '0')} 00000 n \n`;
  pdf = Buffer.concat([pdf, Buffer.from(`${table}trailer << /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`)]);
  void parts;
  return pdf;
}

// A ZIP (stored as DOCX) whose one entry inflates to `inflated` bytes; names the DOCX parts.
function zipBomb(inflated) {
  const data = deflateSync(Buffer.alloc(inflated), { level: 9 });
  const entry = (name, comp, size, crc) => {
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0); h.writeUInt16LE(20, 4); h.writeUInt16LE(8, 8);
    h.writeUInt32LE(crc, 14); h.writeUInt32LE(comp.length, 18); h.writeUInt32LE(size, 22); h.writeUInt16LE(name.length, 26);
    return Buffer.concat([h, Buffer.from(name), comp]);
  };
  return Buffer.concat([entry('[Content_Types].xml', deflateSync(Buffer.from('<Types/>')), 8, 0), entry('word/document.xml', data, inflated >>> 0, 0)]);
}

const attachmentCount = () => Number(dbRows(srv.db, 'SELECT COUNT(*) AS n FROM attachments')[0].n);

test('uploads that lie about their type are refused with a message; nothing is stored', async () => {
  const c = await createCase(srv);
  const lies = [
    ['brev.pdf', 'application/pdf', Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0])],                 // Windows executable
    ['brev.pdf', 'application/pdf', Buffer.from('\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0', 'latin1')],       // ELF
    ['brev.pdf', 'application/pdf', Buffer.from('<html><script>alert(1)</script></html>')],                // HTML (is text, but never served as HTML)
    ['foto.png', 'image/png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
    ['brev.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', Buffer.from('PK\x03\x04junk without the parts', 'latin1')],
    ['brev.pdf', 'application/pdf', Buffer.from('GIF89a\x01\0\x01\0\0\0\0;', 'latin1')],
  ];
  const before = attachmentCount();
  let accepted = 0;
  for (const [name, type, bytes] of lies) {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type }), name);
    const r = await send(srv.base, 'POST', `/api/v1/cases/${c.id}/attachments`, { as: { bearer: srv.users.advisor.token }, body: form });
    if (r.status === 201) {
      // Only text passes the content check (HTML is UTF-8 text); it must then be stored and
      // served as plain text, as a download, never as HTML.
      accepted++;
      const a = JSON.parse(r.text);
      assert.match(a.mime, /^text\/plain/, `${name}: ${a.mime}`);
      const d = await send(srv.base, 'GET', `/api/v1/cases/${c.id}/attachments/${a.id}`, { as: { bearer: srv.users.advisor.token } });
      assert.match(d.headers.get('content-type'), /^text\/plain/);
      assert.match(d.headers.get('content-disposition'), /^attachment;/);
      assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
      continue;
    }
    assert.equal(r.status, 422, `${name}: ${r.status} ${r.text}`);
    assert.ok(JSON.parse(r.text).error.fields.file, `${name}: the message is at the file field`);
    // The page route answers the same, with the message on the case page.
    const p = await send(srv.base, 'POST', `/sager/${c.id}/bilag`, { as: who.advisor, multipart: true,
      body: [['file', new File([bytes], name, { type })]] });
    assert.equal(p.status, 422, `${name} (page): ${p.status}`);
    assert.match(p.text, /error-message|fejl/i);
  }
  assert.equal(attachmentCount(), before + accepted);
  assert.ok(accepted <= 2);
});

test('oversized uploads are refused (413 or a field message), nothing is stored, the server stays up', async () => {
  const c = await createCase(srv);
  const before = attachmentCount();
  const big = Buffer.alloc(25 * 1024 * 1024 + 1, 0x41);
  big.write('%PDF-1.4\n', 0);
  const form = new FormData();
  form.append('file', new Blob([big], { type: 'application/pdf' }), 'stor.pdf');
  const r = await send(srv.base, 'POST', `/api/v1/cases/${c.id}/attachments`, { as: { bearer: srv.users.advisor.token }, body: form });
  assert.equal(r.status, 413, r.text.slice(0, 300));
  const p = await send(srv.base, 'POST', `/sager/${c.id}/bilag`, { as: who.advisor, multipart: true, body: [['file', new File([big], 'stor.pdf', { type: 'application/pdf' })]] });
  assert.equal(p.status, 413);
  // Above the hard limit the server drops the request without reading it all.
  const huge = Buffer.alloc(30 * 1024 * 1024, 0x41);
  let status = 0;
  try {
    const h = await send(srv.base, 'POST', `/api/v1/cases/${c.id}/attachments`, { as: { bearer: srv.users.advisor.token }, body: huge.toString('latin1'), headers: { 'content-type': 'application/pdf' } });
    status = h.status;
  } catch { status = 0; /* connection closed: refused */ }
  assert.ok([0, 413].includes(status), `30 MB: ${status}`);
  // Contact form: the file's error is at its field, with what the citizen typed kept.
  const k = await send(srv.base, 'POST', '/kontakt', { as: { cookie: 'bb_csrf=' + 'k'.repeat(43), csrf: 'k'.repeat(43) }, multipart: true,
    body: [['citizen.name', 'Karen'], ['citizen.phone', '12345678'], ['reasons', 'andet'], ['summary', 'Stor fil'], ['file', new File([big], 'stor.pdf', { type: 'application/pdf' })]] });
  assert.ok([400, 413, 422].includes(k.status), `contact: ${k.status}`);
  assert.match(k.text, /Stor fil/);
  assert.equal(attachmentCount(), before);
  assert.equal((await fetch(srv.base + '/healthz')).status, 200);
});

test('decompression bombs: a DOCX/ZIP bomb, a PDF with a huge FlateDecode stream or page, a PNG with huge dimensions are refused quickly', { timeout: 120000 }, async () => {
  const c = await createCase(srv);
  const bombs = [
    ['bombe.docx', zipBomb(2 ** 30), 'docx'],                                 // 1 GB of zeros in a ~1 MB ZIP
    ['bombe.pdf', pdfBomb({ inflated: 400 * 1024 * 1024 }), 'pdf-stream'],    // 400 MB content stream
    ['side.pdf', pdfBomb({ width: 14400, height: 14400 }), 'pdf-page'],       // 200 × 200 inch page: 3.6 Gpx at 300 dpi
    ['bombe.png', pngBomb(60000, 60000), 'png'],                              // 3.6 Gpx
  ];
  const failures = [];
  for (const [name, bytes, what] of bombs) {
    // The public "Forstå dit brev" reads (decompresses, renders, OCRs) what it is given.
    const t0 = Date.now();
    let r;
    try {
      r = await send(srv.base, 'POST', '/forstaa-brev', { as: { cookie: 'bb_csrf=' + 'f'.repeat(43), csrf: 'f'.repeat(43) }, multipart: true,
        body: [['text', ''], ['file', new File([bytes], name)]] });
    } catch (e) {
      failures.push(`${what}: ${e.message}`);
      continue;
    }
    const secs = (Date.now() - t0) / 1000;
    if (![400, 413, 422].includes(r.status)) failures.push(`${what} on /forstaa-brev: ${r.status} after ${secs.toFixed(1)} s`);
    if (secs > 20) failures.push(`${what} on /forstaa-brev: took ${secs.toFixed(1)} s`);
    const alive = await fetch(srv.base + '/healthz').then((x) => x.status).catch(() => 0);
    if (alive !== 200) { failures.push(`${what}: the server died`); break; }
  }
  // Stored attachments are not decompressed on upload; the analysis of a stored bomb is
  // refused the same way.
  const form = new FormData();
  form.append('file', new Blob([pdfBomb({ width: 14400, height: 14400 })], { type: 'application/pdf' }), 'side.pdf');
  const up = await send(srv.base, 'POST', `/api/v1/cases/${c.id}/attachments`, { as: { bearer: srv.users.advisor.token }, body: form });
  if (up.status === 201) {
    const a = JSON.parse(up.text);
    const t0 = Date.now();
    const an = await send(srv.base, 'GET', `/sager/${c.id}/bilag/${a.id}/analyse`, { as: who.advisor }).catch((e) => ({ status: 0, text: e.message }));
    if (![400, 413, 422].includes(an.status)) failures.push(`pdf-page analysis: ${an.status} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  assert.deepEqual(failures, []);
  assert.equal((await fetch(srv.base + '/healthz')).status, 200);
});
