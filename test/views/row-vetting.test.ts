import { describe, expect, it } from 'vitest';
import { discoveryResults } from '../../views/discover-results.ts';
import { similarPage } from '../../views/similar.ts';
import { blockKitViolations } from '../support/block-kit.ts';

/** Similar and discovery rows: verdict, "contacted by" marks, Add to shortlist, the 10,000 note. */

const NOW = Date.UTC(2026, 10, 20);
const creators = Array.from({ length: 10 }, (_, i) => ({
  platform: 'instagram' as const,
  userId: String(i),
  handle: i === 0 ? 'ben.contacted' : `creator_${i}`,
  name: `Creator ${i}`,
  avatarUrl: null,
  followers: 50_000,
  engagementPercent: i === 1 ? 0.5 : 3,
  url: null,
  verified: null,
}));
const vetting = {
  marks: {
    'instagram:ben.contacted': { status: 'contacted' as const, by: 'U0BEN', at: Date.UTC(2026, 10, 3) },
    'instagram:creator_2': {
      status: 'contacted' as const,
      by: 'U0ANA',
      at: Date.UTC(2026, 10, 4),
      now: 'signed' as const,
    },
  },
  notSent: 1_234,
  now: NOW,
};

describe('row vetting', () => {
  it('marks a contacted creator, flags low engagement and notes handles beyond 10,000 (similar)', () => {
    const message = similarPage({
      platform: 'instagram',
      handle: 'seed',
      page: 0,
      total: 10,
      creators,
      cost: { creditsCost: 0.1, fromCache: null, shared: false },
      now: NOW,
      vetting,
    });
    const text = JSON.stringify(message.blocks);
    expect(text).toContain(':no_entry: contacted by <@U0BEN> on 3 Nov');
    expect(text).toContain(':no_entry: contacted by <@U0ANA> on 4 Nov (now signed)');
    expect(text).toContain('0.5 % engagement: below the 2–5 % typical');
    expect(text).toContain('1,234 older ones may still appear');
    expect(text.match(/shortlist_add/g)).toHaveLength(10);
    expect(blockKitViolations(message, 'message')).toEqual([]);
  });

  it('does the same on discovery results within 50 blocks', () => {
    const rows = creators.map((c, i) => ({ ...c, rank: i + 1, location: null }));
    const message = discoveryResults({
      searchId: 's1',
      summary: 'fitness',
      platform: 'instagram',
      page: 0,
      pageSize: 10,
      total: 100,
      rows: [...rows, ...rows].map((r, i) => ({ ...r, rank: i + 1 })),
      cost: { credits: 0.1, fromCache: null },
      pricePerCreator: 0.01,
      budget: null,
      now: NOW,
      vetting,
    });
    expect(JSON.stringify(message.blocks)).toContain(':no_entry: contacted by <@U0BEN> on 3 Nov');
    expect(blockKitViolations(message, 'message')).toEqual([]);
  });
});
