import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { creator } from '../../commands/creator/index.ts';
import { home } from '../../commands/home.ts';
import { share } from '../../commands/share.ts';
import { unfurl } from '../../commands/unfurl.ts';
import { FIXTURE_CREATORS } from '../../mock-api/server.ts';
import { writeSettings } from '../../src/budget/settings.ts';
import { readUnfurlSettings, type UnfurlSettings, writeUnfurlSettings } from '../../src/unfurl/settings.ts';
import { UNFURL_SETTINGS } from '../../views/home-unfurl.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';
import type { SlackCall } from '../support/fake-slack.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { linkSharedEvent } from '../support/slack-requests.ts';
import { ENRICH, type Json, lookUp, requestsTo, TEAM } from './creator-helpers.ts';

/**
 * Link unfurls end to end: signed `link_shared` events into the real Scout, chat.unfurl into the
 * fake Slack, raw lookups (and their charges) against the API double. Each spend mode, the daily
 * cap, repeated events for one link, links that are not profiles, and the "Look up" button.
 */

const RAW = '/public/v1/creators/enrich/handle/raw/';
const ADMIN = 'U0ADMIN';
const NOW = Date.parse('2026-11-10T12:00:00Z');
const maya = FIXTURE_CREATORS.withEmail;
const MAYA_URL = `https://www.instagram.com/${maya.username}/`;

let h: Harness;
let seq = 0;

beforeAll(async () => {
  h = await startHarness({
    features: [share, creator, home, unfurl],
    env: { SCOUT_ADMINS: ADMIN },
    clock: () => NOW,
  });
});
afterAll(async () => {
  await h.stop();
});

async function setMode(settings: Partial<UnfurlSettings>): Promise<void> {
  await writeUnfurlSettings(h.scout.deps.store, TEAM, { mode: 'auto', dailyCap: 25, ...settings });
}

/** A fresh synthetic creator per test, so the cache starts empty for it. */
function fresh(prefix: string): { handle: string; url: string } {
  seq += 1;
  const handle = `${prefix}_${seq}_${Date.now() % 100000}`;
  return { handle, url: `https://www.tiktok.com/@${handle}` };
}

function unfurlsFor(url: string): SlackCall[] {
  return h.slack.callsTo('chat.unfurl').filter((c) => url in ((c.args.unfurls as Json | undefined) ?? {}));
}

async function waitUnfurl(url: string, n = 1): Promise<SlackCall> {
  return h.slack.waitFor(() => unfurlsFor(url)[n - 1], 5000, `unfurl #${n} of ${url}`);
}

function unfurlBlocks(call: SlackCall, url: string): Json {
  return (call.args.unfurls as Record<string, Json>)[url] ?? {};
}

function text(value: unknown): string {
  return JSON.stringify(value);
}

function rawRequestsFor(handle: string) {
  return requestsTo(h, RAW).filter((r) => (r.body as { handle?: string }).handle === handle);
}

async function share_(
  urls: string[],
  extra: Parameters<typeof linkSharedEvent>[0] extends infer T ? Partial<T> : never = {},
) {
  const ack = await h.event(linkSharedEvent({ urls, ...extra }));
  expect(ack.status).toBe(200);
}

/** Enough time for an event's work to have happened if it was going to (negative checks). */
const settle = () => new Promise((r) => setTimeout(r, 400));

