import { randomUUID } from 'node:crypto';
import type { Store } from './types.ts';

/**
 * One-off claims and short locks on top of `store.atomic` leases, shared by every process that
 * shares the store. Core code (batch settle, file intake) and the Slack layer (event dedupe) both
 * need them, so they live with the store rather than in either layer.
 */

/** True for the first caller (in any process sharing the store) to claim `key` within `ttlMs`. */
export function claimOnce(store: Store, key: string, ttlMs: number): Promise<boolean> {
  return store.atomic.acquireLease(`claim:${key}`, randomUUID(), ttlMs);
}

/**
 * Runs `work` holding the lease `key` under a fresh owner, and gives the lease back afterwards
 * (also when `work` throws). Returns `'busy'` without running `work` when someone else holds it.
 * A failed release is ignored: the lease then simply expires after `ttlMs`.
 */
export async function withLease<T>(
  store: Store,
  key: string,
  ttlMs: number,
  work: () => Promise<T>,
): Promise<T | 'busy'> {
  const owner = randomUUID();
  if (!(await store.atomic.acquireLease(key, owner, ttlMs))) return 'busy';
  try {
    return await work();
  } finally {
    await store.atomic.releaseLease(key, owner).catch(() => false);
  }
}
