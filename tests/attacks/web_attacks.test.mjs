// Web attacks (issue 9): CSRF missing or wrong on every unsafe route, session fixation,
// brute force (account lock-out and the per-address login limit, across addresses), the
// contact-form limit, path traversal in static and attachment routes (sent raw, so no client
// normalises the dots away), cross-case attachment ids, and the security headers on every kind
// of response.
//
//   BROBYGGER_BIN=$PWD/build/brobygger node --test tests/attacks/web_attacks.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import { startServer, Browserless, dbRows, dbExec, BACKEND } from '../lib/server.mjs';
import {
  send, signIn, plantSession, sessionExists, sha256, token43, createCase, createAttachment, sourceRoutes, PDF,
} from './attack_helpers.mjs';

let srv;
const who = {};
before(async () => {
  srv = await startServer();
  for (const role of ['advisor', 'assistant', 'admin']) who[role] = await signIn(srv, role);
});
after(async () => { await srv?.stop(); });

const count = (db, table) => Number(dbRows(db, `SELECT COUNT(*) AS n FROM ${table}`)[0].n);

// A concrete path for a route pattern (the CSRF check runs before any handler, so the ids
// need not exist).
function samplePath(pattern) {
  return pattern
    .replace(/:slug\(\[a-z0-9\]\{16\}\)/, 'abcdefghijklmnop')
    .replace(/:slug\([^)]*\)/, 'klage')
    .replace(/:lang\([^)]*\)/, 'da')
    .replace(/:year\([^)]*\)/, '2025')
    .replace(/:ext\([^)]*\)/, 'json')
    .replace(/:path\([^)]*\)/, 'app.css')
    .replace(/:[a-z]+\(\\d\+\)/g, '1')
    .replace(/\\\./g, '.');
}

// ------------------------------------------------------------------------------------ CSRF --

test('CSRF: every unsafe route refuses a missing, a wrong, another session\'s and a cookie-only token (403, nothing written)', async () => {
  const { routes } = sourceRoutes(readFileSync, readdirSync);
  // The anonymous survey answer has no CSRF token by design (no cookie at all; SECURITY.md).
  const unsafe = routes.filter((r) => !r.startsWith('GET ') && !r.includes('/svar/'));
  assert.ok(unsafe.length > 50, `${unsafe.length} unsafe routes`);
  const auditBefore = count(srv.db, 'audit');
  const casesBefore = count(srv.db, 'cases');
  const failures = [];
  const fake = token43();
  for (const route of unsafe) {
    const [method, pattern] = route.split(' ');
    const path = samplePath(pattern);
    const isApi = path.startsWith('/api/');
    // Signed in as the role that may do most there (the admin for admin routes).
    const me = /^\/(brugere|indstillinger)(\/|$)/.test(path) && !path.startsWith('/indstillinger/tekster') ? who.admin : who.advisor;
    const body = isApi ? { summary: 'x' } : [['summary', 'x'], ['title', 'x'], ['email', srv.users.advisor.email], ['password', srv.users.advisor.password]];
    const attempts = [
      ['missing', { cookie: me.cookie }],
      ['wrong', { cookie: me.cookie, csrf: fake }],
      ['empty', { cookie: me.cookie, csrf: '' }],
      ['another session\'s', { cookie: me.cookie, csrf: (me === who.advisor ? who.assistant : who.advisor).csrf }],
      // Double-submit with an attacker-set bb_csrf cookie does not replace the session's token.
      ['cookie-only double submit', { cookie: `${me.cookie}; bb_csrf=${fake}`, csrf: fake }],
      // Without a session: the double-submit cookie must match.
      ['anonymous, no cookie', { csrf: fake }],
      ['anonymous, mismatched cookie', { cookie: `bb_csrf=${token43()}`, csrf: fake }],
    ];
    for (const [what, as] of attempts) {
      for (const multipart of isApi ? [false] : [false, true]) {
        const r = await send(srv.base, method, path, { as, body, multipart });
        // Signed-in-only routes send visitors without a session to the login page first.
        const anonOk = what.startsWith('anonymous') && (r.status === 401 || (r.status === 303 && r.location === '/login'));
        if (r.status !== 403 && !anonOk) failures.push(`${route} (${what}${multipart ? ', multipart' : ''}): ${r.status}`);
        if (r.status === 403 && !/Formularen er udløbet eller kom ikke fra Brobygger/.test(r.text)) failures.push(`${route} (${what}): 403 without the CSRF message`);
      }
    }
  }
  assert.deepEqual(failures, []);
  assert.equal(count(srv.db, 'audit'), auditBefore, 'no request refused for CSRF wrote anything (not even an audit entry)');
  assert.equal(count(srv.db, 'cases'), casesBefore);
  // And the right token works (the test can tell the difference).
  const ok = await send(srv.base, 'POST', '/sager/soeg', { as: who.advisor, body: [['q', 'x']] });
  assert.equal(ok.status, 200);
});

