import type { InputBlock, ModalView, NumberInput } from '@slack/types';
import type { BudgetLine } from '../src/discovery/budget-line.ts';
import {
  type AudienceShareFilter,
  type Choice,
  type DictionaryFilter,
  type FilterDef,
  type FlagsFilter,
  filtersFor,
  flagsFor,
  type KeywordsFilter,
  labelFor,
  type MultiSelectFilter,
  type RangeFilter,
  type Section,
  type SelectFilter,
  sortsFor,
} from '../src/discovery/catalog.ts';
import {
  ACTION,
  AI_SEARCH_MAX,
  actionIdFor,
  BLOCK,
  blockIdFor,
  type DiscoverForm,
  type FilterValue,
} from '../src/discovery/form.ts';
import { DISCOVERY_PLATFORMS, PLATFORM_NAMES } from '../src/ic/platforms.ts';
import { context, header, modal, type SlackBlock, section } from './blocks.ts';
import {
  creditsPhrase,
  escapeMrkdwn,
  formatCredits,
  formatInteger,
  LIMITS,
  plainText,
  truncate,
} from './format.ts';

/**
 * The discovery modal (one layout per platform, built from the filter catalog) and the export
 * modal. Pure: everything they show is passed in.
 */

export const DISCOVER_CALLBACK = 'discover_search';
export const EXPORT_CALLBACK = 'discover_export_confirm';
export const EXPORT_COUNT_BLOCK = 'count';
export const EXPORT_COUNT_ACTION = 'discover_export_count';

export type { BudgetLine };

/** Shown wherever discovery is offered (api-ref#credits). */
export const DISCOVERY_CAP_NOTE =
  "Influencers Club caps discovery at 10 % of your plan's credits per billing cycle.";

export function budgetNote(budget: BudgetLine | null): string {
  return budget
    ? `Workspace budget: ${formatCredits(budget.remaining)} of ${formatCredits(budget.limit)} credits left this month.`
    : 'Workspace budget: see the Scout Home tab.';
}

function plain(text: string, max = 2000): { type: 'plain_text'; text: string; emoji: true } {
  return { type: 'plain_text', text: plainText(text, max) || ' ', emoji: true };
}

function option(choice: Choice): { text: { type: 'plain_text'; text: string }; value: string } {
  return {
    text: { type: 'plain_text', text: plainText(choice.label, LIMITS.optionText) || choice.value },
    value: truncate(choice.value, LIMITS.optionValue),
  };
}

function input(
  blockId: string,
  label: string,
  element: InputBlock['element'],
  extra: { hint?: string; optional?: boolean; dispatch?: boolean } = {},
): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, LIMITS.headerText),
    element,
    optional: extra.optional ?? true,
    ...(extra.hint ? { hint: plain(extra.hint) } : {}),
    ...(extra.dispatch ? { dispatch_action: true } : {}),
  };
}

function numberText(n: number | null): string | undefined {
  return n === null ? undefined : String(n);
}

const SECTION_TITLES: Record<Section, string> = {
  creator: 'Creator',
  content: 'Content',
  audience: 'Audience',
};

export interface DiscoverModalProps {
  form: DiscoverForm;
  privateMetadata: string;
  budget: BudgetLine | null;
  pricePerCreator: number;
}

export function discoverModal(props: DiscoverModalProps): ModalView {
  const blocks: SlackBlock[] = [
    ...searchInputs(props.form),
    ...filterSections(props.form),
    context([
      `Each creator returned costs ${creditsPhrase(props.pricePerCreator)}; 10 per page. ${budgetNote(props.budget)}`,
      DISCOVERY_CAP_NOTE,
    ]),
  ];
  return modal({
    callbackId: DISCOVER_CALLBACK,
    title: 'Discover creators',
    submit: 'Search',
    close: 'Cancel',
    privateMetadata: props.privateMetadata,
    blocks: blocks.slice(0, LIMITS.surfaceBlocks),
  });
}

