import { fixtureCreators, type MockCreator, poolUsername, syntheticCreator } from './creators.ts';
import { pictureUrl } from './enrichment.ts';
import { type DiscoveryPlatform, FOLLOWER_FILTER_KEY } from './platforms.ts';
import { NICHE_BY_NAME } from './vocabulary.ts';

/**
 * Discovery (api-ref#discovery) and similar creators (api-ref#similar) over a deterministic pool of synthetic creators per
 * platform, built on first use and cached for the life of the process (pools are read-only, so every
 * server in a test run shares them).
 */

export const POOL_SIZE = 25_000;

/**
 * The fields filters read, copied into one fixed shape: creators come in many shapes (optional
 * keys), and a monomorphic scan keeps a 25,000-creator query at a few milliseconds.
 */
class PoolEntry {
  readonly index: number;
  readonly creator: MockCreator;
  readonly username: string;
  readonly niche: string;
  readonly followers: number;
  /** NaN when the creator has no engagement figure. */
  readonly engagement: number;
  readonly gender: string;
  readonly verified: boolean;
  readonly language: string;
  readonly country: string;

  constructor(index: number, creator: MockCreator) {
    this.index = index;
    this.creator = creator;
    this.username = creator.username;
    this.niche = creator.niche;
    this.followers = creator.followers;
    this.engagement = creator.engagementPercent ?? Number.NaN;
    this.gender = creator.gender ?? '';
    this.verified = creator.isVerified;
    this.language = (creator.language ?? '').toLowerCase();
    this.country = (creator.location ?? '').toLowerCase();
  }
}

interface Pool {
  entries: PoolEntry[];
  /** Word → indices of the entries whose niche vocabulary or bio holds it (for ai_search). */
  words: Map<string, number[]>;
}

const pools = new Map<DiscoveryPlatform, Pool>();
const sortedPools = new Map<string, PoolEntry[]>();

const wordCache = new Map<string, readonly string[]>();

/** Synthetic bios repeat (templates × countries), so their word lists are computed once. */
function searchableWords(creator: MockCreator): readonly string[] {
  const key = `${creator.niche}|${creator.biography ?? ''}`;
  let cached = wordCache.get(key);
  if (cached === undefined) {
    const words = new Set<string>([creator.niche, ...(NICHE_BY_NAME.get(creator.niche)?.words ?? [])]);
    for (const word of (creator.biography ?? '').toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
      if (word.length >= 3) words.add(word);
    }
    cached = [...words];
    wordCache.set(key, cached);
  }
  return cached;
}

function discoveryPool(platform: DiscoveryPlatform): Pool {
  let pool = pools.get(platform);
  if (pool === undefined) {
    const creators = fixtureCreators().filter((creator) => creator.platform === platform);
    for (let i = 0; i < POOL_SIZE; i++) creators.push(syntheticCreator(platform, poolUsername(i)));
    const built: Pool = { entries: [], words: new Map() };
    creators.forEach((creator, index) => {
      built.entries.push(new PoolEntry(index, creator));
      for (const word of searchableWords(creator)) {
        const indices = built.words.get(word);
        if (indices === undefined) built.words.set(word, [index]);
        else indices.push(index);
      }
    });
    pool = built;
    pools.set(platform, pool);
  }
  return pool;
}

/** The pool's creators, e.g. for tests that check filters against the data. */
export function discoveryPoolCreators(platform: DiscoveryPlatform): MockCreator[] {
  return discoveryPool(platform).entries.map((entry) => entry.creator);
}

export type SortBy = 'relevancy' | 'engagement_rate' | 'number_of_followers' | 'growth_rate';
export type SortOrder = 'asc' | 'desc';

const SORT_VALUE: Record<SortBy, (creator: MockCreator) => number> = {
  relevancy: (creator) => creator.relevance,
  engagement_rate: (creator) => creator.engagementPercent ?? -1,
  number_of_followers: (creator) => creator.followers,
  growth_rate: (creator) => creator.growthPercent,
};

