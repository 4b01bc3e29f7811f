import { workspaceKeys } from '../budget/keys.ts';
import type { Store } from '../store/types.ts';

/**
 * Who in a workspace paid for a cached answer, and when, so a cached card can say "looked up by
 * @ana 3 days ago". Kept per workspace: the answer cache is shared, but one workspace never learns
 * who looked a creator up in another.
 */

export interface LookedUp {
  user: string;
  at: number;
}

const key = workspaceKeys.lookedUp;

export async function recordLookup(
  store: Store,
  team: string,
  cacheKey: string,
  entry: LookedUp,
  ttlMs: number,
): Promise<void> {
  // A bookkeeping note: a store hiccup must not fail the card the user paid for.
  await store.kv.set(key(team, cacheKey), entry, ttlMs).catch(() => false);
}

export async function lastLookup(store: Store, team: string, cacheKey: string): Promise<LookedUp | null> {
  const entry = (await store.kv.get(key(team, cacheKey)).catch(() => undefined)) as
    | Partial<LookedUp>
    | undefined;
  return entry && typeof entry.user === 'string' && typeof entry.at === 'number'
    ? { user: entry.user, at: entry.at }
    : null;
}
