// Black-box tests of the staff and public pages, as a new user would use them, over real
// HTTP with cookies and CSRF tokens (no JavaScript involved).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Browserless, dbExec } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

async function signedIn(role) {
  const b = new Browserless(srv.base);
  const r = await b.login(srv.users[role].email, srv.users[role].password);
  assert.equal(r.res.status, 303, `login as ${role}: ${r.text.slice(0, 300)}`);
  assert.equal(r.res.headers.get('location'), '/oversigt');
  return b;
}

function idFromLocation(res) {
  const m = (res.headers.get('location') || '').match(/^\/sager\/(\d+)/);
  assert.ok(m, `redirect to a case, got ${res.headers.get('location')}`);
  return m[1];
}

test('every role can sign in; the session cookie is HttpOnly and SameSite=Strict', async () => {
  for (const role of ['advisor', 'assistant', 'manager', 'admin']) {
    const b = new Browserless(srv.base);
    const page = await b.get('/login');
    const csrf = b.csrfFrom(page.text);
    const r = await b.post('/login', [['_csrf', csrf], ['email', srv.users[role].email], ['password', srv.users[role].password]]);
    assert.equal(r.res.status, 303);
    const cookie = r.res.headers.getSetCookie().find((c) => c.startsWith('bb_session='));
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const dash = await b.get('/oversigt');
    assert.equal(dash.res.status, 200);
    assert.match(dash.text, /<h1>Overblik<\/h1>/);
  }
});

test('manager and admin dashboards show no case content; case pages are 403', async () => {
  const advisor = await signedIn('advisor');
  const page = await advisor.get('/sager/ny');
  const created = await advisor.post('/sager/ny', [
    ['_csrf', advisor.csrfFrom(page.text)], ['received', '2024-05-02'], ['channel', 'telefon'], ['reasons', 'hjaelp'],
    ['summary', 'Hemmelig sag om Kirsten Lund'], ['citizen.name', 'Kirsten Lund'],
  ]);
  const id = idFromLocation(created.res);
  for (const role of ['manager', 'admin']) {
    const b = await signedIn(role);
    const dash = await b.get('/oversigt');
    assert.ok(!dash.text.includes('Kirsten Lund'), `${role} dashboard leaks a name`);
    assert.equal((await b.get(`/sager/${id}`)).res.status, 403);
    assert.equal((await b.get('/sager')).res.status, 403);
  }
});

