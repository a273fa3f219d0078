// Black-box tests of the JSON API against a real server and a real SQLite database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

function api(method, path, { token = srv.users.advisor.token, body, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  let payload = body;
  if (body !== undefined && typeof body !== 'string' && !(body instanceof FormData)) {
    payload = JSON.stringify(body);
    h['content-type'] = 'application/json';
  }
  return fetch(srv.base + path, { method, headers: h, body: payload });
}

const NEW_CASE = {
  received: '2024-03-14',
  channel: 'telefon',
  reasons: ['klage'],
  departments: ['Jobcenter'],
  summary: 'Borgeren har fået afslag på ressourceforløb og forstår ikke begrundelsen.',
  citizen: { name: 'Jens Ærbø', phone: '20 30 40 50', email: 'jens@example.dk', cpr: '070761-4285' },
};

async function createCase(extra = {}) {
  const res = await api('POST', '/api/v1/cases', { body: { ...NEW_CASE, ...extra } });
  assert.equal(res.status, 201, await res.clone().text());
  return res.json();
}

test('create returns 201 with id, number and computed first-response date', async () => {
  const c = await createCase();
  assert.ok(c.id > 0);
  assert.match(c.number, /^2024-\d{4}$/);
  assert.equal(c.status, 'ny');
  assert.equal(c.first_response_due, '2024-04-02'); // 10 working days, over Easter
  assert.equal(c.citizen.cpr, '070761-4285');
});

test('read returns the case with its journal; every read is in the audit log', async () => {
  const c = await createCase();
  for (let i = 0; i < 3; i++) {
    const res = await api('GET', `/api/v1/cases/${c.id}`);
    assert.equal(res.status, 200);
    const got = await res.json();
    assert.equal(got.number, c.number);
    assert.ok(Array.isArray(got.journal));
  }
  const audit = await (await api('GET', `/api/v1/audit?case=${c.id}`)).json();
  const reads = audit.items.filter((e) => e.action === 'case.read');
  assert.ok(reads.length >= 3, `expected 3 reads, got ${reads.length}`);
  assert.ok(reads.every((e) => e.actor === 'Test advisor' && e.ip === '127.0.0.1'));
  assert.ok(audit.items.some((e) => e.action === 'case.create'));
});

test('search finds by summary text, citizen name and number; list masks CPR', async () => {
  const c = await createCase({ summary: 'Spørgsmål om ældrebolig og venteliste', citizen: { name: 'Åse Ørum' } });
  for (const q of ['ældrebolig', 'Ørum', c.number]) {
    const res = await api('GET', `/api/v1/cases?q=${encodeURIComponent(q)}`);
    assert.equal(res.status, 200);
    const page = await res.json();
    assert.ok(page.items.some((i) => i.id === c.id), `search for ${q}`);
  }
  const all = await (await api('GET', '/api/v1/cases?limit=200')).json();
  for (const item of all.items) if (item.citizen.cpr) assert.match(item.citizen.cpr, /^\d{6}-\*{4}$/);
});

test('filters and cursor paging', async () => {
  for (let i = 0; i < 5; i++) await createCase({ departments: ['Sundhed og Omsorg'], reasons: ['hoert'] });
  const page1 = await (await api('GET', '/api/v1/cases?department=Sundhed%20og%20Omsorg&reason=hoert&limit=3')).json();
  assert.equal(page1.items.length, 3);
  assert.ok(page1.next);
  const page2 = await (await api('GET', `/api/v1/cases?department=Sundhed%20og%20Omsorg&reason=hoert&limit=3&cursor=${encodeURIComponent(page1.next)}`)).json();
  assert.equal(page2.items.length, 2);
  assert.equal(page2.next, null);
  const bad = await api('GET', '/api/v1/cases?from=2024-13-01');
  assert.equal(bad.status, 400);
  assert.ok((await bad.json()).error.fields.from);
});

test('patch: contacting the department needs consent; closing needs an outcome', async () => {
  const c = await createCase();
  let res = await api('PATCH', `/api/v1/cases/${c.id}`, { body: { status: 'afventer_forvaltning' } });
  assert.equal(res.status, 422);
  let err = await res.json();
  assert.equal(err.error.code, 'unprocessable');
  assert.ok(err.error.fields.consent);

  res = await api('PATCH', `/api/v1/cases/${c.id}`, { body: { status: 'afsluttet' } });
  assert.equal(res.status, 422);
  err = await res.json();
  assert.ok(err.error.fields.outcome);

  res = await api('PATCH', `/api/v1/cases/${c.id}`, {
    body: { consent: { state: 'given', form: 'oral' }, status: 'afventer_forvaltning' },
  });
  assert.equal(res.status, 200);
  let saved = await res.json();
  assert.equal(saved.status, 'afventer_forvaltning');
  assert.equal(saved.consent.state, 'given');

  res = await api('PATCH', `/api/v1/cases/${c.id}`, { body: { status: 'afsluttet', outcome: 'formidling' } });
  assert.equal(res.status, 200);
  saved = await res.json();
  assert.equal(saved.status, 'afsluttet');
  assert.ok(saved.closed_on);

  res = await api('PATCH', `/api/v1/cases/${c.id}`, { body: { status: 'i_gang' } });
  assert.equal(res.status, 422, 'reopen without note');
  res = await api('PATCH', `/api/v1/cases/${c.id}`, { body: { status: 'i_gang', reopen_note: 'Nyt brev fra kommunen.' } });
  assert.equal(res.status, 200);
});

test('patch with a stale version is a 409 and changes nothing', async () => {
  const c = await createCase();
  let res = await api('PATCH', `/api/v1/cases/${c.id}`, { body: { summary: 'Ny tekst', version: c.version } });
  assert.equal(res.status, 200);
  res = await api('PATCH', `/api/v1/cases/${c.id}`, { body: { summary: 'Gammel visning', version: c.version } });
  assert.equal(res.status, 409);
  const now = await (await api('GET', `/api/v1/cases/${c.id}`)).json();
  assert.equal(now.summary, 'Ny tekst');
});

test('patch of one citizen field keeps the others', async () => {
  const c = await createCase();
  const res = await api('PATCH', `/api/v1/cases/${c.id}`, { body: { citizen: { phone: '11 22 33 44' } } });
  assert.equal(res.status, 200);
  const saved = await res.json();
  assert.equal(saved.citizen.phone, '11 22 33 44');
  assert.equal(saved.citizen.name, 'Jens Ærbø');
  assert.equal(saved.citizen.email, 'jens@example.dk');
});

test('journal: entries are appended, status kind is refused, call marks first response', async () => {
  const c = await createCase();
  let res = await api('POST', `/api/v1/cases/${c.id}/journal`, { body: { kind: 'call', text: 'Ringede til borgeren.' } });
  assert.equal(res.status, 201);
  const entry = await res.json();
  res = await api('POST', `/api/v1/cases/${c.id}/journal`, { body: { kind: 'note', text: 'Rettelse: det var en sms.', corrects: entry.id } });
  assert.equal(res.status, 201);
  res = await api('POST', `/api/v1/cases/${c.id}/journal`, { body: { kind: 'status', text: 'x' } });
  assert.equal(res.status, 400);
  const got = await (await api('GET', `/api/v1/cases/${c.id}`)).json();
  assert.ok(got.first_response_on);
  const texts = got.journal.map((e) => e.text);
  assert.ok(texts.includes('Ringede til borgeren.'));
  assert.equal(got.journal.at(-1).corrects, entry.id);
});

test('attachments: PDF accepted by content, lies refused, download is an attachment', async () => {
  const c = await createCase();
  const pdf = '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n';
  let form = new FormData();
  form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'afgørelse.pdf');
  let res = await api('POST', `/api/v1/cases/${c.id}/attachments`, { body: form });
  assert.equal(res.status, 201, await res.clone().text());
  const a = await res.json();
  assert.equal(a.mime, 'application/pdf');

  res = await api('GET', `/api/v1/cases/${c.id}/attachments/${a.id}`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-disposition'), /^attachment;/);
  assert.equal(await res.text(), pdf);

  form = new FormData();
  form.append('file', new Blob([new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0])], { type: 'application/pdf' }), 'brev.pdf');
  res = await api('POST', `/api/v1/cases/${c.id}/attachments`, { body: form });
  assert.equal(res.status, 422);
});

