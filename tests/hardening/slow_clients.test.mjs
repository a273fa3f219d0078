// Slow clients (issue 9): 500 connections that send a request header one byte every 2 s
// (slowloris) must not keep other clients from being served. For 22 s the 500 slow
// connections are held open (each one the server closes is opened again at once) while a
// normal client keeps reading a case over keep-alive and on new connections; every normal
// request must be answered 200 within 2 s, and the server must close every slow connection
// by its header time limit (read_next_http_message_timelimit, 10 s; src/web/server.cc).
//
//   BROBYGGER_BIN=build/brobygger node --test tests/hardening/slow_clients.test.mjs
// BROBYGGER_TEST_BACKEND=postgresql (with BROBYGGER_TEST_PG) runs it against PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { startServer, BACKEND } from '../lib/server.mjs';

const SLOW = 500;
const BYTE_EVERY_MS = 2000;
const HOLD_MS = 22000;          // two rounds of the 10 s header limit and then some
const HEADER_LIMIT_MS = 10000;  // the server's read_next_http_message_timelimit
const NORMAL_BOUND_MS = 2000;

// One slowloris connection: a request line, then one header byte every BYTE_EVERY_MS, never
// the blank line. Resolves with how long the server let it live and whether it answered.
function slowConnection(port, stats) {
  return new Promise((resolve) => {
    const opened = Date.now();
    let answered = false, timer = null, connected = false;
    const sock = net.connect({ port, host: '127.0.0.1' }, () => {
      connected = true;
      sock.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      timer = setInterval(() => { if (!sock.destroyed) sock.write('a'); }, BYTE_EVERY_MS);
    });
    sock.on('data', () => { answered = true; });
    sock.on('error', () => {});
    sock.on('close', () => {
      clearInterval(timer);
      stats.closed++;
      resolve({ connected, answered, lived: Date.now() - opened });
    });
    stats.sockets.add(sock);
    sock.once('close', () => stats.sockets.delete(sock));
  });
}

// A GET on a new TCP connection (no keep-alive agent): the server must still accept.
function getFresh(base, path, token) {
  return new Promise((resolve) => {
    const req = http.get(base + path, { agent: false, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } },
      (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
    req.setTimeout(10000, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve(`error: ${e.message}`));
  });
}

test(`500 slow-header clients do not stop other clients (${BACKEND})`, { timeout: 90000 }, async () => {
  const srv = await startServer();
  try {
    const token = srv.users.advisor.token;
    const port = Number(new URL(srv.base).port);
    const created = await fetch(srv.base + '/api/v1/cases', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ received: '2024-03-14', channel: 'telefon', reasons: ['klage'], departments: ['Jobcenter'],
        summary: 'Sag til læsning under langsomme klienter.', citizen: { name: 'Borger Langsom' } }),
    });
    assert.equal(created.status, 201);
    const caseId = (await created.json()).id;

    // Hold SLOW slow connections open, replacing each the server closes, until HOLD_MS.
    const stats = { closed: 0, sockets: new Set() };
    const results = [];
    let holding = true;
    const keepOne = async () => {
      while (holding) results.push(await slowConnection(port, stats));
    };
    const slowLoops = Array.from({ length: SLOW }, keepOne);
    await new Promise((r) => setTimeout(r, 1000));  // let them connect
    const openAtStart = stats.sockets.size;

    // The normal client meanwhile: keep-alive reads (fetch) and reads on new connections.
    const normal = [];
    const started = Date.now();
    while (Date.now() - started < HOLD_MS - 1000) {
      for (const fresh of [false, true]) {
        const t0 = Date.now();
        let status;
        if (fresh) {
          status = await getFresh(srv.base, `/api/v1/cases/${caseId}`, token);
        } else {
          try {
            const res = await fetch(`${srv.base}/api/v1/cases/${caseId}`, { headers: { authorization: `Bearer ${token}` } });
            await res.arrayBuffer();
            status = res.status;
          } catch (e) {
            status = `error: ${e.message}`;
          }
        }
        normal.push({ fresh, status, ms: Date.now() - t0, at: t0 - started });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    holding = false;
    const stillOpen = stats.sockets.size;
    // Whatever is still open is closed by the server within the header limit.
    await Promise.race([Promise.all(slowLoops), new Promise((r) => setTimeout(r, HEADER_LIMIT_MS + 5000))]);
    for (const s of stats.sockets) s.destroy();

    const bad = normal.filter((n) => n.status !== 200 || n.ms >= NORMAL_BOUND_MS);
    const worst = Math.max(...normal.map((n) => n.ms));
    const lived = results.filter((r) => r.connected).map((r) => r.lived);
    const longest = Math.max(...lived);
    console.log(`slow connections: ${openAtStart} open after 1 s, ${results.length} closed by the server in all ` +
      `(longest lived ${longest} ms), ${stillOpen} open at the end of the hold; ` +
      `normal requests: ${normal.length}, slowest ${worst} ms, failed/slow ${bad.length}`);

    assert.ok(openAtStart >= SLOW * 0.95, `only ${openAtStart} of ${SLOW} slow connections were open`);
    assert.ok(normal.length >= 40, `only ${normal.length} normal requests were made`);
    assert.deepEqual(bad, [], 'every normal request is answered 200 within 2 s');
    // Every slow connection was closed by the server (none answered: the header never ended),
    // no sooner than a few byte intervals and no later than the header limit plus slack.
    assert.equal(stats.sockets.size, 0, `${stats.sockets.size} slow connections were not closed by the server`);
    assert.ok(results.length >= 2 * SLOW - 10, `the server closed only ${results.length} slow connections in two rounds`);
    assert.equal(results.filter((r) => r.answered).length, 0, 'a slow connection got an answer');
    assert.ok(longest <= HEADER_LIMIT_MS + 3000, `a slow connection lived ${longest} ms (limit ${HEADER_LIMIT_MS} ms)`);
    // The server is still healthy.
    assert.equal((await fetch(srv.base + '/healthz')).status, 200);
  } finally {
    await srv.stop();
  }
});
