import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creator } from '../../commands/creator/index.ts';
import { share } from '../../commands/share.ts';
import { FIXTURE_CREATORS } from '../../mock-api/server.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { visibleText } from '../support/message-text.ts';
import {
  blocksOf,
  buttonOf,
  buttons,
  click,
  EMAIL_ADVANCED,
  EMAIL_BASIC,
  field,
  type Json,
  lookUp,
  POSTS,
  requestsTo,
} from './creator-helpers.ts';

/** /creator's recent posts (and More) and email lookups, end to end; the handle card is in creator.test.ts. */

describe('/creator posts and email lookups end to end', () => {
  let h: Harness;
  const now = Date.parse('2026-05-04T09:00:00Z');
  beforeAll(async () => {
    h = await startHarness({ features: [share, creator], clock: () => now });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('shows recent posts, top by engagement, and pages with More through the stored cursor', async () => {
    const { body } = await lookUp(h, 'maya.moves');
    const first = await click(h, 'creator_posts', buttonOf(body, 'creator_posts').value ?? '');
    expect(first).toMatchObject({ replace_original: false });
    expectValidBlockKit(first, 'message');
    expect(requestsTo(h, POSTS).at(-1)?.body).toEqual({ platform: 'instagram', handle: 'maya.moves' });
    const text = visibleText(first);
    expect(text).toContain('Instagram · page 1 · top 10 of 12 posts by likes + comments');
    expect(text).toMatch(
      /\*1\.\* <https:\/\/www\.instagram\.com\/p\/\w+\/\|\d{1,2} \w{3} \d{4}> {2}:heart: /,
    );
    expect(text).toContain(':coin: 0.03 credits · recent posts, page 1');
    const likes = blocksOf(first)
      .map((b) => /:heart: ([\d.]+)(K?)/.exec(b.text?.text ?? ''))
      .filter((m) => m !== null)
      .map((m) => Number(m[1]) * (m[2] === 'K' ? 1000 : 1));
    expect(likes).toHaveLength(10);
    expect(likes[0]).toBeGreaterThanOrEqual(likes.at(-1) ?? 0);

    const more = buttonOf(first, 'creator_posts_more');
    expect(more.value?.length).toBeLessThan(40);
    const { responseId } = await h.action({ action_id: 'creator_posts_more', value: more.value ?? '' });
    const second = (await h.slack.waitForResponse(responseId ?? '')).body;
    expect(second).toMatchObject({ replace_original: true });
    expect(visibleText(second)).toContain('page 2');
    const token = (requestsTo(h, POSTS).at(-1)?.body as Json | undefined)?.pagination_token;
    expect(typeof token).toBe('string');

    const third = await click(h, 'creator_posts_more', buttonOf(second, 'creator_posts_more').value ?? '');
    expect(visibleText(third)).toContain('page 3');
    expect(buttons(third).some((b) => b.action_id === 'creator_posts_more')).toBe(false);

    // The same page again is free.
    const before = requestsTo(h, POSTS).length;
    const cached = await click(h, 'creator_posts_more', more.value ?? '');
    expect(visibleText(cached)).toContain('From cache');
    expect(requestsTo(h, POSTS)).toHaveLength(before);

    // Refresh of a cached page spends again, in place.
    const refresh = buttonOf(cached, 'creator_refresh');
    expect(refresh.text?.text).toBe('Refresh · 0.03 credits');
    const refreshed = await click(h, 'creator_refresh', refresh.value ?? '');
    expect(refreshed).toMatchObject({ replace_original: true });
    expect(visibleText(refreshed)).toContain(':coin: 0.03 credits · recent posts, page 2');
    expect(requestsTo(h, POSTS)).toHaveLength(before + 1);
  });

  it('says so when a posts cursor has expired, calling nothing', async () => {
    const before = h.api.requests.length;
    const body = await click(h, 'creator_posts_more', 'no-such-cursor');
    expect(String(body.text)).toContain('too old to page through');
    expect(String(body.text)).toContain('Nothing was charged.');
    expect(h.api.requests.length).toBe(before);
  });

  it('looks an email up with basic enrichment and offers the full profile for 1 credit', async () => {
    const { ack, body } = await lookUp(h, 'Hello@MayaMoves.example.test');
    expect(String(ack.text)).toContain('Looking up hello@mayamoves.example.test…');
    expectValidBlockKit(body, 'message');
    expect(requestsTo(h, EMAIL_BASIC).at(-1)?.body).toEqual({ email: 'hello@mayamoves.example.test' });
    const text = visibleText(body);
    expect(text).toContain(
      '<https://www.instagram.com/maya.moves|@maya.moves>* · Instagram · 128.4K followers',
    );
    expect(text).toContain(':coin: 0.05 credits · basic email lookup');
    const full = buttonOf(body, 'creator_open');
    expect(full.text?.text).toBe('Full profile · 1 credit');
    expect(full.value).toBe(JSON.stringify({ platform: 'instagram', handle: 'maya.moves' }));

    const opened = await click(h, 'creator_open', full.value ?? '');
    expect(opened).toMatchObject({ replace_original: false });
    expect(blocksOf(opened)[0]?.text?.text).toBe('Maya Okafor-Lind');

    const again = await lookUp(h, 'hello@mayamoves.example.test');
    expect(visibleText(again.body)).toContain('From cache');
    expect(requestsTo(h, EMAIL_BASIC)).toHaveLength(1);
    const refresh = buttonOf(again.body, 'creator_refresh');
    expect(refresh.text?.text).toBe('Refresh · 0.05 credits');
    const refreshed = await click(h, 'creator_refresh', refresh.value ?? '');
    expect(visibleText(refreshed)).toContain(':coin: 0.05 credits · basic email lookup');
    expect(requestsTo(h, EMAIL_BASIC)).toHaveLength(2);
  });

  it('looks an email up with advanced enrichment when asked, naming the higher cost', async () => {
    const { ack, body } = await lookUp(h, `${FIXTURE_CREATORS.crossPlatform.email} advanced`);
    expect(String(ack.text)).toContain('advanced email enrichment (2 credits)');
    expectValidBlockKit(body, 'message');
    expect(requestsTo(h, EMAIL_ADVANCED).at(-1)?.body).toEqual({ email: 'tom@trailtom.example.test' });
    const text = visibleText(body);
    expect(text).toContain(':coin: 2 credits · advanced email enrichment');
    expect(text).toContain('Found by email tom@trailtom.example.test');
    // the strongest platform found (910K on YouTube beats 342K on Instagram)
    expect(field(body, 'Followers')).toBe('910K');
    expect(text).toContain('YouTube');
  });
});

describe('/creator under a small budget', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ features: [share, creator], env: { CREDIT_BUDGET_DEFAULT: '0.5' } });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('refuses before calling anything and says nothing was charged', async () => {
    const { body } = await lookUp(h, 'maya.moves');
    const text = String(body.text);
    expect(text).toContain('@maya.moves on Instagram costs about 1 credit');
    expect(text).toContain('0.5 of 0.5 left');
    expect(text).toContain('Nothing was charged.');
    expect(h.api.requests).toHaveLength(0);
  });

  it('still answers an email basic lookup that fits the budget', async () => {
    const { body } = await lookUp(h, 'hello@mayamoves.example.test');
    expect(visibleText(body)).toContain('0.05 credits · basic email lookup');
    expect(requestsTo(h, EMAIL_BASIC)).toHaveLength(1);
  });
});
