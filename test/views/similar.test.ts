import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CreatorSummary } from '../../src/ic/profile.ts';
import {
  hasNextSimilarPage,
  SIMILAR_LAST_PAGE,
  type SimilarPageInput,
  similarHelp,
  similarInputError,
  similarPage,
} from '../../views/similar.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';

const NOW = Date.parse('2026-05-04T12:00:00Z');
const SPENT = { creditsCost: 0.1, fromCache: null, shared: false };

function creator(i: number, over: Partial<CreatorSummary> = {}): CreatorSummary {
  return {
    platform: 'instagram',
    userId: String(1000 + i),
    handle: `creator_${i}`,
    name: `Creator ${i}`,
    avatarUrl: null,
    followers: 10_000 + i,
    engagementPercent: 3.5,
    url: `https://www.instagram.com/creator_${i}/`,
    verified: false,
    ...over,
  };
}

function page(over: Partial<SimilarPageInput> = {}) {
  return similarPage({
    platform: 'instagram',
    handle: 'maya.moves',
    page: 0,
    total: 250,
    creators: Array.from({ length: 10 }, (_, i) => creator(i)),
    cost: SPENT,
    now: NOW,
    ...over,
  });
}

type Json = { type: string; text?: { text: string }; elements?: Json[]; accessory?: Json; value?: string };

function all(message: { blocks: unknown[] }): Json[] {
  return message.blocks as Json[];
}

function pagingLabels(message: { blocks: unknown[] }): string[] {
  return all(message)
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? [])
    .map((e) => (e as unknown as { text: { text: string } }).text.text);
}

function bodyText(message: { blocks: unknown[] }): string {
  return all(message)
    .flatMap((b) => [
      b.text?.text ?? '',
      ...(b.type === 'context' ? (b.elements ?? []).map((e) => String(e.text)) : []),
    ])
    .join('\n');
}

describe('similarPage', () => {
  it('stays within Block Kit limits with 10 creators carrying huge, hostile names, handles and links', () => {
    const hostile = `<!channel> *bold* _it_ ~s~ \`code\` <https://evil.test|click> ${'Ω'.repeat(6000)}`;
    const creators = Array.from({ length: 25 }, (_, i) =>
      creator(i, {
        name: hostile,
        handle: i % 2 ? `h${'x'.repeat(3000)}` : `<@U123>_${i}`,
        url: i % 3 ? `https://cdn.example.test/${'p'.repeat(4000)}` : 'javascript:alert(1)',
        followers: i % 4 ? null : Number.NaN,
        engagementPercent: null,
      }),
    );
    const message = page({ creators, page: 500, total: 1_000_000 });
    expectValidBlockKit(message, 'message');
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    // button values are never rendered; everything a person reads is inert
    const shown = `${message.text}\n${JSON.stringify(all(message)[0])}\n${bodyText(message)}`;
    expect(shown).not.toMatch(/<!channel>|<@U123>|javascript:|undefined|NaN/);
    expect(shown).toContain('&lt;!channel&gt;');
    expect(bodyText(message)).toContain('— followers · — engagement');
    // only one page's worth is shown even if the API sends more
    expect(all(message).filter((b) => b.type === 'section')).toHaveLength(10);
    // a handle too long for a button value gets no card button rather than breaking the message
    expect(all(message).filter((b) => b.accessory?.value !== undefined).length).toBe(5);
  });

  it('numbers creators across pages and links name and handle', () => {
    const message = page({ page: 3 });
    const first = all(message).find((b) => b.type === 'section')?.text?.text;
    expect(first).toBe(
      '31. *<https://www.instagram.com/creator_0/|Creator 0>* · @creator_0\n10K followers · 3.5% engagement\n' +
        ':white_check_mark: 3.5 % engagement: typical for an Instagram micro (10K–100K) creator (2–5 %)',
    );
    const button = all(message).find((b) => b.type === 'section')?.accessory;
    expect(button).toMatchObject({ action_id: 'creator_open' });
    expect(JSON.parse(button?.value ?? '')).toEqual({ platform: 'instagram', handle: 'creator_0' });
  });

  it('calls YouTube audiences subscribers', () => {
    const message = page({ platform: 'youtube', creators: [creator(1, { platform: 'youtube' })] });
    expect(bodyText(message)).toContain('10K subscribers');
  });

  it.each([
    // page, total, Previous?, Next?
    [0, 250, false, true],
    [24, 250, true, false],
    [23, 250, true, true],
    [0, 10, false, false],
    [0, 11, false, true],
    [998, 50_000, true, true],
    [999, 50_000, true, false],
    [999, 10_000, true, false],
    [998, 10_001, true, true],
  ])('page %i of %i: Previous %s, Next %s', (n, total, previous, next) => {
    const labels = pagingLabels(page({ page: n, total }));
    expect(labels.includes('Previous')).toBe(previous);
    expect(labels.includes('Next')).toBe(next);
  });

  it('never offers a page past the total or the 10,000-result window (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: SIMILAR_LAST_PAGE }), fc.nat({ max: 10_000_000 }), (n, total) => {
        if (hasNextSimilarPage(n, total)) {
          expect(n + 1).toBeLessThanOrEqual(SIMILAR_LAST_PAGE);
          expect((n + 1) * 10).toBeLessThan(total);
        } else {
          expect((n + 1) * 10 >= Math.min(total, 10_000)).toBe(true);
        }
      }),
    );
  });

  it('shows page, total and what the page cost', () => {
    expect(bodyText(page({ cost: { creditsCost: 0.07, fromCache: null, shared: false } }))).toContain(
      'Page 1 of 25 · 250 lookalikes · This page cost 0.07 credits',
    );
    expect(bodyText(page({ total: 48_213 }))).toContain(
      'Page 1 of 1,000 · 48,213 lookalikes · Influencers Club serves the first 10,000',
    );
    expect(
      bodyText(page({ cost: { creditsCost: 0, fromCache: { at: NOW - 2 * 3_600_000 }, shared: false } })),
    ).toContain('From cache, 2 h ago: nothing charged');
    expect(bodyText(page({ cost: { creditsCost: 0, fromCache: null, shared: true } }))).toContain(
      'nothing charged',
    );
  });

  it('says when there are no lookalikes, or no more of them', () => {
    const none = page({ creators: [], total: 0, cost: { ...SPENT, creditsCost: 0 } });
    expect(bodyText(none)).toContain('found no creators like @maya.moves on Instagram');
    expect(bodyText(none)).toContain('This page cost 0 credits');
    expect(pagingLabels(none)).toEqual([]);
    expectValidBlockKit(none, 'message');

    const past = page({ creators: [], page: 4, total: 250 });
    expect(bodyText(past)).toContain('No more lookalikes');
    expect(pagingLabels(past)).toEqual(['Previous']);
  });

  it('has a notification fallback naming the seed and the page', () => {
    expect(page({ page: 1 }).text).toBe('Creators like @maya.moves on Instagram, page 2 of 25');
  });
});

describe('similar help and input errors', () => {
  it('gives usage with examples', () => {
    const help = similarHelp();
    expectValidBlockKit(help, 'message');
    expect(bodyText(help)).toContain('`/similar @maya.moves`');
    expect(bodyText(help)).toContain('X (Twitter) is not supported');
  });

  it('escapes the reason and says nothing was charged', () => {
    const message = similarInputError('"<!channel>" does not look like a handle.');
    expect(bodyText(message)).toContain('&lt;!channel&gt;');
    expect(bodyText(message)).toContain('Nothing was charged.');
    expect(bodyText(message)).toContain('Try `/similar @maya.moves`');
  });
});
