import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from '@keyv/redis';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { openStore, type Store } from '../../src/store/index.ts';
import { describeEach, noRedisReason } from '../support/skip.ts';

/**
 * One suite, run against SQLite (a file in a fresh temp dir) and Redis (REDIS_URL, default
 * loopback). Every test gets its own namespace; Redis keys of this run are deleted afterwards.
 * Without a reachable Redis the Redis half is skipped locally but fails under CI.
 */

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** For messages: a REDIS_URL may carry a password. */
const redisAt = URL.canParse(redisUrl) ? new URL(redisUrl).host : 'REDIS_URL';
const runId = `scout-test-${process.pid}-${randomUUID().slice(0, 8)}`;
const tempDir = mkdtempSync(join(tmpdir(), 'scout-store-'));
const sqliteUrl = `sqlite://${join(tempDir, 'scout.sqlite')}`;

async function redisProblem(): Promise<string | null> {
  try {
    const store = await openStore(redisUrl, { namespace: runId });
    await store.close();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const redisDown = await redisProblem();
const redisRequired = Boolean(process.env.CI);
if (redisDown !== null && !redisRequired) {
  console.warn(
    `Skipping the Redis store tests: ${redisDown}. Start a server with ` +
      `"redis-server --port 6379 --save '' --appendonly no --daemonize yes" or set REDIS_URL.`,
  );
}

// Redis is listed even when it is down, so its suite shows as skipped (with the reason) in the summary.
const backends = [
  { name: 'sqlite', url: sqliteUrl, skip: null },
  {
    name: 'redis',
    url: redisUrl,
    skip: redisDown !== null && !redisRequired ? noRedisReason(redisUrl, redisDown) : null,
  },
] as const;

let namespaces: string[] = [];
let opened: Store[] = [];
let testNumber = 0;

/** A namespace no other test (or run) uses. */
function freshNamespace(): string {
  const namespace = `${runId}-${++testNumber}`;
  namespaces.push(namespace);
  return namespace;
}

async function deleteRedisKeys(patterns: string[]): Promise<void> {
  const client = createClient({ url: redisUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    for (const pattern of patterns) {
      for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 1000 })) {
        if (keys.length > 0) await client.del(keys);
      }
    }
  } finally {
    await client.close();
  }
}

afterEach(async () => {
  await Promise.all(opened.map((store) => store.close()));
  opened = [];
  if (redisDown === null) await deleteRedisKeys(namespaces.map((namespace) => `${namespace}:*`));
  namespaces = [];
});

afterAll(() => {
  rmSync(tempDir, { recursive: true, force: true });
});

