import { isYoutubeChannelId, normalizeHandle, parseCreatorRef } from '../creator-ref.ts';
import { isPlatform, PLATFORMS, type Platform } from './platforms.ts';
import { toBoolean, toNumber, toText } from './schemas.ts';

/**
 * Turns Influencers Club data into the few shapes views render, so no view knows a platform quirk:
 * per-platform id and follower keys, YouTube counts as strings, Twitch camelCase, TikTok growth,
 * niches in two forms, links to other platforms in four places (api-ref#responses, api-ref#enrich-full, api-ref#full-enrichment-blocks).
 * Every scalar is `T | null`; null means unknown (views show "—").
 */

export interface CreatorProfile {
  platform: Platform;
  handle: string | null;
  name: string | null;
  userId: string | null;
  avatarUrl: string | null;
  verified: boolean | null;
  bio: string | null;
  followers: number | null;
  following: number | null;
  postsCount: number | null;
  /** Already a percentage: 3.42 means 3.42 % (api-ref#responses). */
  engagementPercent: number | null;
  avgLikes: number | null;
  avgComments: number | null;
  avgViews: number | null;
  niches: string[];
  location: string | null;
  language: string | null;
  email: string | null;
  /** Follower growth over time, e.g. { label: '3 months', percent: 4.2 } (TikTok). */
  growth: { label: string; percent: number }[];
  profileUrl: string | null;
  links: string[];
  otherPlatforms: { platform: string; handle: string | null; url: string | null }[];
  category: string | null;
}

