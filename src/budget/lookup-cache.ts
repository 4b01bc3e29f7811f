import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Store } from '../store/types.ts';
import type { BudgetGuard, SpendRequest, SpendResult } from './guard.ts';

/**
 * Credits are charged on every call that returns data, even identical repeats (api-ref#credits),
 * so paid answers are cached per normalised request, and identical requests in flight at the same
 * moment share one upstream call — within a process (a shared promise) and across processes
 * sharing the store (a short lease: the others wait for the first one's answer).
 */

export interface CachedSpendRequest<T> extends SpendRequest<T> {
  /** From `cacheKeyFor`, built from the normalised request (canonical handle, platform, options). */
  cacheKey: string;
  ttlMs: number;
  /** Skip the cache and spend again (the user pressed Refresh). */
  refresh?: boolean;
}

export interface LookupResult<T> extends SpendResult<T> {
  /** Set when the answer came from the cache: when it was fetched. Nothing was spent. */
  fromCache: { at: number } | null;
  /** True when this request joined an identical one already in flight (spent nothing itself). */
  shared: boolean;
}

interface CacheEntry<T> {
  /** Tells one fetch from the next, whatever the clocks of the processes say. */
  id: string;
  at: number;
  expiresAt: number;
  data: T;
  creditsCost: number;
}

export interface PaidLookupsOptions {
  guard: BudgetGuard;
  store: Store;
  clock?: () => number;
  /**
   * A Refresh within this long of the last fetch returns that fetch instead of spending again.
   * Default 0 (off): callers pass the time of the answer being refreshed and compare with `peek`
   * (commands/creator.ts `runLookup`), and identical refreshes in flight share one call anyway.
   */
  refreshGraceMs?: number;
  /** How long another process's fetch of the same request is waited for. Default 120 s. */
  flightTtlMs?: number;
  /** How often a waiting process looks for the other one's answer. Default 100 ms. */
  flightPollMs?: number;
}

/** A stable key for a request: operation plus its parameters with object keys sorted. */
export function cacheKeyFor(operation: string, params: unknown): string {
  const digest = createHash('sha256').update(stableJson(params)).digest('base64url').slice(0, 32);
  return `cache:${operation}:${digest}`;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

type Fetched<T> = SpendResult<T> & { at: number; shared: boolean };

/** Rounds of "wait for the other process, then try to lead" before fetching without the lease. */
const MAX_FLIGHT_ROUNDS = 3;

export class PaidLookups {
  private readonly guard: BudgetGuard;
  private readonly store: Store;
  private readonly clock: () => number;
  private readonly refreshGraceMs: number;
  private readonly flightTtlMs: number;
  private readonly flightPollMs: number;
  private readonly inFlight = new Map<string, Promise<Fetched<unknown>>>();

  constructor(options: PaidLookupsOptions) {
    this.guard = options.guard;
    this.store = options.store;
    this.clock = options.clock ?? Date.now;
    this.refreshGraceMs = options.refreshGraceMs ?? 0;
    this.flightTtlMs = options.flightTtlMs ?? 120_000;
    this.flightPollMs = options.flightPollMs ?? 100;
  }

  async run<T>(request: CachedSpendRequest<T>): Promise<LookupResult<T>> {
    const cached = await this.peek<T>(request.cacheKey);
    if (cached && (!request.refresh || this.clock() - cached.at < this.refreshGraceMs)) {
      return { data: cached.data, creditsCost: 0, estimate: 0, fromCache: { at: cached.at }, shared: false };
    }
    const pending = this.inFlight.get(request.cacheKey) as Promise<Fetched<T>> | undefined;
    if (pending) {
      const result = await pending;
      return { data: result.data, creditsCost: 0, estimate: 0, fromCache: null, shared: true };
    }
    const call = this.fetchOnce(request, cached?.id ?? null);
    this.inFlight.set(request.cacheKey, call);
    try {
      const result = await call;
      return {
        data: result.data,
        creditsCost: result.shared ? 0 : result.creditsCost,
        estimate: result.shared ? 0 : result.estimate,
        fromCache: null,
        shared: result.shared,
      };
    } finally {
      this.inFlight.delete(request.cacheKey);
    }
  }

  /** A cached answer that has not expired, if any (free). */
  async peek<T>(cacheKey: string): Promise<CacheEntry<T> | undefined> {
    const entry = (await this.store.kv.get(cacheKey)) as Partial<CacheEntry<T>> | undefined;
    if (!entry || typeof entry.at !== 'number' || !('data' in entry)) return undefined;
    // The store's own TTL runs on the wall clock; this check follows the guard's clock too.
    if (typeof entry.expiresAt === 'number' && entry.expiresAt <= this.clock()) return undefined;
    return entry as CacheEntry<T>;
  }

  /**
   * One upstream call for this request across every process sharing the store. `previous` is the
   * cache entry the caller already saw (a Refresh): only a newer answer counts as fresh.
   */
  private async fetchOnce<T>(request: CachedSpendRequest<T>, previous: string | null): Promise<Fetched<T>> {
    // Nothing is cached to share: only callers in this process (the shared promise) can join.
    if (request.ttlMs <= 0) return this.spendAndCache(request);
    const lease = `lookup:flight:${request.cacheKey}`;
    const owner = randomUUID();
    for (let round = 0; round < MAX_FLIGHT_ROUNDS; round++) {
      if (await this.store.atomic.acquireLease(lease, owner, this.flightTtlMs)) {
        try {
          const landed = await this.freshEntry<T>(request.cacheKey, previous);
          if (landed) return { data: landed.data, creditsCost: 0, estimate: 0, at: landed.at, shared: true };
          return await this.spendAndCache(request);
        } finally {
          await this.store.atomic.releaseLease(lease, owner).catch(() => false);
        }
      }
      const other = await this.waitForOther<T>(request.cacheKey, lease, previous);
      if (other) return { data: other.data, creditsCost: 0, estimate: 0, at: other.at, shared: true };
      // The other process failed or vanished without an answer: try to lead the next round.
    }
    return this.spendAndCache(request);
  }

  private async waitForOther<T>(
    cacheKey: string,
    lease: string,
    previous: string | null,
  ): Promise<CacheEntry<T> | undefined> {
    const deadline = performance.now() + this.flightTtlMs;
    while (performance.now() < deadline) {
      await sleep(this.flightPollMs);
      const landed = await this.freshEntry<T>(cacheKey, previous);
      if (landed) return landed;
      if ((await this.store.atomic.leaseHolder(lease)) === null) {
        // It may have written just before letting go.
        return this.freshEntry<T>(cacheKey, previous);
      }
    }
    return undefined;
  }

  private async freshEntry<T>(cacheKey: string, previous: string | null): Promise<CacheEntry<T> | undefined> {
    const entry = await this.peek<T>(cacheKey);
    return entry && entry.id !== previous ? entry : undefined;
  }

  private async spendAndCache<T>(request: CachedSpendRequest<T>): Promise<Fetched<T>> {
    const result = await this.guard.spend(request);
    const at = this.clock();
    if (request.ttlMs > 0) {
      const entry: CacheEntry<T> = {
        id: randomUUID(),
        at,
        expiresAt: at + request.ttlMs,
        data: result.data,
        creditsCost: result.creditsCost,
      };
      // The credits are spent and the answer is in hand: a store hiccup must not lose it.
      await this.store.kv.set(request.cacheKey, entry, request.ttlMs).catch(() => false);
    }
    return { ...result, at, shared: false };
  }
}
