import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../commands/share.ts';
import { similar } from '../../commands/similar.ts';
import { FIXTURE_CREATORS, type MockApi, startMockApi } from '../../mock-api/server.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';
import { API_KEY, type Harness, startHarness } from '../support/harness.ts';
import { visibleText } from '../support/message-text.ts';

const SIMILAR_PATH = '/public/v1/discovery/creators/similar/';
const HOUR = 3_600_000;

interface Element {
  type?: string;
  action_id?: string;
  value?: string;
  text?: { text: string } | string;
}
interface Block {
  type: string;
  block_id?: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: Element[];
  accessory?: Element;
}

function blocksOf(body: Record<string, unknown>): Block[] {
  return (body.blocks ?? []) as Block[];
}

function buttons(body: Record<string, unknown>, actionId: string): Element[] {
  return blocksOf(body)
    .flatMap((b) => [
      ...(b.type === 'actions' ? (b.elements ?? []) : []),
      ...(b.accessory ? [b.accessory] : []),
    ])
    .filter((e) => e.action_id === actionId);
}

function pagingButton(body: Record<string, unknown>, label: 'Previous' | 'Next'): Element | undefined {
  const found = buttons(body, label === 'Next' ? 'similar_page_next' : 'similar_page_prev');
  expect(found.length).toBeLessThanOrEqual(1);
  return found.find((e) => typeof e.text === 'object' && e.text.text === label);
}

function creatorSections(body: Record<string, unknown>): Block[] {
  return blocksOf(body).filter((b) => b.type === 'section' && b.accessory?.action_id === 'creator_open');
}

function similarBodies(api: MockApi): Record<string, unknown>[] {
  return api.requests.filter((r) => r.path === SIMILAR_PATH).map((r) => r.body as Record<string, unknown>);
}

