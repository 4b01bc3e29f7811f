import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DatabaseSync } from 'node:sqlite';
import type { Readable, Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scout-sqlite-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('sqlite store file', () => {
  test('creates missing parent folders', async () => {
    const path = join(dir, 'nested', 'deeper', 'scout.sqlite');
    const store = await openStore(`sqlite://${path}`);
    await store.kv.set('k', 1);
    await store.close();
    expect(existsSync(path)).toBe(true);
  });

  test('data survives closing and reopening the file', async () => {
    const url = `sqlite://${join(dir, 'scout.sqlite')}`;
    const first = await openStore(url);
    await first.kv.set('settings', { channel: 'C1' });
    await first.kv.set('cache', 'soon gone', 60_000);
    await first.atomic.reserve('budget', 700, 1000);
    await first.atomic.acquireLease('poller', 'a', 60_000);
    await first.atomic.addToSet('active-jobs', 'job-1');
    await first.atomic.incrementField('spend', 'U1', 42);
    await first.atomic.appendLog('events', 'started', 10);
    await first.close();

    const second = await openStore(url);
    try {
      expect(await second.kv.get('settings')).toEqual({ channel: 'C1' });
      expect(await second.kv.get('cache')).toBe('soon gone');
      expect(await second.atomic.reserve('budget', 400, 1000)).toEqual({ ok: false, total: 700 });
      expect(await second.atomic.leaseHolder('poller')).toBe('a');
      expect(await second.atomic.setMembers('active-jobs')).toEqual(['job-1']);
      expect(await second.atomic.readFields('spend')).toEqual({ U1: 42 });
      expect(await second.atomic.readLog('events', 10)).toEqual(['started']);
    } finally {
      await second.close();
    }
  });

  test('expired rows are swept from the file', async () => {
    const path = join(dir, 'scout.sqlite');
    const store = await openSqliteStore(path, { namespace: 'sweep', sweepIntervalMs: 0 });
    await store.kv.set('cache', 'x', 50);
    await store.atomic.adjust('counter', 1, 50);
    await store.atomic.acquireLease('lease', 'a', 50);
    await store.atomic.incrementField('fields', 'f', 1, 50);
    await store.atomic.appendLog('log', 'e', 5, 50);
    await sleep(120);
    await store.kv.set('trigger', 'a write sweeps');

    const raw = new DatabaseSync(path, { readOnly: true });
    try {
      for (const table of ['counters', 'leases', 'fields', 'log_entries']) {
        expect(raw.prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 });
      }
      expect(raw.prepare('SELECT key FROM kv').all()).toEqual([{ key: 'trigger' }]);
    } finally {
      raw.close();
      await store.close();
    }
  });

  test('reservations from three processes on one file never pass the limit', async () => {
    const url = `sqlite://${join(dir, 'shared.sqlite')}`;
    const storeModule = new URL('../../src/store/index.ts', import.meta.url).href;
    const attempts = 200;
    const amount = 3;
    const limit = 1000;
    // Each child opens the store, says "ready", waits for the go signal on stdin, then reserves as
    // fast as it can, so all three processes contend for the file's write lock at once.
    const child = `
      import { openStore } from ${JSON.stringify(storeModule)};
      const [url, attempts, amount, limit] = process.argv.slice(1);
      const store = await openStore(url, { namespace: 'shared' });
      process.stdout.write('ready\\n');
      await new Promise((resolve) => process.stdin.once('data', resolve));
      process.stdin.destroy();
      let accepted = 0;
      for (let i = 0; i < Number(attempts); i++) {
        if ((await store.atomic.reserve('budget', Number(amount), Number(limit))).ok) accepted++;
      }
      await store.close();
      process.stdout.write(JSON.stringify({ accepted }) + '\\n');
    `;
    const spawnChild = () =>
      spawn(
        process.execPath,
        ['--input-type=module', '-e', child, url, String(attempts), String(amount), String(limit)],
        { stdio: ['pipe', 'pipe', 'inherit'] },
      );
    const children = [spawnChild(), spawnChild()];
    const lines = children.map((worker) => readLines(worker));
    await Promise.all(lines.map(async (next) => expect(await next()).toBe('ready')));

    const store = await openStore(url, { namespace: 'shared' });
    try {
      for (const worker of children) worker.stdin.end('go\n');
      let accepted = 0;
      for (let i = 0; i < attempts; i++) {
        if ((await store.atomic.reserve('budget', amount, limit)).ok) accepted++;
      }
      for (const next of lines) accepted += JSON.parse(await next()).accepted;
      expect(accepted).toBe(Math.floor(limit / amount));
      expect(await store.atomic.read('budget')).toBe(Math.floor(limit / amount) * amount);
    } finally {
      await store.close();
      for (const worker of children) worker.kill();
    }
  });
});

/** Reads a child's stdout line by line; fails if it exits before the next line. */
function readLines(child: ChildProcessByStdio<Writable, Readable, null>): () => Promise<string> {
  const queue: string[] = [];
  const waiting: Array<{ resolve: (line: string) => void; reject: (error: Error) => void }> = [];
  let ended = false;
  createInterface({ input: child.stdout }).on('line', (line) => {
    const waiter = waiting.shift();
    if (waiter) waiter.resolve(line);
    else queue.push(line);
  });
  // 'close' (not 'exit') fires after stdout is drained, so every line has been seen by then.
  child.on('close', (code) => {
    ended = true;
    for (const waiter of waiting.splice(0))
      waiter.reject(new Error(`child exited (code ${code}) before writing`));
  });
  return () => {
    const line = queue.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (ended) return Promise.reject(new Error('child exited before writing'));
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
}
