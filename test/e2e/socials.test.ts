import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creator } from '../../commands/creator/index.ts';
import { share } from '../../commands/share.ts';
import { socials } from '../../commands/socials.ts';
import { FIXTURE_CREATORS } from '../../mock-api/server.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { visibleText } from '../support/message-text.ts';

const SOCIALS = '/public/v1/creators/socials/';
const ENRICH = '/public/v1/creators/enrich/handle/full/';
const TEAM = 'T0TEST';

type Json = Record<string, unknown>;
interface Element {
  type: string;
  action_id?: string;
  value?: string;
  text?: { text: string };
  confirm?: { text: { text: string }; confirm: { text: string } };
}
interface Block {
  type: string;
  text?: { type: string; text: string };
  elements?: { type: string; text?: string; action_id?: string; value?: string }[];
  accessory?: Element;
}

function blocksOf(body: Json): Block[] {
  return (body.blocks ?? []) as Block[];
}

function buttons(body: Json): Element[] {
  return blocksOf(body).flatMap((b) => [
    ...(b.type === 'actions' ? ((b.elements ?? []) as Element[]) : []),
    ...(b.accessory?.type === 'button' ? [b.accessory] : []),
  ]);
}

function buttonOf(body: Json, actionId: string): Element {
  const found = buttons(body).find((e) => e.action_id === actionId);
  if (!found) throw new Error(`no ${actionId} button`);
  return found;
}

/** The account sections: one per connected account. */
function accountLines(body: Json): string[] {
  return blocksOf(body)
    .filter((b) => b.type === 'section' && /followers/.test(b.text?.text ?? ''))
    .map((b) => b.text?.text ?? '');
}

function requestsTo(h: Harness, path: string) {
  return h.api.requests.filter((r) => r.path === path);
}

async function lookUp(h: Harness, text: string, user = 'U0ALICE') {
  const { ack, responseId } = await h.command('/socials', text, { user_id: user });
  expect(ack.status).toBe(200);
  const posted = await h.slack.waitForResponse(responseId);
  return { ack: ack.json as Json, body: posted.body };
}

async function click(h: Harness, actionId: string, value: string) {
  const { ack, responseId } = await h.action({ action_id: actionId, value });
  expect(ack.status).toBe(200);
  return (await h.slack.waitForResponse(responseId ?? '')).body;
}

