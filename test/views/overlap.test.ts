import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type OverlapResponse, overlapResponseSchema } from '../../src/ic/schemas.ts';
import {
  normaliseShares,
  overlapHelp,
  overlapInputError,
  overlapMessage,
  percentScale,
  toOverlapReport,
} from '../../views/overlap.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';

const NOW = Date.parse('2026-05-04T12:00:00Z');
const SPENT = { creditsCost: 1, fromCache: null, shared: false };

/** An answer as the client hands it over: through the real response schema. */
function answer(raw: unknown): OverlapResponse {
  return overlapResponseSchema.parse(raw);
}

function detail(username: string, followers: number, unique: number, overlapping: number, extra = {}) {
  return {
    user_id: `id_${username}`,
    username,
    followers,
    unique_percentage: unique,
    overlapping_percentage: overlapping,
    user: { username, fullname: `Name of ${username}`, url: `https://www.instagram.com/${username}` },
    ...extra,
  };
}

type Json = { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: Json[] };

function bodyText(message: { blocks: unknown[] }): string {
  return (message.blocks as Json[])
    .flatMap((b) => [
      b.text?.text ?? '',
      ...(b.fields ?? []).map((f) => f.text),
      ...(b.type === 'context' ? (b.elements ?? []).map((e) => String(e.text)) : []),
    ])
    .join('\n');
}

function creatorLines(message: { blocks: unknown[] }): string[] {
  return (message.blocks as Json[])
    .filter((b) => b.type === 'section' && /^\d+\. /.test(b.text?.text ?? ''))
    .map((b) => b.text?.text ?? '');
}

describe('percent scale', () => {
  it('reads values above 1 as 0–100 and everything else as fractions', () => {
    expect(percentScale([0.71, 0.29, 0.5, 0.5])).toBe('fraction');
    expect(percentScale([71, 29])).toBe('percent');
    expect(percentScale([1, 0])).toBe('fraction');
    expect(percentScale([null, undefined])).toBe('fraction');
    expect(normaliseShares([{ unique_percentage: 71, overlapping_percentage: 29 }])).toEqual([
      { unique: 0.71, overlapping: 0.29 },
    ]);
  });

  it('gives the same shares whichever scale the API used (property)', () => {
    const share = fc.integer({ min: 0, max: 10_000 }).map((n) => n / 10_000);
    fc.assert(
      fc.property(fc.array(share, { minLength: 1, maxLength: 10 }), (uniques) => {
        const fractions = uniques.map((u) => ({ unique_percentage: u, overlapping_percentage: 1 - u }));
        const percents = uniques.map((u) => ({
          unique_percentage: u * 100,
          overlapping_percentage: (1 - u) * 100,
        }));
        const a = normaliseShares(fractions);
        const b = normaliseShares(percents);
        a.forEach((x, i) => {
          expect(x.unique).toBeCloseTo(uniques[i] ?? -1, 9);
          expect(b[i]?.unique).toBeCloseTo(uniques[i] ?? -1, 9);
          expect(b[i]?.overlapping).toBeCloseTo(1 - (uniques[i] ?? -1), 9);
        });
      }),
    );
  });

  it('fills a missing share from its complement and clamps stray values', () => {
    expect(normaliseShares([{ unique_percentage: 64, overlapping_percentage: null }])).toEqual([
      { unique: 0.64, overlapping: expect.closeTo(0.36, 9) },
    ]);
    expect(normaliseShares([{ unique_percentage: null, overlapping_percentage: 0.25 }])).toEqual([
      { unique: 0.75, overlapping: 0.25 },
    ]);
    expect(normaliseShares([{ unique_percentage: 100.4, overlapping_percentage: -0.4 }])).toEqual([
      { unique: 1, overlapping: 0 },
    ]);
    expect(normaliseShares([{}])).toEqual([{ unique: null, overlapping: null }]);
  });
});