test('CSRF: a cross-site form post (other Origin, no token) and a text/plain JSON body are refused', async () => {
  const r = await fetch(srv.base + '/api/v1/cases', {
    method: 'POST', redirect: 'manual',
    headers: { cookie: who.advisor.cookie, 'content-type': 'text/plain', origin: 'https://evil.example' },
    body: JSON.stringify({ summary: 'x', channel: 'telefon', reasons: ['andet'], received: '2025-01-01', citizen: { name: 'x' } }),
  });
  assert.equal(r.status, 403);
  const f = await fetch(srv.base + '/brugere', {
    method: 'POST', redirect: 'manual',
    headers: { cookie: who.admin.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
    body: 'name=Evil&email=evil%40evil.example&role=admin',
  });
  assert.equal(f.status, 403);
  assert.equal(dbRows(srv.db, "SELECT COUNT(*) AS n FROM users WHERE email = 'evil@evil.example'")[0].n, 0);
});

// -------------------------------------------------------------------------------- sessions --

test('session fixation: planted tokens are never adopted, the token changes at every login, logout kills it server-side', async () => {
  // 1. A planted token of the right shape, unknown to the server, is replaced at login.
  const planted = token43();
  const b = new Browserless(srv.base);
  b.cookies.set('bb_session', planted);
  const r = await b.login(srv.users.advisor.email, srv.users.advisor.password);
  assert.equal(r.res.status, 303);
  const first = b.cookies.get('bb_session');
  assert.notEqual(first, planted);
  assert.ok(!sessionExists(srv, sha256(planted)), 'the planted token is not stored');
  assert.ok(sessionExists(srv, sha256(first)));
  assert.match(r.res.headers.getSetCookie().find((c) => c.startsWith('bb_session=')), /HttpOnly/);
  assert.match(r.res.headers.getSetCookie().find((c) => c.startsWith('bb_session=')), /SameSite=Strict/);
  // 2. An attacker's own live session planted in the victim's browser: signing in as the
  //    victim ends it and issues a new token (no login into the attacker's session).
  const attacker = plantSession(srv, srv.users.assistant.email);
  // (With a live session the login page redirects, so the form is posted with the planted
  // session's token, which the attacker knows.)
  const r2 = await send(srv.base, 'POST', '/login', { as: { cookie: attacker.cookie, csrf: attacker.csrf },
    body: [['email', srv.users.advisor.email], ['password', srv.users.advisor.password]] });
  assert.equal(r2.status, 303);
  const issued = r2.headers.getSetCookie().find((c) => c.startsWith('bb_session=') && !/Max-Age=0/.test(c));
  assert.ok(issued && !issued.startsWith(`bb_session=${attacker.token};`), 'a new token is issued');
  assert.ok(!sessionExists(srv, attacker.hash), 'the session the browser brought is ended at sign-in');
  // 3. Signing in again gives yet another token; the session's CSRF token changes too.
  const csrf1 = dbRows(srv.db, `SELECT csrf_token FROM sessions WHERE token_hash = '${sha256(first)}'`)[0].csrf_token;
  // (Signed in, the login page redirects; the form is posted with the session's token.)
  const r3 = await b.post('/login', [['_csrf', csrf1], ['email', srv.users.advisor.email], ['password', srv.users.advisor.password]]);
  assert.equal(r3.res.status, 303);
  const second = b.cookies.get('bb_session');
  assert.notEqual(second, first);
  assert.ok(!sessionExists(srv, sha256(first)), 'the earlier session of this browser is gone');
  const csrf2 = dbRows(srv.db, `SELECT csrf_token FROM sessions WHERE token_hash = '${sha256(second)}'`)[0].csrf_token;
  assert.notEqual(csrf2, csrf1);
  // 4. Logout removes the row; the old cookie and its CSRF token are worthless afterwards.
  const out = await send(srv.base, 'POST', '/logout', { as: { cookie: `bb_session=${second}`, csrf: csrf2 } });
  assert.equal(out.status, 303);
  assert.match(out.headers.get('set-cookie') || '', /bb_session=;.*Max-Age=0/);
  assert.ok(!sessionExists(srv, sha256(second)));
  const replay = await send(srv.base, 'POST', '/sager/soeg', { as: { cookie: `bb_session=${second}`, csrf: csrf2 }, body: [['q', 'x']] });
  assert.equal(replay.status, 303);
  assert.equal(replay.location, '/login');
  // 5. The session cookie is never readable from a query string or accepted from one.
  const viaQuery = await send(srv.base, 'GET', `/oversigt?bb_session=${first}`);
  assert.equal(viaQuery.status, 303);
});

test('an expired session is deleted on first use and cannot be revived by activity', async () => {
  const s = plantSession(srv, srv.users.advisor.email, 30 * 60 * 1000 + 5000);
  const r = await send(srv.base, 'GET', '/oversigt', { as: s });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/login');
  assert.ok(!sessionExists(srv, s.hash));
  // 29 minutes idle is still alive, and the request moves last_seen forward.
  const alive = plantSession(srv, srv.users.advisor.email, 29 * 60 * 1000);
  assert.equal((await send(srv.base, 'GET', '/oversigt', { as: alive })).status, 200);
  const seen = dbRows(srv.db, `SELECT last_seen FROM sessions WHERE token_hash = '${alive.hash}'`)[0].last_seen;
  assert.ok(Date.parse(seen) > Date.now() - 60 * 1000, `last_seen moved: ${seen}`);
});

// ----------------------------------------------------------------------------- brute force --

// A form POST from a chosen loopback address (127.0.0.x), so per-address limits can be told
// apart from per-account lock-out.
function postFrom(base, localAddress, path, body, cookie) {
  const u = new URL(base + path);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', localAddress,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, text, location: res.headers.location, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('brute force: the per-address login limit and the per-account lock-out both hold, across addresses', async () => {
  const limited = await startServer({ args: ['--login-limit', '3', '--contact-limit', '2'] });
  try {
    const csrf = token43();
    const cookie = `bb_csrf=${csrf}`;
    const form = (email, password) => new URLSearchParams({ _csrf: csrf, email, password }).toString();
    const victim = limited.users.assistant;
    // Address .2: three wrong guesses, then 429 even for the right password.
    const a = [];
    for (let i = 0; i < 3; i++) a.push((await postFrom(limited.base, '127.0.0.2', '/login', form(victim.email, `gæt-${i}`), cookie)).status);
    assert.deepEqual(a, [401, 401, 401]);
    const right = await postFrom(limited.base, '127.0.0.2', '/login', form(victim.email, victim.password), cookie);
    assert.equal(right.status, 429, 'rate limited before the password is even checked');
    // Address .3 is not limited by .2's attempts: two more wrong guesses lock the account.
    const b = [];
    for (let i = 3; i < 5; i++) b.push((await postFrom(limited.base, '127.0.0.3', '/login', form(victim.email, `gæt-${i}`), cookie)).status);
    assert.deepEqual(b, [401, 401]);
    const [u] = dbRows(limited.db, `SELECT failed_logins, locked_until FROM users WHERE email = '${victim.email}'`);
    assert.ok(u.locked_until && Date.parse(u.locked_until) > Date.now() + 14 * 60 * 1000, `locked for 15 minutes: ${JSON.stringify(u)}`);
    // Address .4 (fresh) with the right password: the account is locked, no session is made.
    const sessions = count(limited.db, 'sessions');
    const locked = await postFrom(limited.base, '127.0.0.4', '/login', form(victim.email, victim.password), cookie);
    assert.equal(locked.status, 429);
    assert.match(locked.text, /midlertidigt låst/);
    assert.ok(!(locked.headers['set-cookie'] || []).some((c) => c.startsWith('bb_session=') && !/Max-Age=0/.test(c)));
    assert.equal(count(limited.db, 'sessions'), sessions);
    // Other accounts are not locked by it (from a fresh address).
    const other = await postFrom(limited.base, '127.0.0.5', '/login', form(limited.users.advisor.email, limited.users.advisor.password), cookie);
    assert.equal(other.status, 303);
    // Unknown accounts answer exactly like wrong passwords (no account enumeration).
    const unknown = await postFrom(limited.base, '127.0.0.6', '/login', form('findes.ikke@testrup.dk', 'x'), cookie);
    const wrong = await postFrom(limited.base, '127.0.0.6', '/login', form(limited.users.manager.email, 'x'), cookie);
    assert.equal(unknown.status, 401);
    assert.equal(wrong.status, 401);
    const msg = (t) => (t.match(/class="[^"]*error-message[^"]*"[^>]*>([^<]*)</) || t.match(/<li><a href="#[^"]*">([^<]*)</) || [])[1];
    assert.equal(msg(unknown.text), msg(wrong.text));
    // When the lock-out has run out, the right password works again and resets the count.
    dbExec(limited.db, `UPDATE users SET locked_until = '2020-01-01T00:00:00Z' WHERE email = '${victim.email}'`);
    const again = await postFrom(limited.base, '127.0.0.7', '/login', form(victim.email, victim.password), cookie);
    assert.equal(again.status, 303);
    assert.equal(Number(dbRows(limited.db, `SELECT failed_logins FROM users WHERE email = '${victim.email}'`)[0].failed_logins), 0);

    // Contact form: two per address and hour, the third is 429 and stores nothing; another
    // address is still served.
    const contact = (i) => new URLSearchParams({ _csrf: csrf, 'citizen.name': 'Karen', 'citizen.phone': '12345678', reasons: 'andet', summary: `Begrænset ${i}` }).toString();
    const c = [];
    for (let i = 0; i < 4; i++) c.push((await postFrom(limited.base, '127.0.0.8', '/kontakt', contact(i), cookie)).status);
    assert.deepEqual(c, [303, 303, 429, 429]);
    assert.equal(Number(dbRows(limited.db, "SELECT COUNT(*) AS n FROM cases WHERE summary LIKE 'Begrænset %'")[0].n), 2);
    assert.equal((await postFrom(limited.base, '127.0.0.9', '/kontakt', contact(9), cookie)).status, 303);
  } finally {
    await limited.stop();
  }
});

// ------------------------------------------------------------------------- path traversal --

// A raw HTTP/1.1 request with the target exactly as given (no client-side normalisation).
function raw(base, target, { method = 'GET', headers = {} } = {}) {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(u.port), u.hostname);
    let data = Buffer.alloc(0);
    sock.setTimeout(10000, () => { sock.destroy(); reject(new Error(`timeout ${target}`)); });
    sock.on('data', (c) => { data = Buffer.concat([data, c]); });
    sock.on('error', reject);
    sock.on('close', () => {
      const text = data.toString('latin1');
      const m = text.match(/^HTTP\/1\.1 (\d{3})/);
      const headEnd = text.indexOf('\r\n\r\n');
      const head = text.slice(0, headEnd).toLowerCase();
      resolve({ status: m ? Number(m[1]) : 0, head, rawHead: text.slice(0, headEnd), body: text.slice(headEnd + 4) });
    });
    const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    sock.write(`${method} ${target} HTTP/1.1\r\nHost: ${u.host}\r\n${extra}Connection: close\r\n\r\n`);
  });
}

