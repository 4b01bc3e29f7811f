import { type DiscoveryPlatform, PLATFORM_NAMES } from '../ic/platforms.ts';
import { type DiscoveryFilters, type DiscoveryRequest, discoveryRequestSchema } from '../ic/schemas.ts';
import { formatCount, formatInteger } from '../text.ts';
import {
  ANY,
  type AudienceShareFilter,
  type DictionaryFilter,
  type FilterDef,
  type FlagsFilter,
  filtersFor,
  flagsFor,
  type KeywordsFilter,
  keyFor,
  labelFor,
  type MultiSelectFilter,
  type RangeFilter,
  type SelectFilter,
  type SortBy,
  sortsFor,
} from './catalog.ts';
import {
  AI_SEARCH_MAX,
  AI_SEARCH_MIN,
  BLOCK,
  blockIdFor,
  type DiscoverForm,
  type FilterValue,
} from './form.ts';

/**
 * Turns the modal's form into the discovery request (api-ref#discovery, api-ref#filters), or into inline errors
 * keyed by block id (Slack's `response_action: errors`). Nothing here calls the API: a search that
 * cannot be right is refused before any credit is spent.
 */

/** A saved search: everything of the request except paging. */
export interface DiscoveryQuery {
  platform: DiscoveryPlatform;
  sort: { sort_by: SortBy; sort_order: 'desc' };
  filters: DiscoveryFilters;
}

export type BuiltSearch =
  | { ok: true; query: DiscoveryQuery; summary: string }
  | { ok: false; errors: Record<string, string> };

/** Results past the 10,000th are never served (api-ref#pagination). */
export const RESULTS_PAGE_SIZE = 10;

export function pageRequest(query: DiscoveryQuery, page: number, limit: number): DiscoveryRequest {
  return { platform: query.platform, paging: { limit, page }, sort: query.sort, filters: query.filters };
}

const KEYWORDS_MAX = 20;

