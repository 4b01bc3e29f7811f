import { describe, expect, it } from 'vitest';
import type { DiscoveryRow } from '../../src/discovery/results.ts';
import { toDiscoveryRows } from '../../src/discovery/results.ts';
import { DISCOVERY_CAP_NOTE } from '../../views/discover.ts';
import {
  discoveryResults,
  exportComment,
  type ResultsPageProps,
  resultsForSharing,
} from '../../views/discover-results.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';

type Json = Record<string, unknown>;

function rows(n: number, first = 1, overrides: Partial<DiscoveryRow> = {}): DiscoveryRow[] {
  return Array.from({ length: n }, (_, i) => ({
    rank: first + i,
    platform: 'instagram' as const,
    handle: `creator_${first + i}`,
    name: `Creator ${first + i}`,
    followers: 128_400,
    engagementPercent: 3.42,
    location: 'Lisbon, Portugal',
    url: `https://www.instagram.com/creator_${first + i}/`,
    userId: String(1000 + i),
    ...overrides,
  }));
}

function props(over: Partial<ResultsPageProps> = {}): ResultsPageProps {
  return {
    searchId: 'abc123',
    summary: 'Instagram · “vegan recipes”',
    platform: 'instagram',
    page: 0,
    pageSize: 10,
    total: 1342,
    rows: rows(10),
    cost: { credits: 0.1, fromCache: null },
    pricePerCreator: 0.01,
    budget: { remaining: 499.9, limit: 500 },
    now: 1_700_000_000_000,
    ...over,
  };
}

function buttons(message: { blocks: unknown[] }): Json[] {
  return (message.blocks as Json[]).flatMap((b) => [
    ...(b.type === 'actions' ? (b.elements as Json[]) : []),
    ...(b.accessory ? [b.accessory as Json] : []),
  ]);
}

describe('discovery results page', () => {
  it('shows the total, 10 creators with followers, engagement and location, and what the page cost', () => {
    const message = discoveryResults(props());
    expectValidBlockKit(message, 'message');
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('1,342 Instagram creators');
    expect(text).toContain('page 1 of 135');
    expect(text).toContain('128.4K followers · 3.42% engagement · :round_pushpin: Lisbon, Portugal');
    expect(text).toContain('This page cost 0.1 credits (0.01 per creator returned)');
    expect(text).toContain(DISCOVERY_CAP_NOTE);
    expect(text).toContain('499.9 of 500 credits left');
    const enrich = buttons(message).filter((b) => b.action_id === 'creator_open');
    expect(enrich).toHaveLength(10);
    expect(JSON.parse(String(enrich[0]?.value))).toEqual({ platform: 'instagram', handle: 'creator_1' });
    const nav = buttons(message).filter((b) => String(b.action_id).startsWith('discover_'));
    expect(nav.map((b) => [b.action_id, b.value])).toEqual([
      ['discover_next', 'abc123:1'],
      ['discover_export', 'abc123:1342'],
    ]);
  });

  it('has Previous after the first page and no Next on the last', () => {
    const last = discoveryResults(props({ page: 134, rows: rows(2, 1341) }));
    const ids = buttons(last).map((b) => [b.action_id, b.value]);
    expect(ids).toContainEqual(['discover_prev', 'abc123:133']);
    expect(ids.some(([id]) => id === 'discover_next')).toBe(false);
  });

  it('stops Next at the 10,000-result window', () => {
    const message = discoveryResults(props({ total: 48_000, page: 999, rows: rows(10, 9991) }));
    expect(JSON.stringify(message.blocks)).toContain('page 1,000 of 1,000');
    expect(buttons(message).some((b) => b.action_id === 'discover_next')).toBe(false);
  });

  it('says when a page came from the cache and cost nothing', () => {
    const message = discoveryResults(
      props({ cost: { credits: 0, fromCache: { at: 1_700_000_000_000 - 2 * 3600_000 } } }),
    );
    expect(JSON.stringify(message.blocks)).toContain(
      "Shown from Scout's cache (fetched 2 h ago): nothing was charged",
    );
  });

  it('escapes creator text and shows — for missing data (worst case)', () => {
    const hostile = rows(10, 1, {
      name: `Mallory *Markup* <!here> ${'very long name '.repeat(30)}`,
      handle: 'mallory_<@U123>',
      followers: null,
      engagementPercent: null,
      location: null,
      url: null,
    });
    const message = discoveryResults(props({ rows: hostile, summary: `<!channel> ${'x'.repeat(900)}` }));
    expectValidBlockKit(message, 'message');
    // what Slack renders: every mrkdwn text (button values are data, not shown)
    const text = (message.blocks as unknown as Json[])
      .flatMap((b) => [b.text, ...((b.elements as Json[] | undefined) ?? [])])
      .map((t) => String((t as Json | undefined)?.text ?? ''))
      .join('\n');
    expect(text).not.toContain('<!here>');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U123>');
    expect(text).toContain('— followers · — engagement · :round_pushpin: —');
  });

  it('reads API accounts tolerantly: missing fields are null, never undefined', () => {
    const [sparse, full] = toDiscoveryRows(
      [
        { user_id: 7 },
        {
          user_id: '55',
          profile: {
            username: '@Example',
            full_name: 'Ex',
            followers: '1,200',
            engagement_percent: 2.5,
            location: 'Berlin',
          },
        },
      ],
      'youtube',
      11,
    );
    expect(sparse).toEqual({
      rank: 11,
      platform: 'youtube',
      handle: null,
      name: null,
      followers: null,
      engagementPercent: null,
      location: null,
      url: null,
      userId: '7',
    });
    expect(full).toMatchObject({ rank: 12, handle: 'example', followers: 1200, location: 'Berlin' });
    expect(full?.url).toBe('https://www.youtube.com/@example');
    const message = discoveryResults(props({ platform: 'youtube', rows: [sparse, full] as DiscoveryRow[] }));
    expectValidBlockKit(message, 'message');
    // no handle, no Enrich button
    expect(buttons(message).filter((b) => b.action_id === 'creator_open')).toHaveLength(1);
    expect(JSON.stringify(message.blocks)).toContain('1.2K subscribers');
  });

  it('says nothing matched without buttons', () => {
    const message = discoveryResults(props({ total: 0, rows: [], cost: { credits: 0, fromCache: null } }));
    expectValidBlockKit(message, 'message');
    expect(message.text).toMatch(/No Instagram creators match/);
    expect(buttons(message)).toHaveLength(0);
  });

  it('shares a copy without anyone’s buttons', () => {
    const shared = resultsForSharing(discoveryResults(props()));
    expectValidBlockKit(shared, 'message');
    expect(buttons(shared)).toHaveLength(0);
    expect(JSON.stringify(shared.blocks)).toContain('Creator 10');
  });
});

describe('export comment', () => {
  it('says how many, what it cost, and why it stopped', () => {
    expect(exportComment({ exported: 100, requested: 100, spent: 1, uncertain: false, failure: null })).toBe(
      ':white_check_mark: 100 creators. 1 credit spent.',
    );
    expect(
      exportComment({
        exported: 50,
        requested: 250,
        spent: 0.5,
        uncertain: false,
        failure: 'Influencers Club is down.',
      }),
    ).toMatch(
      /^:warning: Stopped after 50 of 250 creators\. Influencers Club is down\.\nHere is what was fetched: 0\.5 credits spent\.$/,
    );
    expect(
      exportComment({ exported: 37, requested: 50, spent: 0.37, uncertain: false, failure: null }),
    ).toMatch(/37 creators \(all there were; 50 were requested\)/);
  });
});