describe('toOverlapReport', () => {
  it('sorts creators by unique share and works out the unique share of the combined audience', () => {
    const report = toOverlapReport(
      answer({
        basics: { total_followers: 600_000, total_unique_followers: 450_000 },
        details: [
          detail('a', 100_000, 0.5, 0.5),
          detail('b', 200_000, 0.9, 0.1),
          detail('c', 300_000, 0.7, 0.3),
        ],
      }),
      'instagram',
      ['a', 'b', 'c'],
    );
    expect(report.creators.map((c) => c.handle)).toEqual(['b', 'c', 'a']);
    expect(report.uniqueShare).toBe(0.75);
    expect(report.scale).toBe('fraction');
  });

  it('lists a creator the API left out as not found, last, without crashing', () => {
    const report = toOverlapReport(
      answer({
        basics: { total_followers: 300, total_unique_followers: 200 },
        details: [detail('a', 100, 60, 40)],
      }),
      'instagram',
      ['a', 'missing.one'],
    );
    expect(report.creators.map((c) => [c.handle, c.found])).toEqual([
      ['a', true],
      ['missing.one', false],
    ]);
    const message = overlapMessage(report, SPENT, NOW);
    expectValidBlockKit(message, 'message');
    const lines = creatorLines(message);
    expect(lines[0]).toContain('*60% unique* · 40% overlapping');
    expect(lines[1]).toMatch(/^2\. \*<https:\/\/www\.instagram\.com\/missing\.one\/\|@missing\.one>\*/);
    expect(lines[1]).toContain('has no data for this creator');
  });

  it('does not call anyone missing when every creator has a row under another spelling', () => {
    const report = toOverlapReport(
      answer({ details: [detail('theo.tinkers', 10, 0.6, 0.4), detail('other', 20, 0.8, 0.2)] }),
      'youtube',
      ['UCmockTheoTinkers0000001', 'other'],
    );
    expect(report.creators.every((c) => c.found)).toBe(true);
    expect(report.creators).toHaveLength(2);
  });

  it('shows "—" for numbers the API did not send, never undefined or NaN', () => {
    const report = toOverlapReport(
      answer({ details: [{ username: 'a' }, { username: 'b', followers: 'n/a' }] }),
      'tiktok',
      ['a', 'b'],
    );
    const message = overlapMessage(report, SPENT, NOW);
    const text = bodyText(message);
    expect(text).not.toMatch(/undefined|NaN/);
    expect(text).toContain('*Unique followers*\n—');
    expect(creatorLines(message)[0]).toContain('*— unique* · — overlapping');
  });
});

describe('overlapMessage', () => {
  it('stays within Block Kit limits for a 10-way overlap with hostile, huge names', () => {
    const hostile = `<!channel> *x* _y_ <https://evil.test|click> ${'Ж'.repeat(5000)}`;
    const details = Array.from({ length: 12 }, (_, i) =>
      detail(`creator_${i}_${'z'.repeat(2000)}`, 10 ** (i % 9), i % 3 ? 0.1 * (i % 10) : 42, 0, {
        user: { fullname: hostile, url: `https://cdn.test/${'u'.repeat(4000)}` },
      }),
    );
    const requested = Array.from({ length: 10 }, (_, i) => `wanted_${i}`);
    const report = toOverlapReport(
      answer({ basics: { total_followers: 9e12, total_unique_followers: 1e12 }, details }),
      'instagram',
      requested,
    );
    const message = overlapMessage(
      report,
      { creditsCost: 0, fromCache: { at: NOW - 7_200_000 }, shared: false },
      NOW,
    );
    expectValidBlockKit(message, 'message');
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const text = `${message.text}\n${bodyText(message)}`;
    expect(text).not.toMatch(/<!channel>|<https:\/\/evil|undefined|NaN/);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('…and 2 more');
    expect(text).toContain('From cache, 2 h ago: nothing charged');
    expect(creatorLines(message)).toHaveLength(10);
  });

  it('draws a 10-cell bar of the unique share next to both percentages', () => {
    const report = toOverlapReport(
      answer({ details: [detail('a', 1000, 73.7, 26.3), detail('b', 2000, 35, 65)] }),
      'instagram',
      ['a', 'b'],
    );
    const lines = creatorLines(overlapMessage(report, SPENT, NOW));
    expect(lines[0]).toContain('`▓▓▓▓▓▓▓░░░` *73.7% unique* · 26.3% overlapping');
    expect(lines[1]).toContain('`▓▓▓▓░░░░░░` *35% unique* · 65% overlapping');
    expect(bodyText(overlapMessage(report, SPENT, NOW))).toContain(
      'Adds the most reach: *@a* (73.7% unique) · Most shared audience: *@b* (65% overlapping)',
    );
  });
});

describe('overlap help and input errors', () => {
  it('gives usage with examples and the price', () => {
    const help = overlapHelp();
    expectValidBlockKit(help, 'message');
    expect(bodyText(help)).toContain('`/overlap tiktok dani.dances quiet.q`');
    expect(bodyText(help)).toContain('1 credit');
  });

  it('escapes the reason and says nothing was charged', () => {
    const text = bodyText(overlapInputError('<@U1> is listed twice'));
    expect(text).toContain('&lt;@U1&gt;');
    expect(text).toContain('Nothing was charged.');
  });
});
