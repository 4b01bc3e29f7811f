import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { InfluencersClubClient } from '../ic/client.ts';
import type { DiscoveryPlatform } from '../ic/platforms.ts';
import type { DictionaryEntry, Game, Language, YoutubeTopic } from '../ic/schemas.ts';
import type { Store } from '../store/types.ts';
import { LIMITS, plainText } from '../text.ts';
import { type Choice, type DictionaryName, FILTERS, filtersFor } from './catalog.ts';
import type { DiscoverForm } from './form.ts';

/**
 * Type-ahead values for the discovery modal, from the dictionary endpoints (api-ref#dictionaries).
 * They are free but slow and large, and Slack wants options within 3 seconds, so:
 * - full lists (languages, locations per platform, brands, YouTube topics, games) are fetched once,
 *   kept in the store for a day and in memory, and filtered in memory per keystroke;
 * - the audience-* endpoints search server-side (`search`), so each query string is cached for the day;
 * - a lookup still loading after `deadlineMs` answers no options now and fills the cache for the
 *   next keystroke.
 * Option values longer than Slack's 75 characters travel as a lookup id (`~…`) resolved on submit.
 */

export const DICTIONARY_TTL_MS = 24 * 60 * 60 * 1000;
const OPTION_VALUE_TTL_MS = 8 * 24 * 60 * 60 * 1000;
const FAILURE_BACKOFF_MS = 30_000;

export interface SlackOption {
  text: { type: 'plain_text'; text: string };
  value: string;
}

type FullList = 'location' | 'language' | 'brand' | 'youtube_topic' | 'game';
type Searched = Exclude<DictionaryName, FullList>;

const SEARCHED: readonly Searched[] = [
  'audience_location',
  'audience_interest',
  'audience_brand_category',
  'audience_brand',
];

function isSearched(name: DictionaryName): name is Searched {
  return (SEARCHED as readonly string[]).includes(name);
}

interface CachedList {
  at: number;
  options: Choice[];
}

export interface DictionariesOptions {
  ic: Pick<
    InfluencersClubClient,
    | 'languages'
    | 'locations'
    | 'brands'
    | 'youtubeTopics'
    | 'games'
    | 'audienceBrandCategories'
    | 'audienceBrandNames'
    | 'audienceInterests'
    | 'audienceLocations'
  >;
  store: Store;
  log: Logger;
  clock?: () => number;
  /** How long a keystroke waits for a list that is still loading. Default 2 500 ms (Slack allows 3 s). */
  deadlineMs?: number;
  ttlMs?: number;
}

export class Dictionaries {
  private readonly ic: DictionariesOptions['ic'];
  private readonly store: Store;
  private readonly log: Logger;
  private readonly clock: () => number;
  private readonly deadlineMs: number;
  private readonly ttlMs: number;
  private readonly memory = new Map<string, CachedList>();
  private readonly loading = new Map<string, Promise<Choice[]>>();
  private readonly failedAt = new Map<string, number>();
  private readonly longValues = new Map<string, string>();

  constructor(options: DictionariesOptions) {
    this.ic = options.ic;
    this.store = options.store;
    this.log = options.log.child({ component: 'discover-dictionaries' });
    this.clock = options.clock ?? Date.now;
    this.deadlineMs = options.deadlineMs ?? 2_500;
    this.ttlMs = options.ttlMs ?? DICTIONARY_TTL_MS;
  }

  /** At most 100 options matching `typed`, best matches first, ready for an `options` ack. */
  async suggest(name: DictionaryName, platform: DiscoveryPlatform, typed: string): Promise<SlackOption[]> {
    const query = typed.trim().replace(/\s+/g, ' ').toLowerCase().slice(0, 100);
    const list = isSearched(name)
      ? await this.withinDeadline(this.searched(name, query))
      : await this.withinDeadline(this.fullList(name, platform));
    if (!list) return [];
    return this.toSlackOptions(rank(list, query, LIMITS.options));
  }

  /** Start loading the full lists a platform's modal uses, so the first keystroke finds them. */
  warm(platform: DiscoveryPlatform): void {
    const names = new Set<FullList>();
    for (const filter of filtersFor(platform)) {
      if (filter.input === 'dictionary' && !isSearched(filter.dictionary)) names.add(filter.dictionary);
    }
    for (const name of names) {
      this.fullList(name, platform).catch(() => {
        // logged in load(); the next keystroke tries again
      });
    }
  }

  /** The real value behind an option value (`~…` ids for values over 75 characters); null if unknown. */
  async resolve(value: string): Promise<string | null> {
    if (!value.startsWith('~')) return value;
    const known = this.longValues.get(value);
    if (known !== undefined) return known;
    const stored = await this.store.kv.get(`discover:optval:${value.slice(1)}`);
    return typeof stored === 'string' ? stored : null;
  }

