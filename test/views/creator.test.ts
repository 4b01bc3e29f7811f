import { describe, expect, it } from 'vitest';
import { audienceSummaryOf } from '../../commands/creator/card.ts';
import { buttonTarget } from '../../commands/creator/card-flow.ts';
import type { CreatorProfile, CreatorSummary } from '../../src/ic/profile.ts';
import type { SlackMessage } from '../../views/blocks.ts';
import {
  type CreatorCardInput,
  costLine,
  creatorCard,
  creatorHelp,
  creatorInputProblem,
  emailCard,
  emailNothingCard,
  joinWithin,
  type Provenance,
} from '../../views/creator.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';

const NOW = Date.parse('2026-05-04T12:00:00Z');
const PRICES = { enrichFull: 1, socials: 0.5, posts: 0.03 };
const MARKUP = 'Ping <!channel> <!here> <@U123> <https://evil.test|click> *bold* _it_ ~s~ `code` &amp;';

const fresh: Provenance = { credits: 1, what: 'full enrichment', fromCache: null, shared: false, now: NOW };
const cached: Provenance = { ...fresh, credits: 0, fromCache: { at: NOW - 2 * 60 * 60 * 1000 } };

function emptyProfile(platform: CreatorProfile['platform'] = 'instagram'): CreatorProfile {
  return {
    platform,
    handle: null,
    name: null,
    userId: null,
    avatarUrl: null,
    verified: null,
    bio: null,
    followers: null,
    following: null,
    postsCount: null,
    engagementPercent: null,
    avgLikes: null,
    avgComments: null,
    avgViews: null,
    niches: [],
    location: null,
    language: null,
    email: null,
    growth: [],
    profileUrl: null,
    links: [],
    otherPlatforms: [],
    category: null,
  };
}

/** Everything too long, too big or hostile at once. */
function worstProfile(): CreatorProfile {
  return {
    platform: 'youtube',
    handle: 'h'.repeat(300),
    name: `${'Very Long Name '.repeat(40)}${MARKUP}`,
    userId: 'UC'.padEnd(24, 'x'),
    avatarUrl: `https://cdn.example.test/${'a'.repeat(4000)}.jpg`,
    verified: true,
    bio: `${MARKUP} ${'A long bio sentence that keeps going. '.repeat(200)}`,
    followers: 9.87e18,
    following: Number.POSITIVE_INFINITY,
    postsCount: Number.NaN,
    engagementPercent: 123_456.789,
    avgLikes: 9.99e15,
    avgComments: Number.NaN,
    avgViews: Number.POSITIVE_INFINITY,
    niches: Array.from({ length: 50 }, (_, i) => `niche ${i} ${MARKUP}`),
    location: `${MARKUP} ${'Somewhere far away '.repeat(300)}`,
    language: 'not a language tag ###',
    email: `${'e'.repeat(400)}@example.test`,
    growth: Array.from({ length: 50 }, (_, i) => ({ label: `${i} months ${MARKUP}`, percent: i * 1000.123 })),
    profileUrl: `https://www.youtube.com/@${'h'.repeat(2990)}`,
    links: Array.from({ length: 50 }, (_, i) => `https://links.example.test/${i}/${'p'.repeat(600)}`),
    otherPlatforms: Array.from({ length: 50 }, (_, i) => ({
      platform: i % 2 === 0 ? 'tiktok' : 'unknown-platform',
      handle: `other_${i}_${'x'.repeat(100)}`,
      url: i % 3 === 0 ? null : `https://www.tiktok.com/@other_${i}`,
    })),
    category: MARKUP,
  };
}

function card(overrides: Partial<CreatorCardInput> = {}): SlackMessage {
  return creatorCard({
    profile: worstProfile(),
    audience: null,
    asked: { platform: 'youtube', handle: 'asked' },
    provenance: fresh,
    prices: PRICES,
    refresh: null,
    ...overrides,
  });
}

/** mrkdwn text objects and the fallback: what Slack parses for mentions and links. */
function mrkdwnOf(message: SlackMessage): string {
  const parts = [message.text];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') parts.push(o.text);
      Object.values(o).forEach(visit);
    }
  };
  visit(message.blocks);
  return parts.join('\n');
}