// Content that must never come back: system files and files of the project around the
// static folder.
const SECRETS = [/root:x:0:0/, /cmake_minimum_required/, /"nav\.dashboard"/, /BEGIN [A-Z ]*PRIVATE KEY/, /SQLite format 3/, /\[Content_Types\]/];

test('path traversal: static files stay inside their folder, whatever the encoding', async () => {
  const targets = [
    '/static/../../../../etc/passwd', '/static/..%2f..%2f..%2f..%2fetc%2fpasswd', '/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/static/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd', '/static/%252e%252e%252f%252e%252e%252fetc%252fpasswd',
    '/static/..%5c..%5c..%5cetc%5cpasswd', '/static/..\\..\\etc\\passwd', '/static/%2fetc%2fpasswd', '/static//etc/passwd',
    '/static/app.css%00../../etc/passwd', '/static/..%00/etc/passwd', '/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd',
    '/static/..%c0%af..%c0%afetc%c0%afpasswd', '/static/.%2e/.%2e/.%2e/etc/passwd', '/static/....//....//etc/passwd',
    '/static/../CMakeLists.txt', '/static/../../CMakeLists.txt', '/static/../messages/da.json', '/static/../../messages/da.json',
    '/static/./../../CMakeLists.txt', '/static/.git/config', '/static/%2e/app.css', '/static/app.css/..%2f..%2f..%2fCMakeLists.txt',
    '/static/file:///etc/passwd', '/static/%2F%2Fetc%2Fpasswd', '/static/..;/..;/etc/passwd', '/static/~/.ssh/id_rsa',
    '/static/proc/self/environ', '/static/../../../../proc/self/environ', '/static/..%252f..%252fetc/passwd',
  ];
  const failures = [];
  for (const t of targets) {
    const r = await raw(srv.base, t);
    // 400 for a percent-encoding that is broken or does not decode to UTF-8 (overlong %c0%ae).
    if (![400, 403, 404].includes(r.status)) failures.push(`${t}: ${r.status}`);
    for (const s of SECRETS) if (s.test(r.body)) failures.push(`${t}: leaked ${s}`);
  }
  assert.deepEqual(failures, []);
  // A good request still works, so the assertions above can tell the difference.
  const good = await raw(srv.base, '/static/app.css');
  assert.equal(good.status, 200);
});