/** One creator in a list: discovery/similar accounts, socials, email basic, overlap users. */
export interface CreatorSummary {
  platform: Platform | null;
  userId: string | null;
  handle: string | null;
  name: string | null;
  avatarUrl: string | null;
  followers: number | null;
  engagementPercent: number | null;
  url: string | null;
  verified: boolean | null;
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function obj(value: unknown): Obj {
  return isObj(value) ? value : {};
}

/** The first key holding a usable value, read with `read`. */
function first<T>(source: Obj, keys: readonly string[], read: (v: unknown) => T | null): T | null {
  for (const key of keys) {
    const value = read(source[key]);
    if (value !== null) return value;
  }
  return null;
}

function str(value: unknown): string | null {
  const t = toText(value);
  return t === null || t.trim() === '' ? null : t.trim();
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Follower count key per platform: follower_count / subscriber_count (YouTube) / total_followers (Twitch). */
const FOLLOWER_KEYS = [
  'follower_count',
  'subscriber_count',
  'total_followers',
  'followers',
  'followers_count',
];

/**
 * Normalises an enrichment `result` (full or raw, or a batch row's `enrichment_data`) for
 * `platform`. Also accepts the whole `{credits_cost, result}` answer.
 */
export function toCreatorProfile(result: unknown, platform: Platform): CreatorProfile {
  let top = obj(result);
  if (isObj(top.result) && !isObj(top[platform])) top = top.result;
  const block = obj(top[platform]);

  const handleRaw =
    platform === 'youtube'
      ? (str(block.custom_url)?.replace(/^@/, '') ?? str(block.id))
      : first(block, ['username', 'handle', 'public_identifier'], str);
  const handle = handleRaw === null ? null : normalizeHandle(platform, handleRaw);

  const linkedinName = [str(block.first_name), str(block.last_name)].filter((s) => s !== null).join(' ');
  const name =
    first(block, ['full_name', 'fullname', 'title', 'displayName', 'display_name', 'name'], str) ??
    (linkedinName === '' ? null : linkedinName);

  const reels = obj(block.reels);
  const avgViews =
    first(block, ['avg_views', 'play_count_avg', 'avg_view_count'], toNumber) ??
    toNumber(reels.avg_view_count);

  const niches = unique([
    ...list(top.ai_niches).map((n) => (isObj(n) ? str(n.niche) : str(n))),
    ...list(block.ai_niches).map((n) => (isObj(n) ? str(n.niche) : str(n))),
    ...list(block.niche_class).map((n) => (isObj(n) ? str(n.niche ?? n.name) : str(n))),
  ]);

  const links = unique(
    [top.links_in_bio, top.other_links, block.links_in_bio, block.other_links]
      .flatMap(list)
      .map(str)
      .filter((l): l is string => l !== null && /^https?:\/\//i.test(l) === true),
  );

  const profileUrl =
    (platform === 'youtube' ? str(block.link) : null) ??
    first(block, ['profile_url', 'url'], str) ??
    (handle === null ? null : profileUrlFor(platform, handle));

  return {
    platform,
    handle,
    name,
    userId: first(block, ['userid', 'user_id', 'id', 'userId', 'pk'], str),
    avatarUrl: first(
      block,
      ['profile_picture_hd', 'profile_picture', 'profileImageURL', 'profile_pic_url', 'picture'],
      str,
    ),
    verified: first(block, ['is_verified', 'isPartner', 'verified'], toBoolean),
    bio: first(block, ['biography', 'description', 'summary', 'headline', 'bio'], str),
    followers: first(block, FOLLOWER_KEYS, toNumber),
    following: first(block, ['following_count', 'following'], toNumber),
    postsCount: first(block, ['media_count', 'video_count', 'tweets_count', 'posts_count'], toNumber),
    engagementPercent: toNumber(block.engagement_percent),
    avgLikes: first(block, ['avg_likes', 'likes_avg'], toNumber) ?? toNumber(reels.avg_like_count),
    avgComments: first(block, ['avg_comments', 'comment_count_avg'], toNumber),
    avgViews,
    niches,
    location: first(top, ['location'], str) ?? first(block, ['location', 'country', 'region'], str),
    language:
      first(top, ['speaking_language'], str) ??
      first(block, ['speaking_language'], str) ??
      str(list(block.language_code)[0]),
    email: str(top.email) ?? str(block.email),
    growth: growthOf(block),
    profileUrl,
    links,
    otherPlatforms: otherPlatformsOf(top, block, platform),
    category: first(block, ['category', 'category_name'], str),
  };
}

/** TikTok `creator_follower_growth: {3_months_ago: 4.2, …}` (percent), oldest last. */
function growthOf(block: Obj): { label: string; percent: number }[] {
  const growth = obj(block.creator_follower_growth ?? block.follower_growth);
  return Object.entries(growth)
    .map(([key, value]) => {
      const months = /^(\d+)_months?_ago$/.exec(key)?.[1];
      const percent = toNumber(value);
      return months === undefined || percent === null
        ? null
        : { months: Number(months), label: `${months} month${months === '1' ? '' : 's'}`, percent };
    })
    .filter((g) => g !== null)
    .sort((a, b) => a.months - b.months)
    .map(({ label, percent }) => ({ label, percent }));
}

/**
 * Other accounts of the same creator, from: other platform blocks in the result, `creator_has`
 * (`{tiktok: true}` or `{has_tiktok: true}`), Twitch `social_media`, Twitter `platforms`.
 */
function otherPlatformsOf(
  top: Obj,
  block: Obj,
  platform: Platform,
): { platform: string; handle: string | null; url: string | null }[] {
  const found = new Map<Platform, { handle: string | null; url: string | null }>();
  const add = (p: Platform, handle: string | null, url: string | null) => {
    if (p === platform) return;
    const h = handle === null ? null : normalizeHandle(p, handle);
    const current = found.get(p);
    if (current === undefined || (current.handle === null && h !== null)) {
      found.set(p, { handle: h, url: url ?? (h === null ? null : profileUrlFor(p, h)) });
    }
  };
  /** A value that is a link or a handle (Twitch `social_media`, Twitter `platforms`). */
  const addMention = (p: Platform, value: unknown) => {
    const v = isObj(value) ? (str(value.url) ?? str(value.username) ?? str(value.handle)) : str(value);
    if (v === null) return;
    const ref = parseCreatorRef(v, p);
    if (ref.kind === 'handle' && ref.platform === p) add(p, ref.handle, /^https?:/i.test(v) ? v : null);
  };

  for (const p of PLATFORMS) {
    if (p === platform || !isObj(top[p])) continue;
    const other = obj(top[p]);
    if (other.exists === false) continue;
    const h =
      p === 'youtube'
        ? (str(other.custom_url)?.replace(/^@/, '') ?? str(other.id))
        : first(other, ['username', 'handle'], str);
    add(p, h, p === 'youtube' ? str(other.link) : null);
  }
  for (const [key, value] of Object.entries(obj(top.creator_has ?? block.creator_has))) {
    const p = key.replace(/^has_/, '').toLowerCase();
    if (isPlatform(p) && toBoolean(value) === true) add(p, null, null);
  }
  for (const [key, value] of Object.entries(obj(block.social_media))) {
    if (isPlatform(key)) addMention(key, value);
  }
  for (const [key, value] of Object.entries(obj(block.platforms))) {
    if (!isPlatform(key)) continue;
    for (const v of Array.isArray(value) ? value : [value]) addMention(key, v);
  }
  return [...found].map(([p, v]) => ({ platform: p, handle: v.handle, url: v.url }));
}

/**
 * Normalises one creator from a list answer: discovery/similar `accounts[]` (`user_id` +
 * `profile{username, full_name, picture, followers, engagement_percent}`), socials `result[]`,
 * email basic `result` (`userId` in camelCase), overlap `details[].user` (`fullname`,
 * `is_verified`). `platform` is used when the item does not name its own.
 */
export function toCreatorSummary(item: unknown, platform?: Platform): CreatorSummary {
  const top = obj(item);
  const profile = isObj(top.profile) ? top.profile : {};
  const read = <T>(keys: readonly string[], fn: (v: unknown) => T | null): T | null =>
    first(profile, keys, fn) ?? first(top, keys, fn);

  const own = str(top.platform)?.toLowerCase();
  const p: Platform | null = own !== undefined && isPlatform(own) ? own : (platform ?? null);
  const rawHandle = read(['username', 'handle', 'custom_url'], str)?.replace(/^@/, '') ?? null;
  const handle =
    rawHandle === null ? null : p === null ? rawHandle.toLowerCase() : normalizeHandle(p, rawHandle);

  return {
    platform: p,
    userId: read(['user_id', 'userId', 'userid', 'id', 'pk'], str),
    handle,
    name: read(['full_name', 'fullname', 'name', 'title', 'displayName'], str),
    avatarUrl: read(['picture', 'profile_picture', 'profile_pic_url', 'profileImageURL'], str),
    followers: read(['followers', ...FOLLOWER_KEYS], toNumber),
    engagementPercent: read(['engagement_percent'], toNumber),
    url:
      read(['url', 'profile_url'], str) ?? (p !== null && handle !== null ? profileUrlFor(p, handle) : null),
    verified: read(['is_verified', 'verified', 'isPartner'], toBoolean),
  };
}

/** The public profile link for a handle; null for Discord (no profile links) or an empty handle. */
export function profileUrlFor(platform: Platform, handle: string): string | null {
  const h = handle.trim().replace(/^@/, '');
  if (h === '') return null;
  const e = encodeURIComponent(h);
  switch (platform) {
    case 'instagram':
      return `https://www.instagram.com/${e}/`;
    case 'tiktok':
      return `https://www.tiktok.com/@${e}`;
    case 'youtube':
      return isYoutubeChannelId(h) ? `https://www.youtube.com/channel/${h}` : `https://www.youtube.com/@${e}`;
    case 'twitter':
      return `https://x.com/${e}`;
    case 'twitch':
      return `https://www.twitch.tv/${e}`;
    case 'onlyfans':
      return `https://onlyfans.com/${e}`;
    case 'snapchat':
      return `https://www.snapchat.com/add/${e}`;
    case 'pinterest':
      return `https://www.pinterest.com/${e}/`;
    case 'facebook':
      return `https://www.facebook.com/${e}`;
    case 'linkedin':
      return `https://www.linkedin.com/in/${e}`;
    case 'discord':
      return null;
  }
}

function unique(values: (string | null)[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of values) {
    if (v === null) continue;
    const key = v.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      out.push(v);
    }
  }
  return out;
}