describeEach(backends, '$name store', ({ name, url }) => {
  async function open(namespace = freshNamespace()): Promise<Store> {
    if (name === 'redis' && redisDown !== null) {
      throw new Error(
        `Redis is required when CI is set, but Redis at ${redisAt} did not answer: ${redisDown}`,
      );
    }
    const store = await openStore(url, { namespace });
    opened.push(store);
    return store;
  }

  /** Two independent handles on one namespace: two SQLite connections to one file, or two Redis connections. */
  async function openTwice(): Promise<[Store, Store]> {
    const namespace = freshNamespace();
    return [await open(namespace), await open(namespace)];
  }

  test('reports its backend and can be closed twice', async () => {
    const store = await open();
    expect(store.backend).toBe(name);
    await store.close();
    await store.close();
  });

  describe('kv', () => {
    test('round-trips JSON values; a Date comes back as its ISO string', async () => {
      const { kv } = await open();
      const values: Record<string, unknown> = {
        object: { a: 1, nested: { list: [1, 'two', { three: true }] }, none: null },
        number: 42,
        negative: -1.5,
        zero: 0,
        string: 'hello',
        colon: ':starts with a colon',
        empty: '',
        yes: true,
        no: false,
        nothing: null,
        array: [1, 'a', null, [2]],
      };
      for (const [key, value] of Object.entries(values)) await kv.set(key, value);
      for (const [key, value] of Object.entries(values)) expect(await kv.get(key), key).toEqual(value);

      // Keyv's serializer writes a Date with toJSON() and does not revive it.
      await kv.set('date', new Date('2024-05-06T07:08:09.010Z'));
      expect(await kv.get('date')).toBe('2024-05-06T07:08:09.010Z');
    });

    test('get, set, has and delete', async () => {
      const { kv } = await open();
      expect(await kv.get('missing')).toBeUndefined();
      expect(await kv.has('missing')).toBe(false);
      await kv.set('job:1', { state: 'running' });
      expect(await kv.has('job:1')).toBe(true);
      await kv.set('job:1', { state: 'done' });
      expect(await kv.get('job:1')).toEqual({ state: 'done' });
      expect(await kv.delete('job:1')).toBe(true);
      expect(await kv.delete('job:1')).toBe(false);
      expect(await kv.get('job:1')).toBeUndefined();
      expect(await kv.has('job:1')).toBe(false);
    });

    test('setMany, getMany, hasMany and deleteMany', async () => {
      const { kv } = await open();
      await kv.setMany([
        { key: 'a', value: 1 },
        { key: 'b', value: 'two' },
      ]);
      expect(await kv.getMany(['a', 'b', 'c'])).toEqual([1, 'two', undefined]);
      expect(await kv.hasMany(['a', 'c'])).toEqual([true, false]);
      await kv.deleteMany(['a', 'b']);
      expect(await kv.getMany(['a', 'b'])).toEqual([undefined, undefined]);
    });

    test('an entry with a TTL is gone after it expires; one without stays', async () => {
      const { kv } = await open();
      await kv.set('short', 'x', 60);
      await kv.set('long', 'y', 60_000);
      await kv.set('forever', 'z');
      await sleep(150);
      expect(await kv.get('short')).toBeUndefined();
      expect(await kv.has('short')).toBe(false);
      expect(await kv.get('long')).toBe('y');
      expect(await kv.get('forever')).toBe('z');
    });

    test('iterates over its own namespace', async () => {
      const mine = await open();
      const other = await open();
      await mine.kv.set('a', 1);
      await mine.kv.set('b', { two: 2 });
      await other.kv.set('c', 3);
      const entries: Array<[string, unknown]> = [];
      for await (const [key, value] of mine.kv.iterator!(mine.kv.namespace)) entries.push([key, value]);
      expect(entries.sort(([a], [b]) => a.localeCompare(b))).toEqual([
        ['a', 1],
        ['b', { two: 2 }],
      ]);
    });

    test('clear() empties only its own namespace and leaves atomic data alone', async () => {
      const mine = await open();
      const other = await open();
      await mine.kv.set('k', 'mine');
      await other.kv.set('k', 'other');
      await mine.atomic.adjust('spent', 5);
      await mine.kv.clear();
      expect(await mine.kv.get('k')).toBeUndefined();
      expect(await other.kv.get('k')).toBe('other');
      expect(await mine.atomic.read('spent')).toBe(5);
    });
  });

  describe('counters', () => {
    test('reserve adds only within the limit; a refusal reports the current total', async () => {
      const { atomic } = await open();
      expect(await atomic.read('budget')).toBe(0);
      expect(await atomic.reserve('budget', 400, 1000)).toEqual({ ok: true, total: 400 });
      expect(await atomic.reserve('budget', 700, 1000)).toEqual({ ok: false, total: 400 });
      expect(await atomic.read('budget')).toBe(400);
      expect(await atomic.reserve('budget', 600, 1000)).toEqual({ ok: true, total: 1000 });
      expect(await atomic.reserve('budget', 1, 1000)).toEqual({ ok: false, total: 1000 });
      expect(await atomic.read('budget')).toBe(1000);
    });

    test('adjust adds or releases and returns the new total', async () => {
      const { atomic } = await open();
      await atomic.reserve('budget', 300, 1000);
      expect(await atomic.adjust('budget', -300)).toBe(0);
      expect(await atomic.adjust('budget', 250)).toBe(250);
      expect(await atomic.adjust('budget', -50)).toBe(200);
      expect(await atomic.reserve('budget', 800, 1000)).toEqual({ ok: true, total: 1000 });
      expect(await atomic.adjust('fresh', -7)).toBe(-7);
    });

    async function reserveConcurrently(stores: Store[], attempts: number, amount: number, limit: number) {
      const results = await Promise.all(
        Array.from({ length: attempts }, (_, i) =>
          stores[i % stores.length]!.atomic.reserve('budget', amount, limit),
        ),
      );
      const accepted = results.filter((result) => result.ok);
      const refused = results.filter((result) => !result.ok);
      const expected = Math.floor(limit / amount);
      expect(accepted).toHaveLength(expected);
      // No two reservations saw the same old total: the accepted totals are exactly the steps.
      expect(accepted.map((r) => r.total).sort((a, b) => a - b)).toEqual(
        Array.from({ length: expected }, (_, i) => (i + 1) * amount),
      );
      // Refusals only start once the total can take no more, and nothing is ever released here.
      for (const result of refused) expect(result.total).toBe(expected * amount);
      const total = await stores[0]!.atomic.read('budget');
      expect(total).toBe(expected * amount);
      expect(total).toBeLessThanOrEqual(limit);
    }

    test('200 concurrent reservations never pass the limit', async () => {
      await reserveConcurrently([await open()], 200, 7, 1000);
    });

    test('200 concurrent reservations through two store instances never pass the limit', async () => {
      await reserveConcurrently(await openTwice(), 200, 7, 1000);
    });

    test('a counter with a TTL expires; writes without a TTL keep it, writes with one reset it', async () => {
      const { atomic } = await open();
      await atomic.adjust('expiring', 5, 60);
      await atomic.adjust('kept', 1, 60);
      expect(await atomic.adjust('kept', 1)).toBe(2);
      await atomic.reserve('renewed', 1, 10, 60);
      await atomic.reserve('renewed', 1, 10, 60_000);
      await sleep(150);
      expect(await atomic.read('expiring')).toBe(0);
      expect(await atomic.read('kept')).toBe(0);
      expect(await atomic.read('renewed')).toBe(2);
      // An expired counter starts again from zero.
      expect(await atomic.reserve('expiring', 3, 5)).toEqual({ ok: true, total: 3 });
    });

    test('non-integer amounts, deltas, limits and TTLs throw before touching the store', async () => {
      const { atomic } = await open();
      await expect(atomic.reserve('budget', 1.5, 10)).rejects.toThrow(TypeError);
      await expect(atomic.reserve('budget', 1, 10.5)).rejects.toThrow(TypeError);
      await expect(atomic.reserve('budget', Number.NaN, 10)).rejects.toThrow(TypeError);
      await expect(atomic.reserve('budget', 1, Number.POSITIVE_INFINITY)).rejects.toThrow(TypeError);
      await expect(atomic.reserve('budget', 1, 10, 2.5)).rejects.toThrow(TypeError);
      await expect(atomic.adjust('budget', 0.1)).rejects.toThrow(TypeError);
      await expect(atomic.incrementField('spend', 'u1', 1.25)).rejects.toThrow(TypeError);
      await expect(atomic.reserve('budget', -1, 10)).rejects.toThrow(RangeError);
      await expect(atomic.acquireLease('lease', 'a', 0)).rejects.toThrow(RangeError);
      await expect(atomic.appendLog('log', 'x', 0)).rejects.toThrow(RangeError);
      expect(await atomic.read('budget')).toBe(0);
      expect(await atomic.readFields('spend')).toEqual({});
      expect(await atomic.leaseHolder('lease')).toBeNull();
      expect(await atomic.readLog('log', 10)).toEqual([]);
    });
  });

  describe('leases', () => {
    test('exactly one of many concurrent contenders gets the lease', async () => {
      const stores = await openTwice();
      const owners = Array.from({ length: 50 }, (_, i) => `worker-${i}`);
      const results = await Promise.all(
        owners.map((owner, i) => stores[i % 2]!.atomic.acquireLease('poller', owner, 10_000)),
      );
      const winners = owners.filter((_, i) => results[i]);
      expect(winners).toHaveLength(1);
      expect(await stores[0].atomic.leaseHolder('poller')).toBe(winners[0]);
      expect(await stores[1].atomic.leaseHolder('poller')).toBe(winners[0]);
    });

    test('only the holder can renew or release it', async () => {
      const { atomic } = await open();
      expect(await atomic.leaseHolder('poller')).toBeNull();
      expect(await atomic.acquireLease('poller', 'a', 10_000)).toBe(true);
      expect(await atomic.acquireLease('poller', 'b', 10_000)).toBe(false);
      expect(await atomic.renewLease('poller', 'a', 10_000)).toBe(true);
      expect(await atomic.renewLease('poller', 'b', 10_000)).toBe(false);
      expect(await atomic.releaseLease('poller', 'b')).toBe(false);
      expect(await atomic.leaseHolder('poller')).toBe('a');
      expect(await atomic.releaseLease('poller', 'a')).toBe(true);
      expect(await atomic.leaseHolder('poller')).toBeNull();
      expect(await atomic.releaseLease('poller', 'a')).toBe(false);
      expect(await atomic.renewLease('poller', 'a', 10_000)).toBe(false);
      expect(await atomic.acquireLease('poller', 'b', 10_000)).toBe(true);
    });

    test('an expired lease is free: another owner takes it and the old one cannot renew', async () => {
      const { atomic } = await open();
      expect(await atomic.acquireLease('poller', 'a', 60)).toBe(true);
      await sleep(150);
      expect(await atomic.leaseHolder('poller')).toBeNull();
      expect(await atomic.acquireLease('poller', 'b', 10_000)).toBe(true);
      expect(await atomic.renewLease('poller', 'a', 10_000)).toBe(false);
      expect(await atomic.releaseLease('poller', 'a')).toBe(false);
      expect(await atomic.leaseHolder('poller')).toBe('b');
    });

    test('acquiring again as the holder extends the lease', async () => {
      const { atomic } = await open();
      expect(await atomic.acquireLease('poller', 'a', 60)).toBe(true);
      expect(await atomic.acquireLease('poller', 'a', 10_000)).toBe(true);
      await sleep(150);
      expect(await atomic.leaseHolder('poller')).toBe('a');
    });

    test('renewing extends the lease', async () => {
      const { atomic } = await open();
      expect(await atomic.acquireLease('poller', 'a', 60)).toBe(true);
      expect(await atomic.renewLease('poller', 'a', 10_000)).toBe(true);
      await sleep(150);
      expect(await atomic.leaseHolder('poller')).toBe('a');
    });
  });

  describe('sets', () => {
    test('add, remove and list members', async () => {
      const { atomic } = await open();
      expect(await atomic.setMembers('active-jobs')).toEqual([]);
      await atomic.addToSet('active-jobs', 'job-1');
      await atomic.addToSet('active-jobs', 'job-2');
      await atomic.addToSet('active-jobs', 'job-1');
      expect((await atomic.setMembers('active-jobs')).sort()).toEqual(['job-1', 'job-2']);
      await atomic.removeFromSet('active-jobs', 'job-1');
      await atomic.removeFromSet('active-jobs', 'never-added');
      expect(await atomic.setMembers('active-jobs')).toEqual(['job-2']);
      await atomic.removeFromSet('active-jobs', 'job-2');
      expect(await atomic.setMembers('active-jobs')).toEqual([]);
    });
  });

  describe('fields', () => {
    test('increment named tallies and read them all', async () => {
      const { atomic } = await open();
      expect(await atomic.readFields('spend:2024-05')).toEqual({});
      expect(await atomic.incrementField('spend:2024-05', 'U1', 1500)).toBe(1500);
      expect(await atomic.incrementField('spend:2024-05', 'U1', 250)).toBe(1750);
      expect(await atomic.incrementField('spend:2024-05', 'U2', 100)).toBe(100);
      expect(await atomic.incrementField('spend:2024-05', 'U2', -40)).toBe(60);
      expect(await atomic.readFields('spend:2024-05')).toEqual({ U1: 1750, U2: 60 });
    });

    test('concurrent increments from two store instances all count', async () => {
      const stores = await openTwice();
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => stores[i % 2]!.atomic.incrementField('spend', `U${i % 3}`, 10)),
      );
      expect(await stores[0].atomic.readFields('spend')).toEqual({ U0: 340, U1: 330, U2: 330 });
    });

    test('a TTL applies to the whole key and each write with a TTL resets it', async () => {
      const { atomic } = await open();
      await atomic.incrementField('renewed', 'a', 1, 60);
      await atomic.incrementField('renewed', 'b', 1, 60_000);
      await atomic.incrementField('expiring', 'a', 1, 60);
      await atomic.incrementField('expiring', 'b', 1);
      await sleep(150);
      expect(await atomic.readFields('renewed')).toEqual({ a: 1, b: 1 });
      expect(await atomic.readFields('expiring')).toEqual({});
      expect(await atomic.incrementField('expiring', 'a', 5)).toBe(5);
      expect(await atomic.readFields('expiring')).toEqual({ a: 5 });
    });
  });

  describe('logs', () => {
    test('newest first, capped at maxLength', async () => {
      const { atomic } = await open();
      expect(await atomic.readLog('events', 10)).toEqual([]);
      for (const entry of ['e1', 'e2', 'e3', 'e4', 'e5']) await atomic.appendLog('events', entry, 3);
      expect(await atomic.readLog('events', 10)).toEqual(['e5', 'e4', 'e3']);
      expect(await atomic.readLog('events', 2)).toEqual(['e5', 'e4']);
      expect(await atomic.readLog('events', 0)).toEqual([]);
      await atomic.appendLog('events', 'e6', 5);
      expect(await atomic.readLog('events', 10)).toEqual(['e6', 'e5', 'e4', 'e3']);
    });

    test('concurrent appends from two store instances keep the cap', async () => {
      const stores = await openTwice();
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => stores[i % 2]!.atomic.appendLog('events', `e${i}`, 10)),
      );
      const entries = await stores[1].atomic.readLog('events', 100);
      expect(entries).toHaveLength(10);
      expect(new Set(entries).size).toBe(10);
    });

    test('a log with a TTL expires as a whole', async () => {
      const { atomic } = await open();
      await atomic.appendLog('expiring', 'a', 10, 60);
      await atomic.appendLog('expiring', 'b', 10);
      await atomic.appendLog('renewed', 'a', 10, 60);
      await atomic.appendLog('renewed', 'b', 10, 60_000);
      await sleep(150);
      expect(await atomic.readLog('expiring', 10)).toEqual([]);
      expect(await atomic.readLog('renewed', 10)).toEqual(['b', 'a']);
      await atomic.appendLog('expiring', 'c', 10);
      expect(await atomic.readLog('expiring', 10)).toEqual(['c']);
    });
  });

  test('namespaces isolate every kind of key', async () => {
    const one = await open();
    const two = await open();
    await one.kv.set('k', 'one');
    await one.atomic.adjust('k', 5);
    await one.atomic.acquireLease('k', 'one', 10_000);
    await one.atomic.addToSet('k', 'one');
    await one.atomic.incrementField('k', 'f', 5);
    await one.atomic.appendLog('k', 'one', 10);

    expect(await two.kv.get('k')).toBeUndefined();
    expect(await two.atomic.read('k')).toBe(0);
    expect(await two.atomic.leaseHolder('k')).toBeNull();
    expect(await two.atomic.acquireLease('k', 'two', 10_000)).toBe(true);
    expect(await two.atomic.setMembers('k')).toEqual([]);
    expect(await two.atomic.readFields('k')).toEqual({});
    expect(await two.atomic.readLog('k', 10)).toEqual([]);
    expect(await one.atomic.leaseHolder('k')).toBe('one');
  });

  test('the same name in different kinds never collides', async () => {
    const { kv, atomic } = await open();
    await kv.set('x', 'value');
    await atomic.adjust('x', 1);
    await atomic.acquireLease('x', 'owner', 10_000);
    await atomic.addToSet('x', 'member');
    await atomic.incrementField('x', 'f', 2);
    await atomic.appendLog('x', 'entry', 5);
    expect(await kv.get('x')).toBe('value');
    expect(await atomic.read('x')).toBe(1);
    expect(await atomic.leaseHolder('x')).toBe('owner');
    expect(await atomic.setMembers('x')).toEqual(['member']);
    expect(await atomic.readFields('x')).toEqual({ f: 2 });
    expect(await atomic.readLog('x', 5)).toEqual(['entry']);
  });
});
