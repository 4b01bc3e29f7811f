import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creator } from '../../commands/creator/index.ts';
import { share } from '../../commands/share.ts';
import { type Harness, startHarness } from '../support/harness.ts';

/** GET /metrics in Prometheus text format, fed by real requests through the Slack layer. */

describe('GET /metrics', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ features: [share, creator] });
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

  it('counts what a /creator lookup sent upstream, how long it took and what it spent', async () => {
    const { responseId } = await h.command('/creator', 'maya.moves', { team_id: 'T0METRICS' });
    const card = await h.slack.waitForResponse(responseId);
    expect(String(card.body.text)).not.toContain(':warning:');
    await h.scout.deps.guard.flush();
    const text = await scrape();
    // One balance read and one paid enrichment, each answered 200.
    expect(text).toMatch(/scout_upstream_calls_total\{endpoint="credits",status="200"\} 1\n/);
    expect(text).toMatch(/scout_upstream_calls_total\{endpoint="enrichHandleFull",status="200"\} 1\n/);
    expect(text).toMatch(/scout_upstream_call_duration_seconds_count\{endpoint="enrichHandleFull"\} 1\n/);
    const seconds = Number(
      /scout_upstream_call_duration_seconds_sum\{endpoint="enrichHandleFull"\} ([\d.e-]+)/.exec(text)?.[1],
    );
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(5);
    // The API's real credits_cost, settled for the workspace and feature; nothing left held.
    expect(text).toMatch(/scout_credits_spent_total\{team="T0METRICS",feature="creator"\} 1\n/);
    expect(text).toMatch(/scout_credits_reserved\{team="T0METRICS"\} 0\n/);
  });

  it('counts a failed attempt by its status', async () => {
    const { responseId } = await h.command('/creator', 'fault_500_metrics', { team_id: 'T0METRICS' });
    await h.slack.waitForResponse(responseId);
    const text = await scrape();
    expect(text).toMatch(/scout_upstream_calls_total\{endpoint="enrichHandleFull",status="500"\} 1\n/);
    expect(text).toMatch(/scout_upstream_call_duration_seconds_count\{endpoint="enrichHandleFull"\} 2\n/);
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