test('register a phone inquiry, journal, upload a PDF, consent rule, close rule', async () => {
  const b = await signedIn('advisor');
  let page = await b.get('/sager/ny');
  assert.equal(page.res.status, 200);
  const csrf = b.csrfFrom(page.text);

  // Mistakes first: everything typed comes back with a message at each field.
  let r = await b.post('/sager/ny', [
    ['_csrf', csrf], ['received', '2024-02-30'], ['channel', 'telefon'],
    ['summary', 'Borgeren ringer om afslag på merudgifter.'], ['citizen.name', 'Mette Østergård'],
    ['citizen.cpr', '3102801234'],
  ]);
  assert.equal(r.res.status, 400);
  assert.match(r.text, /role="alert"/);
  assert.match(r.text, /Mette Østergård/);
  assert.match(r.text, /afslag på merudgifter/);
  assert.match(r.text, /aria-invalid="true"/);
  assert.match(r.text, /aria-describedby="f-received-hint f-received-error"/);
  assert.match(r.text, /Vælg mindst én grund/);

  r = await b.post('/sager/ny', [
    ['_csrf', csrf], ['received', '2024-03-14'], ['channel', 'telefon'], ['reasons', 'forstaa'], ['reasons', 'klage'],
    ['departments', 'Voksen og Handicap'], ['summary', 'Borgeren ringer om afslag på merudgifter.'],
    ['citizen.name', 'Mette Østergård'], ['citizen.cpr', '070761-4285'],
  ]);
  assert.equal(r.res.status, 303);
  const id = idFromLocation(r.res);
  page = await b.get(`/sager/${id}`);
  assert.equal(page.res.status, 200);
  assert.match(page.text, /Mette Østergård/);
  assert.match(page.text, /070761-4285/, 'case view shows the full CPR');

  // Journal note.
  r = await b.post(`/sager/${id}/journal`, [['_csrf', csrf], ['kind', 'call'], ['text', 'Talt med borgeren om klagefristen.']]);
  assert.equal(r.res.status, 303);
  page = await b.get(`/sager/${id}`);
  assert.match(page.text, /Talt med borgeren om klagefristen\./);

  // Empty note comes back with the error, nothing lost in the other fields.
  r = await b.post(`/sager/${id}/journal`, [['_csrf', csrf], ['kind', 'note'], ['text', '   ']]);
  assert.equal(r.res.status, 400);
  assert.match(r.text, /Feltet skal udfyldes/);

  // PDF upload through the page (multipart).
  const pdf = new Blob(['%PDF-1.4\n%%EOF\n'], { type: 'application/pdf' });
  r = await b.post(`/sager/${id}/bilag`, [['_csrf', csrf], ['file', new File([pdf], 'afgørelse.pdf')]], { multipart: true });
  assert.equal(r.res.status, 303, r.text.slice(0, 500));
  page = await b.get(`/sager/${id}`);
  assert.match(page.text, /afgørelse\.pdf/);
  const link = page.text.match(/href="(\/sager\/\d+\/bilag\/\d+)"/)[1];
  const dl = await b.get(link);
  assert.match(dl.res.headers.get('content-disposition'), /^attachment;/);

  // Contact the department without consent: refused.
  const version = () => page.text.match(/name="version" value="(\d+)"/)[1];
  r = await b.post(`/sager/${id}/status`, [['_csrf', csrf], ['version', version()], ['status', 'afventer_forvaltning'], ['outcome', '']]);
  assert.equal(r.res.status, 422);
  assert.match(r.text, /samtykke/);

  // Close without outcome: refused.
  r = await b.post(`/sager/${id}/status`, [['_csrf', csrf], ['version', version()], ['status', 'afsluttet'], ['outcome', '']]);
  assert.equal(r.res.status, 422);
  assert.match(r.text, /kun afsluttes, når der er valgt et resultat/);

  // Consent, then contact; then close with an outcome.
  r = await b.post(`/sager/${id}/samtykke`, [['_csrf', csrf], ['version', version()], ['consent', 'given'], ['consent_form', 'oral'], ['consent_date', '2024-03-14']]);
  assert.equal(r.res.status, 303);
  page = await b.get(`/sager/${id}`);
  r = await b.post(`/sager/${id}/status`, [['_csrf', csrf], ['version', version()], ['status', 'afventer_forvaltning'], ['outcome', '']]);
  assert.equal(r.res.status, 303);
  page = await b.get(`/sager/${id}`);
  r = await b.post(`/sager/${id}/status`, [['_csrf', csrf], ['version', version()], ['status', 'afsluttet'], ['outcome', 'formidling']]);
  assert.equal(r.res.status, 303);
  page = await b.get(`/sager/${id}`);
  assert.match(page.text, /Afsluttet/);
  assert.match(page.text, /Status ændret fra Afventer forvaltningen til Afsluttet/);
});

test('the contact form keeps what was typed, then creates a web inquiry on the dashboard', async () => {
  const citizen = new Browserless(srv.base);
  let page = await citizen.get('/kontakt');
  assert.equal(page.res.status, 200);
  const csrf = citizen.csrfFrom(page.text);
  let r = await citizen.post('/kontakt', [
    ['_csrf', csrf], ['citizen.name', 'Hassan Øbro'], ['citizen.email', 'ikke-en-mail'],
    ['summary', 'Jeg har fået et brev om mit boligtilskud, som jeg ikke forstår.'],
  ], { multipart: true });
  assert.equal(r.res.status, 400);
  assert.match(r.text, /Hassan Øbro/);
  assert.match(r.text, /ikke-en-mail/);
  assert.match(r.text, /boligtilskud, som jeg ikke forstår/);
  assert.match(r.text, /gyldig e-mailadresse/);
  assert.match(r.text, /Vælg mindst én grund/);

  r = await citizen.post('/kontakt', [
    ['_csrf', csrf], ['citizen.name', 'Hassan Øbro'], ['citizen.email', 'hassan@example.dk'], ['reasons', 'forstaa'],
    ['departments', 'Ydelser'], ['summary', 'Jeg har fået et brev om mit boligtilskud, som jeg ikke forstår.'],
    ['consent', 'given'], ['website', ''],
  ], { multipart: true });
  assert.equal(r.res.status, 303, r.text.slice(0, 400));
  const receipt = await citizen.get(r.res.headers.get('location'));
  assert.match(receipt.text, /Dit sagsnummer er <strong class="bb-case-number">\d{4}-\d{4}<\/strong>/);
  assert.ok(!r.res.headers.get('location').includes('Hassan'), 'no personal data in the receipt URL');

  const advisor = await signedIn('advisor');
  const dash = await advisor.get('/oversigt');
  assert.match(dash.text, /Nye henvendelser fra webformularen/);
  assert.match(dash.text, /Hassan Øbro/);
});