function byUsername(a: PoolEntry, b: PoolEntry): number {
  return a.username < b.username ? -1 : a.username > b.username ? 1 : 0;
}

/** The pool in descending `sortBy` order, cached: a query then only filters and slices. */
function sortedPool(platform: DiscoveryPlatform, sortBy: SortBy): PoolEntry[] {
  const key = `${platform}:${sortBy}`;
  let sorted = sortedPools.get(key);
  if (sorted === undefined) {
    const value = SORT_VALUE[sortBy];
    sorted = [...discoveryPool(platform).entries].sort(
      (a, b) => value(b.creator) - value(a.creator) || byUsername(a, b),
    );
    sortedPools.set(key, sorted);
  }
  return sorted;
}

export interface Range {
  min?: number | null | undefined;
  max?: number | null | undefined;
}

export interface DiscoveryFilters {
  ai_search?: string | undefined;
  location?: string[] | undefined;
  profile_language?: string[] | undefined;
  gender?: 'any' | 'male' | 'female' | undefined;
  is_verified?: boolean | undefined;
  engagement_percent?: Range | undefined;
  number_of_followers?: Range | undefined;
  number_of_subscribers?: Range | undefined;
  followers?: Range | undefined;
  exclude_handles?: string[] | undefined;
}

function inRange(value: number, range: Range | undefined): boolean {
  if (range === undefined) return true;
  if (Number.isNaN(value)) return range.min == null && range.max == null;
  if (range.min != null && value < range.min) return false;
  if (range.max != null && value > range.max) return false;
  return true;
}

/** Query words, with a crude plural strip so "coaches" finds "coach". */
function searchWords(query: string): string[] {
  return query
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length >= 3)
    .map((word) =>
      word.endsWith('es') && word.length > 5
        ? word.slice(0, -2)
        : word.endsWith('s')
          ? word.slice(0, -1)
          : word,
    );
}

/**
 * How many query words each entry matches (by entry index). A query word matches a creator word
 * it starts, so "workout" finds "workouts".
 */
function matchCounts(pool: Pool, words: readonly string[]): Uint8Array {
  const counts = new Uint8Array(pool.entries.length);
  for (const word of words) {
    const seen = new Uint8Array(pool.entries.length);
    for (const [candidate, indices] of pool.words) {
      if (!candidate.startsWith(word)) continue;
      for (const index of indices) {
        if (seen[index] === 0) {
          seen[index] = 1;
          counts[index] = (counts[index] ?? 0) + 1;
        }
      }
    }
  }
  return counts;
}

/**
 * The filter keys the double understands. Keys that do not apply to the platform (the follower key
 * of another platform, engagement on Twitch) are ignored, as the API ignores them (api-ref#filters).
 */
function compileFilter(platform: DiscoveryPlatform, filters: DiscoveryFilters | null | undefined) {
  const pool = discoveryPool(platform);
  const f = filters ?? {};
  const followerKey = FOLLOWER_FILTER_KEY[platform] as keyof DiscoveryFilters | null;
  const followerRange = followerKey === null ? undefined : (f[followerKey] as Range | undefined);
  const engagementRange = platform === 'twitch' ? undefined : f.engagement_percent;
  const countries =
    f.location === undefined || f.location.length === 0
      ? undefined
      : new Set(f.location.map((location) => (location.split(',').at(-1) ?? '').trim().toLowerCase()));
  const languages =
    f.profile_language === undefined || f.profile_language.length === 0
      ? undefined
      : f.profile_language.map((language) => language.toLowerCase());
  const verifiedOnly = f.is_verified === true;
  const gender = f.gender === 'any' ? undefined : f.gender;
  const excluded = new Set((f.exclude_handles ?? []).map((handle) => handle.replace(/^@/, '').toLowerCase()));
  const counts = f.ai_search === undefined ? null : matchCounts(pool, searchWords(f.ai_search));
  return {
    pool,
    counts,
    accepts(entry: PoolEntry): boolean {
      if (followerRange !== undefined && !inRange(entry.followers, followerRange)) return false;
      if (engagementRange !== undefined && !inRange(entry.engagement, engagementRange)) return false;
      if (gender !== undefined && entry.gender !== gender) return false;
      if (verifiedOnly && !entry.verified) return false;
      if (languages !== undefined && !languages.includes(entry.language)) return false;
      // A city entry ("Lisbon, Portugal") matches creators in its country: the pool only knows countries.
      if (countries !== undefined && !countries.has(entry.country)) return false;
      if (excluded.size > 0 && excluded.has(entry.username)) return false;
      if (counts !== null && counts[entry.index] === 0) return false;
      return true;
    },
  };
}

