import { describe, expect, it } from 'vitest';
import { CREATOR_HAS_KEYS, FILTERS, filtersFor, flagsFor, sortsFor } from '../../src/discovery/catalog.ts';
import { formFromCommand, readForm, switchPlatform } from '../../src/discovery/form.ts';
import { buildSearch, pageRequest, parseKeywords } from '../../src/discovery/request.ts';
import { DISCOVERY_PLATFORMS } from '../../src/ic/platforms.ts';
import { discoveryRequestSchema } from '../../src/ic/schemas.ts';
import { allFiltersAtOnce, FILTER_CASES, type StateValues } from './filter-cases.ts';

const option = (value: string, label = value) => ({ text: { type: 'plain_text', text: label }, value });

function build(platform: (typeof DISCOVERY_PLATFORMS)[number], state: StateValues, aiSearch = '') {
  return buildSearch({ ...readForm(state, { platform }), aiSearch });
}

describe('every filter lands under the key the API reference gives (api-ref#filters)', () => {
  for (const platform of DISCOVERY_PLATFORMS) {
    describe(platform, () => {
      it('the table covers every filter and every checkbox the modal offers', () => {
        const offered = filtersFor(platform).map((f) => f.id);
        expect(FILTER_CASES[platform].map((c) => c.filter).sort()).toEqual([...offered].sort());
        for (const filter of filtersFor(platform)) {
          if (filter.input !== 'flags') continue;
          const picked = FILTER_CASES[platform].find((c) => c.filter === filter.id)?.state[filter.id];
          const values = (
            (Object.values(picked ?? {})[0]?.selected_options ?? []) as { value: string }[]
          ).map((o) => o.value);
          expect(values.sort()).toEqual(
            flagsFor(filter, platform)
              .map((f) => f.id)
              .sort(),
          );
        }
      });

      it.each(FILTER_CASES[platform].map((c) => [c.filter, c] as const))('%s', (_name, c) => {
        const built = build(platform, c.state);
        expect(built).toMatchObject({ ok: true });
        if (!built.ok) return;
        expect(built.query.filters).toEqual(c.expect);
        // and the client, which refuses keys the API would ignore, sends it as is
        const parsed = discoveryRequestSchema.safeParse(pageRequest(built.query, 0, 10));
        expect(parsed.success).toBe(true);
      });

      it('all filters at once', () => {
        const { state, expect: filters } = allFiltersAtOnce(platform);
        const built = build(platform, state, 'vegan recipes');
        expect(built).toMatchObject({ ok: true });
        if (!built.ok) return;
        expect(built.query).toEqual({
          platform,
          sort: { sort_by: 'relevancy', sort_order: 'desc' },
          filters: { ai_search: 'vegan recipes', ...filters },
        });
      });
    });
  }

  it('offers only creator_has keys the API knows (has_<platform>, MCP list)', () => {
    const alsoOn = FILTERS.find((f) => f.id === 'also_on');
    expect(alsoOn?.input).toBe('multi_select');
    if (alsoOn?.input !== 'multi_select') return;
    for (const choice of alsoOn.choices) expect(CREATOR_HAS_KEYS.has(choice.value)).toBe(true);
  });

  it('drops values of filters the platform does not have', () => {
    // followers entered on Instagram, then the platform switched to OnlyFans (no follower filter, api-ref#filters)
    const state = { ...FILTER_CASES.instagram[0]?.state, ...FILTER_CASES.instagram[2]?.state };
    const built = build('onlyfans', state);
    expect(built).toMatchObject({ ok: true });
    if (built.ok) expect(built.query.filters).toEqual({ location: ['Lisbon, Portugal', 'United States'] });
  });
});

