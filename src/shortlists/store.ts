import { randomBytes } from 'node:crypto';
import { workspaceKeys } from '../budget/keys.ts';
import type { Store } from '../store/types.ts';
import { withLock } from './lock.ts';
import {
  type CreatorSnapshot,
  creatorKey,
  NEXT_STATUSES,
  type Shortlist,
  type ShortlistEntry,
  type Status,
} from './types.ts';

/**
 * A workspace's shortlists in the store (SQLite or Redis, no TTL: they survive restarts). Every key
 * starts with the workspace id and every method takes it, so one workspace can never read or
 * change another's lists. Writes hold a short lock per list.
 */

export const NAME_MAX = 80;
/** Messages kept current per list; older ones are left as they were. */
const MESSAGES_MAX = 5;

export class ShortlistError extends Error {
  override readonly name = 'ShortlistError';
}

const indexKey = workspaceKeys.shortlistIndex;
const listKey = workspaceKeys.shortlist;
const newId = () => randomBytes(6).toString('base64url');

export function cleanName(name: string): string {
  const clean = name.replace(/\s+/g, ' ').trim();
  if (clean === '') throw new ShortlistError('A shortlist needs a name.');
  if (clean.length > NAME_MAX)
    throw new ShortlistError(`A shortlist name has at most ${NAME_MAX} characters.`);
  return clean;
}

export class Shortlists {
  readonly #store: Store;
  readonly #clock: () => number;

  constructor(store: Store, clock: () => number) {
    this.#store = store;
    this.#clock = clock;
  }

  async get(team: string, id: string): Promise<Shortlist | null> {
    const list = (await this.#store.kv.get(listKey(team, id))) as Shortlist | undefined;
    return list && list.team === team ? list : null;
  }

  /** The workspace's lists, newest first; archived ones only when asked. */
  async all(team: string, options: { archived?: boolean } = {}): Promise<Shortlist[]> {
    const ids = ((await this.#store.kv.get(indexKey(team))) as string[] | undefined) ?? [];
    const lists = await Promise.all(ids.map((id) => this.get(team, id)));
    return lists
      .filter((l): l is Shortlist => l !== null && (options.archived === true || !l.archived))
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  async create(team: string, name: string, user: string): Promise<Shortlist> {
    const list: Shortlist = {
      id: newId(),
      team,
      name: cleanName(name),
      createdBy: user,
      createdAt: this.#clock(),
      archived: false,
      entries: [],
      messages: [],
    };
    await this.#store.kv.set(listKey(team, list.id), list);
    await withLock(this.#store, indexKey(team), async () => {
      const ids = ((await this.#store.kv.get(indexKey(team))) as string[] | undefined) ?? [];
      await this.#store.kv.set(indexKey(team), [...ids, list.id]);
    });
    return list;
  }

  rename(team: string, id: string, name: string): Promise<Shortlist> {
    const clean = cleanName(name);
    return this.#update(team, id, (list) => {
      list.name = clean;
    });
  }

  setArchived(team: string, id: string, archived: boolean): Promise<Shortlist> {
    return this.#update(team, id, (list) => {
      list.archived = archived;
    });
  }

  /** Adds a creator (status new); one already on the list is left as it is. */
  async add(
    team: string,
    id: string,
    creator: CreatorSnapshot,
    user: string,
  ): Promise<{ list: Shortlist; entry: ShortlistEntry; added: boolean }> {
    let entry: ShortlistEntry | undefined;
    let added = false;
    const list = await this.#update(team, id, (l) => {
      const key = creatorKey(creator.p, creator.h);
      entry = l.entries.find((e) => creatorKey(e.creator.p, e.creator.h) === key);
      if (entry) return;
      const at = this.#clock();
      entry = {
        id: newId(),
        creator,
        status: 'new',
        addedBy: user,
        addedAt: at,
        history: [{ status: 'new', by: user, at }],
      };
      l.entries.push(entry);
      added = true;
    });
    if (!entry) throw new ShortlistError('The creator could not be added.');
    return { list, entry, added };
  }

  /** Moves one creator to `status` (only along new → contacted → negotiating → signed / rejected). */
  async setStatus(
    team: string,
    id: string,
    entryId: string,
    status: Status,
    user: string,
  ): Promise<{ list: Shortlist; entry: ShortlistEntry }> {
    let entry: ShortlistEntry | undefined;
    const list = await this.#update(team, id, (l) => {
      entry = l.entries.find((e) => e.id === entryId);
      if (!entry) throw new ShortlistError('That creator is no longer on this shortlist.');
      if (entry.status === status) return;
      if (!NEXT_STATUSES[entry.status].includes(status)) {
        throw new ShortlistError(`A creator who is ${entry.status} cannot move to ${status}.`);
      }
      entry.status = status;
      entry.history.push({ status, by: user, at: this.#clock() });
    });
    if (!entry) throw new ShortlistError('That creator is no longer on this shortlist.');
    return { list, entry };
  }

  /** Remembers a message that shows the list, so a change can edit it in place. */
  addMessage(team: string, id: string, ref: { channel: string; ts: string }): Promise<Shortlist> {
    return this.#update(team, id, (list) => {
      list.messages = [...list.messages.filter((m) => m.ts !== ref.ts), ref].slice(-MESSAGES_MAX);
    });
  }

  /** Where a creator is on this workspace's active lists. */
  async find(
    team: string,
    platform: string,
    handle: string,
  ): Promise<{ list: Shortlist; entry: ShortlistEntry }[]> {
    const key = creatorKey(platform, handle);
    const lists = await this.all(team);
    return lists.flatMap((list) =>
      list.entries
        .filter((e) => creatorKey(e.creator.p, e.creator.h) === key)
        .map((entry) => ({ list, entry })),
    );
  }

  async #update(team: string, id: string, change: (list: Shortlist) => void): Promise<Shortlist> {
    return withLock(this.#store, listKey(team, id), async () => {
      const list = await this.get(team, id);
      if (!list) throw new ShortlistError('That shortlist no longer exists.');
      change(list);
      await this.#store.kv.set(listKey(team, id), list);
      return list;
    });
  }
}