test('the honeypot swallows robots without storing anything', async () => {
  const bot = new Browserless(srv.base);
  const page = await bot.get('/kontakt');
  const r = await bot.post('/kontakt', [
    ['_csrf', bot.csrfFrom(page.text)], ['citizen.name', 'Robot Robotsen'], ['citizen.email', 'bot@example.dk'],
    ['reasons', 'andet'], ['summary', 'spam'], ['website', 'http://spam.example'],
  ], { multipart: true });
  assert.equal(r.res.status, 303);
  const advisor = await signedIn('advisor');
  const search = await advisor.post('/sager/soeg', [['_csrf', advisor.csrfFrom((await advisor.get('/sager')).text)], ['q', 'Robotsen']]);
  assert.match(search.text, /Ingen sager matcher/);
});

test('search is a POST, so citizen names never appear in URLs', async () => {
  const b = await signedIn('advisor');
  const page = await b.get('/sager');
  assert.match(page.text, /<form method="post" action="\/sager\/soeg"/);
  const r = await b.post('/sager/soeg', [['_csrf', b.csrfFrom(page.text)], ['q', 'Mette']]);
  assert.equal(r.res.status, 200);
});

test('a form without its CSRF token is refused', async () => {
  const b = await signedIn('advisor');
  const r = await b.post('/sager/ny', [['channel', 'telefon'], ['reasons', 'andet'], ['summary', 'x']]);
  assert.equal(r.res.status, 403);
  const anon = new Browserless(srv.base);
  const r2 = await anon.post('/kontakt', [['citizen.name', 'x']], { multipart: true });
  assert.equal(r2.res.status, 403);
});

test('five wrong passwords lock the account, even for the right password', async () => {
  const email = srv.users.assistant.email;
  const b = new Browserless(srv.base);
  for (let i = 0; i < 5; i++) {
    const page = await b.get('/login');
    const r = await b.post('/login', [['_csrf', b.csrfFrom(page.text)], ['email', email], ['password', 'forkert-' + i]]);
    assert.equal(r.res.status, 401);
  }
  const page = await b.get('/login');
  const r = await b.post('/login', [['_csrf', b.csrfFrom(page.text)], ['email', email], ['password', srv.users.assistant.password]]);
  assert.equal(r.res.status, 429);
  assert.match(r.text, /midlertidigt låst/);
});

test('an idle session expires after 30 minutes', async () => {
  const b = await signedIn('advisor');
  assert.equal((await b.get('/oversigt')).res.status, 200);
  const sql = "UPDATE sessions SET last_seen = '2020-01-01T00:00:00Z'";
  dbExec(srv.db, sql);
  const after = await b.get('/oversigt');
  assert.equal(after.res.status, 303);
  assert.equal(after.res.headers.get('location'), '/login');
});

test('logout ends the session for good', async () => {
  const b = await signedIn('advisor');
  const page = await b.get('/oversigt');
  const oldCookie = b.cookies.get('bb_session');
  const r = await b.post('/logout', [['_csrf', b.csrfFrom(page.text)]]);
  assert.equal(r.res.status, 303);
  const replay = await fetch(srv.base + '/oversigt', { headers: { cookie: `bb_session=${oldCookie}` }, redirect: 'manual' });
  assert.equal(replay.status, 303, 'old session token no longer works');
});

test('a session token planted before login is never adopted (no fixation)', async () => {
  const b = new Browserless(srv.base);
  b.cookies.set('bb_session', 'planted-by-attacker');
  const r = await b.login(srv.users.advisor.email, srv.users.advisor.password);
  assert.equal(r.res.status, 303);
  assert.notEqual(b.cookies.get('bb_session'), 'planted-by-attacker');
});

