import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../commands/share.ts';
import { type Harness, startHarness } from '../support/harness.ts';

/** GET /metrics in Prometheus text format, fed by real requests through the Slack layer. */

describe('GET /metrics', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ features: [share] });
  });
  afterAll(async () => {
    await h.stop();
  });

  const scrape = async () => {
    const response = await fetch(`${h.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };

  it('counts Slack requests by kind, name and outcome', async () => {
    const { responseId } = await h.action({ action_id: 'scout_share', value: 'no-such-share' });
    await h.slack.waitForResponse(responseId ?? '');
    await expect
      .poll(scrape)
      .toMatch(/scout_slack_requests_total\{kind="action",name="scout_share",outcome="ok"\} 1/);
  });

  it('counts failed Slack Web API calls by method and error', async () => {
    h.slack.failNext('users.info', { error: 'user_not_found' });
    await h.scout.app.client.users.info({ user: 'UGONE' }).catch(() => {});
    h.slack.failNext('chat.postMessage', { status: 503 });
    await h.scout.app.client.chat.postMessage({ channel: 'C1', text: 'x' }).catch(() => {});
    const text = await scrape();
    expect(text).toMatch(/scout_slack_api_errors_total\{method="users.info",error="user_not_found"\} 1/);
    expect(text).toMatch(/scout_slack_api_errors_total\{method="chat.postMessage",error="http_503"\} \d/);
  });

  it('exposes the process metrics and the upstream, credit and batch families', async () => {
    const text = await scrape();
    for (const family of [
      'scout_process_resident_memory_bytes',
      'scout_upstream_calls_total',
      'scout_upstream_call_duration_seconds',
      'scout_credits_spent_total',
      'scout_batch_jobs',
      'scout_batch_poller_lag_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${family}`);
    }
  });
});
