import { toNumber } from '../ic/schemas.ts';

/**
 * Raw enrichment has no `engagement_percent` (api-ref#enrich-raw: profile basics and `post_data[]`),
 * so the unfurl estimates it from the recent posts it does carry: mean (likes + comments) per post
 * over followers. Counters come as numbers or strings under platform-specific names
 * (api-ref#full-enrichment-blocks). Null when there are no posts or followers to go on.
 */
export function engagementFromPosts(
  result: unknown,
  platform: string,
  followers: number | null,
): number | null {
  if (followers === null || !(followers > 0)) return null;
  const top = (result ?? {}) as Record<string, unknown>;
  const container = (typeof top.result === 'object' && top.result !== null ? top.result : top) as Record<
    string,
    unknown
  >;
  const block = container[platform] as Record<string, unknown> | undefined;
  const posts = Array.isArray(block?.post_data) ? (block.post_data as unknown[]) : [];
  const totals = posts.flatMap((post) => {
    const e = ((post as Record<string, unknown> | null)?.engagement ?? {}) as Record<string, unknown>;
    const likes = toNumber(e.likes ?? e.like_count ?? e.favorite_count);
    const comments = toNumber(e.comments ?? e.comment_count ?? e.reply_count) ?? 0;
    return likes === null ? [] : [likes + comments];
  });
  if (totals.length === 0) return null;
  const mean = totals.reduce((a, b) => a + b, 0) / totals.length;
  return Math.round((mean / followers) * 10000) / 100;
}
