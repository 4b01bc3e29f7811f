import { workspaceKeys } from '../budget/keys.ts';
import type { Store } from '../store/types.ts';
import { withLock } from './lock.ts';
import { creatorKey, type Status } from './types.ts';

/**
 * The workspace's "never contact twice" list, kept locally: every creator who became contacted,
 * negotiating, signed or rejected, with who and when, per platform. Discovery and similar send the
 * most recent 10,000 as `exclude_handles` (api-ref#exclusion-lists) and mark any that still come
 * back. The copy in Influencers Club is synced in the background (exclusion-sync.ts) from the
 * pending outbox kept here, so the user never waits for it and a failed sync is retried.
 */

export const EXCLUDE_MAX = 10_000;

export interface Exclusion {
  /** The first contact: its status (contacted, or straight to rejected), who and when. */
  status: Status;
  by: string;
  at: number;
  /** The latest status, when it moved on since (negotiating, signed, rejected). */
  now?: Status;
}

export interface Pending {
  /** Handles still to add in Influencers Club, per platform. */
  platforms: Record<string, string[]>;
  attempts: number;
  /** Epoch ms before which no retry is tried. */
  nextAt: number;
  /** The workspace's name (Slack domain) when known, for naming its lists in Influencers Club. */
  teamName?: string;
  lastError?: string;
}

const copyKey = workspaceKeys.exclusionCopy;
export const pendingKey = workspaceKeys.exclusionPending;
/** Atomic set of workspaces with a pending sync (found again after a restart). */
export const PENDING_TEAMS = 'exclusions:pending-teams';

function bare(handle: string): string {
  return handle.replace(/^@/, '').toLowerCase();
}

export async function readCopy(
  store: Store,
  team: string,
  platform: string,
): Promise<Record<string, Exclusion>> {
  return ((await store.kv.get(copyKey(team, platform))) as Record<string, Exclusion> | undefined) ?? {};
}

/**
 * Records that the workspace reached a creator: the local copy at once, and the handle in the
 * outbox for the background sync. Never calls the API.
 */
export async function recordContact(
  store: Store,
  team: string,
  platform: string,
  handle: string,
  mark: Exclusion,
  teamName?: string,
): Promise<void> {
  const h = bare(handle);
  await withLock(store, copyKey(team, platform), async () => {
    const copy = await readCopy(store, team, platform);
    // the first contact is what people need to know; later moves keep who reached out first
    const first = copy[h];
    copy[h] = first ? { ...first, now: mark.status } : mark;
    await store.kv.set(copyKey(team, platform), copy);
  });
  await withLock(store, pendingKey(team), async () => {
    const pending = ((await store.kv.get(pendingKey(team))) as Pending | undefined) ?? {
      platforms: {},
      attempts: 0,
      nextAt: 0,
    };
    const list = pending.platforms[platform] ?? [];
    if (!list.includes(h)) pending.platforms[platform] = [...list, h];
    pending.nextAt = 0;
    if (teamName) pending.teamName = teamName.slice(0, 60);
    await store.kv.set(pendingKey(team), pending);
  });
  await store.atomic.addToSet(PENDING_TEAMS, team);
}

export interface ExcludeSet {
  /** The most recent handles, at most 10,000: what discovery and similar send. */
  send: string[];
  /** Every excluded creator, keyed by `creatorKey(platform, handle)`, for marking rows. */
  marks: Record<string, Exclusion>;
  /** Excluded handles beyond what can be sent. */
  notSent: number;
}

export async function excludeSetFor(store: Store, team: string, platform: string): Promise<ExcludeSet> {
  const copy = await readCopy(store, team, platform);
  const entries = Object.entries(copy).sort(([, a], [, b]) => b.at - a.at);
  const marks: Record<string, Exclusion> = {};
  for (const [handle, mark] of entries) marks[creatorKey(platform, handle)] = mark;
  return {
    send: entries.slice(0, EXCLUDE_MAX).map(([handle]) => handle),
    marks,
    notSent: Math.max(0, entries.length - EXCLUDE_MAX),
  };
}