  // ---- lists

  private async fullList(name: FullList, platform: DiscoveryPlatform): Promise<Choice[]> {
    const key = name === 'location' ? `discover:dict:location:${platform}` : `discover:dict:${name}`;
    return this.cached(key, () => this.fetchFullList(name, platform));
  }

  private async searched(name: Searched, query: string): Promise<Choice[]> {
    const digest = createHash('sha256').update(query).digest('base64url').slice(0, 22);
    return this.cached(`discover:dict:${name}:q:${digest}`, () => this.fetchSearched(name, query));
  }

  /** Memory, then the store, then the endpoint (one request at a time per list). */
  private async cached(key: string, load: () => Promise<Choice[]>): Promise<Choice[]> {
    const now = this.clock();
    const inMemory = this.memory.get(key);
    if (inMemory && now - inMemory.at < this.ttlMs) return inMemory.options;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const job = (async () => {
      const stored = (await this.store.kv.get(key)) as CachedList | undefined;
      if (stored && Array.isArray(stored.options) && now - stored.at < this.ttlMs) {
        this.memory.set(key, stored);
        return stored.options;
      }
      const failed = this.failedAt.get(key);
      if (failed !== undefined && now - failed < FAILURE_BACKOFF_MS) {
        if (inMemory) return inMemory.options;
        throw new Error(`dictionary ${key} failed recently`);
      }
      try {
        const options = dedupe(await load());
        const entry: CachedList = { at: this.clock(), options };
        this.memory.set(key, entry);
        this.failedAt.delete(key);
        await this.store.kv.set(key, entry, this.ttlMs);
        return options;
      } catch (error) {
        this.failedAt.set(key, this.clock());
        this.log.warn({ err: error, key }, 'dictionary could not be loaded');
        // A day-old list is better than none while the endpoint is failing.
        if (inMemory) return inMemory.options;
        throw error;
      }
    })();
    this.loading.set(key, job);
    try {
      return await job;
    } finally {
      this.loading.delete(key);
    }
  }

