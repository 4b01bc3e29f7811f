import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockApi, startMockApi } from '../../mock-api/server.ts';
import { postJson } from './request.ts';

let api: MockApi;

beforeAll(async () => {
  api = await startMockApi({ port: 0 });
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  api.reset();
});

// biome-ignore lint/suspicious/noExplicitAny: payload shapes differ per platform
type Json = any;

async function post(path: string, body: unknown): Promise<{ status: number; body: Json }> {
  const res = await postJson(api, path, body);
  return { status: res.status, body: await res.json() };
}

const POSTS = '/public/v1/creators/content/posts/';
const DETAILS = '/public/v1/creators/content/details/';

describe('creator posts', () => {
  it('pages with next_token → pagination_token: three pages, then more_available false', async () => {
    const pages: Json[] = [];
    let token: string | null = null;
    do {
      const res = await post(POSTS, {
        platform: 'tiktok',
        handle: 'dani.dances',
        count: 5,
        pagination_token: token,
      });
      expect(res.status).toBe(200);
      pages.push(res.body.result);
      token = res.body.result.next_token;
    } while (token !== null && pages.length < 10);
    expect(pages).toHaveLength(3);
    expect(pages.map((page) => page.more_available)).toEqual([true, true, false]);
    const ids = pages.flatMap((page) => page.items.map((item: Json) => item.pk));
    expect(new Set(ids).size).toBe(15);
    expect(api.ledger.used).toBe(0.09);
  });

  it('answers 12 Instagram items a page regardless of count', async () => {
    const { body } = await post(POSTS, { platform: 'instagram', handle: 'maya.moves' });
    expect(body.result.items).toHaveLength(12);
    expect(body.result.num_results).toBe(12);
    expect(body.result.items[0]).toMatchObject({
      pk: expect.any(String),
      taken_at: expect.any(Number),
      url: expect.stringContaining('instagram.com/p/'),
      user: { username: 'maya.moves' },
      engagement: { likes: expect.any(Number), comments: expect.any(Number) },
    });
  });

  it('defaults TikTok and YouTube to 30 items; YouTube engagement values are strings', async () => {
    const tiktok = await post(POSTS, { platform: 'tiktok', handle: 'someone' });
    const youtube = await post(POSTS, { platform: 'youtube', handle: 'theo.tinkers', count: 50 });
    expect(tiktok.body.result.items).toHaveLength(30);
    expect(youtube.body.result.items).toHaveLength(50);
    expect(typeof youtube.body.result.items[0].engagement.views).toBe('string');
  });

  it('rejects a token issued for another creator', async () => {
    const first = await post(POSTS, { platform: 'tiktok', handle: 'dani.dances' });
    const res = await post(POSTS, {
      platform: 'tiktok',
      handle: 'someone_else',
      pagination_token: first.body.result.next_token,
    });
    expect(res.status).toBe(422);
    expect(res.body.error[0].field).toBe('pagination_token');
  });
});

describe('post details', () => {
  it('answers data, transcript and audio per content_type', async () => {
    const data = await post(DETAILS, { platform: 'youtube', post_id: 'dQw4w9WgXcQ', content_type: 'data' });
    expect(data.body.credits_cost).toBe(0.03);
    expect(typeof data.body.result.engagement.views).toBe('string');
    const transcript = await post(DETAILS, {
      platform: 'tiktok',
      post_id: '7633870659864644895',
      content_type: 'transcript',
    });
    expect(transcript.body.result.transcript).toEqual(expect.any(String));
    const audio = await post(DETAILS, {
      platform: 'instagram',
      post_id: '3885465807534181465',
      content_type: 'audio',
    });
    expect(audio.body.result.audio_url).toMatch(/^https:/);
  });

  it('pages comments with next_token', async () => {
    const first = await post(DETAILS, {
      platform: 'instagram',
      post_id: '3885465807534181465',
      content_type: 'comments',
    });
    expect(first.body.result.more_available).toBe(true);
    const second = await post(DETAILS, {
      platform: 'instagram',
      post_id: '3885465807534181465',
      content_type: 'comments',
      pagination_token: first.body.result.next_token,
    });
    expect(second.body.result.more_available).toBe(false);
    expect(second.body.result.next_token).toBeNull();
    expect(second.body.result.comments[0].id).not.toBe(first.body.result.comments[0].id);
  });
});
