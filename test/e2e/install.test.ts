import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credits } from '../../commands/credits.ts';
import { home } from '../../commands/home.ts';
import { createJob, newJob } from '../../src/batch/jobs.ts';
import { writeSettings } from '../../src/budget/settings.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { createScout } from '../../src/main.ts';
import { NOT_INSTALLED_TEXT } from '../../src/slack/oauth/lifecycle.ts';
import { BOT_SCOPES } from '../../src/slack/oauth/scopes.ts';
import { paidLookup } from '../budget/paid-command.ts';
import type { Harness } from '../support/harness.ts';
import { CLIENT_ID, install, multiEnv, openInstallPage, startMultiHarness } from './install-helpers.ts';

/**
 * Multi-workspace Scout end to end: two workspaces install Scout through Scout's own HTTP server
 * (/slack/install → Slack → /slack/oauth_redirect, the code exchanged with the fake Slack's
 * oauth.v2.access), then every request from each workspace uses that workspace's token; a
 * workspace that has not installed Scout is told so and nothing else happens; tokens are sealed in
 * the store file and never logged; uninstall deletes them at once and a reinstall brings Scout back.
 */

const ALPHA = 'T0ALPHA';
const BETA = 'T0BETA';
const GAMMA = 'T0GAMMA';
// The same channel and user ids in both workspaces: nothing may mix them up.
const CHANNEL = 'C0SAME';
const USER = 'U0SAME';
const NAMESPACE = `tinstall${process.pid}`;

let h: Harness;
beforeAll(async () => {
  h = await startMultiHarness({ features: [credits, home, paidLookup], storeNamespace: NAMESPACE });
});
afterAll(async () => {
  await h?.stop();
});

const tokenOf = (team: string) =>
  [...h.slack.issued.values()].find((t) => t.teamId === team && !t.revoked)?.token;

async function openHome(team: string, user = USER) {
  const before = h.slack.callsTo('views.publish').length;
  const ack = await h.event(
    { type: 'app_home_opened', user, channel: 'D0HOME', tab: 'home' },
    { team_id: team },
  );
  expect(ack.status).toBe(200);
  await h.slack.waitFor(() => h.slack.callsTo('views.publish').length > before, 5000, `Home for ${team}`);
  return h.slack.callsTo('views.publish').at(-1);
}

