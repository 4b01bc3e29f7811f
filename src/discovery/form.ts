import { z } from 'zod';
import { platformFromWord } from '../creator-ref.ts';
import { DISCOVERY_PLATFORMS, type DiscoveryPlatform, supports } from '../ic/platforms.ts';
import { type Choice, FILTERS, type FilterDef, isSortBy, type SortBy, sortsFor } from './catalog.ts';

/**
 * What the user has entered in the discovery modal, independent of Slack's state format: read from
 * `view.state.values` on every platform switch and submission, and rendered back as `initial_*`
 * values. Values are kept by filter id, so a value entered for one platform carries over to another
 * wherever that filter exists there (the request key may differ: followers vs subscribers).
 */

export type FilterValue =
  | { type: 'range'; min: number | null; max: number | null; invalid: ('min' | 'max')[] }
  | { type: 'text'; text: string }
  | { type: 'choice'; value: string }
  | { type: 'options'; options: Choice[] }
  | { type: 'number'; value: number | null; invalid: boolean };

export interface DiscoverForm {
  platform: DiscoveryPlatform;
  aiSearch: string;
  sort: SortBy;
  values: Record<string, FilterValue>;
}

/** Block and action ids of the modal's fixed inputs. */
export const BLOCK = {
  aiSearch: 'ai_search',
  platform: 'platform',
  sort: 'sort',
} as const;

export const ACTION = {
  aiSearch: 'discover_ai_search',
  platform: 'discover_platform',
  sort: 'discover_sort',
  /** external_select ids are `discover_dict_<filter id>`; the options listener matches the prefix. */
  dictionaryPrefix: 'discover_dict_',
} as const;

export function actionIdFor(filter: FilterDef, part?: 'min' | 'max'): string {
  if (filter.input === 'dictionary') return `${ACTION.dictionaryPrefix}${filter.id}`;
  return part ? `discover_${filter.id}_${part}` : `discover_${filter.id}`;
}

export function blockIdFor(filter: FilterDef, part?: 'min' | 'max'): string {
  return part ? `${filter.id}_${part}` : filter.id;
}

export const AI_SEARCH_MAX = 150;
export const AI_SEARCH_MIN = 3;

// ---- Slack's view.state.values (parsed at the boundary)

const optionSchema = z.looseObject({
  text: z.looseObject({ text: z.string() }),
  value: z.string(),
});

const elementStateSchema = z.looseObject({
  type: z.string().optional(),
  value: z.string().nullish(),
  selected_option: optionSchema.nullish(),
  selected_options: z.array(optionSchema).nullish(),
});
type ElementState = z.infer<typeof elementStateSchema>;

export const stateValuesSchema = z.record(z.string(), z.record(z.string(), elementStateSchema));
export type StateValues = z.infer<typeof stateValuesSchema>;

/** Slack's state is keyed by block then action id; we read the one element of each block. */
function cell(values: StateValues, blockId: string): ElementState | undefined {
  const block = values[blockId];
  return block ? Object.values(block)[0] : undefined;
}

function toChoice(option: z.infer<typeof optionSchema>): Choice {
  return { label: option.text.text, value: option.value };
}

function parseNumber(text: string | null | undefined): { value: number | null; invalid: boolean } {
  const t = (text ?? '').trim().replace(/,/g, '');
  if (t === '') return { value: null, invalid: false };
  const n = Number(t);
  return Number.isFinite(n) && n >= 0 ? { value: n, invalid: false } : { value: null, invalid: true };
}

/**
 * Reads the modal's state. Every filter of every platform is read (a block that is not in the
 * view is simply absent), so values survive a platform switch. Unparseable state reads as empty.
 */
export function readForm(
  rawValues: unknown,
  fallback: { platform: DiscoveryPlatform; aiSearch?: string },
): DiscoverForm {
  const parsed = stateValuesSchema.safeParse(rawValues ?? {});
  const values: StateValues = parsed.success ? parsed.data : {};
  const platformValue = cell(values, BLOCK.platform)?.selected_option?.value ?? '';
  const platform = supports(DISCOVERY_PLATFORMS, platformValue) ? platformValue : fallback.platform;
  const sortValue = cell(values, BLOCK.sort)?.selected_option?.value ?? '';
  const aiCell = cell(values, BLOCK.aiSearch);
  const form: DiscoverForm = {
    platform,
    aiSearch: aiCell ? (aiCell.value ?? '') : (fallback.aiSearch ?? ''),
    sort: isSortBy(sortValue) ? sortValue : 'relevancy',
    values: {},
  };
  for (const filter of FILTERS) {
    const value = readFilter(values, filter);
    if (value) form.values[filter.id] = value;
  }
  return form;
}

function readFilter(values: StateValues, filter: FilterDef): FilterValue | undefined {
  switch (filter.input) {
    case 'range': {
      const minCell = cell(values, blockIdFor(filter, 'min'));
      const maxCell = cell(values, blockIdFor(filter, 'max'));
      if (!minCell && !maxCell) return undefined;
      const min = parseNumber(minCell?.value);
      const max = parseNumber(maxCell?.value);
      const invalid: ('min' | 'max')[] = [];
      if (min.invalid) invalid.push('min');
      if (max.invalid) invalid.push('max');
      return { type: 'range', min: min.value, max: max.value, invalid };
    }
    case 'keywords': {
      const c = cell(values, filter.id);
      return c ? { type: 'text', text: c.value ?? '' } : undefined;
    }
    case 'select': {
      const c = cell(values, filter.id);
      return c ? { type: 'choice', value: c.selected_option?.value ?? '' } : undefined;
    }
    case 'multi_select':
    case 'dictionary':
    case 'flags': {
      const c = cell(values, filter.id);
      return c ? { type: 'options', options: (c.selected_options ?? []).map(toChoice) } : undefined;
    }
    case 'audience_share': {
      const c = cell(values, filter.id);
      if (!c) return undefined;
      const n = parseNumber(c.value);
      return { type: 'number', value: n.value, invalid: n.invalid };
    }
  }
}

/**
 * The form `/discover <text>` opens with: the text becomes the semantic search (`ai_search`), and a
 * leading platform word picks the platform ("/discover tiktok vegan recipes").
 */
export function formFromCommand(text: string): DiscoverForm {
  const words = text.trim().split(/\s+/).filter(Boolean);
  let platform: DiscoveryPlatform = 'instagram';
  // "of" is an alias of OnlyFans elsewhere, but at the start of a description it is just a word.
  const first = words[0] && words[0].toLowerCase() !== 'of' ? platformFromWord(words[0]) : null;
  if (first && supports(DISCOVERY_PLATFORMS, first)) {
    platform = first;
    words.shift();
  }
  // Slack caps the input at 150 characters; a longer command text is cut rather than refused.
  const aiSearch = Array.from(words.join(' ')).slice(0, AI_SEARCH_MAX).join('');
  return { platform, aiSearch, sort: 'relevancy', values: {} };
}

/** The same form on another platform: values stay; a sort the platform lacks falls back to relevancy. */
export function switchPlatform(form: DiscoverForm, platform: DiscoveryPlatform): DiscoverForm {
  const sort = sortsFor(platform).some((s) => s.value === form.sort) ? form.sort : 'relevancy';
  return { ...form, platform, sort };
}