function fieldsOf(message: SlackMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const block of message.blocks as { fields?: { text: string }[] }[]) {
    for (const f of block.fields ?? []) {
      const m = /^\*([^*]+)\*\n([\s\S]*)$/.exec(f.text);
      if (m) out[m[1]!] = m[2]!;
    }
  }
  return out;
}

function actionIds(message: SlackMessage): string[] {
  return (message.blocks as { type: string; elements?: { action_id?: string }[] }[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []).map((e) => e.action_id ?? ''));
}

describe('creatorCard', () => {
  it('stays within Block Kit limits with everything at its worst', () => {
    const message = card({
      audience: { topCountry: { name: MARKUP.repeat(20), share: 0.5 }, female: 0.6, male: 0.4, age: null },
      provenance: cached,
      refresh: { actionId: 'creator_refresh', value: '{"k":"h"}', cost: 1, subject: MARKUP.repeat(30) },
      email: `${'e'.repeat(300)}@example.test`,
    });
    expectValidBlockKit(message, 'message');
    expect(JSON.stringify(message)).not.toMatch(/undefined|NaN|Infinity/);
  });

  it('cuts long lists with "…and N more" and keeps links whole', () => {
    const message = card();
    const text = mrkdwnOf(message);
    expect(text).toMatch(/\*Also on:\*.*…and \d+ more/);
    expect(text).toMatch(/\*Links:\*.*…and \d+ more/);
    expect(fieldsOf(message).Niche).toMatch(/ and 46 more$/);
    // every opened link is closed: truncation never cut one in half
    for (const line of text.split('\n'))
      expect((line.match(/</g) ?? []).length).toBe((line.match(/>/g) ?? []).length);
  });

  it('formats huge numbers and shows "—" for numbers that are not finite', () => {
    const f = fieldsOf(card());
    expect(f.Followers).toBe('9870000T');
    expect(f['Avg likes']).toBe('9990T');
    expect(f['Avg comments']).toBe('—');
    expect(f.Engagement).toBe('123456.79%');
  });

  it('escapes every text from the API: nothing can ping or restyle the card', () => {
    const text = mrkdwnOf(card());
    for (const live of [
      '<!channel>',
      '<!here>',
      '<@U123>',
      '<https://evil.test|click>',
      '*bold*',
      '`code`',
      '~s~',
    ]) {
      expect(text).not.toContain(live);
    }
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('&amp;amp;');
  });

  it('shows "—" for every missing value and names the card after the handle asked for', () => {
    const message = card({
      profile: emptyProfile('instagram'),
      asked: { platform: 'instagram', handle: 'quiet.q' },
    });
    expectValidBlockKit(message, 'message');
    const f = fieldsOf(message);
    for (const label of [
      'Followers',
      'Engagement',
      'Avg likes',
      'Avg comments',
      'Niche',
      'Location',
      'Language',
      'Email',
      'Growth',
    ]) {
      expect(f[label], label).toBe('—');
    }
    expect(f['Avg views']).toBeUndefined();
    expect((message.blocks[0] as { text: { text: string } }).text.text).toBe('@quiet.q');
    expect(JSON.stringify(message)).not.toMatch(/undefined|NaN|null/);
    expect(mrkdwnOf(message)).toContain('_No bio_');
  });

  it('offers Similar, Socials and Recent posts only where the platform has them', () => {
    expect(actionIds(card({ profile: emptyProfile('instagram') }))).toEqual([
      'similar_open',
      'socials_open',
      'creator_posts',
    ]);
    expect(actionIds(card({ profile: emptyProfile('twitter') }))).toEqual(['socials_open']);
    expect(actionIds(card({ profile: emptyProfile('twitch') }))).toEqual(['similar_open', 'socials_open']);
  });

  it('puts the {"platform","handle"} value on every creator button', () => {
    const message = card({ profile: { ...emptyProfile('tiktok'), handle: 'dani.dances' } });
    const values = (message.blocks.at(-1) as { elements: { value: string }[] }).elements.map((e) => e.value);
    expect(new Set(values)).toEqual(new Set(['{"platform":"tiktok","handle":"dani.dances"}']));
  });

  it('ends with the cost line, and on a cached answer adds Refresh with a confirm naming the cost', () => {
    const freshCard = card({ profile: emptyProfile() });
    expect(mrkdwnOf(freshCard)).toContain(':coin: 1 credit · full enrichment');
    expect(freshCard.blocks.at(-2)).toMatchObject({ type: 'context' });

    const cachedCard = card({
      profile: emptyProfile(),
      provenance: cached,
      refresh: { actionId: 'creator_refresh', value: 'v', cost: 1, subject: '@x on Instagram' },
    });
    expect(mrkdwnOf(cachedCard)).toContain('From cache, 2 h ago — nothing charged');
    const refresh = (
      cachedCard.blocks.at(-1) as unknown as { elements: Record<string, unknown>[] }
    ).elements.at(-1);
    expect(refresh).toMatchObject({
      action_id: 'creator_refresh',
      text: { text: 'Refresh · 1 credit' },
      confirm: { confirm: { text: 'Spend 1 credit' }, deny: { text: 'Keep cached' } },
    });
    expect(JSON.stringify(refresh)).toContain('costs 1 credit');
  });

  it('summarises the audience in one short line', () => {
    const message = card({
      profile: emptyProfile(),
      audience: {
        topCountry: { name: 'Mexico', share: 0.554 },
        female: 0.68,
        male: 0.32,
        age: { band: '18–24', share: 0.41 },
      },
    });
    expect(mrkdwnOf(message)).toContain(
      '*Audience:* 55% in Mexico · 68% women / 32% men · mostly 18–24 (41%)',
    );
  });
});

