import { type LinkedAccount, linkedView, type MockCreator, syntheticCreator } from './creators.ts';
import { dropUndefined, identityBlock, platformBlock } from './enrich-blocks.ts';
import { blockRandom, pictureUrl } from './enrich-common.ts';
import { type Platform, profileUrl } from './platforms.ts';

/**
 * Renders a MockCreator into the result shapes of the enrichment endpoints: full (api-ref#enrich-full, keys per api-ref#full-enrichment-blocks),
 * raw (api-ref#enrich-raw), email basic (api-ref#email-basic), email advanced (api-ref#email-advanced, assumed full envelope) and socials (api-ref#socials).
 * Structure copies the live payloads; values are invented and deterministic.
 */

// ---------------------------------------------------------------------------------------------
// Endpoint results

export interface FullOptions {
  includeAudience: boolean;
  includeLookalikes: boolean;
}

export function lookalikes(creator: MockCreator) {
  const rng = blockRandom(creator, 'lookalikes');
  return Array.from({ length: 5 }, (_, i) => {
    const username = `${creator.niche}_lookalike_${rng.int(1, 99_999)}_${i}`;
    const other = syntheticCreator(creator.platform, username);
    return {
      username,
      profile_url: profileUrl(creator.platform, username),
      engagement_percent: other.engagementPercent,
      follower_count: other.followers,
    };
  });
}

/** `result` of full enrichment (api-ref#enrich-full): creator-level keys, the platform block, pointers to linked platforms. */
export function fullResult(creator: MockCreator, options: FullOptions): Record<string, unknown> {
  const result: Record<string, unknown> = {
    email: creator.email ?? null,
    email_type: creator.emailType ?? null,
  };
  if (!creator.sparse) {
    const rng = blockRandom(creator, 'creator');
    const creatorHas: Record<string, boolean> = {};
    for (const account of creator.linked) creatorHas[account.platform] = true;
    Object.assign(result, {
      first_name: creator.fullName?.split(' ')[0],
      gender: creator.gender,
      location: creator.location,
      speaking_language: creator.language,
      is_business: false,
      is_creator: true,
      has_brand_deals: rng.chance(0.4),
      has_link_in_bio: (creator.linksInBio?.length ?? 0) > 0,
      creator_has: creatorHas,
      links_in_bio: creator.linksInBio ?? [],
      other_links: creator.otherLinks ?? [],
      ai_niches: [{ niche: creator.niche, percentage: rng.float(55, 95, 1) }],
      ai_subniches: [{ subniche: `${creator.niche} tips`, percentage: rng.float(20, 60, 1) }],
      ai_brand_collaborations: [{ brand: 'Northwind Athletics', percentage: rng.float(1, 20, 1) }],
    });
    if (options.includeLookalikes) result.lookalikes = lookalikes(creator);
  }
  result[creator.platform] = platformBlock(creator, { audience: options.includeAudience });
  for (const account of creator.linked) {
    // Other platforms' blocks can be partial pointers (api-ref#enrich-full).
    result[account.platform] ??= identityBlock(account.platform, account);
  }
  return dropUndefined(result);
}

const RAW_KEYS: Partial<Record<Platform, readonly string[]>> = {
  instagram: [
    'userid',
    'exists',
    'username',
    'has_profile_pic',
    'profile_picture',
    'profile_picture_hd',
    'biography',
    'full_name',
    'category',
    'media_count',
    'follower_count',
    'following_count',
    'is_private',
    'is_business_account',
    'is_verified',
    'video_content_creator',
    'uses_link_in_bio',
    'links_in_bio',
    'post_data',
  ],
  youtube: [
    'id',
    'exists',
    'link',
    'profile_picture',
    'profile_picture_hd',
    'custom_url',
    'title',
    'description',
    'published_at',
    'subscriber_count',
    'video_count',
    'view_count',
    'country',
    'has_shorts',
    'made_for_kids',
    'privacy_status',
    'post_data',
  ],
  tiktok: [
    'user_id',
    'sec_user_id',
    'exists',
    'username',
    'profile_picture',
    'profile_picture_hd',
    'full_name',
    'biography',
    'follower_count',
    'following_count',
    'video_count',
    'total_likes',
    'total_shares',
    'total_saves',
    'links_in_bio',
    'tt_seller',
    'is_ad',
    'is_verified',
    'is_commerce',
    'duet_setting',
    'is_private',
    'saves_count_list',
    'post_data',
  ],
  twitter: [
    'userid',
    'exists',
    'username',
    'full_name',
    'biography',
    'profile_picture',
    'profile_picture_hd',
    'join_date',
    'links_in_bio',
    'follower_count',
    'following_count',
    'media_count',
    'tweets_count',
    'creator_favorite_count',
    'is_verified',
    'direct_messaging',
    'subscriber_button',
    'tweets_type',
    'post_data',
  ],
};