test('401 without credentials or with a wrong token', async () => {
  for (const token of [null, 'not-a-real-token']) {
    const res = await api('GET', '/api/v1/cases', { token });
    assert.equal(res.status, 401);
    assert.equal((await res.json()).error.code, 'unauthorized');
  }
  const res = await api('POST', '/api/v1/cases', { token: null, body: NEW_CASE });
  assert.equal(res.status, 401);
});

test('403: manager and admin tokens never get case content', async () => {
  const c = await createCase();
  for (const role of ['manager', 'admin']) {
    const token = srv.users[role].token;
    for (const [method, path, body] of [
      ['GET', `/api/v1/cases/${c.id}`],
      ['GET', '/api/v1/cases'],
      ['POST', '/api/v1/cases', NEW_CASE],
      ['PATCH', `/api/v1/cases/${c.id}`, { summary: 'x' }],
      ['POST', `/api/v1/cases/${c.id}/journal`, { kind: 'note', text: 'x' }],
      ['GET', `/api/v1/audit?case=${c.id}`],
    ]) {
      const res = await api(method, path, { token, body });
      assert.equal(res.status, 403, `${role} ${method} ${path}`);
      const text = await res.text();
      assert.ok(!text.includes('Jens'), 'no case content in a 403');
    }
  }
  // The assistant may register and read, but not see the audit log or criticise.
  const token = srv.users.assistant.token;
  assert.equal((await api('GET', `/api/v1/cases/${c.id}`, { token })).status, 200);
  assert.equal((await api('GET', `/api/v1/audit?case=${c.id}`, { token })).status, 403);
  assert.equal((await api('PATCH', `/api/v1/cases/${c.id}`, { token, body: { outcome: 'kritik' } })).status, 403);
});

