import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { workspaceKeys } from '../budget/keys.ts';
import type { ExclusionList, ExclusionListCreate } from '../ic/schemas.ts';
import type { Store } from '../store/types.ts';
import { PENDING_TEAMS, type Pending, pendingKey } from './exclusions.ts';
import { withLock } from './lock.ts';

/**
 * Pushes each workspace's pending "contacted" handles to its Influencers Club exclusion lists (one
 * per platform, named after the workspace, created on first use; api-ref#exclusion-lists). Runs in
 * the background: the outbox is in the store, so a failure is retried with back-off and a restart
 * picks up where it stopped; a lease per workspace keeps two processes from syncing it at once.
 */

/** The part of the Influencers Club client the sync uses. */
export interface ExclusionApi {
  exclusionLists(): Promise<ExclusionList[]>;
  createExclusionList(req: ExclusionListCreate): Promise<ExclusionList>;
  addExclusionEntries(listId: number, handles: readonly string[]): Promise<unknown>;
}

export interface ExclusionSyncOptions {
  store: Store;
  api: ExclusionApi;
  log: Logger;
  /** Wall clock for retry times (not the guard's clock, which tests may freeze). Default Date.now. */
  now?: () => number;
  /** How often pending workspaces are looked at. Default 1 s. */
  tickMs?: number;
  /** First retry delay; doubles per failure up to `maxBackoffMs`. Default 1 s. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/** The list's name in Influencers Club: one per workspace (and platform), "Scout acme (T0123)". */
export function listNameFor(team: string, teamName?: string): string {
  return teamName ? `Scout ${teamName} (${team})` : `Scout ${team}`;
}

/** A list Scout made for `team`, whatever the workspace was called then. */
function isListOf(name: string | null, team: string): boolean {
  return name === `Scout ${team}` || (name?.startsWith('Scout ') === true && name.endsWith(`(${team})`));
}

const listIdKey = workspaceKeys.exclusionListId;
/** Handles sent per request: well within the API's 10,000. */
const CHUNK = 1000;

export class ExclusionSync {
  readonly #o: Required<ExclusionSyncOptions>;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;

  constructor(options: ExclusionSyncOptions) {
    this.#o = { tickMs: 1000, backoffMs: 1000, maxBackoffMs: 5 * 60_000, now: Date.now, ...options };
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.tick(), this.#o.tickMs);
    this.#timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  /** Syncs every workspace whose retry time has come; one round at a time. */
  tick(): Promise<void> {
    if (this.#running) return this.#running;
    this.#running = this.#round().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #round(): Promise<void> {
    let teams: string[];
    try {
      teams = await this.#o.store.atomic.setMembers(PENDING_TEAMS);
    } catch (error) {
      this.#o.log.warn({ err: error }, 'exclusion sync: could not read pending workspaces');
      return;
    }
    for (const team of teams) await this.syncTeam(team);
  }

  /** Pushes one workspace's pending handles, if due. Never throws. */
  async syncTeam(team: string): Promise<void> {
    const { store } = this.#o;
    const lease = workspaceKeys.exclusionSync(team);
    const owner = randomUUID();
    try {
      if (!(await store.atomic.acquireLease(lease, owner, 60_000))) return;
    } catch {
      return;
    }
    try {
      const pending = (await store.kv.get(pendingKey(team))) as Pending | undefined;
      if (!pending || Object.values(pending.platforms).every((h) => h.length === 0)) {
        await store.atomic.removeFromSet(PENDING_TEAMS, team);
        return;
      }
      if (pending.nextAt > this.#o.now()) return;
      await this.#push(team, pending);
    } catch (error) {
      await this.#failed(team, error);
    } finally {
      await store.atomic.releaseLease(lease, owner).catch(() => false);
    }
  }

  async #push(team: string, pending: Pending): Promise<void> {
    for (const [platform, handles] of Object.entries(pending.platforms)) {
      if (handles.length === 0) continue;
      const listId = await this.#listId(team, platform, pending.teamName);
      for (let i = 0; i < handles.length; i += CHUNK) {
        await this.#o.api.addExclusionEntries(listId, handles.slice(i, i + CHUNK));
      }
      await this.#done(team, platform, handles);
      this.#o.log.info({ team, platform, count: handles.length }, 'exclusion list synced');
    }
  }

  async #listId(team: string, platform: string, teamName: string | undefined): Promise<number> {
    const { store, api } = this.#o;
    const known = (await store.kv.get(listIdKey(team, platform))) as number | undefined;
    if (typeof known === 'number') return known;
    const name = listNameFor(team, teamName);
    const existing = (await api.exclusionLists()).find(
      (l) => isListOf(l.name, team) && l.platform === platform,
    );
    const list =
      existing ??
      (await api.createExclusionList({ name, platform: platform as ExclusionListCreate['platform'] }));
    if (typeof list.id !== 'number')
      throw new Error('Influencers Club answered an exclusion list without an id');
    await store.kv.set(listIdKey(team, platform), list.id);
    return list.id;
  }

  /** Takes the synced handles out of the outbox (new ones added meanwhile stay). */
  async #done(team: string, platform: string, synced: readonly string[]): Promise<void> {
    const { store } = this.#o;
    await withLock(store, pendingKey(team), async () => {
      const pending = (await store.kv.get(pendingKey(team))) as Pending | undefined;
      if (!pending) return;
      const sent = new Set(synced);
      pending.platforms[platform] = (pending.platforms[platform] ?? []).filter((h) => !sent.has(h));
      if (Object.values(pending.platforms).every((h) => h.length === 0)) {
        await store.kv.delete(pendingKey(team));
        await store.atomic.removeFromSet(PENDING_TEAMS, team);
        return;
      }
      pending.attempts = 0;
      await store.kv.set(pendingKey(team), pending);
    });
  }

  async #failed(team: string, error: unknown): Promise<void> {
    const { store, now, backoffMs, maxBackoffMs, log } = this.#o;
    try {
      await withLock(store, pendingKey(team), async () => {
        const pending = (await store.kv.get(pendingKey(team))) as Pending | undefined;
        if (!pending) return;
        pending.attempts += 1;
        const delay = Math.min(maxBackoffMs, backoffMs * 2 ** (pending.attempts - 1));
        pending.nextAt = now() + delay;
        pending.lastError = error instanceof Error ? error.message.slice(0, 200) : String(error);
        await store.kv.set(pendingKey(team), pending);
        log.warn(
          { err: error, team, attempts: pending.attempts, retryInMs: delay },
          'exclusion sync failed; will retry',
        );
      });
    } catch (inner) {
      log.warn({ err: inner, team }, 'exclusion sync failed and could not schedule a retry');
    }
  }
}