/** "vegan, plant based\n#recipes" → ["plant based", "recipes", "vegan"] (sorted, so equal searches share a cache key). */
export function parseKeywords(text: string, hashtags = false): string[] {
  const words = text
    .split(/[,\n;]+/)
    .map((w) => w.trim().replace(/\s+/g, ' '))
    .map((w) => (hashtags ? w.replace(/^#+/, '') : w))
    .filter((w) => w.length > 0)
    .map((w) => w.slice(0, 100));
  return [...new Set(words)].sort();
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/** Puts `value` at a dotted path (`audience.location`, `creator_has`). */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1) ?? path] = value;
}

function rangeText(filter: RangeFilter, min: number | null, max: number | null): string {
  const show = (n: number) =>
    filter.unit === 'percent' ? `${n}%` : filter.unit === 'dollars' ? `$${n}` : formatCount(n);
  if (min !== null && max !== null) return `${show(min)}–${show(max)}`;
  if (min !== null) return `≥ ${show(min)}`;
  return `≤ ${show(max ?? 0)}`;
}

function listText(labels: readonly string[]): string {
  const shown = labels.slice(0, 3).join(', ');
  return labels.length > 3 ? `${shown} +${formatInteger(labels.length - 3)}` : shown;
}

const MISSING_SEARCH =
  'Describe the creators you are looking for (at least 3 characters), or pick at least one filter below.';

/** What buildSearch gathers while it reads the form, filter by filter. */
interface Draft {
  platform: DiscoveryPlatform;
  errors: Record<string, string>;
  filters: Record<string, unknown>;
  summary: string[];
  /** The audience share (`min_pct`) entered, added to each audience filter that takes one. */
  minPct: number | undefined;
  /** How many filters took the share: a share with nothing to apply to is an error. */
  sharedBy: number;
}

type Value<K extends FilterValue['type']> = Extract<FilterValue, { type: K }>;

function withShare<T extends object>(draft: Draft, item: T): T & { min_pct?: number } {
  return draft.minPct === undefined ? item : { ...item, min_pct: draft.minPct };
}

function readAiSearch(draft: Draft, text: string): void {
  const aiSearch = text.trim().replace(/\s+/g, ' ');
  if (aiSearch === '') return;
  const length = Array.from(aiSearch).length;
  if (length < AI_SEARCH_MIN) {
    draft.errors[BLOCK.aiSearch] =
      `Semantic search needs at least ${AI_SEARCH_MIN} characters, e.g. “vegan recipes”. Or leave it empty and use the filters.`;
  } else if (length > AI_SEARCH_MAX) {
    draft.errors[BLOCK.aiSearch] = `Keep the description under ${AI_SEARCH_MAX} characters.`;
  } else {
    draft.filters.ai_search = aiSearch;
    draft.summary.push(`“${aiSearch}”`);
  }
}

/**
 * The audience share applies to several audience filters (`min_pct`, api-ref#audience-filters), so
 * it is read first. Its scale is undocumented (api-ref#open-questions); it is sent as a percentage,
 * as its name says.
 */
function readShare(draft: Draft, filter: AudienceShareFilter, share: FilterValue | undefined): void {
  if (share?.type !== 'number') return;
  if (share.invalid || (share.value !== null && (share.value <= 0 || share.value > 100))) {
    draft.errors[filter.id] = 'Enter a percentage between 1 and 100, e.g. 20.';
  } else if (share.value !== null) {
    draft.minPct = share.value;
  }
}

function readRange(draft: Draft, filter: RangeFilter, value: Value<'range'>, label: string): void {
  const key = keyFor(filter, draft.platform);
  if (!key) return;
  for (const part of value.invalid) {
    draft.errors[blockIdFor(filter, part)] = 'Enter a number of 0 or more, e.g. 10000.';
  }
  if (value.invalid.length > 0) return;
  const { min, max } = value;
  if (min !== null && max !== null && min > max) {
    draft.errors[blockIdFor(filter, 'max')] =
      `The maximum (${formatInteger(max)}) is below the minimum (${formatInteger(min)}).`;
    return;
  }
  if (filter.unit === 'percent') {
    for (const [part, n] of [
      ['min', min],
      ['max', max],
    ] as const) {
      if (n !== null && n > 100) draft.errors[blockIdFor(filter, part)] = 'A percentage is at most 100.';
    }
  }
  if (min === null && max === null) return;
  draft.filters[key] = { ...(min !== null ? { min } : {}), ...(max !== null ? { max } : {}) };
  draft.summary.push(`${label} ${rangeText(filter, min, max)}`);
}

function readKeywords(draft: Draft, filter: KeywordsFilter, value: Value<'text'>, label: string): void {
  const key = keyFor(filter, draft.platform);
  if (!key) return;
  const words = parseKeywords(value.text, filter.hashtags);
  if (words.length === 0) return;
  if (words.length > KEYWORDS_MAX) {
    draft.errors[filter.id] = `At most ${KEYWORDS_MAX} entries, separated by commas.`;
    return;
  }
  draft.filters[key] = words;
  draft.summary.push(`${label}: ${listText(words.map((w) => (filter.hashtags ? `#${w}` : w)))}`);
}

function readSelect(draft: Draft, filter: SelectFilter, value: Value<'choice'>, label: string): void {
  if (value.value === '' || value.value === ANY) return;
  const choice = filter.choices.find((c) => c.value === value.value);
  if (!choice) return;
  if (filter.shape === 'audience_gender') {
    setPath(draft.filters, filter.key, withShare(draft, { type: choice.value }));
    draft.sharedBy++;
  } else {
    setPath(draft.filters, filter.key, choice.value);
  }
  draft.summary.push(`${label}: ${choice.label}`);
}

function readMultiSelect(
  draft: Draft,
  filter: MultiSelectFilter,
  value: Value<'options'>,
  label: string,
): void {
  const chosen = filter.choices.filter((c) => value.options.some((o) => o.value === c.value));
  if (chosen.length === 0) return;
  if (filter.shape === 'creator_has') {
    const has: Record<string, boolean> = {};
    for (const c of [...chosen].sort((a, b) => (a.value < b.value ? -1 : 1))) has[c.value] = true;
    setPath(draft.filters, filter.key, has);
  } else {
    setPath(
      draft.filters,
      filter.key,
      chosen.map((c) => withShare(draft, { range: c.value })),
    );
    draft.sharedBy++;
  }
  draft.summary.push(`${label}: ${listText(chosen.map((c) => c.label))}`);
}

function readDictionary(
  draft: Draft,
  filter: DictionaryFilter,
  value: Value<'options'>,
  label: string,
): void {
  if (value.options.length === 0) return;
  if (value.options.length > filter.maxItems) {
    draft.errors[filter.id] = `Pick at most ${filter.maxItems}.`;
    return;
  }
  const names = sortedUnique(value.options.map((o) => o.value));
  if (filter.shape === 'named') {
    setPath(
      draft.filters,
      filter.key,
      names.map((name) => withShare(draft, { name })),
    );
    draft.sharedBy++;
  } else {
    setPath(draft.filters, filter.key, names);
  }
  draft.summary.push(`${label}: ${listText(value.options.map((o) => o.label))}`);
}

function readFlags(draft: Draft, filter: FlagsFilter, value: Value<'options'>): void {
  const on = flagsFor(filter, draft.platform).filter((f) => value.options.some((o) => o.value === f.id));
  for (const flag of on) setPath(draft.filters, flag.key, true);
  if (on.length > 0) draft.summary.push(on.map((f) => f.label).join(', '));
}

/** One filter's entered value into the draft; a value of the wrong kind is ignored. */
function readFilter(draft: Draft, filter: FilterDef, value: FilterValue): void {
  const label = labelFor(filter, draft.platform);
  if (filter.input === 'range' && value.type === 'range') readRange(draft, filter, value, label);
  else if (filter.input === 'keywords' && value.type === 'text') readKeywords(draft, filter, value, label);
  else if (filter.input === 'select' && value.type === 'choice') readSelect(draft, filter, value, label);
  else if (filter.input === 'multi_select' && value.type === 'options')
    readMultiSelect(draft, filter, value, label);
  else if (filter.input === 'dictionary' && value.type === 'options')
    readDictionary(draft, filter, value, label);
  else if (filter.input === 'flags' && value.type === 'options') readFlags(draft, filter, value);
}

export function buildSearch(form: DiscoverForm): BuiltSearch {
  const { platform } = form;
  const draft: Draft = {
    platform,
    errors: {},
    filters: {},
    summary: [PLATFORM_NAMES[platform]],
    minPct: undefined,
    sharedBy: 0,
  };
  readAiSearch(draft, form.aiSearch);
  const offered = filtersFor(platform);
  const shareFilter = offered.find((f): f is AudienceShareFilter => f.input === 'audience_share');
  if (shareFilter) readShare(draft, shareFilter, form.values[shareFilter.id]);
  for (const filter of offered) {
    const value = form.values[filter.id];
    if (value) readFilter(draft, filter, value);
  }
  if (shareFilter && draft.minPct !== undefined) {
    if (draft.sharedBy === 0) {
      draft.errors[shareFilter.id] ??=
        'Pick an audience location, interest, age or gender for this share to apply to.';
    } else {
      draft.summary.push(`audience share ≥ ${draft.minPct}%`);
    }
  }
  if (Object.keys(draft.errors).length > 0) return { ok: false, errors: draft.errors };
  if (Object.keys(draft.filters).length === 0) {
    return { ok: false, errors: { [BLOCK.aiSearch]: MISSING_SEARCH } };
  }
  return checkedSearch(form, draft);
}

/**
 * The query, checked against the request schema: the client refuses what the API would ignore or
 * reject, and checking here turns a catalog bug into an inline error instead of a failed (or
 * silently unfiltered) search.
 */
function checkedSearch(form: DiscoverForm, draft: Draft): BuiltSearch {
  const { platform, summary } = draft;
  const sort = sortsFor(platform).find((s) => s.value === form.sort) ?? { value: 'relevancy', label: '' };
  if (sort.value !== 'relevancy') summary.push(`sorted by ${sort.label.toLowerCase()}`);
  const query: DiscoveryQuery = {
    platform,
    sort: { sort_by: sort.value, sort_order: 'desc' },
    filters: draft.filters as DiscoveryFilters,
  };
  const checked = discoveryRequestSchema.safeParse(pageRequest(query, 0, RESULTS_PAGE_SIZE));
  if (!checked.success) {
    const problems: Record<string, string> = {};
    for (const issue of checked.error.issues) {
      const key = issue.path[0] === 'filters' ? String(issue.path[1] ?? '') : '';
      const block = blockForKey(platform, key) ?? BLOCK.aiSearch;
      problems[block] ??= issue.message;
    }
    return { ok: false, errors: problems };
  }
  return { ok: true, query, summary: summaryText(summary) };
}

function blockForKey(platform: DiscoveryPlatform, key: string): string | null {
  if (key === 'ai_search') return BLOCK.aiSearch;
  for (const filter of filtersFor(platform)) {
    if (filter.input === 'range' && keyFor(filter, platform) === key) return blockIdFor(filter, 'min');
    if (filter.input === 'keywords' && keyFor(filter, platform) === key) return filter.id;
    if ('key' in filter && typeof filter.key === 'string' && filter.key.split('.')[0] === key)
      return filter.id;
    if (filter.input === 'flags' && flagsFor(filter, platform).some((f) => f.key === key)) return filter.id;
  }
  return null;
}

const SUMMARY_MAX = 300;

function summaryText(parts: readonly string[]): string {
  const text = parts.join(' · ');
  return Array.from(text).length <= SUMMARY_MAX
    ? text
    : `${Array.from(text)
        .slice(0, SUMMARY_MAX - 1)
        .join('')}…`;
}