describe('/socials end to end', () => {
  let h: Harness;
  let now = Date.parse('2026-05-04T09:00:00Z');
  beforeAll(async () => {
    h = await startHarness({ features: [share, creator, socials], clock: () => now });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('lists the connected accounts, biggest first and highlighted, with links and Open card buttons', async () => {
    const tom = FIXTURE_CREATORS.crossPlatform;
    const { ack, body } = await lookUp(h, tom.username);
    expect(String(ack.text)).toContain('Looking up the connected accounts of @trail.tom on Instagram…');
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expectValidBlockKit(body, 'message');
    expect(requestsTo(h, SOCIALS)).toHaveLength(1);
    expect(requestsTo(h, SOCIALS)[0]?.body).toEqual({ platform: 'instagram', handle: 'trail.tom' });

    const lines = accountLines(body);
    expect(lines).toEqual([
      ':star: *YouTube* · <https://www.youtube.com/@trailtomoutdoors|@trailtomoutdoors> · Tom Brennan · *910K followers* (biggest)',
      '*TikTok* · <https://www.tiktok.com/@trail.tom|@trail.tom> · Tom Brennan · 455K followers',
      '*X (Twitter)* · <https://x.com/trailtom|@trailtom> · Tom Brennan · 12.4K followers',
    ]);
    const opens = blocksOf(body)
      .map((b) => b.accessory)
      .filter((a) => a?.action_id === 'creator_open');
    expect(opens.map((a) => a?.value)).toEqual([
      JSON.stringify({ platform: 'youtube', handle: 'trailtomoutdoors' }),
      JSON.stringify({ platform: 'tiktok', handle: 'trail.tom' }),
      JSON.stringify({ platform: 'twitter', handle: 'trailtom' }),
    ]);
    expect(opens[0]?.text?.text).toBe('Open card · 1 credit');
    expect(visibleText(body)).toContain(':coin: 0.5 credits · connected socials');
    expect(buttonOf(body, 'scout_share').value).toBeTruthy();
    expect((await h.scout.deps.guard.status(TEAM)).spent).toBe(0.5);
  });

  it('answers again from the cache for @Handle or a profile link, then Refresh spends once more', async () => {
    now += 3 * 60 * 60 * 1000;
    let last: Json = {};
    for (const text of [
      '@Trail.Tom',
      'https://www.instagram.com/trail.tom/',
      'instagram.com/TRAIL.TOM instagram',
    ]) {
      const { body } = await lookUp(h, text);
      expect(visibleText(body)).toContain('From cache, 3 h ago — nothing charged');
      expect(accountLines(body)).toHaveLength(3);
      last = body;
    }
    expect(requestsTo(h, SOCIALS)).toHaveLength(1);

    const refresh = buttonOf(last, 'socials_refresh');
    expect(refresh.text?.text).toBe('Refresh · 0.5 credits');
    expect(refresh.confirm?.text.text).toContain('costs 0.5 credits');
    const fresh = await click(h, 'socials_refresh', refresh.value ?? '');
    expect(fresh).toMatchObject({ replace_original: true });
    expect(visibleText(fresh)).toContain(':coin: 0.5 credits · connected socials');
    expect(requestsTo(h, SOCIALS)).toHaveLength(2);
    expect((await h.scout.deps.guard.status(TEAM)).spent).toBe(1);

    const again = await click(h, 'socials_refresh', refresh.value ?? '');
    expect(visibleText(again)).toContain('From cache, just now — nothing charged');
    expect(requestsTo(h, SOCIALS)).toHaveLength(2);
  });

  it('opens a creator card from a socials line', async () => {
    const { body } = await lookUp(h, 'trail.tom');
    const youtube = blocksOf(body).find((b) => b.accessory?.action_id === 'creator_open')?.accessory;
    const card = await click(h, 'creator_open', youtube?.value ?? '');
    expect(card).toMatchObject({ replace_original: false });
    expect(requestsTo(h, ENRICH).at(-1)?.body).toMatchObject({
      platform: 'youtube',
      handle: 'trailtomoutdoors',
      include_audience_data: true,
    });
    expect(visibleText(card)).toContain('YouTube');
  });

  it('makes exactly one upstream call for 10 identical lookups at once', async () => {
    const handle = FIXTURE_CREATORS.crossPlatform.linked[1]!.username;
    const runs = await Promise.all(
      Array.from({ length: 10 }, (_, i) => lookUp(h, `https://www.tiktok.com/@${handle}`, `U${i}`)),
    );
    const calls = requestsTo(h, SOCIALS).filter((r) => (r.body as Json).platform === 'tiktok');
    expect(calls).toHaveLength(1);
    expect(runs.filter((r) => visibleText(r.body).includes(':coin: 0.5 credits'))).toHaveLength(1);
    for (const r of runs) expect(accountLines(r.body)).toHaveLength(3);
  });

  it('shares the list in the channel for free', async () => {
    const { body } = await lookUp(h, 'trail.tom');
    const before = h.api.requests.length;
    const shared = await click(h, 'scout_share', buttonOf(body, 'scout_share').value ?? '');
    expect(shared).toMatchObject({ response_type: 'in_channel' });
    expect(visibleText(shared)).toContain('Shared by <@U0ALICE> via Scout');
    expect(visibleText(shared)).toContain('@trailtomoutdoors');
    expect(h.api.requests.length).toBe(before);
  });

  it.each([
    ['help', 'help'],
    ['empty input', '   '],
  ])('answers %s with usage and examples, spending nothing', async (_what, text) => {
    const before = h.api.requests.length;
    const { ack, responseId } = await h.command('/socials', text);
    const shown = visibleText(ack.json as Json);
    expect(shown).toContain('`/socials @example_creator`');
    expect(shown).toContain('costs nothing');
    expect(h.api.requests.length).toBe(before);
    expect(h.slack.responsesTo(responseId)).toHaveLength(0);
  });

  it.each([
    ['an email', 'hello@example.com', 'not an email'],
    ['a video link', 'https://www.tiktok.com/video/7633870659864644895', 'TikTok video'],
    ['a handle with spaces in quotes', '"two words"', 'One creator at a time'],
  ])('refuses %s with an example, calling nothing', async (_what, text, reason) => {
    const before = h.api.requests.length;
    const { ack } = await h.command('/socials', text);
    const shown = visibleText(ack.json as Json);
    expect(shown).toContain(reason);
    expect(shown).toContain('Try `/socials @example_creator`');
    expect(shown).toContain('Nothing was charged.');
    expect(h.api.requests.length).toBe(before);
  });

  it('says a ghost handle has no data and nothing was charged', async () => {
    const spent = (await h.scout.deps.guard.status(TEAM)).spent;
    const { body } = await lookUp(h, 'ghost_socials');
    expect(String(body.text)).toContain(
      'Influencers Club has no data for the connected accounts of @ghost_socials on Instagram',
    );
    expect(String(body.text)).toContain('Nothing was charged.');
    expect((await h.scout.deps.guard.status(TEAM)).spent).toBe(spent);
  });

  it('reports an upstream 500 and a 422 field message, nothing charged', async () => {
    const down = await lookUp(h, 'fault_500');
    expect(String(down.body.text)).toMatch(/having trouble right now \(HTTP 500\).*Nothing was charged/s);
    const invalid = await lookUp(h, 'fault_422 tiktok');
    expect(String(invalid.body.text)).toContain('`handle`: Invalid handle');
    expect(requestsTo(h, SOCIALS).at(-1)?.body).toEqual({ platform: 'tiktok', handle: 'fault_422' });
  });

  it('answers an out-of-date socials_open button without calling the API', async () => {
    const before = h.api.requests.length;
    const body = await click(h, 'socials_open', 'not json');
    expect(String(body.text)).toContain('out of date');
    expect(h.api.requests.length).toBe(before);
  });
});

describe('/socials under a small budget', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ features: [share, socials], env: { CREDIT_BUDGET_DEFAULT: '0.4' } });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('refuses before calling anything and says nothing was charged', async () => {
    const { body } = await lookUp(h, 'trail.tom');
    expect(String(body.text)).toContain('costs about 0.5 credits');
    expect(String(body.text)).toContain('Nothing was charged.');
    expect(h.api.requests).toHaveLength(0);
  });
});
