import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creator } from '../../commands/creator/index.ts';
import { share } from '../../commands/share.ts';
import { socials } from '../../commands/socials.ts';
import { FIXTURE_CREATORS } from '../../mock-api/server.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { visibleText } from '../support/message-text.ts';
import {
  blocksOf,
  buttonOf,
  buttons,
  click,
  ENRICH,
  field,
  type Json,
  lookUp,
  mrkdwnText,
  requestsTo,
  SOCIALS,
  TEAM,
} from './creator-helpers.ts';

describe('/creator end to end', () => {
  let h: Harness;
  let now = Date.parse('2026-05-04T09:00:00Z');
  beforeAll(async () => {
    h = await startHarness({ features: [share, creator, socials], clock: () => now });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('acks with "Looking up…", then shows the card with every field, and asks IC for a full enrichment', async () => {
    const maya = FIXTURE_CREATORS.withEmail;
    const { ack, body } = await lookUp(h, maya.username);
    expect(ack).toMatchObject({ response_type: 'ephemeral' });
    expect(String(ack.text)).toContain('Looking up @maya.moves on Instagram…');
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expectValidBlockKit(body, 'message');

    expect(blocksOf(body)[0]?.text?.text).toBe(maya.fullName);
    expect(field(body, 'Followers')).toBe('128.4K');
    expect(field(body, 'Engagement')).toBe('3.42%');
    expect(field(body, 'Avg likes')).toMatch(/^\d+(\.\d)?K?$/);
    expect(field(body, 'Email')).toBe(maya.email);
    expect(field(body, 'Location')).toBe('United States');
    expect(field(body, 'Language')).toBe('English');
    expect(field(body, 'Niche')).toBe('fitness');
    expect(field(body, 'Growth')).toBe('—');
    const text = visibleText(body);
    expect(text).toContain('<https://www.instagram.com/maya.moves/|@maya.moves>');
    expect(text).toMatch(/Audience:\* \d+% in United States · \d+% women \/ \d+% men · mostly 25–34/);
    expect(text).toContain('mayamoves.example.test/shop');
    expect(text).toContain(':coin: 1 credit · full enrichment');
    expect(text).not.toMatch(/undefined|NaN/);
    const avatar = blocksOf(body)[1]?.accessory as unknown as { type: string; image_url: string };
    expect(avatar.type).toBe('image');

    const value = JSON.stringify({ platform: 'instagram', handle: 'maya.moves' });
    expect(buttonOf(body, 'similar_open').value).toBe(value);
    expect(buttonOf(body, 'socials_open').value).toBe(value);
    expect(buttonOf(body, 'creator_posts').value).toBe(value);
    expect(buttonOf(body, 'scout_share').value).toBeTruthy();

    const sent = requestsTo(h, ENRICH);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.body).toEqual({
      platform: 'instagram',
      handle: 'maya.moves',
      email_required: 'preferred',
      include_lookalikes: false,
      include_audience_data: true,
    });
    expect((await h.scout.deps.guard.status(TEAM)).spent).toBe(1);
  });

  it('answers the same creator again from the cache, however it is written, and says so', async () => {
    const before = requestsTo(h, ENRICH).length;
    const spentBefore = (await h.scout.deps.guard.status(TEAM)).spent;
    now += 2 * 60 * 60 * 1000;
    for (const text of [
      '@Maya.Moves',
      'https://www.instagram.com/maya.moves/?igsh=abc',
      '<https://instagram.com/MAYA.MOVES>',
    ]) {
      const { body } = await lookUp(h, text);
      expectValidBlockKit(body, 'message');
      expect(field(body, 'Followers')).toBe('128.4K');
      expect(visibleText(body)).toContain('From cache, 2 h ago — nothing charged');
      const refresh = buttonOf(body, 'creator_refresh');
      expect(refresh.text?.text).toBe('Refresh · 1 credit');
      expect(refresh.confirm?.text.text).toContain('costs 1 credit');
      expect(refresh.confirm?.confirm.text).toBe('Spend 1 credit');
    }
    expect(requestsTo(h, ENRICH)).toHaveLength(before);
    expect((await h.scout.deps.guard.status(TEAM)).spent).toBe(spentBefore);
  });

  it('Refresh spends again once, and a second click on the same button shows the fresh copy for free', async () => {
    const { body } = await lookUp(h, 'maya.moves');
    const refreshValue = buttonOf(body, 'creator_refresh').value ?? '';
    const before = requestsTo(h, ENRICH).length;
    const spentBefore = (await h.scout.deps.guard.status(TEAM)).spent;

    const { ack, responseId } = await h.action({ action_id: 'creator_refresh', value: refreshValue });
    expect(ack.status).toBe(200);
    const fresh = (await h.slack.waitForResponse(responseId ?? '')).body;
    expect(fresh).toMatchObject({ replace_original: true });
    expect(visibleText(fresh)).toContain(':coin: 1 credit · full enrichment');
    expect(buttons(fresh).some((b) => b.action_id === 'creator_refresh')).toBe(false);
    expect(requestsTo(h, ENRICH)).toHaveLength(before + 1);
    expect((await h.scout.deps.guard.status(TEAM)).spent).toBe(spentBefore + 1);

    const again = await click(h, 'creator_refresh', refreshValue);
    expect(visibleText(again)).toContain('From cache, just now — nothing charged');
    expect(requestsTo(h, ENRICH)).toHaveLength(before + 1);
  });

  it('shows "—" for every missing value of a sparse creator, never undefined or NaN', async () => {
    const { body } = await lookUp(h, `${FIXTURE_CREATORS.sparse.username} tiktok`);
    expectValidBlockKit(body, 'message');
    expect(field(body, 'Followers')).toBe('312');
    for (const label of [
      'Engagement',
      'Avg likes',
      'Avg comments',
      'Niche',
      'Location',
      'Language',
      'Email',
      'Growth',
    ]) {
      expect(field(body, label), label).toBe('—');
    }
    expect(blocksOf(body)[0]?.text?.text).toBe('@quiet.q');
    expect(JSON.stringify(body)).not.toMatch(/undefined|NaN|null/);
    expect(requestsTo(h, ENRICH).at(-1)?.body).toMatchObject({
      platform: 'tiktok',
      include_audience_data: true,
    });
    expect(buttonOf(body, 'creator_posts').value).toBe(
      JSON.stringify({ platform: 'tiktok', handle: 'quiet.q' }),
    );
  });

  it('escapes a bio full of Slack markup: nothing pings, nothing restyles the card', async () => {
    const { body } = await lookUp(h, FIXTURE_CREATORS.slackMarkup.username);
    expectValidBlockKit(body, 'message');
    const text = mrkdwnText(body);
    for (const live of [
      '<!channel>',
      '<!here>',
      '<@U123>',
      '<https://evil.test|click>',
      '*bold*',
      '`code`',
    ]) {
      expect(text).not.toContain(live);
    }
    expect(JSON.stringify(body)).not.toMatch(/<!channel>|<@U123>/);
    // The name keeps its characters in the header: plain_text is never parsed for mentions.
    expect(blocksOf(body)[0]?.text).toEqual({
      type: 'plain_text',
      text: 'Mallory *Markup* <!here> 🎉',
      emoji: true,
    });
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('&lt;@U123&gt;');
    expect(text).toContain('🎉🔥');
  });

  it('truncates a bio over 3,000 characters and stays within Block Kit limits', async () => {
    const { body } = await lookUp(h, FIXTURE_CREATORS.longBio.username);
    expectValidBlockKit(body, 'message');
    const section = blocksOf(body)[1]?.text?.text ?? '';
    expect(section.length).toBeLessThan(1000);
    expect(section).toContain('…');
  });

  it('reads Twitch camelCase data and offers no posts button where the platform has none', async () => {
    const { body } = await lookUp(h, 'twitch.tv/pixelpete_live');
    expectValidBlockKit(body, 'message');
    expect(blocksOf(body)[0]?.text?.text).toBe('Pixel Pete');
    expect(field(body, 'Followers')).toBe('86.5K');
    expect(requestsTo(h, ENRICH).at(-1)?.body).toMatchObject({
      platform: 'twitch',
      handle: 'pixelpete_live',
      include_audience_data: false,
    });
    const ids = buttons(body).map((b) => b.action_id);
    expect(ids).toContain('similar_open');
    expect(ids).not.toContain('creator_posts');
  });

  it('makes exactly one upstream call for 10 identical lookups at once', async () => {
    const handle = 'together.at.once';
    const before = h.api.ledger.charges.length;
    const runs = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        lookUp(h, i % 2 === 0 ? handle : `@${handle.toUpperCase()}`, `U${i}`),
      ),
    );
    expect(requestsTo(h, ENRICH).filter((r) => (r.body as Json).handle === handle)).toHaveLength(1);
    expect(h.api.ledger.charges.length).toBe(before + 1);
    const charged = runs.filter((r) => visibleText(r.body).includes(':coin: 1 credit'));
    expect(charged).toHaveLength(1);
    for (const r of runs) expect(field(r.body, 'Followers')).toBe(field(runs[0]!.body, 'Followers'));
  });

  it.each([
    ['help', 'help'],
    ['empty input', ''],
  ])('answers %s with usage and examples, spending nothing', async (_what, text) => {
    const before = h.api.requests.length;
    const { ack, responseId } = await h.command('/creator', text);
    const answer = ack.json as Json;
    expect(answer).toMatchObject({ response_type: 'ephemeral' });
    const shown = visibleText(answer);
    expect(shown).toContain('`/creator @example_creator`');
    expect(shown).toContain('hello@example.com advanced');
    expect(shown).toContain('costs nothing');
    expect(h.api.requests.length).toBe(before);
    expect(h.slack.responsesTo(responseId)).toHaveLength(0);
  });

  it.each([
    ['a post link', 'https://www.instagram.com/p/ABC123/', 'post, not a profile'],
    ['two creators', '@one @two', 'One creator at a time'],
    ['advanced with a handle', 'maya.moves advanced', '"advanced" is for email lookups'],
    ['a link for another platform', 'https://www.tiktok.com/@dani.dances youtube', 'TikTok profile'],
    ['a bad email', 'not@an@email', 'not a valid email'],
  ])('refuses %s with an example of valid input, calling nothing', async (_what, text, reason) => {
    const before = h.api.requests.length;
    const { ack } = await h.command('/creator', text);
    const shown = visibleText(ack.json as Json);
    expect(shown).toContain(reason);
    expect(shown).toContain('Try `/creator @example_creator`');
    expect(shown).toContain('Nothing was charged.');
    expect(h.api.requests.length).toBe(before);
  });

  it('says a ghost handle has no data and nothing was charged', async () => {
    const spent = (await h.scout.deps.guard.status(TEAM)).spent;
    const { body } = await lookUp(h, 'ghost_nobody');
    expect(String(body.text)).toContain('Influencers Club has no data for @ghost_nobody on Instagram');
    expect(String(body.text)).toContain('Nothing was charged.');
    expect(requestsTo(h, ENRICH).at(-1)?.body).toMatchObject({ handle: 'ghost_nobody' });
    expect((await h.scout.deps.guard.status(TEAM)).spent).toBe(spent);
  });

  it('says Influencers Club is having trouble on a 500, and that nothing was charged', async () => {
    const { body } = await lookUp(h, 'fault_500');
    expect(String(body.text)).toMatch(
      /Influencers Club is having trouble right now \(HTTP 500\).*Nothing was charged/s,
    );
  });

  it('shows the field message of a 422', async () => {
    const { body } = await lookUp(h, 'fault_422');
    expect(String(body.text)).toContain('Influencers Club rejected the request for @fault_422 on Instagram');
    expect(String(body.text)).toContain('`handle`: Invalid handle');
    expect(String(body.text)).toContain('Nothing was charged.');
  });

  it('shares a card in the channel for free, with who shared it', async () => {
    const { body } = await lookUp(h, 'maya.moves');
    const before = h.api.requests.length;
    const shared = await click(h, 'scout_share', buttonOf(body, 'scout_share').value ?? '');
    expect(shared).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(visibleText(shared)).toContain('Shared by <@U0ALICE> via Scout');
    expect(visibleText(shared)).toContain('128.4K');
    expect(blocksOf(shared).some((b) => b.type === 'actions')).toBe(false);
    expect(h.api.requests.length).toBe(before);
  });

  it('opens a card from a creator_open button as a new message', async () => {
    const value = JSON.stringify({ platform: 'tiktok', handle: '@Dani.Dances' });
    const body = await click(h, 'creator_open', value);
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expectValidBlockKit(body, 'message');
    expect(blocksOf(body)[0]?.text?.text).toBe('Dani Castellanos');
    expect(field(body, 'Growth')).toBe(
      '+6.2% in 3 months\n+14.9% in 6 months\n+22.4% in 9 months\n+31.5% in 12 months',
    );
    expect(requestsTo(h, ENRICH).at(-1)?.body).toMatchObject({ platform: 'tiktok', handle: 'dani.dances' });
  });

  it('answers an out-of-date button without calling the API', async () => {
    const before = h.api.requests.length;
    const body = await click(h, 'creator_open', '{"platform":"myspace","handle":"x"}');
    expect(String(body.text)).toContain('out of date');
    expect(h.api.requests.length).toBe(before);
  });

  it('opens socials from the card', async () => {
    const { body } = await lookUp(h, FIXTURE_CREATORS.crossPlatform.username);
    expect(visibleText(body)).toContain('*Also on:*');
    const list = await click(h, 'socials_open', buttonOf(body, 'socials_open').value ?? '');
    expect(list).toMatchObject({ replace_original: false });
    expectValidBlockKit(list, 'message');
    expect(visibleText(list)).toContain(
      ':star: *YouTube* · <https://www.youtube.com/@trailtomoutdoors|@trailtomoutdoors>',
    );
    expect(requestsTo(h, SOCIALS).at(-1)?.body).toEqual({ platform: 'instagram', handle: 'trail.tom' });
  });
});
