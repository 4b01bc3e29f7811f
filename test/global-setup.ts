import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createConnection, createServer } from 'node:net';

/**
 * Makes `npm test` self-sufficient for the Redis store tests: use REDIS_URL if set, else a Redis on
 * 127.0.0.1:6379, else start `redis-server` (no persistence, loopback, a free port) for this run.
 * Without any Redis: CI fails the Redis suites; locally they skip with a message.
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
    socket.on('data', (data) => done(data.toString().startsWith('+PONG')));
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

export async function setup(): Promise<void> {
  if (process.env.REDIS_URL) return;
  if (await ping(6379)) {
    process.env.REDIS_URL = 'redis://127.0.0.1:6379';
    return;
  }
  if (!hasRedisServer()) {
    process.env.SCOUT_TEST_NO_REDIS = 'no Redis: set REDIS_URL or install redis-server';
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
  started?.kill();
  started = null;
}
