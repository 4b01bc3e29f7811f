import { describe, expect, it } from 'vitest';
import type { CreatorProfile } from '../../src/ic/profile.ts';
import { digestMessage } from '../../views/digest.ts';
import { rawCardMessage, shortcutList } from '../../views/shortcut.ts';
import { unfurlCard, unfurlOffer } from '../../views/unfurl.ts';
import { mrkdwnText } from '../e2e/creator-helpers.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';

/** The unfurl, shortcut and digest views: valid Block Kit, and creator text never acts as Slack markup. */

const NOW = Date.parse('2026-11-16T09:00:00Z');
const MARKUP = 'Ping <!channel> <!here> <@U123> <https://evil.test|click> *bold* `code`';

function profile(overrides: Partial<CreatorProfile> = {}): CreatorProfile {
  return {
    platform: 'instagram',
    handle: 'maya.moves',
    name: `${'Long Name '.repeat(50)}${MARKUP}`,
    userId: null,
    avatarUrl: 'https://cdn.example.test/a.jpg',
    verified: true,
    bio: MARKUP,
    followers: 128_400,
    following: null,
    postsCount: null,
    engagementPercent: 2.5,
    avgLikes: null,
    avgComments: null,
    avgViews: null,
    niches: [],
    location: null,
    language: null,
    email: null,
    growth: [],
    profileUrl: 'https://www.instagram.com/maya.moves/',
    links: [],
    otherPlatforms: [],
    category: null,
    ...overrides,
  };
}

const provenance = { credits: 0.03, what: 'raw lookup', fromCache: null, shared: false, now: NOW };
const target = { platform: 'instagram' as const, handle: 'maya.moves' };

function expectNoLiveMarkup(text: string): void {
  expect(text).not.toContain('<!channel>');
  expect(text).not.toContain('<!here>');
  expect(text).not.toContain('<@U123>');
  expect(text).not.toContain('<https://evil.test');
}

describe('unfurl views', () => {
  it('the compact card: name, platform, followers, engagement (≈ when estimated), Full card; hostile names escaped', () => {
    const card = unfurlCard({
      target,
      profile: profile(),
      engagementEstimated: true,
      provenance,
      fullCardPrice: 1,
    });
    const message = { text: 'unfurl', blocks: card.blocks };
    expectValidBlockKit(message, 'message');
    const text = mrkdwnText({ ...message });
    expectNoLiveMarkup(text);
    expect(text).toContain('*Followers*\n128.4K');
    expect(text).toContain('*Engagement*\n≈ 2.5%');
    expect(text).toContain('Instagram');
    expect(JSON.stringify(card)).toContain('unfurl_full_card');
  });

  it('the offer has a Look up button for cache-only and the daily cap, none when the budget is spent', () => {
    const base = { target, dailyCap: 25, estimate: 0.03, budget: null, buttonValue: '{"p":"instagram"}' };
    for (const reason of ['cache_only', 'daily_cap'] as const) {
      const offer = unfurlOffer({ ...base, reason });
      expectValidBlockKit({ text: 'x', blocks: offer.blocks }, 'message');
      expect(JSON.stringify(offer)).toContain('Look up (≈0.03 credits)');
    }
    const broke = unfurlOffer({ ...base, reason: 'budget', budget: { remaining: 0.01, limit: 10 } as never });
    expect(JSON.stringify(broke)).not.toContain('unfurl_lookup');
    expect(JSON.stringify(broke)).toContain('0.01 of 10 left');
  });

  it('a raw card posted in a thread has an escaped text fallback', () => {
    const message = rawCardMessage({ target, profile: profile(), provenance, fullCardPrice: 1 });
    expectValidBlockKit(message, 'message');
    expectNoLiveMarkup(mrkdwnText({ ...message }));
  });
});

describe('shortcut list', () => {
  it('lists up to 25 creators with platform, guesses marked, raw and full estimates', () => {
    const creators = Array.from({ length: 25 }, (_, i) => ({
      kind: 'handle' as const,
      platform: 'instagram' as const,
      handle: `creator_${i}_${'x'.repeat(20)}`,
      guessed: i % 2 === 0,
    }));
    const message = shortcutList({
      draftId: 'd1',
      creators,
      estimates: { raw: 0.75, full: 25 },
      prices: { raw: 0.03, full: 1, email: 0.05 },
      budget: { remaining: 100, limit: 500 },
      readParent: false,
    });
    expectValidBlockKit(message, 'message');
    expect(JSON.stringify(message)).toContain('Raw · ≈0.75 credits');
    expect(mrkdwnText({ ...message })).toContain('@creator_0_xxxxxxxxxxxxxxxxxxxx — Instagram _(guessed)_');
    expect(mrkdwnText({ ...message })).toContain('@creator_24_xxxxxxxxxxxxxxxxxxxx');
  });
});

describe('digest view', () => {
  it('spend by feature and person, jobs with escaped names, the UTC fallback note', () => {
    const message = digestMessage({
      zone: 'UTC',
      zoneSource: 'fallback',
      data: {
        from: NOW - 7 * 24 * 60 * 60 * 1000,
        to: NOW,
        total: 1.1,
        lookups: 2,
        byFeature: { creator: 1, discover: 0.1 },
        byUser: { U0ALICE: 1, U0BOB: 0.1 },
        jobs: [
          {
            fileName: `q4 ${MARKUP}.csv`,
            rows: 40,
            creditsUsed: 1.2,
            status: 'finished',
            channel: 'C1',
            threadTs: '1.2',
          },
        ],
        shortlists: [
          {
            list: `Q4 ${MARKUP}`,
            creator: 'maya.moves',
            platform: 'instagram',
            status: 'new',
            by: 'U0ALICE',
            at: NOW - 1000,
          },
          {
            list: 'Q4',
            creator: 'lena.longform',
            platform: 'tiktok',
            status: 'contacted',
            by: 'U0BOB',
            at: NOW - 500,
          },
        ],
      },
    });
    expectValidBlockKit(message, 'message');
    const text = mrkdwnText({ ...message });
    expectNoLiveMarkup(text);
    expect(text).toContain('Creator cards: 1');
    expect(text).toContain('<@U0ALICE>: 1');
    expect(text).toContain('Times are in UTC');
    expect(text).toContain('Mon 9 Nov – Mon 16 Nov');
    expect(text).toContain('@maya.moves (instagram) added in _Q4');
    expect(text).toContain('@lena.longform (tiktok) moved to *contacted* in _Q4_ by <@U0BOB>');
    expect(message.text).toContain('1 creator shortlisted');
  });
});
