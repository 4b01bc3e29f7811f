import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { creator } from '../../commands/creator/index.ts';
import { credits } from '../../commands/credits.ts';
import { home } from '../../commands/home.ts';
import { startMockApi } from '../../mock-api/server.ts';
import { writeSettings } from '../../src/budget/settings.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';
import { API_KEY, type Harness, startHarness } from '../support/harness.ts';
import { ENRICH, lookUp, requestsTo } from './creator-helpers.ts';

/**
 * Problems only an admin can fix, seen from Slack: a base URL that is not the API (an HTML 404) and
 * an API key Influencers Club refuses. Users are told what is wrong and that nothing was charged;
 * admins are alerted once a day, not once per command.
 */

const ADMIN = 'U0ADMIN';
const CREDITS = '/public/v1/accounts/credits/';

let h: Harness;
afterEach(async () => {
  await h.stop();
});

const adminDms = () =>
  h.slack.callsTo('chat.postMessage').filter((c) => String(c.args.channel).startsWith(`D${ADMIN}`));

/** Let background notices run, then count: "once" must hold after they had every chance. */
async function settled(): Promise<void> {
  await sleep(150);
}

describe('a 404 that is not the API', () => {
  it('fault_html: says Scout is misconfigured (not "no data"), charges nothing, alerts admins once', async () => {
    h = await startHarness({ features: [creator], env: { SCOUT_ADMINS: ADMIN } });
    const first = await lookUp(h, 'fault_html_one');
    const text = String(first.body.text);
    expect(text).toContain('Scout is misconfigured');
    expect(text).toContain('INFLUENCERS_CLUB_API_URL');
    expect(text).toContain('A Scout admin needs to');
    expect(text).toContain('Nothing was charged.');
    expect(text).not.toContain('has no data');
    expect(h.api.ledger.used).toBe(0);
    expect(await h.scout.deps.guard.status('T0TEST')).toMatchObject({ committed: 0, spent: 0 });

    const dm = await h.slack.waitFor(() => adminDms()[0], 5000, 'the admin DM');
    expect(String(dm.args.text)).toContain(
      'INFLUENCERS_CLUB_API_URL does not answer like the Influencers Club API',
    );
    expectValidBlockKit(dm.args, 'message');

    await lookUp(h, 'fault_html_two');
    await lookUp(h, 'fault_html_three');
    await settled();
    expect(adminDms()).toHaveLength(1);
    expect(requestsTo(h, ENRICH)).toHaveLength(3);
  });

  it('a wrong INFLUENCERS_CLUB_API_URL fails on the balance read with the same message; the alert goes to the alert channel', async () => {
    const api = await startMockApi({ port: 0, apiKeys: [API_KEY] });
    onTestFinished(() => api.close());
    h = await startHarness({
      features: [creator],
      api,
      env: { SCOUT_ADMINS: ADMIN, INFLUENCERS_CLUB_API_URL: `${api.url}/moved` },
    });
    await writeSettings(h.scout.deps.store, 'T0TEST', { alertChannel: 'C0ALERTS' });
    const { body } = await lookUp(h, 'maya.moves');
    expect(String(body.text)).toContain('Scout is misconfigured');
    expect(String(body.text)).toContain('Nothing was charged.');
    const alert = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'C0ALERTS');
    expect(String(alert.args.text)).toContain('INFLUENCERS_CLUB_API_URL');
    await lookUp(h, 'maya.moves');
    await settled();
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0ALERTS')).toHaveLength(1);
    expect(adminDms()).toHaveLength(0);
  });
});

describe('a refused API key', () => {
  it('lookups and /credits say the key is refused and an admin must act; admins alerted once', async () => {
    h = await startHarness({
      features: [creator, credits],
      env: { SCOUT_ADMINS: ADMIN, INFLUENCERS_CLUB_API_KEY: 'revoked-key' },
    });
    const { body } = await lookUp(h, 'maya.moves');
    const text = String(body.text);
    expect(text).toContain("Influencers Club refused Scout's API key (HTTP 401)");
    expect(text).toContain('INFLUENCERS_CLUB_API_KEY');
    expect(text).toContain('A Scout admin needs to');
    expect(text).toContain('Nothing was charged.');
    expect(text).not.toContain('Try again in a minute');
    // The guard refused before paying: only the balance read went out.
    expect(h.api.requests.every((r) => r.path === CREDITS)).toBe(true);

    const { responseId } = await h.command('/credits', '');
    const summary = (await h.slack.waitForResponse(responseId)).body;
    expectValidBlockKit(summary, 'message');
    expect(String(summary.text)).toContain('The Influencers Club API key is refused');
    const blocks = JSON.stringify(summary.blocks);
    expect(blocks).toContain('the API key is refused');
    expect(blocks).toContain('INFLUENCERS_CLUB_API_KEY');
    expect(blocks).not.toContain('try again in a minute');

    const dm = await h.slack.waitFor(() => adminDms()[0], 5000, 'the admin DM');
    expect(String(dm.args.text)).toContain("Influencers Club refuses Scout's API key");
    await lookUp(h, 'lena.longform');
    await settled();
    expect(adminDms()).toHaveLength(1);
  });

  it('a 403 on the balance read (a plan without API access) is a refusal too', async () => {
    h = await startHarness({ features: [creator, credits, home], env: { SCOUT_ADMINS: ADMIN } });
    h.api.failNext(CREDITS, 403, 3);
    const { body } = await lookUp(h, 'maya.moves');
    expect(String(body.text)).toContain("Influencers Club refused Scout's API key (HTTP 403)");
    expect(String(body.text)).toContain('Nothing was charged.');
    const { responseId } = await h.command('/credits', '');
    const summary = (await h.slack.waitForResponse(responseId)).body;
    expect(JSON.stringify(summary.blocks)).toContain('the API key is refused');
    await h.slack.waitFor(() => adminDms()[0], 5000, 'the admin DM');

    // The Home tab says the same, not "could not be read just now".
    const before = h.slack.callsTo('views.publish').length;
    await h.event({ type: 'app_home_opened', user: ADMIN, channel: 'D0HOME', tab: 'home', event_ts: '1.1' });
    const published = await h.slack.waitFor(
      () => h.slack.callsTo('views.publish')[before],
      5000,
      'the Home tab',
    );
    const tab = JSON.stringify(published.args.view);
    expect(tab).toContain('the API key is refused');
    expect(tab).not.toContain('could not be read just now');
  });
});
