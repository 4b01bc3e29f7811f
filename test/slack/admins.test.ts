import { WebClient } from '@slack/web-api';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Admins } from '../../src/slack/admins.ts';
import { openStore } from '../../src/store/index.ts';
import type { Store } from '../../src/store/types.ts';

/** The admin check at the Web API edge: users.info answered by nock, the cache in a real SQLite store. */

const SLACK = 'https://slack.test';
let store: Store;

beforeAll(async () => {
  nock.disableNetConnect();
  store = await openStore('sqlite://:memory:', { namespace: 'admins-test' });
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
  nock.enableNetConnect();
  await store.close();
});

function client(): WebClient {
  return new WebClient('xoxb-test', { slackApiUrl: `${SLACK}/api/`, retryConfig: { retries: 0 } });
}

describe('Admins', () => {
  it('trusts SCOUT_ADMINS without calling Slack', async () => {
    const admins = new Admins({ scoutAdmins: ['UBOSS'], store });
    expect(await admins.isAdmin(client(), 'T1', 'UBOSS')).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('asks users.info once for a workspace owner, then answers from the cache', async () => {
    const scope = nock(SLACK)
      .post('/api/users.info', (body) => body.user === 'UOWNER')
      .reply(200, { ok: true, user: { id: 'UOWNER', is_owner: true } });
    const admins = new Admins({ scoutAdmins: [], store });
    expect(await admins.isAdmin(client(), 'T1', 'UOWNER')).toBe(true);
    expect(await admins.isAdmin(client(), 'T1', 'UOWNER')).toBe(true);
    expect(scope.isDone()).toBe(true);
  });

  it('says no for a member, and keeps workspaces apart in the cache', async () => {
    nock(SLACK)
      .post('/api/users.info')
      .reply(200, { ok: true, user: { id: 'U1', is_admin: false } })
      .post('/api/users.info')
      .reply(200, { ok: true, user: { id: 'U1', is_admin: true } });
    const admins = new Admins({ scoutAdmins: [], store });
    expect(await admins.isAdmin(client(), 'TA', 'U1')).toBe(false);
    expect(await admins.isAdmin(client(), 'TB', 'U1')).toBe(true);
  });

  it('fails loudly (never grants) when users.info errors', async () => {
    nock(SLACK).post('/api/users.info').reply(200, { ok: false, error: 'user_not_found' });
    const admins = new Admins({ scoutAdmins: [], store });
    await expect(admins.isAdmin(client(), 'T1', 'UGONE')).rejects.toThrow(/user_not_found/);
  });
});
