import type { Platform } from '../ic/platforms.ts';

/**
 * Typical engagement-rate bands by platform and follower tier, used by the verdict line. These are
 * TYPICAL BANDS, NOT GUARANTEES: they summarise published industry benchmarks, which differ by
 * year, niche and method (engagement per post over followers; YouTube per view is higher). A
 * creator outside the band is worth a look, not a rejection.
 *
 * Sources (read 2024–2025 editions):
 * - HypeAuditor, "State of Influencer Marketing" and "Instagram Engagement Rate" benchmarks
 *   (Instagram by tier: nano ≈ 4–9 %, micro ≈ 2–5 %, mid ≈ 1.5–5 %, macro ≈ 1–3 %, mega ≈ 0.3–1.2 %).
 * - Influencer Marketing Hub, "Influencer Marketing Benchmark Report" and its TikTok and YouTube
 *   engagement calculators (TikTok tiers roughly 2–3× Instagram's; YouTube ≈ 1–5 % falling with size).
 * - Later / Mavrck, "Influencer Marketing Benchmarks" (engagement falls as audience grows on every platform).
 * - Phlanx and Upfluence engagement benchmarks (cross-checks of the same tier bands).
 * Platforms without a published tier table (X, Twitch, OnlyFans, …) get no band: "—", never a guess.
 */

export type Tier = 'nano' | 'micro' | 'mid' | 'macro' | 'mega';

/** Follower tiers: the lower bound is inclusive (10,000 followers is micro, 9,999 is nano). */
export const TIERS: readonly { tier: Tier; min: number; label: string }[] = [
  { tier: 'mega', min: 1_000_000, label: 'mega (1M+)' },
  { tier: 'macro', min: 500_000, label: 'macro (500K–1M)' },
  { tier: 'mid', min: 100_000, label: 'mid-tier (100K–500K)' },
  { tier: 'micro', min: 10_000, label: 'micro (10K–100K)' },
  { tier: 'nano', min: 0, label: 'nano (under 10K)' },
];

/** Engagement percent [low, high], both inclusive. */
export type Band = readonly [low: number, high: number];

export const ENGAGEMENT_BANDS: Partial<Record<Platform, Record<Tier, Band>>> = {
  instagram: { nano: [4, 9], micro: [2, 5], mid: [1.5, 5], macro: [1, 3], mega: [0.3, 1.2] },
  tiktok: { nano: [8, 16], micro: [6, 13], mid: [4, 10], macro: [3, 8], mega: [2, 6] },
  youtube: { nano: [2, 6], micro: [1.5, 5], mid: [1, 4], macro: [0.8, 3], mega: [0.5, 2] },
};

export function tierOf(followers: number): (typeof TIERS)[number] {
  return TIERS.find((t) => followers >= t.min) ?? TIERS[TIERS.length - 1]!;
}

/** The typical band for a creator, or null when the platform has none or followers are unknown. */
export function bandFor(
  platform: Platform,
  followers: number | null,
): { tier: Tier; label: string; band: Band } | null {
  const table = ENGAGEMENT_BANDS[platform];
  if (!table || followers === null || !Number.isFinite(followers) || followers < 0) return null;
  const t = tierOf(followers);
  return { tier: t.tier, label: t.label, band: table[t.tier] };
}
