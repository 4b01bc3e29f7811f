import type { Platform } from './platforms.ts';

/**
 * The double's idea of a creator: one account on one platform plus the accounts it links to.
 * Every response shape (full/raw enrichment, socials, email, posts, discovery) is rendered from it.
 */
export interface MockCreator {
  platform: Platform;
  /** Canonical handle as the platform shows it (YouTube: the custom URL without `@`). */
  username: string;
  userId: string;
  fullName?: string;
  biography?: string;
  followers: number;
  following?: number;
  /** A percentage: 3.42 means 3.42 % (api-ref#responses). */
  engagementPercent?: number;
  email?: string;
  emailType?: string;
  /** Country name as the locations dictionary spells it. */
  location?: string;
  /** Language abbreviation (`en`). */
  language?: string;
  gender?: 'male' | 'female';
  niche: string;
  isVerified: boolean;
  /** Follower growth over the last 12 months, in percent (growth_rate sort). */
  growthPercent: number;
  /** 0–1: the order discovery's `relevancy` sort uses. */
  relevance: number;
  linked: LinkedAccount[];
  otherLinks?: string[];
  linksInBio?: string[];
  /** Most optional data missing: the platform block carries only identity keys. */
  sparse?: boolean;
  /** Keys merged into this creator's own platform block in full enrichment. */
  blockOverrides?: Record<string, unknown>;
}

export interface LinkedAccount {
  platform: Platform;
  username: string;
  userId: string;
  followers: number;
}