describe('validation (response_action: errors, keyed by block id)', () => {
  it('refuses a minimum above the maximum, on the max block', () => {
    const state: StateValues = {
      followers_min: { discover_followers_min: { type: 'number_input', value: '50000' } },
      followers_max: { discover_followers_max: { type: 'number_input', value: '1000' } },
    };
    const built = build('instagram', state, 'vegan recipes');
    expect(built.ok).toBe(false);
    if (!built.ok) expect(Object.keys(built.errors)).toEqual(['followers_max']);
  });

  it('refuses an engagement percentage over 100', () => {
    const state: StateValues = { engagement_min: { x: { type: 'number_input', value: '150' } } };
    const built = build('tiktok', state, 'vegan recipes');
    expect(built.ok ? null : built.errors).toEqual({ engagement_min: 'A percentage is at most 100.' });
  });

  it('refuses a semantic search shorter than 3 characters', () => {
    const built = build('instagram', {}, 'hi');
    expect(built.ok ? null : Object.keys(built.errors)).toEqual(['ai_search']);
  });

  it('refuses a search with nothing chosen (an "Any" select counts as nothing)', () => {
    const state: StateValues = {
      gender: { discover_gender: { type: 'static_select', selected_option: option('any') } },
    };
    const built = build('instagram', state, '   ');
    expect(built.ok ? null : built.errors).toEqual({
      ai_search: expect.stringMatching(/pick at least one filter/),
    });
  });

  it('refuses an audience share with no audience filter to apply to', () => {
    const state: StateValues = {
      audience_share: { discover_audience_share: { type: 'number_input', value: '20' } },
    };
    const built = build('instagram', state, 'vegan recipes');
    expect(built.ok ? null : Object.keys(built.errors)).toEqual(['audience_share']);
  });

  it('refuses more than 20 keywords', () => {
    const many = Array.from({ length: 21 }, (_, i) => `word${i}`).join(', ');
    const state: StateValues = {
      bio_keywords: { discover_bio_keywords: { type: 'plain_text_input', value: many } },
    };
    const built = build('instagram', state);
    expect(built.ok ? null : Object.keys(built.errors)).toEqual(['bio_keywords']);
  });
});

describe('the form', () => {
  it('turns /discover text into the semantic search, with an optional leading platform word', () => {
    expect(formFromCommand('vegan recipes')).toMatchObject({
      platform: 'instagram',
      aiSearch: 'vegan recipes',
    });
    expect(formFromCommand('tiktok  home workout coaches')).toMatchObject({
      platform: 'tiktok',
      aiSearch: 'home workout coaches',
    });
    expect(formFromCommand('yt')).toMatchObject({ platform: 'youtube', aiSearch: '' });
    // Facebook is not a discovery platform: the word stays part of the search
    expect(formFromCommand('facebook moms')).toMatchObject({
      platform: 'instagram',
      aiSearch: 'facebook moms',
    });
    expect(Array.from(formFromCommand('x'.repeat(400)).aiSearch)).toHaveLength(150);
  });

  it('keeps values and sort across a platform switch where they apply', () => {
    const form = readForm(
      {
        ...FILTER_CASES.instagram[0]?.state,
        sort: { discover_sort: { type: 'static_select', selected_option: option('growth_rate') } },
      },
      { platform: 'instagram' },
    );
    expect(form.sort).toBe('growth_rate');
    const onYoutube = switchPlatform(form, 'youtube');
    expect(onYoutube.sort).toBe('growth_rate');
    expect(onYoutube.values.followers).toEqual(form.values.followers);
    // Twitter has no growth sort (api-ref#discovery)
    expect(switchPlatform(form, 'twitter').sort).toBe('relevancy');
  });

  it('sends the chosen sort, always descending', () => {
    const form = readForm(
      { sort: { discover_sort: { type: 'static_select', selected_option: option('engagement_rate') } } },
      { platform: 'tiktok' },
    );
    const built = buildSearch({ ...form, aiSearch: 'vegan recipes' });
    expect(built.ok && built.query.sort).toEqual({ sort_by: 'engagement_rate', sort_order: 'desc' });
    expect(built.ok && built.summary).toMatch(/sorted by highest engagement/);
  });

  it('offers sorts per platform as the API allows (api-ref#discovery)', () => {
    expect(sortsFor('onlyfans').map((s) => s.value)).not.toContain('number_of_followers');
    expect(sortsFor('twitter').map((s) => s.value)).not.toContain('growth_rate');
    expect(sortsFor('youtube').map((s) => s.value)).toEqual([
      'relevancy',
      'number_of_followers',
      'engagement_rate',
      'growth_rate',
    ]);
  });

  it('reads keywords: commas or lines, hashtags without #, de-duplicated and sorted', () => {
    expect(parseKeywords(' vegan,Vegan , plant  based\n\n;tofu')).toEqual([
      'Vegan',
      'plant based',
      'tofu',
      'vegan',
    ]);
    expect(parseKeywords('#vegan, ##recipes, vegan', true)).toEqual(['recipes', 'vegan']);
  });

  it('reads garbage state as an empty form instead of throwing', () => {
    expect(readForm({ followers_min: 'nope' }, { platform: 'twitch', aiSearch: 'x' })).toMatchObject({
      platform: 'twitch',
      aiSearch: 'x',
      values: {},
    });
  });
});
