// Shared pieces of the attack tests (roles, web_attacks, sqlmap): raw requests as any identity,
// sessions made directly in the database (fresh or already expired), and fixtures created
// through the API. Not a test file itself (node --test picks only *.test.mjs).
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { dbExec, dbRows, Browserless } from '../lib/server.mjs';

export const sha256 = (s) => createHash('sha256').update(s).digest('hex');
// 43 characters of base64url, the shape of the server's own tokens.
export const token43 = () => randomBytes(32).toString('base64url');

// The server's UTC text format (clock.cc format_utc).
export const utc = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

// A session row written straight into the database, for `email`, last seen `ageMs` ago.
// Returns { cookie, csrf, hash }.
export function plantSession(srv, email, ageMs = 0) {
  const [user] = dbRows(srv.db, `SELECT id FROM users WHERE email = '${email}'`);
  assert.ok(user, `user ${email}`);
  const tok = token43(), csrf = token43(), hash = sha256(tok);
  const at = utc(Date.now() - ageMs);
  dbExec(srv.db, `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen) VALUES ('${hash}', ${user.id}, '${csrf}', '${at}', '${at}')`);
  return { cookie: `bb_session=${tok}`, csrf, hash, token: tok };
}

// Many such sessions in one statement (psql per row is slow): returns [{ cookie, csrf, hash, token }].
export function plantSessions(srv, email, count, ageMs = 0) {
  const [user] = dbRows(srv.db, `SELECT id FROM users WHERE email = '${email}'`);
  const at = utc(Date.now() - ageMs);
  const out = [];
  for (let i = 0; i < count; i++) {
    const tok = token43(), csrf = token43();
    out.push({ cookie: `bb_session=${tok}`, csrf, hash: sha256(tok), token: tok });
  }
  const values = out.map((s) => `('${s.hash}', ${user.id}, '${s.csrf}', '${at}', '${at}')`).join(', ');
  dbExec(srv.db, `INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen) VALUES ${values}`);
  return out;
}

export const sessionExists = (srv, hash) => dbRows(srv.db, `SELECT 1 AS x FROM sessions WHERE token_hash = '${hash}'`).length === 1;

// One HTTP request. `as`: { cookie?, csrf?, bearer? }. `body`: an object (JSON), an array of
// [name, value] pairs (form; FormData when `multipart`), a FormData or a string.
// The CSRF token goes into `_csrf` for forms and into X-CSRF-Token for JSON.
export async function send(base, method, path, { as = {}, body, multipart = false, csrf = true, headers = {} } = {}) {
  const h = { ...headers };
  if (as.cookie) h.cookie = as.cookie;
  if (as.bearer) h.authorization = `Bearer ${as.bearer}`;
  let payload;
  const token = csrf && as.csrf && method !== 'GET' ? as.csrf : null;
  if (Array.isArray(body)) {
    const pairs = token ? [['_csrf', token], ...body] : body;
    if (multipart) {
      payload = new FormData();
      for (const [k, v] of pairs) payload.append(k, v);
    } else {
      payload = new URLSearchParams(pairs).toString();
      h['content-type'] = 'application/x-www-form-urlencoded';
    }
  } else if (body instanceof FormData) {
    payload = body;
    if (token) payload.append('_csrf', token);
  } else if (body !== undefined && body !== null && typeof body === 'object') {
    payload = JSON.stringify(body);
    h['content-type'] = 'application/json';
    if (token) h['x-csrf-token'] = token;
  } else if (typeof body === 'string') {
    payload = body;
    if (token) h['x-csrf-token'] = token;
  } else if (token) {
    // An unsafe request without a body: the token as a header (API) and as an empty form.
    h['x-csrf-token'] = token;
  }
  let res;
  for (let attempt = 1; !res; attempt++) {
    try {
      res = await fetch(base + path, { method, headers: h, body: payload, redirect: 'manual' });
    } catch (e) {
      // Kept-alive connections the server closed while idle (its keep-alive limit passed while
      // a test built a large input) fail when reused: each failure drops one, so try again, on
      // the next pooled connection or a fresh one. Anything else is a real failure.
      const stale = /other side closed|ECONNRESET|EPIPE|socket/i.test(String(e.cause?.message ?? e.cause?.code ?? ''));
      if (!stale || attempt >= 10) {
        throw new Error(`${method} ${path}: ${e.message} (${e.cause?.code ?? ''} ${e.cause?.message ?? ''})`);
      }
    }
  }
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, text: buf.toString('utf8'), buf, location: res.headers.get('location') };
}

