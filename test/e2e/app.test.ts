import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../commands/share.ts';
import { withShare } from '../../src/slack/respond.ts';
import { section } from '../../views/blocks.ts';
import { BOT_TOKEN, type Harness, startHarness } from '../support/harness.ts';
import { blockActionPayload, payloadBody } from '../support/slack-requests.ts';

describe('Scout over HTTP (Bolt receiver, signed requests)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ features: [share] });
  });
  afterAll(async () => {
    await h.stop();
  });

  it('answers GET /healthz and verified itself with Slack at start-up', async () => {
    const response = await fetch(`${h.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, mode: 'http' });
    expect(h.slack.callsTo('auth.test')).toHaveLength(1);
  });

  it('shares a stored answer in the channel without calling the API', async () => {
    const message = await withShare(h.scout.deps.store, {
      text: 'card',
      blocks: [section('*Creator card*')],
    });
    const shareButton = (message.blocks.at(-1) as { elements: { value: string }[] }).elements[0];
    const before = h.api.requests.length;
    const { ack, responseId } = await h.action({ action_id: 'scout_share', value: shareButton?.value ?? '' });
    expect(ack.status).toBe(200);
    const posted = await h.slack.waitForResponse(responseId ?? '');
    expect(posted.body).toMatchObject({ response_type: 'in_channel', replace_original: false, text: 'card' });
    const blocks = posted.body.blocks as { type: string; elements?: { text: string }[] }[];
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(blocks.at(-1)?.elements?.[0]?.text).toBe('Shared by <@U0ALICE> via Scout');
    expect(h.api.requests.length).toBe(before);
  });

  it('says so when a shared answer has expired', async () => {
    const { responseId } = await h.action({ action_id: 'scout_share', value: 'no-such-share' });
    const posted = await h.slack.waitForResponse(responseId ?? '');
    expect(posted.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(posted.body.text)).toMatch(/too old to share/);
  });

  it.each([
    ['forged', { signature: 'v0=0000000000000000000000000000000000000000000000000000000000000000' }],
    ['stale (6 minutes old)', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
    ['future (6 minutes ahead)', { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 }],
  ])('refuses a %s signature with 401 and runs no handler', async (_kind, forgery) => {
    const responseUrl = h.slack.responseUrl('forged');
    const payload = blockActionPayload({ action_id: 'scout_share', value: 'x', response_url: responseUrl });
    const response = await h.post(payloadBody(payload), 'application/x-www-form-urlencoded', forgery);
    expect(response.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.slack.responsesTo('forged')).toHaveLength(0);
  });

  it("accepts a request 4 minutes ahead (clock skew within Slack's 5 minutes)", async () => {
    const responseUrl = h.slack.responseUrl('skewed');
    const payload = blockActionPayload({ action_id: 'scout_share', value: 'x', response_url: responseUrl });
    const response = await h.post(payloadBody(payload), 'application/x-www-form-urlencoded', {
      timestamp: Math.floor(Date.now() / 1000) + 4 * 60,
    });
    expect(response.status).toBe(200);
    await h.slack.waitForResponse('skewed');
  });

  it.each([
    ['payload=null', 'payload=null'],
    ['a payload that is not JSON', 'payload=%7Bnot-json'],
    ['a JSON array', 'payload=%5B1%2C2%5D'],
  ])('answers a signed request with %s 400 and keeps serving', async (_kind, body) => {
    const response = await h.post(body, 'application/x-www-form-urlencoded');
    expect(response.status).toBe(400);
    expect(h.logs.join('')).toContain('not a payload Scout can read');
    const health = await fetch(`${h.baseUrl}/healthz`);
    expect(health.status).toBe(200);
  });

  it('refuses a command that names no workspace, spending nothing and filing nothing under an empty id', async () => {
    const before = h.api.requests.length;
    const { ack } = await h.command('/creator', 'maya.moves', { team_id: '' });
    expect(ack.status).toBe(200);
    expect(ack.json).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringMatching(/did not say which workspace.*nothing was spent/),
    });
    expect(h.api.requests.length).toBe(before);
    expect(h.logs.join('')).toContain('without a team id');
  });

  it('is ready while the store answers', async () => {
    const response = await fetch(`${h.baseUrl}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('never writes a token or the API key to its logs', () => {
    const logs = h.logs.join('');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(BOT_TOKEN);
    expect(logs).not.toContain('test-key');
  });
});
