import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../support/harness.ts';

/**
 * Slack's 429 on Scout's own Web API calls: Retry-After is honoured and the call goes through, even
 * with the SDK's retries off (the harness sets `retries: 0`, which used to lose the call).
 */

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ features: [] });
});
afterAll(async () => {
  await h.stop();
});

describe('Slack rate limits', () => {
  it('waits Retry-After, then sends the call again and it succeeds', async () => {
    h.slack.failNext('chat.postMessage', { status: 429, error: 'ratelimited', retryAfter: 1 });
    const answer = await h.scout.app.client.chat.postMessage({ channel: 'C0RATE', text: 'hello' });
    expect(answer.ok).toBe(true);
    const sends = h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0RATE');
    expect(sends).toHaveLength(2);
    expect((sends[1]?.at ?? 0) - (sends[0]?.at ?? 0)).toBeGreaterThanOrEqual(990);
    const metrics = await (await fetch(`${h.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(
      /scout_slack_api_errors_total\{method="chat.postMessage",error="ratelimited"\} 1/,
    );
  });

  it('gives up after three sends and reports the rate limit', async () => {
    h.slack.failNext('users.info', { status: 429, error: 'ratelimited', retryAfter: 1 }, 5);
    await expect(h.scout.app.client.users.info({ user: 'U0X' })).rejects.toThrow();
    expect(h.slack.callsTo('users.info')).toHaveLength(3);
  });
});
