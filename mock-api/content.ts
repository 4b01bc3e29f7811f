import type { MockCreator } from './creators.ts';
import { ANCHOR_EPOCH, pictureUrl } from './enrichment.ts';
import type { ContentPlatform } from './platforms.ts';
import { SeededRandom } from './seeded.ts';

/**
 * Creator posts (api-ref#posts) and post details (api-ref#post-details). Posts page with an opaque cursor: the response's
 * `result.next_token` goes back as `pagination_token`; every creator has three pages.
 */

export const POSTS_PAGES = 3;
const COMMENT_PAGES = 2;
const COMMENTS_PER_PAGE = 20;

/** Instagram pages are always 12 (api-ref#posts); TikTok and YouTube default to 30. */
export const POSTS_PAGE_SIZE = {
  instagram: { default: 12, max: 12 },
  tiktok: { default: 30, max: 35 },
  youtube: { default: 30, max: 50 },
} as const satisfies Record<ContentPlatform, { default: number; max: number }>;

interface Cursor {
  scope: string;
  page: number;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** The page a token points at, or null when the token is not one of ours for this scope. */
export function decodeCursor(token: string, scope: string): number | null {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (parsed.scope !== scope || typeof parsed.page !== 'number' || !Number.isInteger(parsed.page))
      return null;
    return parsed.page;
  } catch {
    return null;
  }
}

export function postsScope(platform: ContentPlatform, creator: MockCreator): string {
  return `posts:${platform}:${creator.username}`;
}

/**
 * Handles starting with `risky` post content a brand-safety check must catch (and words it must
 * not: "alphabet", "better" and "begun" hold "bet" and "gun" inside a word).
 */
const RISKY_CAPTIONS = [
  'Big night at the Casino 🎰 #Casinos',
  'New drop from Nikë: way better than the rest <!channel>',
  'Alphabet soup, better days, begun anew',
  'Cocktails and café #VODKA',
];

export function isRiskyPost(postId: string): boolean {
  return postId.startsWith('risky');
}

function riskyOverride(creator: MockCreator, page: number, index: number): { pk?: string; caption?: string } {
  if (!creator.username.toLowerCase().startsWith('risky') || page > 0) return {};
  return {
    pk: `risky${page}${index}`,
    ...(index < RISKY_CAPTIONS.length ? { caption: RISKY_CAPTIONS[index] } : {}),
  };
}

function postItem(platform: ContentPlatform, creator: MockCreator, page: number, index: number) {
  const item = basePostItem(platform, creator, page, index);
  const risky = riskyOverride(creator, page, index);
  return {
    ...item,
    ...(risky.pk ? { pk: risky.pk, id: risky.pk } : {}),
    ...(risky.caption ? { caption: risky.caption } : {}),
  };
}

function basePostItem(platform: ContentPlatform, creator: MockCreator, page: number, index: number) {
  const rng = new SeededRandom(`${platform}:${creator.username}:posts:${page}:${index}`);
  const engagement = creator.engagementPercent ?? 1;
  const likes = Math.round(((creator.followers * engagement) / 100) * rng.float(0.4, 1.6));
  const comments = Math.round(likes * rng.float(0.01, 0.06));
  const views = Math.round(creator.followers * rng.float(0.1, 1.2));
  const takenAt = ANCHOR_EPOCH - (page * 40 + index) * 43_200;
  const user = {
    pk: creator.userId,
    username: creator.username,
    full_name: creator.fullName ?? '',
    profile_pic_url: pictureUrl(platform, creator.username),
  };
  switch (platform) {
    case 'youtube': {
      const videoId = rng.hex(11);
      return {
        pk: videoId,
        id: videoId,
        taken_at: takenAt,
        url: `https://www.youtube.com/watch?v=${videoId}`,
        media_url: `https://i.example.test/vi/${videoId}/hqdefault.jpg`,
        media_type: 2,
        caption: `${creator.niche} video #${page * 50 + index + 1}`,
        user,
        // YouTube counters are strings (api-ref#responses).
        engagement: { likes: String(likes), comments: String(comments), views: String(views) },
      };
    }
    case 'tiktok': {
      const pk = rng.digits(19);
      return {
        pk,
        id: pk,
        taken_at: takenAt,
        url: `https://www.tiktok.com/@${creator.username}/video/${pk}`,
        media_url: `https://cdn.example.test/v/${pk}.mp4`,
        media_type: 2,
        caption: `POV: ${creator.niche} #${creator.niche}`,
        user,
        engagement: { likes, comments, views },
      };
    }
    case 'instagram': {
      const pk = rng.digits(19);
      const video = rng.chance(0.5);
      return {
        pk,
        id: `${pk}_${creator.userId}`,
        code: rng.hex(11),
        taken_at: takenAt,
        url: `https://www.instagram.com/p/${rng.hex(11)}/`,
        media_url: `https://cdn.example.test/m/${pk}.jpg?Expires=1900000000`,
        media_type: video ? 2 : 1,
        caption: `${creator.niche} post ${page * 12 + index + 1}`,
        user,
        engagement: video ? { likes, comments, views } : { likes, comments },
      };
    }
  }
}

