import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Store } from '../store/types.ts';

/**
 * A short mutual-exclusion lease around a read-modify-write of one kv value, so two clicks (in one
 * process or several sharing Redis) never lose each other's change.
 */
export async function withLock<T>(store: Store, key: string, work: () => Promise<T>): Promise<T> {
  const owner = randomUUID();
  const lease = `lock:${key}`;
  for (let attempt = 0; ; attempt++) {
    if (await store.atomic.acquireLease(lease, owner, 10_000)) break;
    if (attempt >= 200) throw new Error(`could not lock ${key}`);
    await sleep(10 + Math.random() * 20);
  }
  try {
    return await work();
  } finally {
    await store.atomic.releaseLease(lease, owner).catch(() => false);
  }
}
