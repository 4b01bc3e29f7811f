import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKey } from '../../commands/api-key.ts';
import { credits } from '../../commands/credits.ts';
import { home } from '../../commands/home.ts';
import { type MockApi, startMockApi } from '../../mock-api/server.ts';
import { API_KEY_ACTIONS, API_KEY_MODAL, NO_API_KEY_TEXT } from '../../views/api-key.ts';
import { draftIdOf, nextTs, postsIn, summaryPost, testBatchFeature, textOf } from '../batch/drop.ts';
import { paidLookup } from '../budget/paid-command.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';
import { API_KEY, type Harness } from '../support/harness.ts';
import { install, startMultiHarness } from './install-helpers.ts';

/**
 * A workspace's own Influencers Club account: an admin sets the key in App Home (checked with
 * /accounts/credits/ before it is saved, sealed, shown by its last four characters); that
 * workspace's calls then use it (and its balance), the caches of paid answers are per account, and
 * removing it goes back to Scout's key. Without an operator key, a workspace without its own is told
 * how an admin adds one and nothing is charged. A recording proxy in front of the API double shows
 * which key each request carried.
 */

const WS_KEY = 'alpha-own-key-7788';
const ALPHA = 'T0ALPHA';
const BETA = 'T0BETA';
const ADMIN = 'U0ADMIN';
const ENRICH = '/public/v1/creators/enrich/handle/full/';
const CREDITS = '/public/v1/accounts/credits/';

interface Seen {
  path: string;
  key: string | null;
}

async function recordingProxy(target: string): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const auth = req.headers.authorization ?? null;
    seen.push({ path: (req.url ?? '').split('?')[0] ?? '', key: auth?.replace(/^Bearer /, '') ?? null });
    const headers: Record<string, string> = {};
    for (const name of ['authorization', 'content-type', 'accept'])
      if (typeof req.headers[name] === 'string') headers[name] = req.headers[name];
    const upstream = await fetch(`${target}${req.url ?? ''}`, {
      method: req.method ?? 'GET',
      headers,
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    });
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
    });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

let api: MockApi;
let proxy: Awaited<ReturnType<typeof recordingProxy>>;
beforeAll(async () => {
  api = await startMockApi({ port: 0, apiKeys: [API_KEY, WS_KEY] });
  proxy = await recordingProxy(api.url);
});
afterAll(async () => {
  await new Promise((resolve) => proxy?.server.close(resolve));
  await api?.close();
});

const keysFor = (path: string) => proxy.seen.filter((s) => s.path === path).map((s) => s.key);

async function paid(h: Harness, team: string, handle: string) {
  const { ack, responseId } = await h.command('/paidtest', handle, { team_id: team });
  return { ack, answer: String((await h.slack.waitForResponse(responseId)).body.text) };
}

