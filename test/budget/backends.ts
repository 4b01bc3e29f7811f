import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createClient } from '@keyv/redis';
import { type MockApi, type MockApiOptions, startMockApi } from '../../mock-api/server.ts';
import { BudgetGuard, type BudgetGuardOptions, type ThresholdListener } from '../../src/budget/guard.ts';
import { PaidLookups, type PaidLookupsOptions } from '../../src/budget/lookup-cache.ts';
import { InfluencersClubClient } from '../../src/ic/client.ts';
import { createLogger, type Logger } from '../../src/log.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { noRedisReason } from '../support/skip.ts';

/**
 * Real parts for the budget tests: SQLite in a temp dir and Redis at REDIS_URL (skipped locally when
 * no Redis answers, required under CI), the API double over loopback through the real client.
 */

export const API_KEY = 'test-key';
export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const runId = `scout-budget-${process.pid}-${randomUUID().slice(0, 8)}`;

async function redisProblem(): Promise<string | null> {
  try {
    const store = await openStore(redisUrl, { namespace: `${runId}-probe` });
    await store.close();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const redisDown = await redisProblem();
const redisRequired = Boolean(process.env.CI);
if (redisDown !== null && !redisRequired) {
  console.warn(`Skipping the Redis budget tests: ${redisDown}. Start redis-server or set REDIS_URL.`);
}
export const redisAvailable = redisDown === null || redisRequired;

export interface Backend {
  name: 'sqlite' | 'redis';
  /** Why this backend's suites are skipped (no Redis locally), or null. */
  skip: string | null;
  /** A fresh place to keep data: a new SQLite file, or Redis with a fresh namespace. */
  fresh(): { url: string; namespace: string };
}

const tempDirs: string[] = [];
const namespaces: string[] = [];
let counter = 0;

export const backends: Backend[] = [
  {
    name: 'sqlite',
    skip: null,
    fresh() {
      const dir = mkdtempSync(join(tmpdir(), 'scout-budget-'));
      tempDirs.push(dir);
      return { url: `sqlite://${join(dir, 'scout.sqlite')}`, namespace: `${runId}-${++counter}` };
    },
  },
  {
    name: 'redis',
    // Listed even without a Redis, so its suites show as skipped (with the reason) in the summary.
    skip: redisAvailable ? null : noRedisReason(redisUrl, redisDown ?? ''),
    fresh() {
      const namespace = `${runId}-${++counter}`;
      namespaces.push(namespace);
      return { url: redisUrl, namespace };
    },
  },
];

/** Remove temp files and this run's Redis keys. */
export async function cleanUpBackends(): Promise<void> {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  if (!redisAvailable || redisDown !== null || namespaces.length === 0) return;
  const client = createClient({ url: redisUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    for (const namespace of namespaces.splice(0)) {
      for await (const keys of client.scanIterator({ MATCH: `${namespace}:*`, COUNT: 1000 })) {
        if (keys.length > 0) await client.del(keys);
      }
    }
  } finally {
    await client.close();
  }
}

export function quietLogger(lines: string[] = []): Logger {
  return createLogger({
    level: 'debug',
    secrets: [API_KEY],
    destination: new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  });
}

export function startApi(options: MockApiOptions = {}): Promise<MockApi> {
  return startMockApi({ port: 0, apiKeys: [API_KEY], rateLimitPerMinute: 100_000, ...options });
}

export function clientFor(api: MockApi, options: { timeoutMs?: number } = {}): InfluencersClubClient {
  return new InfluencersClubClient({
    baseUrl: api.url,
    apiKey: API_KEY,
    retry: { maxAttempts: 2, minDelayMs: 1, maxDelayMs: 5, maxTotalMs: 2_000 },
    rateLimit: { requests: 100_000 },
    ...options,
  });
}

/** A settable clock: tests move it across month boundaries and past cache TTLs. */
export class TestClock {
  now: number;
  constructor(iso: string) {
    this.now = Date.parse(iso);
  }
  readonly read = (): number => this.now;
  set(iso: string): void {
    this.now = Date.parse(iso);
  }
  advance(ms: number): void {
    this.now += ms;
  }
}

export interface Rig {
  store: Store;
  ic: InfluencersClubClient;
  guard: BudgetGuard;
  lookups: PaidLookups;
  logs: string[];
}

/** A guard and cache on a store, as one Scout process would have them. */
export async function openRig(
  place: { url: string; namespace: string },
  api: MockApi,
  options: {
    clock?: TestClock;
    guard?: Partial<BudgetGuardOptions>;
    /** Subscribed with guard.onThresholdCrossed, as Scout does. */
    onThreshold?: ThresholdListener;
    lookups?: Partial<PaidLookupsOptions>;
    timeoutMs?: number;
  } = {},
): Promise<Rig> {
  const store = await openStore(place.url, { namespace: place.namespace });
  const ic = clientFor(api, options.timeoutMs ? { timeoutMs: options.timeoutMs } : {});
  const logs: string[] = [];
  const clock = options.clock?.read ?? Date.now;
  const guard = new BudgetGuard({
    store,
    account: ic,
    log: quietLogger(logs),
    defaultBudget: 500,
    clock,
    ...options.guard,
  });
  if (options.onThreshold) guard.onThresholdCrossed(options.onThreshold);
  const lookups = new PaidLookups({ guard, store, clock, flightPollMs: 10, ...options.lookups });
  return { store, ic, guard, lookups, logs };
}