export interface AccountCard {
  user_id: string;
  profile: {
    username: string;
    full_name?: string;
    picture: string;
    followers: number;
    engagement_percent?: number;
  };
}

export function accountCard(creator: MockCreator): AccountCard {
  const profile: AccountCard['profile'] = {
    username: creator.username,
    picture: pictureUrl(creator.platform, creator.username),
    followers: creator.followers,
  };
  if (creator.fullName !== undefined) profile.full_name = creator.fullName;
  if (creator.engagementPercent !== undefined) profile.engagement_percent = creator.engagementPercent;
  return { user_id: creator.userId, profile };
}

export interface DiscoveryQuery {
  platform: DiscoveryPlatform;
  page: number;
  limit: number;
  sortBy: SortBy;
  sortOrder: SortOrder;
  filters?: DiscoveryFilters | null | undefined;
}

export function discover(query: DiscoveryQuery): { total: number; accounts: AccountCard[] } {
  const filter = compileFilter(query.platform, query.filters);
  let matches: PoolEntry[];
  const counts = filter.counts;
  if (query.sortBy === 'relevancy' && counts !== null) {
    // With ai_search, relevance is how many query words a creator matches, then the base order.
    const scored = sortedPool(query.platform, 'relevancy')
      .filter((entry) => filter.accepts(entry))
      .map((entry, rank) => ({ entry, rank, score: counts[entry.index] ?? 0 }));
    scored.sort((a, b) => b.score - a.score || a.rank - b.rank);
    matches = scored.map((item) => item.entry);
  } else {
    matches = sortedPool(query.platform, query.sortBy).filter((entry) => filter.accepts(entry));
  }
  if (query.sortOrder === 'asc') matches.reverse();
  const start = query.page * query.limit;
  return {
    total: matches.length,
    accounts: matches.slice(start, start + query.limit).map((entry) => accountCard(entry.creator)),
  };
}

export interface SimilarQuery {
  platform: DiscoveryPlatform;
  seed: MockCreator;
  page: number;
  limit: number;
  filters?: DiscoveryFilters | null | undefined;
}

/** Creators in the seed's niche, nearest follower count first; never the seed itself (api-ref#similar). */
export function similar(query: SimilarQuery): { total: number; accounts: AccountCard[] } {
  const filter = compileFilter(query.platform, query.filters);
  const seed = query.seed;
  const seedSize = Math.log10(Math.max(1, seed.followers));
  const matches = filter.pool.entries
    .filter(
      (entry) =>
        entry.niche === seed.niche &&
        entry.username !== seed.username &&
        entry.creator.userId !== seed.userId &&
        filter.accepts(entry),
    )
    .map((entry) => ({
      entry,
      distance: Math.abs(Math.log10(Math.max(1, entry.creator.followers)) - seedSize),
    }));
  matches.sort((a, b) => a.distance - b.distance || byUsername(a.entry, b.entry));
  const start = query.page * query.limit;
  return {
    total: matches.length,
    accounts: matches.slice(start, start + query.limit).map((item) => accountCard(item.entry.creator)),
  };
}