test('404 for unknown ids and routes', async () => {
  assert.equal((await api('GET', '/api/v1/cases/999999')).status, 404);
  assert.equal((await api('PATCH', '/api/v1/cases/999999', { body: { summary: 'x' } })).status, 404);
  assert.equal((await api('POST', '/api/v1/cases/999999/journal', { body: { kind: 'note', text: 'x' } })).status, 404);
  assert.equal((await api('GET', '/api/v1/no-such-thing')).status, 404);
});

test('400 names every bad field', async () => {
  let res = await api('POST', '/api/v1/cases', {
    body: { received: '2024-02-30', channel: 'fax', reasons: [], summary: '', citizen: { email: 'nope', cpr: '310299-1234' } },
  });
  assert.equal(res.status, 400);
  const err = (await res.json()).error;
  assert.equal(err.code, 'invalid');
  for (const f of ['received', 'channel', 'reasons', 'summary', 'citizen.email', 'citizen.cpr']) {
    assert.ok(err.fields[f], `field ${f} named`);
    assert.ok(err.fields[f].length > 5, 'with a Danish message');
  }
  res = await api('POST', '/api/v1/cases', { body: '{"not json' });
  assert.equal(res.status, 400);
  res = await api('POST', '/api/v1/cases', { body: { ...NEW_CASE, reasons: 'klage' } });
  assert.equal(res.status, 400);
  assert.ok((await res.json()).error.fields.reasons);
});

test('413 when the body is over the limit, and nothing is stored', async () => {
  const before = (await (await api('GET', '/api/v1/cases?limit=200')).json()).items.length;
  const huge = { ...NEW_CASE, summary: 'x'.repeat(2 * 1024 * 1024) };
  const res = await api('POST', '/api/v1/cases', { body: huge });
  assert.equal(res.status, 413);
  assert.equal((await res.json()).error.code, 'too_large');
  const afterCount = (await (await api('GET', '/api/v1/cases?limit=200')).json()).items.length;
  assert.equal(afterCount, before);
});

test('cookie-authenticated unsafe API calls need the CSRF token', async () => {
  const { Browserless } = await import('../lib/server.mjs');
  const b = new Browserless(srv.base);
  const login = await b.login(srv.users.advisor.email, srv.users.advisor.password);
  assert.equal(login.res.status, 303);
  const headers = { cookie: b.cookieHeader(), 'content-type': 'application/json' };
  let res = await fetch(srv.base + '/api/v1/cases', { method: 'POST', headers, body: JSON.stringify(NEW_CASE) });
  assert.equal(res.status, 403);
  const page = await b.get('/sager/ny');
  const csrf = b.csrfFrom(page.text);
  res = await fetch(srv.base + '/api/v1/cases', { method: 'POST', headers: { ...headers, 'x-csrf-token': csrf }, body: JSON.stringify(NEW_CASE) });
  assert.equal(res.status, 201);
  res = await fetch(srv.base + '/api/v1/cases', { method: 'GET', headers });
  assert.equal(res.status, 200, 'safe methods need no token');
});

test('security headers on every response', async () => {
  for (const path of ['/', '/kontakt', '/login', '/api/v1/cases', '/healthz', '/static/app.css', '/nope']) {
    const res = await fetch(srv.base + path);
    const csp = res.headers.get('content-security-policy') || '';
    assert.match(csp, /frame-ancestors 'none'/, path);
    assert.doesNotMatch(csp, /unsafe-inline/, path);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
    assert.ok(res.headers.get('referrer-policy'), path);
  }
});

test('healthz and metrics', async () => {
  let res = await fetch(srv.base + '/healthz');
  assert.equal(res.status, 200);
  assert.equal((await res.json()).status, 'ok');
  await api('GET', '/api/v1/cases');
  res = await fetch(srv.base + '/metrics');
  assert.equal(res.status, 200);
  const text = await res.text();
  assert.match(text, /brobygger_http_requests_total\{route="\/api\/v1\/cases",status="200"\} \d+/);
  assert.match(text, /brobygger_http_request_duration_seconds_bucket\{le="\+Inf"\} \d+/);
  assert.match(text, /brobygger_cases\{status="ny"\} \d+/);
});

test('static files cannot escape their folder', async () => {
  for (const path of ['/static/../CMakeLists.txt', '/static/%2e%2e/%2e%2e/etc/passwd', '/static/..%2fmessages%2fda.json', '/static/.hidden']) {
    const res = await fetch(srv.base + path);
    assert.notEqual(res.status, 200, path);
  }
  assert.equal((await fetch(srv.base + '/static/app.css')).status, 200);
});

test('unknown members are refused on create and patch; audit of an unknown case is 404', async () => {
  let res = await api('POST', '/api/v1/cases', { body: { ...NEW_CASE, sumary: 'stavefejl' } });
  assert.equal(res.status, 400);
  assert.ok((await res.json()).error.fields.sumary);
  const c = await createCase();
  res = await api('PATCH', `/api/v1/cases/${c.id}`, { body: { statu: 'i_gang' } });
  assert.equal(res.status, 400);
  assert.equal((await api('GET', '/api/v1/audit?case=987654')).status, 404);
});
