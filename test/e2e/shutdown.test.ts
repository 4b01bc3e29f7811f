import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { Feature } from '../../src/feature.ts';
import { startHarness } from '../support/harness.ts';

/**
 * Graceful shutdown: once stop() begins Scout takes no new work (readiness red, new Slack requests
 * 503 so Slack retries elsewhere) and lets the work already under way finish and answer its user.
 */

function slowFeature(gate: Promise<void>): Feature {
  return {
    name: 'slow',
    register(app) {
      app.command('/slow', async ({ ack, respond }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
        await ack({ response_type: 'ephemeral', text: 'working…' });
        await gate;
        await respond({ response_type: 'ephemeral', text: 'done after the gate' });
      });
    },
  };
}

describe('graceful shutdown', () => {
  it('drains: 503 and red readiness for new work, in-flight work answers its user, then it stops', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const h = await startHarness({ features: [slowFeature(gate)] });
    const { ack, responseId } = await h.command('/slow', '');
    expect(ack.status).toBe(200);

    const stopped = h.stop();
    // stop() has begun: the listener is still waiting on the gate.
    await expect.poll(async () => (await fetch(`${h.baseUrl}/readyz`)).status).toBe(503);
    const refused = await h.command('/slow', '');
    expect(refused.ack.status).toBe(503);

    open();
    await stopped;
    expect(h.slack.responsesTo(responseId).map((r) => r.body.text)).toEqual(['done after the gate']);
    expect(h.slack.responsesTo(refused.responseId)).toHaveLength(0);
  });

  it('gives up on work still running after the grace period, and stops anyway', async () => {
    const h = await startHarness({ features: [slowFeature(new Promise(() => {}))], drainGraceMs: 200 });
    await h.command('/slow', '');
    // Scout's own 20 s grace would outlast the test's timeout: stop() must honour the shorter one.
    await h.stop();
    expect(h.logs.join('')).toContain('shutdown grace period over');
  });
});
