// Starts a real brobygger server on an ephemeral loopback port with a fresh temporary
// SQLite database, users for every role and an API token each. Used by the HTTP and
// browser suites. The server is stopped (SIGTERM, then SIGKILL) by stop() or when the
// test process exits.
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

// Limits are raised by default so suites can sign in many times from 127.0.0.1; tests of the
// limits themselves pass their own `args`.
export async function startServer({ demo = false, args: extra = ['--login-limit', '10000', '--contact-limit', '10000'] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'bb-test-'));
  const db = join(dir, 'test.db');
  const users = {};
  if (!demo) {
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
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        const t = setTimeout(kill, 5000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
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