  private async withinDeadline(list: Promise<Choice[]>): Promise<Choice[] | null> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), this.deadlineMs);
    });
    try {
      return await Promise.race([list.catch(() => null), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async fetchFullList(name: FullList, platform: DiscoveryPlatform): Promise<Choice[]> {
    switch (name) {
      case 'language':
        return (await this.ic.languages()).flatMap(languageChoice);
      case 'location':
        return (await this.ic.locations(platform)).map((l) => ({ label: l, value: l }));
      case 'brand':
        // The API ignores `search` here and always returns the full list (api-ref#dictionaries).
        return (await this.ic.brands()).flatMap(entryChoice);
      case 'youtube_topic':
        return (await this.ic.youtubeTopics()).flatMap(topicChoices);
      case 'game':
        return (await this.ic.games()).flatMap(gameChoices);
    }
  }

  private async fetchSearched(name: Searched, query: string): Promise<Choice[]> {
    const q = query === '' ? { offset: 0 } : { search: query, offset: 0 };
    switch (name) {
      case 'audience_location':
        return (await this.ic.audienceLocations(q)).flatMap(entryChoice);
      case 'audience_interest':
        return (await this.ic.audienceInterests(q)).flatMap(entryChoice);
      case 'audience_brand_category':
        return (await this.ic.audienceBrandCategories(q)).flatMap(entryChoice);
      case 'audience_brand':
        return (await this.ic.audienceBrandNames(q)).flatMap(entryChoice);
    }
  }

  /** Slack options: text ≤ 75 characters; values over 75 characters become a `~` lookup id. */
  private async toSlackOptions(choices: Choice[]): Promise<SlackOption[]> {
    const out: SlackOption[] = [];
    for (const choice of choices) {
      let value = choice.value;
      if (value.length > LIMITS.optionValue || value.startsWith('~')) {
        const id = `~${createHash('sha256').update(value).digest('base64url').slice(0, 24)}`;
        if (!this.longValues.has(id)) {
          this.longValues.set(id, value);
          await this.store.kv.set(`discover:optval:${id.slice(1)}`, value, OPTION_VALUE_TTL_MS);
        }
        value = id;
      }
      out.push({
        text: { type: 'plain_text', text: plainText(choice.label, LIMITS.optionText) || value },
        value,
      });
    }
    return out;
  }
}

// ---- item shapes (api-ref#dictionaries): parsed tolerantly by the client; here each becomes label + filter value

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function languageChoice(item: Language): Choice[] {
  const code = text(item.abbreviation);
  const name = text(item.language);
  // profile_language takes the abbreviation (api-ref#dictionaries)
  const value = code ?? name;
  if (!value) return [];
  return [{ label: name && code && name !== code ? `${name} (${code})` : value, value }];
}

/** `{full_name, cleaned, username}`: the filter takes `cleaned` (api-ref#dictionaries, brands). */
function entryChoice(item: DictionaryEntry): Choice[] {
  const value = text(item.cleaned) ?? text(item.full_name) ?? text(item.username);
  if (!value) return [];
  return [{ label: text(item.full_name) ?? value, value }];
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return text(value) ? [value.trim()] : [];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    return strings(v.name ?? v.title ?? v.topic ?? null);
  }
  return [];
}

/** `{topic_details, sub_topic_details[]}`: the topic and each sub-topic are filter values. */
function topicChoices(item: YoutubeTopic): Choice[] {
  const topics = strings(item.topic_details);
  const subs = strings(item.sub_topic_details);
  const parent = topics[0];
  return [
    ...topics.map((t) => ({ label: t, value: t })),
    ...subs.map((s) => ({ label: parent ? `${s} (${parent})` : s, value: s })),
  ];
}

/**
 * Games: the item shape is undocumented (api-ref#dictionaries, api-ref#open-questions). A `name` is the game; in the yt-topics-like
 * shape the sub-topics are the game titles and the topic is a genre, which is not a game.
 */
function gameChoices(item: Game): Choice[] {
  const name = text(item.name);
  if (name) return [{ label: name, value: name }];
  const genre = strings(item.topic_details)[0];
  return strings(item.sub_topic_details).map((g) => ({ label: genre ? `${g} (${genre})` : g, value: g }));
}

function dedupe(choices: Choice[]): Choice[] {
  const seen = new Set<string>();
  return choices.filter((c) => {
    if (seen.has(c.value)) return false;
    seen.add(c.value);
    return true;
  });
}

interface SearchIndex {
  labels: string[];
  values: string[];
  /** Label with every non-letter/digit run as one space, led by a space: " lisbon portugal". */
  words: string[];
}

/** Lower-cased copies of a list, computed once per list rather than per keystroke. */
const indexes = new WeakMap<readonly Choice[], SearchIndex>();

function indexOf(choices: readonly Choice[]): SearchIndex {
  let index = indexes.get(choices);
  if (!index) {
    const labels = choices.map((c) => c.label.toLowerCase());
    index = {
      labels,
      values: choices.map((c) => c.value.toLowerCase()),
      words: labels.map((l) => ` ${l.replace(/[^\p{L}\p{N}]+/gu, ' ')}`),
    };
    indexes.set(choices, index);
  }
  return index;
}

/**
 * Choices matching `query` (already lower-cased), best first: exact match, then label or value
 * starting with it, then a word starting with it, then containing it; list order within each.
 */
export function rank(choices: readonly Choice[], query: string, limit = Number.POSITIVE_INFINITY): Choice[] {
  if (query === '') return choices.slice(0, limit);
  const { labels, values, words } = indexOf(choices);
  const wordQuery = ` ${query.replace(/[^\p{L}\p{N}]+/gu, ' ').trim()}`;
  const buckets: Choice[][] = [[], [], [], []];
  for (let i = 0; i < choices.length; i++) {
    const label = labels[i] ?? '';
    const value = values[i] ?? '';
    const choice = choices[i] as Choice;
    if (label === query || value === query) buckets[0]?.push(choice);
    else if (label.startsWith(query) || value.startsWith(query)) buckets[1]?.push(choice);
    else if (wordQuery !== ' ' && (words[i] ?? '').includes(wordQuery)) buckets[2]?.push(choice);
    else if (label.includes(query) || value.includes(query)) buckets[3]?.push(choice);
    // enough exact matches: nothing later can outrank them
    if ((buckets[0]?.length ?? 0) >= limit) break;
  }
  return buckets.flat().slice(0, limit);
}

/**
 * Replaces the `~` lookup ids in a form's type-ahead values with the real values. Returns the
 * filter ids whose value could not be recovered (their lookup expired), to ask the user to pick again.
 */
export async function resolveFormValues(
  form: DiscoverForm,
  resolve: (value: string) => Promise<string | null>,
): Promise<{ form: DiscoverForm; unresolved: string[] }> {
  const values: DiscoverForm['values'] = { ...form.values };
  const unresolved: string[] = [];
  for (const filter of FILTERS) {
    const value = values[filter.id];
    if (filter.input !== 'dictionary' || value?.type !== 'options') continue;
    const options: Choice[] = [];
    for (const option of value.options) {
      const real = await resolve(option.value);
      if (real === null) unresolved.push(filter.id);
      else options.push({ label: option.label, value: real });
    }
    values[filter.id] = { type: 'options', options };
  }
  return { form: { ...form, values }, unresolved: [...new Set(unresolved)] };
}