// Signs in through the login form; returns { cookie, csrf } for send().
export async function signIn(srv, role) {
  const b = new Browserless(srv.base);
  const r = await b.login(srv.users[role].email, srv.users[role].password);
  assert.equal(r.res.status, 303, `login as ${role}: ${r.text.slice(0, 200)}`);
  const cookie = b.cookieHeader();
  const [row] = dbRows(srv.db, `SELECT csrf_token FROM sessions WHERE token_hash = '${sha256(b.cookies.get('bb_session'))}'`);
  return { cookie, csrf: row.csrf_token, browser: b, role };
}

// JSON API call with a bearer token; asserts the status.
export async function api(srv, method, path, expected, { role = 'advisor', body } = {}) {
  const r = await send(srv.base, method, path, { as: { bearer: srv.users[role].token }, body });
  assert.equal(r.status, expected, `${method} ${path}: ${r.text.slice(0, 300)}`);
  return r.text ? JSON.parse(r.text) : null;
}

export const NEW_CASE = {
  received: '2025-02-03',
  channel: 'telefon',
  reasons: ['klage'],
  departments: ['Jobcenter'],
  summary: 'Borgeren har fået afslag på ressourceforløb.',
  citizen: { name: 'Signe Skjult', phone: '20304050', cpr: '070761-4285' },
};

export const createCase = (srv, extra = {}) => api(srv, 'POST', '/api/v1/cases', 201, { body: { ...NEW_CASE, ...extra } });

export const PDF = '%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n';

export async function createAttachment(srv, caseId, name = 'afgørelse.pdf', bytes = PDF) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: name.endsWith('.txt') ? 'text/plain' : 'application/pdf' }), name);
  return api(srv, 'POST', `/api/v1/cases/${caseId}/attachments`, 201, { body: form });
}

// A survey through the staff page (as `who`, from signIn); returns { id, slug }.
export async function createSurvey(srv, who, title = 'Tilfredshed') {
  const r = await send(srv.base, 'POST', '/tilfredshed', { as: who,
    body: [['questionnaire', 'borger'], ['title', title], ['opens', '2020-01-01'], ['closes', ''], ['codes', '0']] });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const id = Number(r.location.match(/^\/tilfredshed\/(\d+)/)[1]);
  const page = await send(srv.base, 'GET', `/tilfredshed/${id}`, { as: who });
  const slug = page.text.match(/href="\/svar\/([a-z0-9]{16})"/)[1];
  return { id, slug };
}

// Every route registration in src/web/*.cc, as "METHOD pattern", and a count of the method
// constants outside the two files that map methods (app.cc, server.cc): each one must belong
// to a registration the pattern found, or a route was added in a shape this parser misses.
export function sourceRoutes(readFileSync, readdirSync) {
  const dir = new URL('../../src/web/', import.meta.url).pathname;
  const routes = [];
  let mentions = 0;
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.cc'))) {
    const text = readFileSync(dir + f, 'utf8');
    const re = /(?:push_back\(\{|\badd\()\s*Method::k(Get|Post|Patch|Put|Delete|Head),\s*(?:R"\(([^]*?)\)"|"((?:[^"\\]|\\.)*)")/g;
    for (const m of text.matchAll(re)) routes.push(`${m[1].toUpperCase()} ${m[2] ?? m[3]}`);
    if (f !== 'app.cc' && f !== 'server.cc') mentions += (text.match(/Method::k(Get|Post|Patch|Put|Delete|Head|Other)\b/g) || []).length;
  }
  return { routes, mentions };
}

// Route patterns the server reports in /metrics (every route that answered a request).
export async function metricRoutes(base) {
  const text = await (await fetch(base + '/metrics')).text();
  const out = new Set();
  for (const m of text.matchAll(/brobygger_http_requests_total\{route="((?:[^"\\]|\\.)*)",status="\d+"\}/g)) {
    out.add(m[1].replace(/\\(.)/g, '$1'));
  }
  return out;
}
