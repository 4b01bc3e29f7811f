import { type DiscoveryPlatform, PLATFORM_NAMES } from '../ic/platforms.ts';
import { type DiscoveryFilters, type DiscoveryRequest, discoveryRequestSchema } from '../ic/schemas.ts';
import { formatCount, formatInteger } from '../text.ts';
import {
  ANY,
  type FilterDef,
  filtersFor,
  flagsFor,
  keyFor,
  labelFor,
  type RangeFilter,
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

export function buildSearch(form: DiscoverForm): BuiltSearch {
  const { platform } = form;
  const errors: Record<string, string> = {};
  const filters: Record<string, unknown> = {};
  const summary: string[] = [PLATFORM_NAMES[platform]];

  const aiSearch = form.aiSearch.trim().replace(/\s+/g, ' ');
  if (aiSearch !== '') {
    const length = Array.from(aiSearch).length;
    if (length < AI_SEARCH_MIN) {
      errors[BLOCK.aiSearch] =
        `Semantic search needs at least ${AI_SEARCH_MIN} characters, e.g. “vegan recipes”. Or leave it empty and use the filters.`;
    } else if (length > AI_SEARCH_MAX) {
      errors[BLOCK.aiSearch] = `Keep the description under ${AI_SEARCH_MAX} characters.`;
    } else {
      filters.ai_search = aiSearch;
      summary.push(`“${aiSearch}”`);
    }
  }

  const offered = filtersFor(platform);
  const entered = (f: FilterDef): FilterValue | undefined => form.values[f.id];

  // The audience share applies to several audience filters (`min_pct`, api-ref#audience-filters), so read it first.
  // Its scale is undocumented (api-ref#open-questions); it is sent as a percentage, as its name says.
  let minPct: number | undefined;
  const shareFilter = offered.find((f) => f.input === 'audience_share');
  const share = shareFilter ? entered(shareFilter) : undefined;
  if (shareFilter && share?.type === 'number') {
    if (share.invalid || (share.value !== null && (share.value <= 0 || share.value > 100))) {
      errors[shareFilter.id] = 'Enter a percentage between 1 and 100, e.g. 20.';
    } else if (share.value !== null) {
      minPct = share.value;
    }
  }
  const withShare = <T extends object>(item: T): T & { min_pct?: number } =>
    minPct === undefined ? item : { ...item, min_pct: minPct };
  let sharedBy = 0;

  for (const filter of offered) {
    const value = entered(filter);
    if (!value) continue;
    const label = labelFor(filter, platform);
    switch (filter.input) {
      case 'range': {
        const key = keyFor(filter, platform);
        if (!key || value.type !== 'range') break;
        for (const part of value.invalid) {
          errors[blockIdFor(filter, part)] = 'Enter a number of 0 or more, e.g. 10000.';
        }
        if (value.invalid.length > 0) break;
        const { min, max } = value;
        if (min !== null && max !== null && min > max) {
          errors[blockIdFor(filter, 'max')] =
            `The maximum (${formatInteger(max)}) is below the minimum (${formatInteger(min)}).`;
          break;
        }
        if (filter.unit === 'percent') {
          for (const [part, n] of [
            ['min', min],
            ['max', max],
          ] as const) {
            if (n !== null && n > 100) errors[blockIdFor(filter, part)] = 'A percentage is at most 100.';
          }
        }
        if (min === null && max === null) break;
        filters[key] = { ...(min !== null ? { min } : {}), ...(max !== null ? { max } : {}) };
        summary.push(`${label} ${rangeText(filter, min, max)}`);
        break;
      }
      case 'keywords': {
        const key = keyFor(filter, platform);
        if (!key || value.type !== 'text') break;
        const words = parseKeywords(value.text, filter.hashtags);
        if (words.length === 0) break;
        if (words.length > KEYWORDS_MAX) {
          errors[filter.id] = `At most ${KEYWORDS_MAX} entries, separated by commas.`;
          break;
        }
        filters[key] = words;
        summary.push(`${label}: ${listText(words.map((w) => (filter.hashtags ? `#${w}` : w)))}`);
        break;
      }
      case 'select': {
        if (value.type !== 'choice' || value.value === '' || value.value === ANY) break;
        const choice = filter.choices.find((c) => c.value === value.value);
        if (!choice) break;
        if (filter.shape === 'audience_gender') {
          setPath(filters, filter.key, withShare({ type: choice.value }));
          sharedBy++;
        } else {
          setPath(filters, filter.key, choice.value);
        }
        summary.push(`${label}: ${choice.label}`);
        break;
      }
      case 'multi_select': {
        if (value.type !== 'options') break;
        const chosen = filter.choices.filter((c) => value.options.some((o) => o.value === c.value));
        if (chosen.length === 0) break;
        if (filter.shape === 'creator_has') {
          const has: Record<string, boolean> = {};
          for (const c of [...chosen].sort((a, b) => (a.value < b.value ? -1 : 1))) has[c.value] = true;
          setPath(filters, filter.key, has);
        } else {
          setPath(
            filters,
            filter.key,
            chosen.map((c) => withShare({ range: c.value })),
          );
          sharedBy++;
        }
        summary.push(`${label}: ${listText(chosen.map((c) => c.label))}`);
        break;
      }
      case 'dictionary': {
        if (value.type !== 'options' || value.options.length === 0) break;
        if (value.options.length > filter.maxItems) {
          errors[filter.id] = `Pick at most ${filter.maxItems}.`;
          break;
        }
        const names = sortedUnique(value.options.map((o) => o.value));
        if (filter.shape === 'named') {
          setPath(
            filters,
            filter.key,
            names.map((name) => withShare({ name })),
          );
          sharedBy++;
        } else {
          setPath(filters, filter.key, names);
        }
        summary.push(`${label}: ${listText(value.options.map((o) => o.label))}`);
        break;
      }
      case 'flags': {
        if (value.type !== 'options') break;
        const on = flagsFor(filter, platform).filter((f) => value.options.some((o) => o.value === f.id));
        for (const flag of on) setPath(filters, flag.key, true);
        if (on.length > 0) summary.push(on.map((f) => f.label).join(', '));
        break;
      }
      case 'audience_share':
        break;
    }
  }

  if (shareFilter && minPct !== undefined) {
    if (sharedBy === 0) {
      errors[shareFilter.id] ??=
        'Pick an audience location, interest, age or gender for this share to apply to.';
    } else {
      summary.push(`audience share ≥ ${minPct}%`);
    }
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (Object.keys(filters).length === 0) return { ok: false, errors: { [BLOCK.aiSearch]: MISSING_SEARCH } };

  const sort = sortsFor(platform).find((s) => s.value === form.sort) ?? { value: 'relevancy', label: '' };
  if (sort.value !== 'relevancy') summary.push(`sorted by ${sort.label.toLowerCase()}`);
  const query: DiscoveryQuery = {
    platform,
    sort: { sort_by: sort.value, sort_order: 'desc' },
    filters: filters as DiscoveryFilters,
  };

  // The client refuses what the API would ignore or reject; checking here turns a catalog bug into
  // an inline error instead of a failed (or silently unfiltered) search.
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
