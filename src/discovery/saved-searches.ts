import { z } from 'zod';
import { cacheKeyFor } from '../budget/lookup-cache.ts';
import { DISCOVERY_PLATFORMS } from '../ic/platforms.ts';
import type { DiscoveryFilters } from '../ic/schemas.ts';
import type { Store } from '../store/types.ts';
import { isSortBy } from './catalog.ts';
import type { DiscoveryQuery } from './request.ts';

/**
 * A submitted search, kept so its result buttons (Next, Previous, Export) can carry a short id
 * instead of the whole query: button values are limited to 2,000 characters. The id is derived
 * from the normalised query, so the same search run twice gets the same id (and the same cached
 * pages).
 */

export interface SavedSearch {
  query: DiscoveryQuery;
  /** One line for people: "Instagram · “vegan recipes” · Followers ≥ 10K". */
  summary: string;
}

export const SAVED_SEARCH_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const savedSearchSchema = z.object({
  query: z.object({
    platform: z.enum(DISCOVERY_PLATFORMS),
    sort: z.object({
      sort_by: z.string().refine(isSortBy),
      sort_order: z.literal('desc'),
    }),
    filters: z.record(z.string(), z.unknown()),
  }),
  summary: z.string(),
});

const keyOf = (id: string) => `discover:search:${id}`;

export function searchIdFor(query: DiscoveryQuery): string {
  return (cacheKeyFor('discover-search', query).split(':').at(-1) ?? '').slice(0, 16);
}

export async function saveSearch(store: Store, search: SavedSearch): Promise<string> {
  const id = searchIdFor(search.query);
  await store.kv.set(keyOf(id), search, SAVED_SEARCH_TTL_MS);
  return id;
}

/** The saved search, or undefined when it expired (or the id is not one of ours). */
export async function loadSearch(store: Store, id: string): Promise<SavedSearch | undefined> {
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) return undefined;
  const parsed = savedSearchSchema.safeParse(await store.kv.get(keyOf(id)));
  if (!parsed.success) return undefined;
  const { query, summary } = parsed.data;
  return {
    query: {
      platform: query.platform,
      sort: { sort_by: query.sort.sort_by as DiscoveryQuery['sort']['sort_by'], sort_order: 'desc' },
      filters: query.filters as DiscoveryFilters,
    },
    summary,
  };
}

/** Result buttons carry `<search id>:<number>` (a page, or the total for Export). */
export function buttonValue(id: string, n: number): string {
  return `${id}:${n}`;
}

export function parseButtonValue(value: string | undefined): { id: string; n: number } | null {
  const match = /^([A-Za-z0-9_-]{1,32}):(\d{1,6})$/.exec(value ?? '');
  if (!match) return null;
  return { id: match[1] ?? '', n: Number(match[2]) };
}