async function home_(h: Harness, team: string, user: string) {
  const before = h.slack.callsTo('views.publish').length;
  await h.event({ type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home' }, { team_id: team });
  await h.slack.waitFor(() => h.slack.callsTo('views.publish').length > before);
  const view = h.slack.callsTo('views.publish').at(-1)?.args.view;
  expectValidBlockKit(view as Parameters<typeof expectValidBlockKit>[0], 'home');
  return JSON.stringify(view);
}

function submitKey(h: Harness, team: string, value: string, user = ADMIN) {
  return h.submitView({
    callback_id: API_KEY_MODAL.callbackId,
    team_id: team,
    user_id: user,
    values: { [API_KEY_MODAL.blockId]: { [API_KEY_MODAL.actionId]: { type: 'plain_text_input', value } } },
  });
}

describe('a workspace’s own Influencers Club key', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startMultiHarness({
      api,
      env: { INFLUENCERS_CLUB_API_URL: proxy.url },
      features: [home, apiKey, credits, paidLookup],
      slackOptions: { slackAdmins: [ADMIN] },
    });
    await install(h, { teamId: ALPHA });
    await install(h, { teamId: BETA });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('is offered to admins in App Home, not to members', async () => {
    const admin = await home_(h, ALPHA, ADMIN);
    expect(admin).toContain(API_KEY_ACTIONS.set);
    expect(admin).toContain("Scout's shared account");
    expect(await home_(h, ALPHA, 'U0MEMBER')).not.toContain(API_KEY_ACTIONS.set);
    const opened = h.slack.callsTo('views.open').length;
    await h.action({ action_id: API_KEY_ACTIONS.set, user_id: ADMIN, team_id: ALPHA, response_url: null });
    await h.slack.waitFor(() => h.slack.callsTo('views.open').length > opened);
    const modal = h.slack.callsTo('views.open').at(-1)?.args.view as { callback_id?: string };
    expect(modal.callback_id).toBe(API_KEY_MODAL.callbackId);
    expectValidBlockKit(modal as Parameters<typeof expectValidBlockKit>[0], 'modal');
  });

  it('is checked with /accounts/credits/ before it is saved: a key the API refuses is not saved', async () => {
    const refused = await submitKey(h, ALPHA, 'not-a-real-key-1234');
    expect(refused.json).toMatchObject({
      response_action: 'errors',
      errors: { [API_KEY_MODAL.blockId]: expect.stringContaining('did not accept') },
    });
    expect(keysFor(CREDITS)).toContain('not-a-real-key-1234');
    expect(await h.scout.deps.workspaceApiKeys?.info(ALPHA)).toBeNull();
    // The check's refusal is its answer to the admin, not a problem with Scout's own account.
    expect(h.logs.join('')).not.toContain('Influencers Club refuses the API key');
    const member = await submitKey(h, ALPHA, WS_KEY, 'U0MEMBER');
    expect(member.json).toMatchObject({ response_action: 'errors' });
    expect(await h.scout.deps.workspaceApiKeys?.info(ALPHA)).toBeNull();
  });

  it('is saved sealed and shown only by its last four characters', async () => {
    const published = h.slack.callsTo('views.publish').length;
    const saved = await submitKey(h, ALPHA, WS_KEY);
    expect(saved.status).toBe(200);
    await h.slack.waitFor(() => h.slack.callsTo('views.publish').length > published);
    expect(saved.json).toBeNull();
    expect(await h.scout.deps.workspaceApiKeys?.info(ALPHA)).toMatchObject({ last4: '7788', setBy: ADMIN });
    const republished = JSON.stringify(h.slack.callsTo('views.publish').at(-1)?.args.view);
    expect(republished).toContain('ending in `7788`');
    expect(republished).not.toContain(WS_KEY);
    const file = readFileSync(h.storeUrl.slice('sqlite://'.length));
    expect(file.includes(WS_KEY)).toBe(false);
    expect(h.logs.join('')).not.toContain(WS_KEY);
  });

  it('makes that workspace’s calls use its key and its balance; the other workspace keeps Scout’s', async () => {
    const before = proxy.seen.length;
    expect((await paid(h, ALPHA, 'maya.moves')).answer).toMatch(/^found/);
    const alphaCalls = proxy.seen.slice(before);
    expect(alphaCalls.filter((s) => s.path === ENRICH).map((s) => s.key)).toEqual([WS_KEY]);
    // Nothing for this workspace went out with Scout's key (its balance included: the Home tab
    // published after the key was saved already read the new account's balance with it).
    expect(alphaCalls.map((s) => s.key)).not.toContain(API_KEY);
    expect(keysFor(CREDITS)).toContain(WS_KEY);

    const beta = proxy.seen.length;
    expect((await paid(h, BETA, 'maya.moves')).answer).toMatch(/^found/);
    // Not served from Alpha's cache: paid answers are cached per account.
    expect(
      proxy.seen
        .slice(beta)
        .filter((s) => s.path === ENRICH)
        .map((s) => s.key),
    ).toEqual([API_KEY]);
    const again = proxy.seen.length;
    expect((await paid(h, BETA, 'maya.moves')).answer).toMatch(/^found, 0 spent/);
    expect(proxy.seen.slice(again).filter((s) => s.path === ENRICH)).toEqual([]);
    // Budgets stay per workspace whichever account pays.
    expect((await h.scout.deps.guard.status(ALPHA)).spent).toBeGreaterThan(0);
  });

  it('/credits shows the workspace’s own account', async () => {
    const { responseId } = await h.command('/credits', '', { team_id: ALPHA });
    await h.slack.waitForResponse(responseId);
    expect(keysFor(CREDITS)).toContain(WS_KEY);
  });

  it('removing it goes back to Scout’s key', async () => {
    await h.action({ action_id: API_KEY_ACTIONS.remove, user_id: ADMIN, team_id: ALPHA, response_url: null });
    for (let i = 0; i < 100 && (await h.scout.deps.workspaceApiKeys?.info(ALPHA)); i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await h.scout.deps.workspaceApiKeys?.info(ALPHA)).toBeNull();
    const before = proxy.seen.length;
    await paid(h, ALPHA, 'lena.longform');
    expect(
      proxy.seen
        .slice(before)
        .filter((s) => s.path === ENRICH)
        .map((s) => s.key),
    ).toEqual([API_KEY]);
  });
});

describe('without an operator key (INFLUENCERS_CLUB_API_KEY unset)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startMultiHarness({
      api,
      env: { INFLUENCERS_CLUB_API_URL: proxy.url, INFLUENCERS_CLUB_API_KEY: '' },
      features: [home, apiKey, credits, paidLookup],
      slackOptions: { slackAdmins: [ADMIN] },
    });
    await install(h, { teamId: ALPHA });
    await install(h, { teamId: BETA });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('tells a workspace without its own key how an admin adds one, and charges nothing', async () => {
    const before = proxy.seen.length;
    const { ack, responseId } = await h.command('/paidtest', 'maya.moves', { team_id: BETA });
    expect(ack.json).toMatchObject({ response_type: 'ephemeral', text: NO_API_KEY_TEXT });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.slack.responsesTo(responseId)).toEqual([]);
    expect(proxy.seen.length).toBe(before);
    expect((await h.scout.deps.guard.status(BETA)).committed).toBe(0);
    expect(await home_(h, BETA, ADMIN)).toContain('none yet');
  });

  it('serves a workspace once an admin set its key', async () => {
    expect((await submitKey(h, ALPHA, WS_KEY)).status).toBe(200);
    const before = proxy.seen.length;
    expect((await paid(h, ALPHA, 'quiet.q')).answer).toMatch(/^found/);
    expect(
      proxy.seen
        .slice(before)
        .filter((s) => s.path === ENRICH)
        .map((s) => s.key),
    ).toEqual([WS_KEY]);
  });
});