test('path traversal and foreign ids in attachment routes: 404, never file contents', async () => {
  const a = await createCase(srv);
  const b = await createCase(srv);
  const att = await createAttachment(srv, a.id, 'hemmelig.pdf', PDF + '% HEMMELIGT-A\n');
  const bearer = `Bearer ${srv.users.advisor.token}`;
  const failures = [];
  const bad = [
    `/api/v1/cases/${a.id}/attachments/../../../../etc/passwd`, `/api/v1/cases/${a.id}/attachments/..%2f..%2f..%2fetc%2fpasswd`,
    `/api/v1/cases/${a.id}/attachments/%2e%2e%2f%2e%2e%2fetc%2fpasswd`, `/api/v1/cases/${a.id}/attachments/%252e%252e%252fetc%252fpasswd`,
    `/api/v1/cases/${a.id}/attachments/%2fetc%2fpasswd`, `/api/v1/cases/${a.id}/attachments/${att.id}%00.pdf`,
    `/api/v1/cases/${a.id}/attachments/${att.id}/../../../../etc/passwd`, `/api/v1/cases/${a.id}/attachments/-1`,
    `/api/v1/cases/${a.id}/attachments/0`, `/api/v1/cases/${a.id}/attachments/99999999999999999999999`,
    `/api/v1/cases/${a.id}/attachments/${att.id}.0`, `/api/v1/cases/${a.id}/attachments/0x${att.id.toString(16)}`,
    `/sager/${a.id}/bilag/../../../../etc/passwd`, `/sager/${a.id}/bilag/..%2f..%2fetc%2fpasswd`, `/sager/${a.id}/bilag/%2e%2e%2f%2e%2e%2fetc%2fpasswd`,
    `/sager/${a.id}/bilag/${att.id}%00`, `/sager/${a.id}/bilag/${att.id}%2f..%2f..%2fetc%2fpasswd`,
    // The attachment of case A asked for under case B.
    `/api/v1/cases/${b.id}/attachments/${att.id}`, `/sager/${b.id}/bilag/${att.id}`, `/sager/${b.id}/bilag/${att.id}/analyse`,
  ];
  for (const t of bad) {
    for (const headers of [{ authorization: bearer }, { cookie: who.advisor.cookie }]) {
      const r = await raw(srv.base, t, { headers });
      if (![400, 403, 404].includes(r.status)) failures.push(`${t}: ${r.status}`);
      if (/HEMMELIGT-A/.test(r.body)) failures.push(`${t}: the attachment of another case`);
      for (const s of SECRETS) if (s.test(r.body)) failures.push(`${t}: leaked ${s}`);
    }
  }
  assert.deepEqual(failures, []);
  const good = await raw(srv.base, `/api/v1/cases/${a.id}/attachments/${att.id}`, { headers: { authorization: bearer } });
  assert.equal(good.status, 200);
  assert.match(good.body, /HEMMELIGT-A/);
  assert.match(good.head, /content-disposition: attachment;/);
  assert.match(good.head, /x-content-type-options: nosniff/);
});

