import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { home } from '../../commands/home.ts';
import { type MockApi, startMockApi } from '../../mock-api/server.ts';
import { FakeSlack } from '../support/fake-slack.ts';
import { API_KEY, type Harness } from '../support/harness.ts';
import { CLIENT_ID, CLIENT_SECRET, install, startMultiHarness } from './install-helpers.ts';

/**
 * Token rotation with two Scout replicas sharing one store: an installation whose bot token expires
 * soon is refreshed (oauth.v2.access, grant_type=refresh_token) before it is used, exactly once
 * although both replicas get requests for the workspace at the same moment; every Web API call
 * then carries the new token, and the new token is what the store keeps (sealed).
 */

const TEAM = 'T0ROTATE';
const redisUrl = process.env.SCOUT_TEST_NO_REDIS ? null : process.env.REDIS_URL;
const tempDir = mkdtempSync(join(tmpdir(), 'scout-rotation-'));
const storeUrl = redisUrl ?? `sqlite://${join(tempDir, 'shared.sqlite')}`;

let slack: FakeSlack;
let api: MockApi;
let one: Harness;
let two: Harness;

beforeAll(async () => {
  slack = await new FakeSlack({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }).start();
  api = await startMockApi({ port: 0, apiKeys: [API_KEY] });
  const storeNamespace = `trot${process.pid}${Date.now() % 100000}`;
  one = await startMultiHarness({ slack, api, storeUrl, storeNamespace, features: [home] });
  two = await startMultiHarness({ slack, api, storeUrl, storeNamespace, features: [home] });
});
afterAll(async () => {
  await one?.stop();
  await two?.stop();
  await slack?.stop();
  await api?.close();
  rmSync(tempDir, { recursive: true, force: true });
});

const refreshes = () => slack.callsTo('oauth.v2.access').filter((c) => c.args.grant_type === 'refresh_token');

function openHome(h: Harness, user: string) {
  return h.event({ type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home' }, { team_id: TEAM });
}

describe('token rotation', () => {
  it('refreshes an expiring bot token once, before use, with two replicas asked at the same moment', async () => {
    expect((await install(one, { teamId: TEAM, expiresIn: 60 })).status).toBe(200);
    const first = [...slack.issued.values()].find((t) => t.teamId === TEAM);
    expect(first?.token).toMatch(/^xoxe\.xoxb-/);
    expect(first?.refreshToken).toMatch(/^xoxe-/);

    const users = ['U01', 'U02', 'U03', 'U04', 'U05', 'U06'];
    const acks = await Promise.all(users.map((user, i) => openHome(i % 2 === 0 ? one : two, user)));
    for (const ack of acks) expect(ack.status).toBe(200);
    await slack.waitFor(() => slack.callsTo('views.publish').length >= users.length, 10_000, 'every Home');

    expect(refreshes()).toHaveLength(1);
    expect(refreshes()[0]?.args).toMatchObject({ client_id: CLIENT_ID, refresh_token: first?.refreshToken });
    const current = [...slack.issued.values()].filter((t) => t.teamId === TEAM).at(-1);
    expect(current?.token).not.toBe(first?.token);
    for (const call of slack.callsTo('views.publish')) expect(call.token).toBe(current?.token);

    // Both replicas read the refreshed installation from the shared store: no second refresh.
    const stored = await two.scout.installations?.find({
      teamId: TEAM,
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    expect(stored?.installation.bot?.token).toBe(current?.token);
    await openHome(one, 'U07');
    await openHome(two, 'U08');
    await slack.waitFor(() => slack.callsTo('views.publish').length >= users.length + 2, 10_000, 'two more');
    expect(refreshes()).toHaveLength(1);
    for (const h of [one, two])
      for (const token of slack.issued.keys()) expect(h.logs.join('')).not.toContain(token);
  });

  it('leaves a token that is not about to expire alone', async () => {
    await install(one, { teamId: 'T0FRESH', expiresIn: 12 * 60 * 60 });
    const before = refreshes().length;
    await two.event(
      { type: 'app_home_opened', user: 'U01', channel: 'D0HOME', tab: 'home' },
      { team_id: 'T0FRESH' },
    );
    await slack.waitFor(() =>
      slack.callsTo('views.publish').some((c) => slack.tokenInfo(c.token)?.teamId === 'T0FRESH'),
    );
    expect(refreshes().length).toBe(before);
  });
});