/** The description, the platform (switching redraws the modal) and the sort order. */
function searchInputs(form: DiscoverForm): InputBlock[] {
  const platformOptions = DISCOVERY_PLATFORMS.map((p) => option({ label: PLATFORM_NAMES[p], value: p }));
  const sorts = sortsFor(form.platform).map((s) => option(s));
  return [
    input(
      BLOCK.aiSearch,
      'Describe the creators',
      {
        type: 'plain_text_input',
        action_id: ACTION.aiSearch,
        max_length: AI_SEARCH_MAX,
        placeholder: plain('e.g. vegan recipe creators in Berlin', 150),
        ...(form.aiSearch ? { initial_value: form.aiSearch } : {}),
      },
      { hint: 'Semantic search, 3–150 characters. Leave it empty to search by filters only.' },
    ),
    input(
      BLOCK.platform,
      'Platform',
      {
        type: 'static_select',
        action_id: ACTION.platform,
        options: platformOptions,
        initial_option: platformOptions.find((o) => o.value === form.platform),
      },
      { optional: false, dispatch: true, hint: 'Changing the platform shows its own filters.' },
    ),
    input(
      BLOCK.sort,
      'Sort by',
      {
        type: 'static_select',
        action_id: ACTION.sort,
        options: sorts,
        initial_option: sorts.find((o) => o.value === form.sort) ?? sorts[0],
      },
      { optional: false },
    ),
  ];
}

/** The platform's filters under a header per section (creator, content, audience). */
function filterSections(form: DiscoverForm): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  let current: Section | null = null;
  for (const filter of filtersFor(form.platform)) {
    if (filter.section !== current) {
      current = filter.section;
      blocks.push(header(SECTION_TITLES[current]));
      if (current === 'audience') {
        blocks.push(context(['Audience filters apply to Instagram creators with 10k+ followers.']));
      }
    }
    blocks.push(...filterBlocks(filter, form));
  }
  return blocks;
}

type Entered = FilterValue | undefined;

/** The inputs of one filter, showing what was entered (after a platform switch, for instance). */
function filterBlocks(filter: FilterDef, form: DiscoverForm): SlackBlock[] {
  const label = labelFor(filter, form.platform);
  const value = form.values[filter.id];
  switch (filter.input) {
    case 'range':
      return rangeInputs(filter, value, label);
    case 'select':
      return [selectInput(filter, value, label)];
    case 'multi_select':
      return [multiSelectInput(filter, value, label)];
    case 'dictionary':
      return [dictionaryInput(filter, value, label)];
    case 'keywords':
      return [keywordsInput(filter, value, label)];
    case 'flags':
      return flagsInput(filter, value, label, form.platform);
    case 'audience_share':
      return [shareInput(filter, value, label)];
  }
}

function chosenOf(options: ReturnType<typeof option>[], value: Entered): ReturnType<typeof option>[] {
  return value?.type === 'options'
    ? options.filter((o) => value.options.some((c) => c.value === o.value))
    : [];
}

function rangeInputs(filter: RangeFilter, value: Entered, label: string): InputBlock[] {
  const range = value?.type === 'range' ? value : null;
  const decimals = filter.unit === 'percent' || filter.unit === 'dollars';
  const element = (part: 'min' | 'max', n: number | null | undefined): NumberInput => ({
    type: 'number_input',
    action_id: actionIdFor(filter, part),
    is_decimal_allowed: decimals,
    min_value: '0',
    ...(filter.unit === 'percent' ? { max_value: '100' } : {}),
    ...(n !== null && n !== undefined ? { initial_value: numberText(n) } : {}),
    placeholder: plain(part === 'min' ? 'no minimum' : 'no maximum', 150),
  });
  return [
    input(blockIdFor(filter, 'min'), `${label}: at least`, element('min', range?.min)),
    input(blockIdFor(filter, 'max'), `${label}: at most`, element('max', range?.max)),
  ];
}

function selectInput(filter: SelectFilter, value: Entered, label: string): InputBlock {
  const options = filter.choices.map(option);
  const chosen = value?.type === 'choice' ? options.find((o) => o.value === value.value) : undefined;
  return input(filter.id, label, {
    type: 'static_select',
    action_id: actionIdFor(filter),
    options,
    placeholder: plain(filter.choices[0]?.label ?? 'Any', 150),
    ...(chosen ? { initial_option: chosen } : {}),
  });
}

function multiSelectInput(filter: MultiSelectFilter, value: Entered, label: string): InputBlock {
  const options = filter.choices.map(option);
  const chosen = chosenOf(options, value);
  return input(filter.id, label, {
    type: 'multi_static_select',
    action_id: actionIdFor(filter),
    options,
    placeholder: plain('Any', 150),
    ...(chosen.length ? { initial_options: chosen } : {}),
  });
}