export function postsResult(platform: ContentPlatform, creator: MockCreator, page: number, count: number) {
  const size = platform === 'instagram' ? POSTS_PAGE_SIZE.instagram.default : count;
  const items = Array.from({ length: size }, (_, i) => postItem(platform, creator, page, i));
  const more = page + 1 < POSTS_PAGES;
  return {
    num_results: items.length,
    more_available: more,
    next_token: more ? encodeCursor({ scope: postsScope(platform, creator), page: page + 1 }) : null,
    status: 'ok',
    items,
  };
}

export type ContentType = 'data' | 'comments' | 'transcript' | 'audio';

export function commentsScope(platform: ContentPlatform, postId: string): string {
  return `comments:${platform}:${postId}`;
}

/**
 * api-ref#post-details has no field-level schema (api-ref#open-questions q11): these `result` keys are our placeholders, one shape per
 * content type.
 */
export function postDetailsResult(
  platform: ContentPlatform,
  postId: string,
  contentType: ContentType,
  page: number,
) {
  const rng = new SeededRandom(`${platform}:details:${postId}`);
  switch (contentType) {
    case 'data': {
      const likes = rng.int(100, 500_000);
      const counts = {
        likes,
        comments: Math.round(likes * 0.03),
        views: likes * rng.int(5, 30),
        shares: rng.int(0, 9000),
      };
      return {
        post_id: postId,
        platform,
        caption: 'A day in the life, part 3',
        taken_at: ANCHOR_EPOCH - rng.int(0, 90) * 86_400,
        media_type: 2,
        url:
          platform === 'youtube'
            ? `https://www.youtube.com/watch?v=${postId}`
            : platform === 'tiktok'
              ? `https://www.tiktok.com/video/${postId}`
              : `https://www.instagram.com/p/${postId}/`,
        engagement:
          platform === 'youtube'
            ? {
                likes: String(counts.likes),
                comments: String(counts.comments),
                views: String(counts.views),
                shares: String(counts.shares),
              }
            : counts,
      };
    }
    case 'comments': {
      const more = page + 1 < COMMENT_PAGES;
      const comments = Array.from({ length: COMMENTS_PER_PAGE }, (_, i) => ({
        id: `${postId}_c${page * COMMENTS_PER_PAGE + i}`,
        text: i % 5 === 0 ? 'Love this 😍 <@U999> *great*' : `Comment ${page * COMMENTS_PER_PAGE + i + 1}`,
        created_at: ANCHOR_EPOCH - (page * COMMENTS_PER_PAGE + i) * 600,
        like_count: rng.int(0, 400),
        user: { username: `fan_${rng.int(1000, 9999)}`, full_name: 'A Fan' },
      }));
      return {
        num_results: comments.length,
        more_available: more,
        next_token: more ? encodeCursor({ scope: commentsScope(platform, postId), page: page + 1 }) : null,
        comments,
      };
    }
    case 'transcript':
      return {
        post_id: postId,
        language: 'en',
        transcript: isRiskyPost(postId)
          ? 'Quick workout, then a cold beer with friends.'
          : 'Today we do a ten minute home workout. No equipment, just a mat and some water.',
      };
    case 'audio':
      return {
        post_id: postId,
        audio_url: `https://cdn.example.test/audio/${encodeURIComponent(postId)}.m4a?Expires=1900000000`,
        duration: rng.int(8, 90),
        sound_name: 'original sound',
      };
  }
}
