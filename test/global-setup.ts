import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { findChromium, NO_CHROMIUM } from './support/browser.ts';

/**
 * Makes `npm test` self-sufficient for the Redis store tests: use REDIS_URL if set, else a Redis on
 * 127.0.0.1:6379, else start `redis-server` (no persistence, loopback, a free port) for this run.
 * Without any Redis: CI fails the Redis suites; locally they show as skipped, the reason in their
 * titles (SCOUT_TEST_NO_REDIS), and count in the summary.
 */

let started: ChildProcess | null = null;

function ping(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    // A Redis with a password answers PING with -NOAUTH: it is there all the same.
    socket.on('data', (data) => done(/^(\+PONG|-NOAUTH)/.test(data.toString())));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function hasRedisServer(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Tells the Redis suites why they skip (they show as skipped, with this reason, in the summary). */
function noRedis(reason: string): void {
  process.env.SCOUT_TEST_NO_REDIS = `${reason}; set REDIS_URL or install redis-server (README "Development")`;
}

export async function setup(): Promise<void> {
  const given = process.env.REDIS_URL;
  if (given) {
    const url = URL.canParse(given) ? new URL(given) : null;
    const ok = url !== null && (await ping(Number(url.port || 6379), url.hostname.replace(/^\[|\]$/g, '')));
    if (!ok) noRedis(`no Redis answers at REDIS_URL (${url ? url.host : 'not a URL'})`);
    return;
  }
  if (await ping(6379)) {
    process.env.REDIS_URL = 'redis://127.0.0.1:6379';
    return;
  }
  if (!hasRedisServer()) {
    noRedis('no Redis on 127.0.0.1:6379 and no redis-server on PATH');
    return;
  }
  const port = await freePort();
  started = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 100 && !(await ping(port)); i++) await new Promise((r) => setTimeout(r, 50));
  process.env.REDIS_URL = `redis://127.0.0.1:${port}`;
}

export async function teardown(): Promise<void> {
  if (process.env.SCOUT_TEST_NO_REDIS && !process.env.CI) {
    console.warn(
      `The Redis test suites were skipped (counted as skipped): ${process.env.SCOUT_TEST_NO_REDIS}`,
    );
  }
  if (!findChromium() && !process.env.CI) {
    console.warn(`No chromium: the playground's browser test skips (counted as skipped): ${NO_CHROMIUM}`);
  }
  started?.kill();
  started = null;
}