function dictionaryInput(filter: DictionaryFilter, value: Entered, label: string): InputBlock {
  const chosen = value?.type === 'options' ? value.options.slice(0, filter.maxItems).map(option) : [];
  return input(
    filter.id,
    label,
    {
      type: 'multi_external_select',
      action_id: actionIdFor(filter),
      min_query_length: filter.minQueryLength,
      max_selected_items: filter.maxItems,
      placeholder: plain('Type to search…', 150),
      ...(chosen.length ? { initial_options: chosen } : {}),
    },
    filter.hint ? { hint: filter.hint } : {},
  );
}

function keywordsInput(filter: KeywordsFilter, value: Entered, label: string): InputBlock {
  const text = value?.type === 'text' ? value.text : '';
  const example = filter.hashtags ? 'e.g. #veganrecipes, #plantbased' : 'e.g. vegan, plant-based';
  return input(
    filter.id,
    label,
    {
      type: 'plain_text_input',
      action_id: actionIdFor(filter),
      max_length: 1000,
      placeholder: plain(example, 150),
      ...(text ? { initial_value: text } : {}),
    },
    { hint: 'Separate with commas.' },
  );
}

function flagsInput(
  filter: FlagsFilter,
  value: Entered,
  label: string,
  platform: DiscoverForm['platform'],
): InputBlock[] {
  const flags = flagsFor(filter, platform);
  if (flags.length === 0) return [];
  const options = flags.map((f) => option({ label: f.label, value: f.id }));
  const chosen = chosenOf(options, value);
  return [
    input(filter.id, label, {
      type: 'checkboxes',
      action_id: actionIdFor(filter),
      options: options.slice(0, 10),
      ...(chosen.length ? { initial_options: chosen } : {}),
    }),
  ];
}

function shareInput(filter: AudienceShareFilter, value: Entered, label: string): InputBlock {
  const n = value?.type === 'number' ? value.value : null;
  return input(
    filter.id,
    label,
    {
      type: 'number_input',
      action_id: actionIdFor(filter),
      is_decimal_allowed: true,
      min_value: '1',
      max_value: '100',
      ...(n !== null ? { initial_value: numberText(n) } : {}),
    },
    filter.hint ? { hint: filter.hint } : {},
  );
}

// ---- Export

export interface ExportModalProps {
  summary: string;
  total: number;
  /** From exportChoices: counts to offer, the last one being "all". */
  choices: readonly number[];
  pricePerCreator: number;
  budget: BudgetLine | null;
  privateMetadata: string;
}

export function exportCountLabel(count: number, isAll: boolean, pricePerCreator: number): string {
  const credits = Math.round(count * pricePerCreator * 1000) / 1000;
  return `${isAll ? 'All ' : ''}${formatInteger(count)} creators · about ${creditsPhrase(credits)}`;
}

export function exportModal(props: ExportModalProps): ModalView {
  const options = props.choices.map((n, i) =>
    option({
      label: exportCountLabel(n, i === props.choices.length - 1, props.pricePerCreator),
      value: String(n),
    }),
  );
  const initial = options.find((o) => Number(o.value) >= 100) ?? options.at(-1);
  const windowNote =
    props.total > 10_000 ? ' Influencers Club serves only the first 10,000 results of a search.' : '';
  return modal({
    callbackId: EXPORT_CALLBACK,
    title: 'Export to CSV',
    submit: 'Export',
    close: 'Cancel',
    privateMetadata: props.privateMetadata,
    blocks: [
      section(
        `*${escapeMrkdwn(truncate(props.summary, 500))}*\n${formatInteger(props.total)} creators match.${windowNote}`,
      ),
      input(
        EXPORT_COUNT_BLOCK,
        'How many creators?',
        {
          type: 'static_select',
          action_id: EXPORT_COUNT_ACTION,
          options,
          ...(initial ? { initial_option: initial } : {}),
        },
        { optional: false },
      ),
      context([
        `Estimated cost: ${formatCredits(props.pricePerCreator)} credits per creator returned, charged as the pages arrive. The CSV is posted in a thread in this channel.`,
        budgetNote(props.budget),
        DISCOVERY_CAP_NOTE,
      ]),
    ],
  });
}