/** `result` of raw enrichment (api-ref#enrich-raw): only `result.<platform>`, raw keys, with `exists`. */
export function rawResult(creator: MockCreator): Record<string, unknown> {
  const block = platformBlock(creator, { audience: false });
  const keys = RAW_KEYS[creator.platform];
  const raw: Record<string, unknown> = {};
  if (keys === undefined || creator.sparse) {
    Object.assign(raw, block);
  } else {
    for (const key of keys) if (key in block) raw[key] = block[key];
  }
  raw.exists = true;
  return { [creator.platform]: raw };
}

interface AccountSummary {
  platform: Platform;
  username: string;
  userId: string;
  followers: number;
}

export function accounts(creator: MockCreator): AccountSummary[] {
  return [
    {
      platform: creator.platform,
      username: creator.username,
      userId: creator.userId,
      followers: creator.followers,
    },
    ...creator.linked,
  ];
}

/** `result` of email basic (api-ref#email-basic): the strongest platform; note `userId` in camelCase. */
export function emailBasicResult(creator: MockCreator): Record<string, unknown> {
  const best = accounts(creator).reduce((top, account) =>
    account.followers > top.followers ? account : top,
  );
  return dropUndefined({
    platform: best.platform,
    userId: best.userId,
    url: profileUrl(best.platform, best.username),
    username: best.username,
    fullname: creator.fullName,
    picture: pictureUrl(best.platform, best.username),
    followers: best.followers,
  });
}

/**
 * `result` of email advanced (api-ref#email-advanced): the response shape is unknown; we assume the full-enrichment
 * envelope with one complete block per platform. Null when every platform is filtered out.
 */
export function emailAdvancedResult(
  creator: MockCreator,
  options: { excludePlatforms: readonly string[]; minFollowers: number },
): Record<string, unknown> | null {
  const kept = accounts(creator).filter(
    (account) =>
      !options.excludePlatforms.includes(account.platform) && account.followers >= options.minFollowers,
  );
  if (kept.length === 0) return null;
  const result: Record<string, unknown> = {
    email: creator.email ?? null,
    email_type: creator.emailType ?? null,
    first_name: creator.fullName?.split(' ')[0],
    location: creator.location,
  };
  for (const account of kept) {
    const view =
      account.platform === creator.platform
        ? creator
        : linkedView(creator, creator.linked.find((linked) => linked.platform === account.platform)!);
    result[account.platform] = platformBlock(view, { audience: false });
  }
  return dropUndefined(result);
}

/** `result[]` of connected socials (api-ref#socials): the creator's other platforms. */
export function socialsResult(creator: MockCreator): Record<string, unknown>[] {
  return creator.linked.map((account: LinkedAccount) =>
    dropUndefined({
      platform: account.platform,
      user_id: account.userId,
      url: profileUrl(account.platform, account.username),
      username: account.username,
      fullname: creator.fullName,
      picture: pictureUrl(account.platform, account.username),
      followers: account.followers,
    }),
  );
}

/** A one-row summary for CSV results. */
export function csvSummary(creator: MockCreator): {
  platform: string;
  username: string;
  full_name: string;
  followers: number;
  engagement_percent: number | '';
  email: string;
} {
  return {
    platform: creator.platform,
    username: creator.username,
    full_name: creator.fullName ?? '',
    followers: creator.followers,
    engagement_percent: creator.engagementPercent ?? '',
    email: creator.email ?? '',
  };
}

// content.ts and discovery.ts render pictures and dates the same way
export { ANCHOR_EPOCH, pictureUrl } from './enrich-common.ts';