describe('install', () => {
  it('serves an Add to Slack page asking for the manifest scopes, with a signed state in a cookie', async () => {
    const { url, cookie } = await openInstallPage(h.baseUrl);
    expect(url.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(url.searchParams.get('scope')?.split(',')).toEqual([...BOT_SCOPES]);
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(cookie).toMatch(/^slack-app-oauth-state=/);
  });

  it('installs two workspaces; each one’s requests then use its own token', async () => {
    expect((await install(h, { teamId: ALPHA, teamName: 'Alpha' })).status).toBe(200);
    const beta = await install(h, { teamId: BETA, teamName: 'Beta' });
    expect(beta.status).toBe(200);
    expect(beta.html).toContain('Scout is installed in Beta');
    expect(h.slack.callsTo('oauth.v2.access')).toHaveLength(2);

    const alphaHome = await openHome(ALPHA);
    expect(alphaHome?.token).toBe(tokenOf(ALPHA));
    const betaHome = await openHome(BETA);
    expect(betaHome?.token).toBe(tokenOf(BETA));
    expect(tokenOf(ALPHA)).not.toBe(tokenOf(BETA));
    // Every Web API call carried a token Slack issued to the workspace asking.
    for (const call of h.slack.calls.filter((c) => c.method !== 'oauth.v2.access'))
      expect(h.slack.tokenInfo(call.token)).toBeDefined();
  });

  it('refuses a state that is not from this browser session', async () => {
    const { url } = await openInstallPage(h.baseUrl);
    const code = h.slack.grantInstall({ teamId: GAMMA });
    const back = await fetch(
      `${h.baseUrl}/slack/oauth_redirect?code=${code}&state=${url.searchParams.get('state') ?? ''}`,
    );
    expect(back.status).toBe(400);
    expect(await back.text()).toContain('Scout was not installed');
    expect(
      await h.scout.installations?.find({
        teamId: GAMMA,
        enterpriseId: undefined,
        isEnterpriseInstall: false,
      }),
    ).toBeNull();
  });

  it('answers a workspace that has not installed Scout with one line, and does nothing else', async () => {
    const slackCalls = h.slack.calls.length;
    const apiCalls = h.api.requests.length;
    const { ack, responseId } = await h.command('/paidtest', 'maya.moves', { team_id: GAMMA });
    expect(ack.status).toBe(200);
    expect(ack.json).toMatchObject({ response_type: 'ephemeral', text: NOT_INSTALLED_TEXT });
    expect(NOT_INSTALLED_TEXT).toContain('Scout is not installed here');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(h.slack.responsesTo(responseId)).toEqual([]);
    expect(h.slack.calls.length).toBe(slackCalls);
    expect(h.api.requests.length).toBe(apiCalls);
    expect((await h.scout.deps.guard.status(GAMMA)).spent).toBe(0);
  });

  it('keeps every token sealed in the store file and out of the logs', async () => {
    const path = h.storeUrl.slice('sqlite://'.length);
    const bytes = readFileSync(path);
    const wal = (() => {
      try {
        return readFileSync(`${path}-wal`);
      } catch {
        return Buffer.alloc(0);
      }
    })();
    for (const file of [bytes, wal]) {
      expect(file.includes('xoxb-')).toBe(false);
      expect(file.includes('xoxe')).toBe(false);
      for (const token of h.slack.issued.keys()) expect(file.includes(token)).toBe(false);
    }
    const logs = h.logs.join('');
    for (const token of h.slack.issued.keys()) expect(logs).not.toContain(token);
    expect(logs).not.toMatch(/xox[a-z]-(?!test-token)/);
  });

  it('refuses to start with another SCOUT_ENCRYPTION_KEY than the tokens were sealed with, in one line', async () => {
    const config = loadConfig({
      SLACK_SIGNING_SECRET: 'x'.repeat(20),
      SLACK_API_URL: h.slack.apiUrl,
      INFLUENCERS_CLUB_API_KEY: 'k'.repeat(10),
      STORE_URL: h.storeUrl,
      PORT: '0',
      ...multiEnv({ SCOUT_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') }),
    });
    const attempt = createScout(config, { storeNamespace: NAMESPACE });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(
      /^SCOUT_ENCRYPTION_KEY does not open the tokens already in the store[^\n]*$/,
    );
  });
});

describe('isolation between workspaces (same channel id, same user id)', () => {
  it('spends, budgets and Home stay with the workspace the request came from', async () => {
    const { responseId } = await h.command('/paidtest', 'maya.moves', {
      team_id: ALPHA,
      channel_id: CHANNEL,
      user_id: USER,
    });
    await h.slack.waitForResponse(responseId);
    const alpha = await h.scout.deps.guard.status(ALPHA);
    const beta = await h.scout.deps.guard.status(BETA);
    expect(alpha.spent).toBeGreaterThan(0);
    expect(beta.spent).toBe(0);
    // Alpha's settings and jobs, under the same channel and user ids Beta uses.
    const { store, guard } = h.scout.deps;
    await writeSettings(store, ALPHA, { budget: 321, alertChannel: CHANNEL });
    const job = newJob(
      {
        id: 'job-alpha',
        batchId: 'batch-alpha',
        draftId: 'draft-alpha',
        team: ALPHA,
        channel: CHANNEL,
        threadTs: '1700000000.000100',
        progressTs: null,
        user: USER,
        fileName: 'alpha-secret-list.csv',
        kind: 'handle',
        mode: 'raw',
        platform: 'instagram',
        includeAudience: false,
        rows: 3,
        estimate: 3,
        reservation: await guard.reserve(ALPHA, 3),
      },
      Date.now(),
    );
    await createJob(store, job);

    const betaHome = JSON.stringify((await openHome(BETA))?.args.view);
    expect(h.slack.callsTo('views.publish').at(-1)?.token).toBe(tokenOf(BETA));
    for (const alphaOnly of ['maya', 'alpha-secret-list.csv', '321'])
      expect(betaHome).not.toContain(alphaOnly);
    const alphaHome = JSON.stringify((await openHome(ALPHA))?.args.view);
    expect(h.slack.callsTo('views.publish').at(-1)?.token).toBe(tokenOf(ALPHA));
    for (const alphaOnly of ['maya', 'alpha-secret-list.csv', '321']) expect(alphaHome).toContain(alphaOnly);

    const credits = await h.command('/credits', '', { team_id: BETA, channel_id: CHANNEL, user_id: USER });
    const betaCredits = JSON.stringify((await h.slack.waitForResponse(credits.responseId)).body);
    expect(betaCredits).toContain('500');
    expect(betaCredits).not.toContain('321');
    expect((await guard.status(BETA)).committed).toBe(0);
  });
});

describe('uninstall', () => {
  it('app_uninstalled deletes the workspace’s tokens at once; its commands are refused; the other workspace carries on', async () => {
    const ack = await h.event({ type: 'app_uninstalled' }, { team_id: BETA });
    expect(ack.status).toBe(200);
    await expectEventually(
      async () =>
        (await h.scout.installations?.find({
          teamId: BETA,
          enterpriseId: undefined,
          isEnterpriseInstall: false,
        })) === null,
    );
    expect((await h.scout.workspaces?.registry.get(BETA))?.uninstalledAt).toEqual(expect.any(Number));
    const { ack: refused } = await h.command('/credits', '', { team_id: BETA });
    expect(refused.json).toMatchObject({ text: NOT_INSTALLED_TEXT });
    expect((await openHome(ALPHA))?.token).toBe(tokenOf(ALPHA));
  });

  it('a reinstall within the retention time brings the workspace back with its records', async () => {
    const { guard } = h.scout.deps;
    const spend = { user: USER, feature: 'creator', operation: 'enrich_full', summary: 'x' } as const;
    await guard.settle(await guard.reserve(BETA, 1), 1, spend);
    h.slack.revokeTeam(BETA);
    expect((await install(h, { teamId: BETA, teamName: 'Beta' })).status).toBe(200);
    expect((await h.scout.workspaces?.registry.get(BETA))?.uninstalledAt).toBeNull();
    expect((await h.scout.deps.guard.status(BETA)).spent).toBe(1);
    expect((await openHome(BETA))?.token).toBe(tokenOf(BETA));
  });

  it('tokens_revoked for the bot does the same as app_uninstalled; a revoked user token changes nothing', async () => {
    await h.event({ type: 'tokens_revoked', tokens: { oauth: ['U0SOMEONE'] } }, { team_id: ALPHA });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(
      await h.scout.installations?.find({
        teamId: ALPHA,
        enterpriseId: undefined,
        isEnterpriseInstall: false,
      }),
    ).not.toBeNull();
    await h.event({ type: 'tokens_revoked', tokens: { bot: ['UBOTLPHA'] } }, { team_id: ALPHA });
    await expectEventually(
      async () =>
        (await h.scout.installations?.find({
          teamId: ALPHA,
          enterpriseId: undefined,
          isEnterpriseInstall: false,
        })) === null,
    );
  });
});

async function expectEventually(check: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