test('an attachment file name cannot steer where the file is stored or how it is served', async () => {
  const c = await createCase(srv);
  for (const name of ['../../../../tmp/bb-evil.pdf', '/etc/passwd', '..\\..\\evil.pdf', 'a\r\nX-Evil: 1.pdf', 'a"; filename="evil.html', '.htaccess', 'x'.repeat(600) + '.pdf']) {
    const form = new FormData();
    form.append('file', new Blob([PDF], { type: 'application/pdf' }), name);
    const r = await send(srv.base, 'POST', `/api/v1/cases/${c.id}/attachments`, { as: { bearer: srv.users.advisor.token }, body: form });
    assert.equal(r.status, 201, `${JSON.stringify(name)}: ${r.text}`);
    const a = JSON.parse(r.text);
    const stored = a.filename ?? a.name ?? '';
    assert.ok(!/[\/\\\r\n"]|\.\./.test(stored), `stored name ${JSON.stringify(stored)}`);
    const d = await raw(srv.base, `/api/v1/cases/${c.id}/attachments/${a.id}`, { headers: { authorization: `Bearer ${srv.users.advisor.token}` } });
    assert.equal(d.status, 200);
    assert.ok(!/\r\nx-evil/.test(d.head), `no header injection through the file name: ${d.head}`);
    const cd = d.head.match(/content-disposition: ([^\r\n]*)/)[1];
    assert.match(cd, /^attachment;/);
    assert.match(cd, /^attachment; filename="[^"\\\r\n]*"(; filename\*=utf-8''[^;"\s]*)?$/, `one quoted filename: ${cd}`);
  }
});

