// Starts a real brobygger server on an ephemeral loopback port with a fresh temporary
// database, users for every role and an API token each. Used by the HTTP and browser suites.
// The server is stopped (SIGTERM, then SIGKILL) by stop() or when the test process exits.
//
// The database is SQLite (a temporary file), or with BROBYGGER_TEST_BACKEND=postgresql a fresh
// database on the PostgreSQL server BROBYGGER_TEST_PG names (scripts/pg_cluster.sh starts a
// throwaway one), dropped by stop(). dbRows, dbExec, dbDump and dbColumns look into either.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = process.env.BROBYGGER_BIN || new URL('../../build/brobygger', import.meta.url).pathname;

export function cli(db, args, input) {
  const r = spawnSync(BIN, ['--db', db, ...args], { input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const ROLES = ['advisor', 'assistant', 'manager', 'admin'];

export const BACKEND = process.env.BROBYGGER_TEST_BACKEND || 'sqlite';
const PG_ADMIN = process.env.BROBYGGER_TEST_PG || '';
if (BACKEND === 'postgresql' && !PG_ADMIN) {
  throw new Error('BROBYGGER_TEST_BACKEND=postgresql needs BROBYGGER_TEST_PG (eval "$(scripts/pg_cluster.sh start)")');
}
const isPg = (db) => db.startsWith('postgresql://');
let pgCount = 0;

function psql(url, args, input) {
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, ...args], { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

// A fresh, empty PostgreSQL database; returns its URL.
export function createPgDatabase() {
  const name = `bb_http_${process.pid}_${++pgCount}`;
  psql(PG_ADMIN, ['-c', `CREATE DATABASE ${name}`]);
  return PG_ADMIN.slice(0, PG_ADMIN.lastIndexOf('/') + 1) + name;
}

export function dropPgDatabase(url) {
  psql(PG_ADMIN, ['-c', `DROP DATABASE IF EXISTS ${url.slice(url.lastIndexOf('/') + 1)} WITH (FORCE)`]);
}

// The rows of a query as objects (integers as numbers, NULL as null).
export function dbRows(db, query) {
  if (isPg(db)) {
    const out = psql(db, ['-A', '-t', '-c', `SELECT COALESCE(json_agg(t), '[]') FROM (${query}) t`]).trim();
    return JSON.parse(out);
  }
  const r = spawnSync('sqlite3', ['-readonly', '-json', db, query], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3 ${query}: ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : [];
}

// Runs a statement that changes the database.
export function dbExec(db, statement) {
  if (isPg(db)) return void psql(db, ['-c', statement]);
  const r = spawnSync('sqlite3', [db, statement], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3 ${statement}: ${r.stderr}`);
}

// Everything the database holds, as text (sqlite3 .dump / pg_dump).
export function dbDump(db) {
  const r = isPg(db)
    ? spawnSync('pg_dump', ['--dbname', db], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync('sqlite3', ['-readonly', db, '.dump'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`dump: ${r.stderr}`);
  return r.stdout;
}

// The column names of a table.
export function dbColumns(db, table) {
  if (isPg(db)) {
    return dbRows(db, `SELECT column_name AS name FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position`)
      .map((c) => c.name);
  }
  return dbRows(db, `PRAGMA table_info(${table})`).map((c) => c.name);
}

// Limits are raised by default so suites can sign in many times from 127.0.0.1; tests of the
// limits themselves pass their own `args`.
// `backend` overrides BROBYGGER_TEST_BACKEND; `db` starts the server on an existing database
// (no users are added then; stop() leaves that database alone).
export async function startServer({ demo = false, args: extra = ['--login-limit', '10000', '--contact-limit', '10000'],
  backend = BACKEND, db: existing = null } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bb-test-'));
  const db = existing ?? (backend === 'postgresql' ? createPgDatabase() : join(dir, 'test.db'));
  const users = {};
  if (!demo && !existing) {
    let r = cli(db, ['init', '--municipality', 'Testrup Kommune']);
    if (r.code !== 0) throw new Error(`init failed: ${r.stderr}`);
    for (const role of ROLES) {
      const email = `${role}@testrup.dk`;
      const password = `Hemmeligt-${role}-12345`;
      r = cli(db, ['user', 'add', '--email', email, '--name', `Test ${role}`, '--role', role, '--password-stdin'], password + '\n');
      if (r.code !== 0) throw new Error(`user add failed: ${r.stderr}`);
      r = cli(db, ['--format', 'json', 'token', 'create', '--email', email]);
      if (r.code !== 0) throw new Error(`token create failed: ${r.stderr}`);
      users[role] = { email, password, token: JSON.parse(r.stdout).token };
    }
  }
  const args = ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--threads', '8'];
  if (demo) args.push('--demo');
  args.push(...extra);
  const proc = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60000);
    const onData = (chunk) => {
      output += chunk.toString();
      const m = output.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (c) => { output += c.toString(); });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}):\n${output}`)); });
  });
  const kill = () => { try { proc.kill('SIGKILL'); } catch { /* gone */ } };
  process.on('exit', kill);
  return {
    base, db, dir, users, proc, output: () => output,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {  // still running
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        const t = setTimeout(kill, 5000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
      if (isPg(db) && !existing) dropPgDatabase(db);
    },
  };
}

// Minimal cookie jar + CSRF-aware client for the HTML pages.
export class Browserless {
  constructor(base) { this.base = base; this.cookies = new Map(); }
  cookieHeader() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  store(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i), value = pair.slice(i + 1);
      if (/Max-Age=0/.test(c)) this.cookies.delete(name); else this.cookies.set(name, value);
    }
  }
  async get(path) {
    const res = await fetch(this.base + path, { headers: { cookie: this.cookieHeader() }, redirect: 'manual' });
    this.store(res);
    return { res, text: await res.text() };
  }
  csrfFrom(html) {
    const m = html.match(/name="_csrf" value="([^"]+)"/);
    if (!m) throw new Error('no CSRF token on page');
    return m[1];
  }
  async post(path, fields, { multipart = false } = {}) {
    let body;
    const headers = { cookie: this.cookieHeader() };
    if (multipart) {
      body = new FormData();
      for (const [k, v] of fields) body.append(k, v);
    } else {
      body = new URLSearchParams(fields).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(this.base + path, { method: 'POST', body, headers, redirect: 'manual' });
    this.store(res);
    return { res, text: await res.text() };
  }
  async login(email, password) {
    const page = await this.get('/login');
    const csrf = this.csrfFrom(page.text);
    return this.post('/login', [['_csrf', csrf], ['email', email], ['password', password]]);
  }
}