describe('costLine', () => {
  it('says what was spent, or that nothing was', () => {
    expect(costLine(fresh)).toBe(':coin: 1 credit · full enrichment');
    expect(costLine({ ...fresh, credits: 0.05, what: 'basic email lookup' })).toBe(
      ':coin: 0.05 credits · basic email lookup',
    );
    expect(costLine(cached)).toBe(':recycle: From cache, 2 h ago — nothing charged');
    expect(costLine({ ...fresh, credits: 0, shared: true })).toContain('nothing charged');
    expect(costLine({ ...fresh, credits: 0 })).toBe(':coin: Nothing charged · full enrichment');
  });
});

describe('emailCard', () => {
  const account: CreatorSummary = {
    platform: 'instagram',
    userId: '1',
    handle: 'maya.moves',
    name: `Maya ${MARKUP}`,
    avatarUrl: 'https://cdn.example.test/p.jpg',
    followers: 128_400,
    engagementPercent: null,
    url: 'https://www.instagram.com/maya.moves',
    verified: false,
  };

  it('shows the account found and offers the full profile for its price', () => {
    const message = emailCard({
      email: 'hello@example.test',
      account,
      provenance: { ...fresh, credits: 0.05, what: 'basic email lookup' },
      prices: PRICES,
      refresh: null,
    });
    expectValidBlockKit(message, 'message');
    const text = mrkdwnOf(message);
    expect(text).toContain(
      '*<https://www.instagram.com/maya.moves|@maya.moves>* · Instagram · 128.4K followers',
    );
    expect(text).toContain(':coin: 0.05 credits · basic email lookup');
    expect(text).not.toContain('<!channel>');
    const full = (message.blocks.at(-1) as unknown as { elements: Record<string, unknown>[] }).elements[0];
    expect(full).toMatchObject({
      action_id: 'creator_open',
      text: { text: 'Full profile · 1 credit' },
      value: '{"platform":"instagram","handle":"maya.moves"}',
    });
  });

  it('copes with an account that has almost nothing', () => {
    const message = emailCard({
      email: `${'x'.repeat(300)}@example.test`,
      account: { ...account, handle: null, name: null, avatarUrl: null, followers: null, url: null },
      provenance: fresh,
      prices: PRICES,
      refresh: null,
    });
    expectValidBlockKit(message, 'message');
    expect(mrkdwnOf(message)).toContain('— followers');
    expect(JSON.stringify(message)).not.toMatch(/undefined|NaN|null/);
  });

  it('says so when an answer holds no profile', () => {
    const message = emailNothingCard({ email: 'a@b.test', provenance: fresh, refresh: null });
    expectValidBlockKit(message, 'message');
    expect(message.text).toContain('no creator profile');
  });
});

