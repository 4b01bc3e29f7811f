import type { MockCreator } from './creators.ts';
import type { Platform } from './platforms.ts';
import { SeededRandom } from './seeded.ts';
import { COUNTRIES, NICHE_BY_NAME } from './vocabulary.ts';

/** Shared helpers of the enrichment renderers: deterministic randomness, dates, pictures. */

/** Recent-post dates are anchored here so output does not depend on the clock. */
export const ANCHOR_EPOCH = 1_777_400_000; // 2026-04-28

export function pictureUrl(platform: Platform, username: string, hd = false): string {
  // Signed CDN links that expire (api-ref#responses); the Expires value is fixed so output stays deterministic.
  return `https://cdn.example.test/${platform}/${encodeURIComponent(username)}${hd ? '_hd' : ''}.jpg?Expires=1900000000&Signature=mock`;
}

export function dateOnly(epochSec: number): string {
  return new Date(epochSec * 1000).toISOString().slice(0, 10);
}

export function isoSeconds(epochSec: number): string {
  return new Date(epochSec * 1000).toISOString().slice(0, 19);
}

export function countryCode(location: string | undefined): string | undefined {
  return COUNTRIES.find((country) => country.name === location)?.code;
}

export function averages(creator: MockCreator) {
  const engagement = creator.engagementPercent ?? 0;
  const interactions = (creator.followers * engagement) / 100;
  return {
    likes: Math.round(interactions * 0.96 * 10) / 10,
    comments: Math.round(interactions * 0.04 * 10) / 10,
    views: Math.round(creator.followers * 0.35),
  };
}

export function blockRandom(creator: MockCreator, salt: string): SeededRandom {
  return new SeededRandom(`${creator.platform}:${creator.username.toLowerCase()}:${salt}`);
}

export function nicheHashtags(creator: MockCreator): string[] {
  const words = NICHE_BY_NAME.get(creator.niche)?.words ?? [];
  return words.slice(0, 3).map((word) => `${word}${creator.niche === word ? 'life' : ''}`);
}
