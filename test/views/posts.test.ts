import { describe, expect, it } from 'vitest';
import type { SlackMessage } from '../../views/blocks.ts';
import type { Provenance } from '../../views/creator.ts';
import { type PostSummary, postDate, postsPage, topPosts } from '../../views/posts.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';

const NOW = Date.parse('2026-05-04T12:00:00Z');
const fresh: Provenance = {
  credits: 0.03,
  what: 'recent posts, page 1',
  fromCache: null,
  shared: false,
  now: NOW,
};
const MARKUP = 'Ping <!channel> <@U123> <https://evil.test|click> *bold* `code`';

function post(overrides: Partial<PostSummary> = {}): PostSummary {
  return {
    id: '1',
    takenAt: 1_777_402_440,
    url: 'https://www.instagram.com/p/ABCdef123/',
    caption: 'Leg day at home',
    likes: 5200,
    comments: 140,
    views: 61_000,
    ...overrides,
  };
}

function mrkdwnOf(message: SlackMessage): string {
  const parts = [message.text];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') parts.push(o.text);
      Object.values(o).forEach(visit);
    }
  };
  visit(message.blocks);
  return parts.join('\n');
}

function page(posts: PostSummary[], overrides: Partial<Parameters<typeof postsPage>[0]> = {}): SlackMessage {
  return postsPage({
    platform: 'instagram',
    handle: 'maya.moves',
    page: 1,
    posts,
    moreValue: 'cursor-id',
    provenance: fresh,
    refresh: null,
    pageCost: 0.03,
    ...overrides,
  });
}

describe('postsPage', () => {
  it('shows each top post with its date, link, counts and caption', () => {
    const message = page([post()]);
    expectValidBlockKit(message, 'message');
    const text = mrkdwnOf(message);
    expect(text).toContain(
      '*1.* <https://www.instagram.com/p/ABCdef123/|28 Apr 2026>  :heart: 5.2K  :speech_balloon: 140  :eyes: 61K\nLeg day at home',
    );
    expect(text).toContain('Instagram · page 1 · top 1 of 1 posts by likes + comments');
    expect(text).toContain(':coin: 0.03 credits · recent posts, page 1');
  });

  it('ranks by likes + comments and shows the top 10', () => {
    const posts = Array.from({ length: 30 }, (_, i) =>
      post({ id: String(i), likes: i * 10, comments: (30 - i) * 3 }),
    );
    const top = topPosts(posts, 10);
    expect(top).toHaveLength(10);
    const scores = top.map((p) => (p.likes ?? 0) + (p.comments ?? 0));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(top[0]?.id).toBe('29');
    expect(mrkdwnOf(page(posts))).toContain('top 10 of 30 posts');
  });

  it('stays within Block Kit limits with 50 huge, hostile posts and shows "—" for missing values', () => {
    const posts = Array.from({ length: 50 }, (_, i) =>
      i % 2 === 0
        ? post({
            id: String(i),
            caption: `${MARKUP} ${'long caption '.repeat(500)}`,
            likes: 9.9e17,
            url: `https://x.test/${'p'.repeat(4000)}`,
          })
        : post({
            id: null,
            takenAt: null,
            url: null,
            caption: null,
            likes: null,
            comments: null,
            views: null,
          }),
    );
    const message = page(posts, { top: 500 });
    expectValidBlockKit(message, 'message');
    const text = mrkdwnOf(message);
    expect(text).not.toMatch(/<!channel>|<@U123>|<https:\/\/evil\.test/);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain(':heart: —  :speech_balloon: —');
    expect(text).toContain('_No caption_');
    expect(JSON.stringify(message)).not.toMatch(/undefined|NaN|null/);
  });

  it('offers More with its price only when there is a next page, and Refresh on a cached page', () => {
    const more = page([post()]);
    expect(JSON.stringify(more.blocks.at(-1))).toContain('"action_id":"creator_posts_more"');
    expect(JSON.stringify(more.blocks.at(-1))).toContain('More · 0.03 credits');

    const last = page([post()], {
      moreValue: null,
      provenance: { ...fresh, credits: 0, fromCache: { at: NOW - 60 * 60 * 1000 } },
      refresh: { actionId: 'creator_refresh', value: 'v', cost: 0.03, subject: 'the recent posts' },
    });
    expect(JSON.stringify(last)).not.toContain('creator_posts_more');
    expect(mrkdwnOf(last)).toContain('From cache, 1 h ago — nothing charged');
    expect(JSON.stringify(last.blocks.at(-1))).toContain('Refresh · 0.03 credits');
  });

  it('says so on an empty page', () => {
    const message = page([], { moreValue: null });
    expectValidBlockKit(message, 'message');
    expect(mrkdwnOf(message)).toContain('No posts to show on this page.');
  });
});

describe('postDate', () => {
  it('formats epoch seconds in UTC and shows "—" for nothing usable', () => {
    expect(postDate(1_777_402_440)).toBe('28 Apr 2026');
    expect(postDate(null)).toBe('—');
    expect(postDate(Number.NaN)).toBe('—');
    expect(postDate(1e20)).toBe('—');
  });
});