// ---------------------------------------------------------------------------------- headers --

function checkHeaders(what, h, { cacheable = false } = {}) {
  const get = (k) => (typeof h.get === 'function' ? h.get(k) : h[k]);
  const out = [];
  const csp = get('content-security-policy') || '';
  if (!/default-src 'self'/.test(csp) || !/frame-ancestors 'none'/.test(csp) || !/script-src 'self'(;|$)/.test(csp) ||
      /unsafe-inline|unsafe-eval/.test(csp) || !/object-src 'none'/.test(csp) || !/base-uri 'none'/.test(csp)) out.push(`${what}: CSP ${csp}`);
  if (get('x-content-type-options') !== 'nosniff') out.push(`${what}: nosniff`);
  if (get('referrer-policy') !== 'no-referrer') out.push(`${what}: Referrer-Policy`);
  if (get('x-frame-options') !== 'DENY') out.push(`${what}: X-Frame-Options`);
  if (!get('permissions-policy')) out.push(`${what}: Permissions-Policy`);
  if (get('cross-origin-opener-policy') !== 'same-origin') out.push(`${what}: COOP`);
  const cc = get('cache-control') || '';
  if (cacheable === 'any') { /* a miss below /static/: either is fine */ } else if (!cacheable && cc !== 'no-store') out.push(`${what}: Cache-Control ${cc}`);
  else if (cacheable === true && /no-store/.test(cc)) out.push(`${what}: static should be cacheable`);
  if (/^text\/html/.test(get('content-type') || '') && !/charset=utf-8/i.test(get('content-type'))) out.push(`${what}: charset`);
  return out;
}