describe('/similar end to end', () => {
  let h: Harness;
  let now = Date.now();
  beforeAll(async () => {
    // fault_slow answers after slowMs: long enough for two identical requests to overlap.
    h = await startHarness({ features: [share, similar], clock: () => now, mockApi: { slowMs: 300 } });
  });
  afterAll(async () => {
    await h.stop();
  });

  it.each([[''], ['help'], ['  HELP ']])(
    'answers %j with usage and examples, spending nothing',
    async (text) => {
      const before = h.api.requests.length;
      const { ack, responseId } = await h.command('/similar', text);
      expect(ack.status).toBe(200);
      const body = ack.json as Record<string, unknown>;
      expect(body.response_type).toBe('ephemeral');
      expect(visibleText(body)).toContain('`/similar @maya.moves`');
      expect(visibleText(body)).toMatch(/0\.1 credit/);
      expectValidBlockKit(body, 'message');
      expect(h.api.requests.length).toBe(before);
      expect(h.slack.responsesTo(responseId)).toHaveLength(0);
    },
  );

  it.each([
    ['quinn_quills twitter', /no lookalike search for X \(Twitter\)/],
    ['https://x.com/quinn_quills', /no lookalike search for X \(Twitter\)/],
    ['https://www.instagram.com/p/ABC123/', /link to an Instagram post/],
    ['hello@example.test', /not an email/],
    ['@one @two', /One creator at a time/],
  ])('refuses %j with an example of valid input, calling nothing', async (text, reason) => {
    const before = { requests: h.api.requests.length, used: h.api.ledger.used };
    const { ack } = await h.command('/similar', text);
    const body = ack.json as Record<string, unknown>;
    expect(visibleText(body)).toMatch(reason);
    expect(visibleText(body)).toContain('`/similar @maya.moves`');
    expect(visibleText(body)).toContain('Nothing was charged.');
    expect(h.api.requests.length).toBe(before.requests);
    expect(h.api.ledger.used).toBe(before.used);
  });

  it('shows "Looking up…" at once, then 10 lookalikes with a card button each, Next but no Previous', async () => {
    const usedBefore = h.api.ledger.used;
    const { ack, responseId } = await h.command('/similar', '@Maya.Moves');
    expect(ack.status).toBe(200);
    expect((ack.json as { text: string }).text).toMatch(
      /Looking up creators like @maya\.moves on Instagram…/,
    );

    const answer = (await h.slack.waitForResponse(responseId)).body;
    expect(answer).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expectValidBlockKit(answer, 'message');
    expect(similarBodies(h.api).at(-1)).toEqual({
      platform: 'instagram',
      filter_key: 'username',
      filter_value: 'maya.moves',
      paging: { limit: 10, page: 0 },
    });

    const lines = creatorSections(answer);
    expect(lines).toHaveLength(10);
    expect(lines[0]?.text?.text).toMatch(/^1\. \*<https:\/\/www\.instagram\.com\/[^|]+\|[^>]+>\*/);
    expect(lines[0]?.text?.text).toMatch(/\d[\d.]*[KM]? followers · (\d[\d.]*%|—) engagement/);
    const open = JSON.parse(lines[0]?.accessory?.value ?? '{}');
    expect(open).toEqual({ platform: 'instagram', handle: expect.any(String) });
    expect(lines[0]?.text?.text).toContain(`@${open.handle}`);

    const text = visibleText(answer);
    expect(text).toContain('Creators like @maya.moves on Instagram');
    expect(text).toMatch(/Page 1 of 158 · 1,580 lookalikes · This page cost 0\.1 credits/);
    expect(text).not.toMatch(/undefined|NaN/);
    expect(pagingButton(answer, 'Previous')).toBeUndefined();
    expect(JSON.parse(pagingButton(answer, 'Next')?.value ?? '{}')).toEqual({
      platform: 'instagram',
      handle: 'maya.moves',
      page: 1,
    });
    expect(buttons(answer, 'scout_share')).toHaveLength(1);
    expect(h.api.ledger.used - usedBefore).toBeCloseTo(0.1, 6);
  });

  it('answers the same request again from the cache, saying so, for free', async () => {
    now += 2 * HOUR;
    const before = { requests: h.api.requests.length, used: h.api.ledger.used };
    const { responseId } = await h.command('/similar', 'https://www.instagram.com/maya.moves/?igsh=x');
    const answer = (await h.slack.waitForResponse(responseId)).body;
    expect(visibleText(answer)).toContain('From cache, 2 h ago: nothing charged');
    expect(creatorSections(answer)).toHaveLength(10);
    expect(h.api.requests.length).toBe(before.requests);
    expect(h.api.ledger.used).toBe(before.used);
  });

  it('pages forward in place, and back for free from the cache', async () => {
    const first = await h.command('/similar', 'maya.moves');
    const page1 = (await h.slack.waitForResponse(first.responseId)).body;
    const next = pagingButton(page1, 'Next');

    const before = { requests: similarBodies(h.api).length, used: h.api.ledger.used };
    const click = await h.action({ action_id: next?.action_id ?? '', value: next?.value ?? '' });
    expect(click.ack.status).toBe(200);
    const page2 = (await h.slack.waitForResponse(click.responseId ?? '')).body;
    expect(page2).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expectValidBlockKit(page2, 'message');
    expect(similarBodies(h.api)).toHaveLength(before.requests + 1);
    expect(similarBodies(h.api).at(-1)).toMatchObject({ paging: { limit: 10, page: 1 } });
    expect(visibleText(page2)).toMatch(/Page 2 of 158 .* This page cost 0\.1 credits/);
    expect(creatorSections(page2)[0]?.text?.text).toMatch(/^11\. /);
    expect(h.api.ledger.used - before.used).toBeCloseTo(0.1, 6);
    // page 2 shows other creators than page 1
    const handles = (b: Record<string, unknown>) => creatorSections(b).map((s) => s.accessory?.value);
    expect(handles(page2).some((v) => handles(page1).includes(v))).toBe(false);

    const previous = pagingButton(page2, 'Previous');
    expect(JSON.parse(previous?.value ?? '{}')).toMatchObject({ page: 0 });
    const back = await h.action({ action_id: previous?.action_id ?? '', value: previous?.value ?? '' });
    const again = (await h.slack.waitForResponse(back.responseId ?? '')).body;
    expect(again).toMatchObject({ replace_original: true });
    expect(visibleText(again)).toMatch(/Page 1 of 158 .* From cache/);
    expect(handles(again)).toEqual(handles(page1));
    expect(similarBodies(h.api)).toHaveLength(before.requests + 1);
  });

  it('offers Next only while another page exists within the total', async () => {
    const seed = '{"platform":"instagram","handle":"maya.moves"';
    const secondLast = await h.action({ action_id: 'similar_page', value: `${seed},"page":156}` });
    const page157 = (await h.slack.waitForResponse(secondLast.responseId ?? '')).body;
    expect(pagingButton(page157, 'Next')).toBeDefined();
    const last = await h.action({ action_id: 'similar_page', value: `${seed},"page":157}` });
    const page158 = (await h.slack.waitForResponse(last.responseId ?? '')).body;
    expect(similarBodies(h.api).at(-1)).toMatchObject({ paging: { page: 157 } });
    expect(visibleText(page158)).toContain('Page 158 of 158');
    expect(creatorSections(page158)).toHaveLength(10);
    expect(pagingButton(page158, 'Next')).toBeUndefined();
    expect(pagingButton(page158, 'Previous')).toBeDefined();
  });

  it('asks for a YouTube channel id by id', async () => {
    const channel = FIXTURE_CREATORS.youtubeStrings.userId;
    const { responseId } = await h.command('/similar', `https://www.youtube.com/channel/${channel}`);
    const answer = (await h.slack.waitForResponse(responseId)).body;
    expect(similarBodies(h.api).at(-1)).toEqual({
      platform: 'youtube',
      filter_key: 'id',
      filter_value: channel,
      paging: { limit: 10, page: 0 },
    });
    expect(visibleText(answer)).toMatch(/subscribers/);
    expect(creatorSections(answer).length).toBeGreaterThan(0);
  });

  it('opens page 1 as a new message from a creator card\'s "Similar" button', async () => {
    const { responseId } = await h.action({
      action_id: 'similar_open',
      value: JSON.stringify({ platform: 'tiktok', handle: FIXTURE_CREATORS.tiktokGrowth.username }),
    });
    const answer = (await h.slack.waitForResponse(responseId ?? '')).body;
    expect(answer).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(visibleText(answer)).toContain(
      `Creators like @${FIXTURE_CREATORS.tiktokGrowth.username} on TikTok`,
    );
    expect(similarBodies(h.api).at(-1)).toMatchObject({ platform: 'tiktok', paging: { page: 0 } });
  });

  it('refuses a tampered or out-of-window button without calling the API', async () => {
    const before = { requests: h.api.requests.length, used: h.api.ledger.used };
    for (const value of [
      '{"platform":"instagram","handle":"maya.moves","page":1000}',
      '{"platform":"twitter","handle":"quinn_quills","page":0}',
      'not json',
    ]) {
      const { responseId } = await h.action({ action_id: 'similar_page', value });
      const answer = (await h.slack.waitForResponse(responseId ?? '')).body;
      expect(String(answer.text)).toMatch(/Nothing was charged/);
    }
    expect(h.api.requests.length).toBe(before.requests);
    expect(h.api.ledger.used).toBe(before.used);
  });

  it('shares one API call between identical requests made at the same moment', async () => {
    const seed = 'fault_slow_twin';
    const usedBefore = h.api.ledger.used;
    const [a, b] = await Promise.all([h.command('/similar', seed), h.command('/similar', `@${seed}`)]);
    const answers = await Promise.all([
      h.slack.waitForResponse(a.responseId),
      h.slack.waitForResponse(b.responseId),
    ]);
    expect(similarBodies(h.api).filter((r) => r.filter_value === seed)).toHaveLength(1);
    for (const answer of answers) expect(creatorSections(answer.body).length).toBeGreaterThan(0);
    const footers = answers.map((x) => visibleText(x.body));
    expect(footers.filter((t) => /This page cost 0\.1 credits/.test(t))).toHaveLength(1);
    expect(footers.filter((t) => /Same request was already running: nothing charged/.test(t))).toHaveLength(
      1,
    );
    expect(h.api.ledger.used - usedBefore).toBeCloseTo(0.1, 6);
  });

  it('says Influencers Club has no data for an unknown creator, and that nothing was charged', async () => {
    const usedBefore = h.api.ledger.used;
    const { responseId } = await h.command('/similar', 'ghost_writer_99');
    const answer = (await h.slack.waitForResponse(responseId)).body;
    expect(answer).toMatchObject({ replace_original: true });
    expect(String(answer.text)).toMatch(/has no data for lookalikes of @ghost_writer_99 on Instagram/);
    expect(String(answer.text)).toContain('Nothing was charged.');
    expect(h.api.ledger.used).toBe(usedBefore);
  });

  it('reports an upstream failure in one message without charging', async () => {
    const usedBefore = h.api.ledger.used;
    const { responseId } = await h.command('/similar', 'fault_500');
    const answer = (await h.slack.waitForResponse(responseId)).body;
    expect(String(answer.text)).toMatch(/Influencers Club is having trouble right now \(HTTP 500\)/);
    expect(String(answer.text)).toMatch(/Nothing was charged|may have been billed/);
    expect(answer.blocks).toBeUndefined();
    expect(h.api.ledger.used).toBe(usedBefore);
  });
});

