import { createHash } from 'node:crypto';
import type { Store } from '../store/types.ts';
import type { BudgetGuard, SpendRequest, SpendResult } from './guard.ts';

/**
 * Credits are charged on every call that returns data, even identical repeats (API reference §1.3),
 * so paid answers are cached per normalised request, and identical requests in flight at the same
 * moment share one upstream call.
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
  at: number;
  data: T;
  creditsCost: number;
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

export class PaidLookups {
  private readonly guard: BudgetGuard;
  private readonly store: Store;
  private readonly clock: () => number;
  private readonly inFlight = new Map<string, Promise<SpendResult<unknown> & { at: number }>>();

  constructor(options: { guard: BudgetGuard; store: Store; clock?: () => number }) {
    this.guard = options.guard;
    this.store = options.store;
    this.clock = options.clock ?? Date.now;
  }

  async run<T>(request: CachedSpendRequest<T>): Promise<LookupResult<T>> {
    if (!request.refresh) {
      const cached = await this.peek<T>(request.cacheKey);
      if (cached) {
        return {
          data: cached.data,
          creditsCost: 0,
          estimate: 0,
          fromCache: { at: cached.at },
          shared: false,
        };
      }
    }
    const pending = this.inFlight.get(request.cacheKey) as
      | Promise<SpendResult<T> & { at: number }>
      | undefined;
    if (pending) {
      const result = await pending;
      return { data: result.data, creditsCost: 0, estimate: 0, fromCache: null, shared: true };
    }
    const call = this.spendAndCache(request);
    this.inFlight.set(request.cacheKey, call);
    try {
      const result = await call;
      return { ...result, fromCache: null, shared: false };
    } finally {
      this.inFlight.delete(request.cacheKey);
    }
  }

  /** A cached answer, if any (free). */
  async peek<T>(cacheKey: string): Promise<CacheEntry<T> | undefined> {
    const entry = (await this.store.kv.get(cacheKey)) as CacheEntry<T> | undefined;
    return entry && typeof entry.at === 'number' ? entry : undefined;
  }

  private async spendAndCache<T>(request: CachedSpendRequest<T>): Promise<SpendResult<T> & { at: number }> {
    const result = await this.guard.spend(request);
    const at = this.clock();
    if (request.ttlMs > 0) {
      const entry: CacheEntry<T> = { at, data: result.data, creditsCost: result.creditsCost };
      await this.store.kv.set(request.cacheKey, entry, request.ttlMs);
    }
    return { ...result, at };
  }
}