describe('help and input problems', () => {
  it('gives usage with examples and prices, within limits', () => {
    const help = creatorHelp({ enrichFull: 1, emailBasic: 0.05, emailAdvanced: 2 });
    expectValidBlockKit(help, 'message');
    const text = mrkdwnOf(help);
    expect(text).toContain('`/creator @example_creator`');
    expect(text).toContain('(2 credits)');
    expect(text).toContain('costs nothing');
  });

  it('escapes the echoed input and gives an example of valid input', () => {
    const message = creatorInputProblem(`"<!channel>${'x'.repeat(5000)}" does not look like a handle.`);
    expectValidBlockKit(message, 'message');
    expect(mrkdwnOf(message)).not.toContain('<!channel>');
    expect(message.text).toContain('Try `/creator @example_creator`');
    expect(message.text).toContain('Nothing was charged.');
  });
});

describe('joinWithin', () => {
  it('keeps items whole and says how many were left out', () => {
    const items = Array.from({ length: 50 }, (_, i) => `item-${i}`.padEnd(100, 'x'));
    const out = joinWithin(items, 1000);
    expect(out.length).toBeLessThanOrEqual(1000);
    const kept = out.split(' · ').filter((s) => s.startsWith('item-'));
    expect(out).toContain(`…and ${50 - kept.length} more`);
    expect(joinWithin(['a', 'b'], 1000)).toBe('a · b');
  });
});

describe('audienceSummaryOf', () => {
  const result = (audience: unknown) => ({ instagram: { username: 'x', audience } });

  it('reads the top country, gender split and main age band of the followers slice', () => {
    const summary = audienceSummaryOf(
      result({
        audience_followers: {
          success: true,
          data: {
            audience_geo: {
              countries: [
                { name: 'United States', code: 'US', weight: 0.2 },
                { name: 'Mexico', code: 'MX', weight: '0.55' },
              ],
            },
            audience_genders: [
              { code: 'FEMALE', weight: 0.62 },
              { code: 'MALE', weight: 0.38 },
            ],
            audience_ages: [
              { code: '18-24', weight: 0.2 },
              { code: '65-', weight: 0.5 },
            ],
          },
        },
      }),
      'instagram',
    );
    expect(summary).toEqual({
      topCountry: { name: 'Mexico', share: 0.55 },
      female: 0.62,
      male: 0.38,
      age: { band: '65+', share: 0.5 },
    });
  });

  it.each([
    ['no audience', undefined],
    ['a failed slice', { audience_followers: { success: false, error: 'empty_audience' } }],
    ['garbage', { audience_followers: { success: true, data: { audience_geo: 'nope', audience_ages: 7 } } }],
    ['a list', [1, 2, 3]],
  ])('is null for %s', (_what, audience) => {
    expect(audienceSummaryOf(result(audience), 'instagram')).toBeNull();
  });
});

describe('buttonTarget', () => {
  it('reads {"platform","handle"} into the canonical handle', () => {
    expect(buttonTarget('{"platform":"tiktok","handle":"@Dani.Dances"}')).toEqual({
      platform: 'tiktok',
      handle: 'dani.dances',
    });
    expect(buttonTarget('{"platform":"youtube","handle":"UCmockTheoTinkers0000001"}')).toEqual({
      platform: 'youtube',
      handle: 'UCmockTheoTinkers0000001',
    });
  });

  it.each([['not json'], ['{"platform":"myspace","handle":"x"}'], ['{"platform":"instagram"}'], [undefined]])(
    'refuses %s',
    (value) => {
      expect(buttonTarget(value)).toBeNull();
    },
  );
});
