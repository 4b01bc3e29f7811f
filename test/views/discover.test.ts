import { describe, expect, it } from 'vitest';
import { filtersFor } from '../../src/discovery/catalog.ts';
import { exportChoices } from '../../src/discovery/export.ts';
import { type DiscoverForm, readForm } from '../../src/discovery/form.ts';
import { DISCOVERY_PLATFORMS } from '../../src/ic/platforms.ts';
import { DISCOVERY_CAP_NOTE, discoverModal, exportModal } from '../../views/discover.ts';
import { allFiltersAtOnce } from '../discovery/filter-cases.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';

type Block = {
  type: string;
  block_id?: string;
  element?: Record<string, unknown>;
  dispatch_action?: boolean;
};

const LONG = `${'Ünïcödé brand & <!channel> *bold* '.repeat(6)}`;

/** The fullest form a platform can have: every filter set, long type-ahead labels. */
function fullForm(platform: (typeof DISCOVERY_PLATFORMS)[number]): DiscoverForm {
  const form = readForm(allFiltersAtOnce(platform).state, { platform });
  for (const filter of filtersFor(platform)) {
    if (filter.input === 'dictionary') {
      form.values[filter.id] = {
        type: 'options',
        options: Array.from({ length: filter.maxItems }, (_, i) => ({
          label: `${LONG}${i}`,
          value: `v${i}`,
        })),
      };
    }
  }
  return { ...form, aiSearch: 'x'.repeat(150) };
}

function blockById(view: { blocks: unknown[] }, id: string): Block | undefined {
  return (view.blocks as Block[]).find((b) => b.block_id === id);
}

describe('discovery modal', () => {
  it.each(DISCOVERY_PLATFORMS)('is valid Block Kit on %s, empty and with every filter set', (platform) => {
    const budget = { remaining: 412.5, limit: 500 };
    const empty = discoverModal({
      form: { platform, aiSearch: '', sort: 'relevancy', values: {} },
      privateMetadata: JSON.stringify({
        c: 'C1',
        t: 1,
        p: platform,
        u: `https://hooks.slack.com/${'x'.repeat(200)}`,
      }),
      budget,
      pricePerCreator: 0.01,
    });
    expectValidBlockKit(empty, 'modal');
    const full = discoverModal({
      form: fullForm(platform),
      privateMetadata: '{}',
      budget: null,
      pricePerCreator: 0.01,
    });
    expectValidBlockKit(full, 'modal');
    expect(full.blocks.length).toBeLessThanOrEqual(100);
    // one input per filter (two for ranges) plus the three fixed inputs
    const inputs = full.blocks.filter((b) => b.type === 'input').length;
    const expected = filtersFor(platform).reduce((n, f) => n + (f.input === 'range' ? 2 : 1), 3);
    expect(inputs).toBe(expected);
  });

  it('holds the /discover text, the platform (dispatching on change) and the cap note', () => {
    const view = discoverModal({
      form: { platform: 'tiktok', aiSearch: 'vegan recipes', sort: 'relevancy', values: {} },
      privateMetadata: '{}',
      budget: { remaining: 12.34, limit: 500 },
      pricePerCreator: 0.01,
    });
    expect(blockById(view, 'ai_search')?.element).toMatchObject({
      initial_value: 'vegan recipes',
      max_length: 150,
    });
    const platform = blockById(view, 'platform');
    expect(platform?.dispatch_action).toBe(true);
    expect(platform?.element).toMatchObject({
      action_id: 'discover_platform',
      initial_option: { value: 'tiktok' },
    });
    const text = JSON.stringify(view.blocks);
    expect(text).toContain(DISCOVERY_CAP_NOTE);
    expect(text).toContain('12.34 of 500 credits left');
    // TikTok has no YouTube topics and no audience filters
    expect(blockById(view, 'topics')).toBeUndefined();
    expect(blockById(view, 'audience_location')).toBeUndefined();
  });

  it('renders entered values back as initial values (what a platform switch keeps)', () => {
    const form = fullForm('instagram');
    const view = discoverModal({ form, privateMetadata: '{}', budget: null, pricePerCreator: 0.01 });
    expect(blockById(view, 'followers_min')?.element).toMatchObject({ initial_value: '1000' });
    expect(blockById(view, 'engagement_max')?.element).toMatchObject({ initial_value: '8.5' });
    expect(blockById(view, 'gender')?.element).toMatchObject({ initial_option: { value: 'female' } });
    expect(blockById(view, 'location')?.element).toMatchObject({
      type: 'multi_external_select',
      action_id: 'discover_dict_location',
      initial_options: expect.arrayContaining([expect.objectContaining({ value: 'v0' })]),
    });
    const flags = blockById(view, 'profile_flags')?.element as { initial_options: { value: string }[] };
    expect(flags.initial_options.map((o) => o.value)).toContain('public_only');

    // the same values on Twitch: only the profile flags Twitch has stay ticked
    const twitch = discoverModal({
      form: { ...form, platform: 'twitch' },
      privateMetadata: '{}',
      budget: null,
      pricePerCreator: 0.01,
    });
    const twitchFlags = blockById(twitch, 'profile_flags')?.element as {
      initial_options: { value: string }[];
    };
    expect(twitchFlags.initial_options.map((o) => o.value)).not.toContain('public_only');
    expect(blockById(twitch, 'followers_min')?.element).toMatchObject({ initial_value: '1000' });
    expect(blockById(twitch, 'engagement_min')).toBeUndefined();
  });

  it('asks for few characters on short lists and more on long ones', () => {
    const view = discoverModal({
      form: { platform: 'youtube', aiSearch: '', sort: 'relevancy', values: {} },
      privateMetadata: '{}',
      budget: null,
      pricePerCreator: 0.01,
    });
    expect(blockById(view, 'language')?.element).toMatchObject({ min_query_length: 1 });
    expect(blockById(view, 'topics')?.element).toMatchObject({ min_query_length: 1 });
    expect(blockById(view, 'location')?.element).toMatchObject({ min_query_length: 2 });
  });
});

describe('export modal', () => {
  it('offers whole pages up to the 10,000 window, each with its estimated cost', () => {
    const view = exportModal({
      summary: `Instagram · “${LONG}”`,
      total: 48_210,
      choices: exportChoices(48_210),
      pricePerCreator: 0.01,
      budget: { remaining: 80, limit: 500 },
      privateMetadata: '{}',
    });
    expectValidBlockKit(view, 'modal');
    const element = blockById(view, 'count')?.element as {
      options: { text: { text: string }; value: string }[];
      initial_option: { value: string };
    };
    expect(element.options.map((o) => o.value)).toEqual([
      '50',
      '100',
      '250',
      '500',
      '1000',
      '2500',
      '5000',
      '10000',
    ]);
    expect(element.options.at(-1)?.text.text).toBe('All 10,000 creators · about 100 credits');
    expect(element.initial_option.value).toBe('100');
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('only the first 10,000');
    expect(text).toContain(DISCOVERY_CAP_NOTE);
  });

  it('offers "all" when there are fewer matches than a preset', () => {
    expect(exportChoices(0)).toEqual([]);
    expect(exportChoices(37)).toEqual([37]);
    expect(exportChoices(120)).toEqual([50, 100, 120]);
    expect(exportChoices(250)).toEqual([50, 100, 250]);
  });
});
