import type { Button } from '@slack/types';
import { PLATFORM_NAMES, type Platform } from '../src/ic/platforms.ts';
import { button, context, header, type SlackBlock, type SlackMessage, section } from './blocks.ts';
import { answerFooter, CREATOR_ACTION, type Provenance, type RefreshOffer } from './creator.ts';
import {
  creditsPhrase,
  escapeMrkdwn,
  formatCount,
  MISSING,
  mrkdwnLink,
  mrkdwnSnippet,
  truncate,
} from './format.ts';

/**
 * "Recent posts" under a creator card: the top posts of one page of the creator posts endpoint
 * (api-ref#posts), ranked by likes + comments, each with its date, a caption snippet, its counts and a link;
 * "More" follows the API's cursor. Pure.
 */

/** One post, normalised by the command from the API's item (views never read raw fields). */
export interface PostSummary {
  id: string | null;
  /** Epoch seconds. */
  takenAt: number | null;
  url: string | null;
  caption: string | null;
  likes: number | null;
  comments: number | null;
  views: number | null;
}

export interface PostsPageInput {
  platform: Platform;
  handle: string;
  /** 1-based page number in this browse. */
  page: number;
  posts: PostSummary[];
  /** Button value for the next page (a short id for the stored cursor), or null on the last page. */
  moreValue: string | null;
  provenance: Provenance;
  refresh: RefreshOffer | null;
  /** Price of one more page (credits). */
  pageCost: number;
  /** How many posts to show; default 10. */
  top?: number;
}

const CAPTION_MAX = 220;
const DEFAULT_TOP = 10;
/** Header, summary, footer and buttons take 4 of the message's 50 blocks. */
const MAX_TOP = 40;

/** Likes + comments: what "engagement" means on a post. Views alone rank nothing. */
export function postEngagement(post: PostSummary): number {
  return (post.likes ?? 0) + (post.comments ?? 0);
}

/** The top `n` posts by engagement (ties: more views first, then the newer post). */
export function topPosts(posts: readonly PostSummary[], n: number): PostSummary[] {
  return [...posts]
    .sort(
      (a, b) =>
        postEngagement(b) - postEngagement(a) ||
        (b.views ?? 0) - (a.views ?? 0) ||
        (b.takenAt ?? 0) - (a.takenAt ?? 0),
    )
    .slice(0, Math.max(0, n));
}

/** "28 Apr 2026" in UTC, or "—". */
export function postDate(takenAt: number | null): string {
  if (takenAt === null || !Number.isFinite(takenAt) || takenAt <= 0) return MISSING;
  const date = new Date(takenAt * 1000);
  if (Number.isNaN(date.getTime())) return MISSING;
  return date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

function postLine(post: PostSummary, rank: number): string {
  const date = postDate(post.takenAt);
  const dated = post.url && post.url.length <= 500 ? mrkdwnLink(post.url, date) : escapeMrkdwn(date);
  const counts = [
    `:heart: ${formatCount(post.likes)}`,
    `:speech_balloon: ${formatCount(post.comments)}`,
    ...(post.views !== null ? [`:eyes: ${formatCount(post.views)}`] : []),
  ].join('  ');
  const caption = post.caption ? mrkdwnSnippet(post.caption, CAPTION_MAX) : '_No caption_';
  return `*${rank}.* ${dated}  ${counts}\n${caption}`;
}

export function postsPage(input: PostsPageInput): SlackMessage {
  const top = topPosts(input.posts, Math.min(MAX_TOP, input.top ?? DEFAULT_TOP));
  const platform = PLATFORM_NAMES[input.platform];
  const summary =
    input.posts.length === 0
      ? `${escapeMrkdwn(platform)} · page ${input.page} · no posts on this page`
      : `${escapeMrkdwn(platform)} · page ${input.page} · top ${top.length} of ${input.posts.length} posts by likes + comments`;
  const blocks: SlackBlock[] = [header(`Recent posts · @${input.handle}`), context([summary])];
  if (top.length === 0) blocks.push(section('No posts to show on this page.'));
  top.forEach((post, i) => {
    blocks.push(section(postLine(post, i + 1)));
  });
  const buttons: Button[] = [];
  if (input.moreValue !== null) {
    buttons.push(
      button({
        text: `More · ${creditsPhrase(input.pageCost)}`,
        actionId: CREATOR_ACTION.postsMore,
        value: input.moreValue,
      }),
    );
  }
  blocks.push(...answerFooter(input.provenance, buttons, input.refresh));
  const best = top[0];
  const text = best
    ? `Recent posts of @${escapeMrkdwn(input.handle)} on ${platform}, page ${input.page}: top post ${formatCount(best.likes)} likes`
    : `Recent posts of @${escapeMrkdwn(input.handle)} on ${platform}, page ${input.page}: no posts`;
  return { text: truncate(text, 500), blocks };
}
