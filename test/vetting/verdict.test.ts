import { describe, expect, it } from 'vitest';
import { bandFor, tierOf } from '../../src/vetting/benchmarks.ts';
import { signalsOf } from '../../src/vetting/signals.ts';
import { engagementCheck, rowVerdict, verdictOf } from '../../src/vetting/verdict.ts';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 2);

describe('engagement bands', () => {
  it('puts tier edges on the higher tier (10,000 is micro, 9,999 nano)', () => {
    expect(tierOf(9_999).tier).toBe('nano');
    expect(tierOf(10_000).tier).toBe('micro');
    expect(tierOf(99_999).tier).toBe('micro');
    expect(tierOf(100_000).tier).toBe('mid');
    expect(tierOf(499_999).tier).toBe('mid');
    expect(tierOf(500_000).tier).toBe('macro');
    expect(tierOf(999_999).tier).toBe('macro');
    expect(tierOf(1_000_000).tier).toBe('mega');
    expect(tierOf(0).tier).toBe('nano');
  });

  it('has the Instagram bands of the issue', () => {
    expect(bandFor('instagram', 5_000)?.band).toEqual([4, 9]);
    expect(bandFor('instagram', 50_000)?.band).toEqual([2, 5]);
    expect(bandFor('instagram', 200_000)?.band).toEqual([1.5, 5]);
    expect(bandFor('instagram', 700_000)?.band).toEqual([1, 3]);
    expect(bandFor('instagram', 5_000_000)?.band).toEqual([0.3, 1.2]);
    expect(bandFor('twitter', 50_000)).toBeNull();
    expect(bandFor('instagram', null)).toBeNull();
  });

  it('band edges are typical (inclusive); just outside is flagged with the reason', () => {
    expect(engagementCheck('instagram', 50_000, 2).status).toBe('ok');
    expect(engagementCheck('instagram', 50_000, 5).status).toBe('ok');
    const low = engagementCheck('instagram', 50_000, 1.99);
    expect(low).toMatchObject({ status: 'flag', flag: 'low engagement' });
    expect(low.text).toBe(
      '1.99 % engagement: below the 2–5 % typical for an Instagram micro (10K–100K) creator',
    );
    const high = engagementCheck('instagram', 50_000, 5.01);
    expect(high).toMatchObject({ status: 'flag', flag: 'unusually high engagement' });
    expect(high.text).toContain('above the 2–5 %');
    // the tier edge decides the band: 1.3 % is typical for mega, low for macro
    expect(engagementCheck('instagram', 1_000_000, 1.2).status).toBe('ok');
    expect(engagementCheck('instagram', 999_999, 0.9).status).toBe('flag');
  });

  it('says "—" for missing data and never guesses a band', () => {
    expect(engagementCheck('instagram', 50_000, null)).toMatchObject({
      status: 'unknown',
      text: 'Engagement —',
    });
    expect(engagementCheck('twitter', 50_000, 3).status).toBe('unknown');
    expect(engagementCheck('instagram', null, 3).text).toContain('—');
    expect(rowVerdict('instagram', null, null).flags).toEqual([]);
  });
});

describe('verdictOf', () => {
  const base = { platform: 'instagram' as const, followers: 50_000, engagementPercent: 3 };

  it('flags credibility under 75 % (75 % itself passes)', () => {
    expect(verdictOf({ ...base, audienceCredibility: 0.7499 }, NOW).flags).toContain(
      'low audience credibility',
    );
    expect(verdictOf({ ...base, audienceCredibility: 0.75 }, NOW).flags).not.toContain(
      'low audience credibility',
    );
    const text = verdictOf({ ...base, audienceCredibility: 0.62 }, NOW).checks.find(
      (c) => c.key === 'credibility',
    );
    expect(text?.text).toBe('Audience credibility 62 %: under 75 %, many followers may not be real');
  });

  it('flags inactivity after 60 days (60 days is still active)', () => {
    expect(verdictOf({ ...base, lastPostAt: NOW - 60 * DAY }, NOW).flags).not.toContain('inactive');
    const v = verdictOf({ ...base, lastPostAt: NOW - 61 * DAY }, NOW);
    expect(v.flags).toContain('inactive');
    expect(v.checks.find((c) => c.key === 'activity')?.text).toBe(
      'Last post 61 days ago: inactive (over 60 days)',
    );
  });

  it('reads growth, private and verified; all missing reads "—"', () => {
    const v = verdictOf(
      { ...base, growth: { label: '3 months', percent: -2 }, isPrivate: true, verified: false },
      NOW,
    );
    expect(v.flags).toEqual(['losing followers', 'private', 'unverified']);
    const empty = verdictOf({ platform: 'instagram', followers: null, engagementPercent: null }, NOW);
    expect(empty.flags).toEqual([]);
    for (const check of empty.checks) expect(check.text).toMatch(/—/);
  });
});

describe('signalsOf', () => {
  it('reads credibility, last post date and the private flag from a full enrichment', () => {
    const result = {
      instagram: {
        is_private: false,
        most_recent_post_date: '2026-11-30',
        audience: { audience_followers: { success: true, data: { audience_credibility: 0.81 } } },
      },
    };
    expect(signalsOf({ credits_cost: 1, result }, 'instagram')).toEqual({
      audienceCredibility: 0.81,
      lastPostAt: Date.UTC(2026, 10, 30),
      isPrivate: false,
    });
    expect(signalsOf({}, 'tiktok')).toEqual({ audienceCredibility: null, lastPostAt: null, isPrivate: null });
  });
});