describe('a batch of a workspace with its own key', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startMultiHarness({
      api,
      env: { INFLUENCERS_CLUB_API_URL: proxy.url },
      features: [home, apiKey, testBatchFeature()],
      slackOptions: { slackAdmins: [ADMIN] },
      mockApi: { batchRowsPerPoll: 2 },
    });
    await install(h, { teamId: ALPHA });
    expect((await submitKey(h, ALPHA, WS_KEY)).status).toBe(200);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('is created, followed by the poller and downloaded with that key', async () => {
    const before = proxy.seen.length;
    const file = h.slack.registerFile({
      name: 'own.csv',
      content: 'handle\nmaya.moves\nquiet.q\n',
      user: ADMIN,
    });
    const ts = nextTs();
    await h.event(
      {
        type: 'message',
        subtype: 'file_share',
        channel: 'C0OWN',
        channel_type: 'channel',
        user: ADMIN,
        text: '',
        ts,
        files: [file],
      },
      { team_id: ALPHA },
    );
    const reply = await h.slack.waitFor(() => postsIn(h, ts)[0], 5000, 'the intake reply');
    const draftId = draftIdOf(reply);
    await h.action({
      action_id: 'batch_start',
      value: draftId,
      block_id: `batch_decide|${draftId}`,
      user_id: ADMIN,
      channel_id: 'C0OWN',
      team_id: ALPHA,
    });
    expect(textOf(await summaryPost(h, ts, 15_000))).toMatch(/is enriched/);
    const batchCalls = proxy.seen.slice(before).filter((s) => s.path.includes('/batch'));
    expect(batchCalls.length).toBeGreaterThan(2);
    expect(new Set(batchCalls.map((s) => s.key))).toEqual(new Set([WS_KEY]));
  });
});