test('user administration: admin creates a user and sees the password once', async () => {
  const admin = await signedIn('admin');
  const page = await admin.get('/brugere');
  assert.equal(page.res.status, 200);
  const r = await admin.post('/brugere', [['_csrf', admin.csrfFrom(page.text)], ['name', 'Ny Kollega'], ['email', 'ny@testrup.dk'], ['role', 'assistant']]);
  assert.equal(r.res.status, 201);
  const pw = r.text.match(/<code class="bb-secret">([^<]+)<\/code>/)[1];
  const b = new Browserless(srv.base);
  assert.equal((await b.login('ny@testrup.dk', pw)).res.status, 303);
  const advisor = await signedIn('advisor');
  assert.equal((await advisor.get('/brugere')).res.status, 403);
});

test('per-address limits: too many logins or contact forms from one address get 429', async () => {
  const limited = await startServer({ args: ['--login-limit', '3', '--contact-limit', '2'] });
  try {
    const b = new Browserless(limited.base);
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const page = await b.get('/login');
      const r = await b.post('/login', [['_csrf', b.csrfFrom(page.text)], ['email', `nobody${i}@x.dk`], ['password', 'x']]);
      statuses.push(r.res.status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
    const c = new Browserless(limited.base);
    const page = await c.get('/kontakt');
    const csrf = c.csrfFrom(page.text);
    const results = [];
    for (let i = 0; i < 3; i++) {
      const r = await c.post('/kontakt', [['_csrf', csrf], ['citizen.name', 'Karen'], ['citizen.phone', '12345678'],
        ['reasons', 'andet'], ['summary', `Henvendelse ${i}`]], { multipart: true });
      results.push(r.res.status);
      if (i === 2) assert.match(r.text, /Henvendelse 2/, 'typed text kept on 429');
    }
    assert.deepEqual(results, [303, 303, 429]);
  } finally {
    await limited.stop();
  }
});

test('admin edits the settings; the front page and new cases follow them', async () => {
  const admin = await signedIn('admin');
  let page = await admin.get('/indstillinger');
  assert.equal(page.res.status, 200);
  const csrf = admin.csrfFrom(page.text);
  const fields = (days, departments, retention = '5') => [
    ['_csrf', csrf], ['municipality', 'Testrup Kommune'], ['office_name', 'Borgerrådgivningen i Testrup'],
    ['departments', departments], ['first_response_working_days', days], ['presumed_post_days', '2'], ['small_count_threshold', '5'],
    ['retention_years', retention],
    ['intro_text', 'Vi hjælper dig gratis.'],
    ['contact_phone', '70 70 70 70'], ['contact_email', 'br@testrup.dk'], ['address', 'Torvet 1'],
  ];
  let r = await admin.post('/indstillinger', fields('nul', '', '31'));
  assert.equal(r.res.status, 400);
  assert.match(r.text, /Skriv et helt tal fra 1 til 60/);
  assert.match(r.text, /Skriv et helt tal fra 1 til 30/, 'retention period out of range');
  assert.match(r.text, /Skriv mindst én forvaltning/);
  assert.match(r.text, /Borgerrådgivningen i Testrup/, 'typed values kept');
  r = await admin.post('/indstillinger', fields('5', 'Jobcenter\nYdelser\nBørn og Familie\nAndet\n'));
  assert.equal(r.res.status, 303);
  const front = await fetch(srv.base + '/');
  const html = await front.text();
  assert.match(html, /Borgerrådgivningen i Testrup/);
  assert.match(html, /Vi hjælper dig gratis\./);
  // 5 working days from Thursday 14 March 2024: 15, 18, 19, 20, 21 March.
  const res = await fetch(srv.base + '/api/v1/cases', {
    method: 'POST',
    headers: { authorization: `Bearer ${srv.users.advisor.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ received: '2024-03-14', channel: 'brev', reasons: ['andet'], departments: ['Jobcenter'], summary: 'Test af indstillinger' }),
  });
  assert.equal(res.status, 201);
  assert.equal((await res.json()).first_response_due, '2024-03-21');
  const advisor = await signedIn('advisor');
  assert.equal((await advisor.get('/indstillinger')).res.status, 403);
});