describe('link unfurls', () => {
  beforeEach(async () => {
    await setMode({});
  });

  it('auto (default): a profile link unfurls into a compact card after one raw lookup, counted against the budget', async () => {
    await h.scout.deps.store.kv.delete(`unfurl:settings:${TEAM}`);
    expect((await readUnfurlSettings(h.scout.deps.store, TEAM)).mode).toBe('auto');
    const spentBefore = (await h.scout.deps.guard.status(TEAM)).spent;
    await share_([MAYA_URL], { message_ts: '1700000001.000100' });
    const call = await waitUnfurl(MAYA_URL);
    expect(call.args).toMatchObject({ channel: 'C0CHANNEL', ts: '1700000001.000100' });
    const card = unfurlBlocks(call, MAYA_URL);
    expectValidBlockKit({ text: 'unfurl', blocks: card.blocks }, 'message');
    const shown = text(card);
    expect(shown).toContain(maya.fullName);
    expect(shown).toContain('Instagram');
    expect(shown).toContain('*Followers*\\n128.4K');
    expect(shown).toMatch(/\*Engagement\*\\n≈ \d+(\.\d+)?%/);
    expect(shown).toContain('unfurl_full_card');
    expect(shown).toContain('0.03 credits');
    // The verdict flags of the vetting feature, from the data the unfurl already has.
    expect(shown).toContain('*Verdict:*');
    expect(rawRequestsFor(maya.username)).toHaveLength(1);
    expect(requestsTo(h, ENRICH)).toHaveLength(0);
    expect((await h.scout.deps.guard.status(TEAM)).spent).toBeCloseTo(spentBefore + 0.03, 5);
    const spend = await h.scout.deps.guard.recentSpend(TEAM, 1);
    expect(spend[0]).toMatchObject({ operation: 'enrich_raw', user: 'U0ALICE' });
  });

  it('the same link sent again (composer preview, posted message, a retry, at once) costs one call at most', async () => {
    const c = fresh('repeat');
    const dayKey = `unfurl:daily:${TEAM}:2026-11-10`;
    const usedBefore = await h.scout.deps.store.atomic.read(dayKey);
    await Promise.all([
      share_([c.url], { source: 'composer', unfurl_id: 'Uf01', message_ts: undefined }),
      share_([c.url], { message_ts: '1700000002.000100' }),
      share_([c.url], { message_ts: '1700000002.000100' }),
    ]);
    await waitUnfurl(c.url, 3);
    const calls = unfurlsFor(c.url);
    expect(calls.some((x) => x.args.unfurl_id === 'Uf01' && x.args.source === 'composer')).toBe(true);
    expect(calls.some((x) => x.args.ts === '1700000002.000100')).toBe(true);
    // Slack's redelivery of one event (same event_id) is dropped before it reaches the feature.
    const again = linkSharedEvent({ urls: [c.url], message_ts: '1700000003.000100' });
    const first = await h.event(again, { event_id: 'EvUNFURLRETRY1' });
    await h.event(again, { event_id: 'EvUNFURLRETRY1', retryNum: 1 });
    expect(first.status).toBe(200);
    await waitUnfurl(c.url, 4);
    await settle();
    expect(unfurlsFor(c.url)).toHaveLength(4);
    expect(rawRequestsFor(c.handle)).toHaveLength(1);
    for (const call of unfurlsFor(c.url)) expect(text(unfurlBlocks(call, c.url))).toContain('*Followers*');
    // Only the call that was paid used a slot of the daily cap.
    expect(await h.scout.deps.store.atomic.read(dayKey)).toBe(usedBefore + 1);
  });

  it('leaves links that are not profiles alone: posts, videos, search pages, short links, other sites', async () => {
    const before = h.api.requests.length;
    const unfurlsBefore = h.slack.callsTo('chat.unfurl').length;
    await share_([
      'https://www.instagram.com/p/C0ABCDEF123/',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      'https://x.com/search?q=vegan',
      'https://www.tiktok.com/@someone/video/7234567890123456789',
      'https://www.twitch.tv/directory',
      'https://example.com/@maya.moves',
    ]);
    // A message with a post and a profile unfurls the profile only.
    const c = fresh('mixed');
    await share_(['https://www.instagram.com/reel/XYZ123/', c.url]);
    const call = await waitUnfurl(c.url);
    await settle();
    expect(Object.keys(call.args.unfurls as Json)).toEqual([c.url]);
    expect(h.slack.callsTo('chat.unfurl')).toHaveLength(unfurlsBefore + 1);
    expect(h.api.requests.slice(before).map((r) => r.path)).toEqual([RAW]);
  });

  it('cache only: a creator already looked up unfurls free; a new one offers "Look up" and calls nothing', async () => {
    const carded = fresh('carded');
    const { body } = await lookUp(h, `@${carded.handle} tiktok`);
    expect(text(body)).toContain('Followers');
    await setMode({ mode: 'cache' });
    const before = h.api.requests.length;

    await share_([carded.url]);
    const cardCall = await waitUnfurl(carded.url);
    const card = text(unfurlBlocks(cardCall, carded.url));
    expect(card).toContain('*Followers*');
    expect(card).toContain('From cache');

    const c = fresh('cacheonly');
    await share_([c.url], { message_ts: '1700000004.000100' });
    const offerCall = await waitUnfurl(c.url);
    const offer = unfurlBlocks(offerCall, c.url);
    expectValidBlockKit({ text: 'unfurl', blocks: offer.blocks }, 'message');
    expect(text(offer)).toContain('Look up (≈0.03 credits)');
    expect(text(offer)).toContain('only creators Scout already knows');
    expect(text(offer)).not.toContain('*Followers*');
    expect(h.api.requests.length).toBe(before);
  });

  it('"Look up" pays for one raw lookup and updates the unfurl in place', async () => {
    await setMode({ mode: 'cache' });
    const c = fresh('button');
    await share_([c.url], { message_ts: '1700000005.000100' });
    const offer = unfurlBlocks(await waitUnfurl(c.url), c.url) as {
      blocks: { type: string; elements?: Json[] }[];
    };
    const lookUpButton = offer.blocks
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'unfurl_lookup');
    expect(lookUpButton).toBeDefined();
    const spentBefore = (await h.scout.deps.guard.status(TEAM)).spent;
    const { ack } = await h.action({
      action_id: 'unfurl_lookup',
      value: String(lookUpButton?.value),
      container: {
        type: 'message_attachment',
        channel_id: 'C0CHANNEL',
        message_ts: '1700000005.000100',
        is_app_unfurl: true,
      },
    });
    expect(ack.status).toBe(200);
    const updated = await waitUnfurl(c.url, 2);
    expect(updated.args).toMatchObject({ channel: 'C0CHANNEL', ts: '1700000005.000100' });
    const card = text(unfurlBlocks(updated, c.url));
    expect(card).toContain('*Followers*');
    expect(card).not.toContain('unfurl_lookup');
    expect(rawRequestsFor(c.handle)).toHaveLength(1);
    expect((await h.scout.deps.guard.status(TEAM)).spent).toBeCloseTo(spentBefore + 0.03, 5);
  });

  it('auto stops at the daily cap: later links offer "Look up" instead of spending', async () => {
    await setMode({ mode: 'auto', dailyCap: 0 });
    const blocked = fresh('capzero');
    await share_([blocked.url]);
    expect(text(unfurlBlocks(await waitUnfurl(blocked.url), blocked.url))).toContain("today's 0 automatic");

    const key = `unfurl:daily:${TEAM}:2026-11-10`;
    const used = await h.scout.deps.store.atomic.read(key);
    await setMode({ mode: 'auto', dailyCap: used + 2 });
    const a = fresh('capa');
    const b = fresh('capb');
    const c = fresh('capc');
    for (const x of [a, b, c]) {
      await share_([x.url]);
      await waitUnfurl(x.url);
    }
    expect(text(unfurlBlocks(unfurlsFor(a.url)[0]!, a.url))).toContain('*Followers*');
    expect(text(unfurlBlocks(unfurlsFor(b.url)[0]!, b.url))).toContain('*Followers*');
    const third = text(unfurlBlocks(unfurlsFor(c.url)[0]!, c.url));
    expect(third).toContain(`today's ${used + 2} automatic unfurl lookups are used`);
    expect(third).toContain('Look up (≈0.03 credits)');
    expect(rawRequestsFor(c.handle)).toHaveLength(0);
    expect(rawRequestsFor(a.handle)).toHaveLength(1);
    expect(await h.scout.deps.store.atomic.read(key)).toBe(used + 2);
    // A creator in the cache still unfurls once the cap is reached.
    await share_([a.url], { message_ts: '1700000006.000100' });
    expect(text(unfurlBlocks(await waitUnfurl(a.url, 2), a.url))).toContain('From cache');
  });

  it('over budget: auto offers no paid unfurl and says what is left; "Look up" is refused naming the cost', async () => {
    await writeSettings(h.scout.deps.store, TEAM, { budget: 0 });
    try {
      const c = fresh('broke');
      await share_([c.url], { message_ts: '1700000007.000100' });
      const offer = text(unfurlBlocks(await waitUnfurl(c.url), c.url));
      expect(offer).toMatch(/costs ≈0\.03 credits and this workspace has 0 of 0 left this month/);
      expect(offer).not.toContain('unfurl_lookup');
      await setMode({ mode: 'cache' });
      const d = fresh('brokeclick');
      await share_([d.url], { message_ts: '1700000008.000100' });
      const value = JSON.stringify({
        p: 'tiktok',
        h: d.handle,
        u: d.url,
        c: 'C0CHANNEL',
        t: '1700000008.000100',
      });
      const { responseId } = await h.action({ action_id: 'unfurl_lookup', value });
      const refusal = await h.slack.waitForResponse(responseId ?? '');
      expect(text(refusal.body)).toMatch(/costs about 0\.03 credits; this workspace has 0 of 0 left/);
      expect(rawRequestsFor(c.handle)).toHaveLength(0);
      expect(rawRequestsFor(d.handle)).toHaveLength(0);
      expect(unfurlsFor(d.url)).toHaveLength(1);
    } finally {
      await writeSettings(h.scout.deps.store, TEAM, { budget: 500 });
    }
  });

  it('off: no unfurl and no call, even for a creator in the cache', async () => {
    await setMode({ mode: 'off' });
    const before = h.api.requests.length;
    const unfurlsBefore = h.slack.callsTo('chat.unfurl').length;
    await share_([MAYA_URL]);
    await share_([fresh('off').url]);
    await settle();
    expect(h.slack.callsTo('chat.unfurl')).toHaveLength(unfurlsBefore);
    expect(h.api.requests.length).toBe(before);
  });

  it('"Full card" shows the clicker the normal /creator card', async () => {
    const { responseId } = await h.action({
      action_id: 'unfurl_full_card',
      value: JSON.stringify({ platform: 'instagram', handle: maya.username }),
      container: { type: 'message_attachment', channel_id: 'C0CHANNEL', is_app_unfurl: true },
    });
    const posted = await h.slack.waitForResponse(responseId ?? '');
    expect(posted.body).toMatchObject({ response_type: 'ephemeral' });
    expect(text(posted.body)).toContain('full enrichment');
    expect(requestsTo(h, ENRICH).filter((r) => (r.body as Json).handle === maya.username)).toHaveLength(1);
  });

  it('App Home: an admin switches the mode and cap in the modal; a bad number is refused inline', async () => {
    const submit = (cap: string, user = ADMIN) =>
      h.submitView({
        callback_id: UNFURL_SETTINGS.callbackId,
        user_id: user,
        values: {
          [UNFURL_SETTINGS.modeBlock]: {
            [UNFURL_SETTINGS.modeAction]: { type: 'radio_buttons', selected_option: { value: 'cache' } },
          },
          [UNFURL_SETTINGS.capBlock]: {
            [UNFURL_SETTINGS.capAction]: { type: 'plain_text_input', value: cap },
          },
        },
      });
    const bad = await submit('lots');
    expect(bad.json).toMatchObject({ response_action: 'errors' });
    const notAdmin = await submit('10', 'U0ALICE');
    expect(notAdmin.json).toMatchObject({ response_action: 'errors' });
    expect((await readUnfurlSettings(h.scout.deps.store, TEAM)).mode).toBe('auto');
    const ok = await submit('10');
    expect(ok.status).toBe(200);
    expect(await readUnfurlSettings(h.scout.deps.store, TEAM)).toMatchObject({
      mode: 'cache',
      dailyCap: 10,
      setBy: ADMIN,
    });
    const published = await h.slack.waitForCall('views.publish', (c) =>
      text(c.args.view).includes('link unfurls are now'),
    );
    expect(text(published.args.view)).toContain('from cache only');
    expect(text(published.args.view)).toContain('home_unfurl_settings');
  });
});