test('security headers on every kind of response: pages, API, static, errors, 404, redirects, downloads, HEAD', async () => {
  const c = await createCase(srv);
  const att = await createAttachment(srv, c.id);
  const adv = who.advisor;
  const tok = { bearer: srv.users.advisor.token };
  const cases = [
    ['public page', 'GET', '/', {}],
    ['staff page', 'GET', `/sager/${c.id}`, { as: adv }],
    ['form error 400', 'POST', '/sager/ny', { as: adv, body: [['summary', '']] }],
    ['redirect 303 (no session)', 'GET', '/oversigt', {}],
    ['redirect 303 (after POST)', 'POST', '/sager/soeg', { as: adv, body: [['q', 'x']] }],
    ['403 page', 'GET', '/brugere', { as: adv }],
    ['403 CSRF', 'POST', '/sager/ny', { as: { cookie: adv.cookie } }],
    ['404 page', 'GET', '/findes-ikke', {}],
    ['404 staff id', 'GET', '/sager/999999', { as: adv }],
    ['404 api', 'GET', '/api/v1/findes-ikke', {}],
    ['API 200', 'GET', '/api/v1/cases', { as: tok }],
    ['API 201', 'POST', '/api/v1/cases/' + c.id + '/journal', { as: tok, body: { kind: 'note', text: 'x' } }],
    ['API 400', 'POST', '/api/v1/cases', { as: tok, body: { summary: '' } }],
    ['API 401', 'GET', '/api/v1/cases', {}],
    ['API 403', 'GET', '/api/v1/cases', { as: { bearer: srv.users.manager.token } }],
    ['API 413', 'POST', '/api/v1/cases', { as: tok, body: 'x'.repeat(2 << 20), headers: { 'content-type': 'application/json' } }],
    ['attachment download', 'GET', `/sager/${c.id}/bilag/${att.id}`, { as: adv }],
    ['CSV download', 'GET', '/statistik.csv?periode=2025Q1', { as: adv }],
    ['PDF download', 'GET', '/aarsberetning/2025.pdf', { as: adv }],
    ['healthz', 'GET', '/healthz', {}],
    ['metrics', 'GET', '/metrics', {}],
    ['language switch', 'GET', '/sprog?til=en&tilbage=/', {}],
    ['static 404', 'GET', '/static/findes-ikke.css', {}],
    ['login 401', 'POST', '/login', { as: { cookie: 'bb_csrf=' + 'a'.repeat(43), csrf: 'a'.repeat(43) }, body: [['email', 'x@y.dk'], ['password', 'x']] }],
    ['HEAD page', 'HEAD', '/kontakt', {}],
    ['HEAD staff', 'HEAD', '/oversigt', { as: adv }],
  ];
  const failures = [];
  for (const [what, method, path, opts] of cases) {
    const r = await send(srv.base, method, path, opts);
    failures.push(...checkHeaders(`${what} (${r.status})`, r.headers, { cacheable: what === 'static 404' ? 'any' : false }));
    if (r.status === 200 && /download/.test(what)) {
      if (!/^attachment/.test(r.headers.get('content-disposition') || '')) failures.push(`${what}: not an attachment`);
    }
  }
  const stat = await send(srv.base, 'GET', '/static/app.css');
  assert.equal(stat.status, 200);
  failures.push(...checkHeaders('static', stat.headers, { cacheable: true }));
  // A path the router cannot read (broken percent-encoding, or bytes that are not UTF-8) gets
  // the application's own 400 page with the same headers, not a closed connection.
  for (const target of ['/%%%zz', '/sager/%c0%ae%c0%ae', '/static/%e2%28%a1']) {
    const malformed = await raw(srv.base, target, { headers: { Accept: 'text/html' } });
    assert.equal(malformed.status, 400, `malformed target ${target}`);
    const body = Buffer.from(malformed.body, 'latin1').toString('utf8');
    assert.match(body, /Forespørgslen kunne ikke læses/, `the 400 page explains, in Danish (${target})`);
    const headers = new Headers();
    for (const line of malformed.rawHead.split('\r\n').slice(1)) {
      const i = line.indexOf(':');
      if (i > 0) headers.append(line.slice(0, i).trim(), line.slice(i + 1).trim());
    }
    failures.push(...checkHeaders(`malformed ${target}`, headers, { cacheable: target.startsWith('/static/') ? 'any' : false }));
  }
  assert.equal((await fetch(srv.base + '/healthz')).status, 200, 'the server is still up');
  assert.deepEqual(failures, []);
});

test('the session cookie carries HttpOnly and SameSite=Strict; with --secure-cookies also Secure and HSTS', async () => {
  const secure = await startServer({ args: ['--login-limit', '10000', '--contact-limit', '10000', '--secure-cookies'] });
  try {
    const b = new Browserless(secure.base);
    const r = await b.login(secure.users.advisor.email, secure.users.advisor.password);
    assert.equal(r.res.status, 303);
    const sc = r.res.headers.getSetCookie().find((c) => c.startsWith('bb_session='));
    assert.match(sc, /HttpOnly/);
    assert.match(sc, /SameSite=Strict/);
    assert.match(sc, /Secure/);
    assert.match(r.res.headers.get('strict-transport-security') || '', /max-age=\d{7,}/);
    const csrfCookie = (await fetch(secure.base + '/login')).headers.getSetCookie().find((c) => c.startsWith('bb_csrf='));
    assert.match(csrfCookie, /Secure/);
  } finally {
    await secure.stop();
  }
});