describe('/similar under a budget', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ features: [similar], env: { CREDIT_BUDGET_DEFAULT: '0.05' } });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('refuses a page the workspace budget cannot cover, before calling the API', async () => {
    const { responseId } = await h.command('/similar', 'maya.moves');
    const answer = (await h.slack.waitForResponse(responseId)).body;
    expect(String(answer.text)).toMatch(/Lookalikes of @maya\.moves on Instagram costs about 0\.1 credits/);
    expect(String(answer.text)).toContain('Nothing was charged.');
    expect(similarBodies(h.api)).toHaveLength(0);
    expect(h.api.ledger.used).toBe(0);
  });
});

/**
 * The double's lookalike pools hold ~1,600 creators per niche; real niches can exceed the API's
 * 10,000-result window. This proxy in front of the double reports a larger total (and folds deep
 * pages onto the double's pool), so the window's edge can be reached end to end.
 */
async function startLargePoolProxy(target: string, total: number) {
  const askedPages: number[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body = Buffer.concat(chunks).toString('utf8');
    const isSimilar = req.url === SIMILAR_PATH;
    if (isSimilar) {
      const json = JSON.parse(body) as { paging: { page: number } };
      askedPages.push(json.paging.page);
      json.paging.page %= 100;
      body = JSON.stringify(json);
    }
    const upstream = await fetch(`${target}${req.url}`, {
      method: req.method ?? 'GET',
      headers: {
        authorization: req.headers.authorization ?? '',
        'content-type': req.headers['content-type'] ?? 'application/json',
      },
      ...(req.method === 'GET' ? {} : { body }),
    });
    let text = await upstream.text();
    if (isSimilar && upstream.ok) text = JSON.stringify({ ...JSON.parse(text), total });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    askedPages,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('/similar at the 10,000-result window', () => {
  let h: Harness;
  let api: MockApi;
  let proxy: Awaited<ReturnType<typeof startLargePoolProxy>>;
  beforeAll(async () => {
    api = await startMockApi({ port: 0, apiKeys: [API_KEY] });
    proxy = await startLargePoolProxy(api.url, 48_213);
    h = await startHarness({ features: [similar], api: { ...api, url: proxy.url } });
  });
  afterAll(async () => {
    await h.stop();
    await proxy.close();
    await api.close();
  });

  it('offers Next up to page 1,000 and never past it', async () => {
    const { responseId } = await h.command('/similar', 'maya.moves');
    const first = (await h.slack.waitForResponse(responseId)).body;
    expect(visibleText(first)).toContain(
      'Page 1 of 1,000 · 48,213 lookalikes · Influencers Club serves the first 10,000',
    );

    const seed = '{"platform":"instagram","handle":"maya.moves"';
    const nearEnd = await h.action({ action_id: 'similar_page', value: `${seed},"page":998}` });
    const page999 = (await h.slack.waitForResponse(nearEnd.responseId ?? '')).body;
    const next = pagingButton(page999, 'Next');
    expect(JSON.parse(next?.value ?? '{}')).toMatchObject({ page: 999 });

    const end = await h.action({ action_id: next?.action_id ?? '', value: next?.value ?? '' });
    const page1000 = (await h.slack.waitForResponse(end.responseId ?? '')).body;
    expect(visibleText(page1000)).toContain('Page 1,000 of 1,000');
    expect(creatorSections(page1000)).toHaveLength(10);
    expect(creatorSections(page1000)[9]?.text?.text).toMatch(/^10000\. /);
    expect(pagingButton(page1000, 'Next')).toBeUndefined();
    expect(pagingButton(page1000, 'Previous')).toBeDefined();
    expect(proxy.askedPages).toEqual([0, 998, 999]);
  });
});
