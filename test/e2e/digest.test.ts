import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDigestFeature } from '../../commands/digest.ts';
import { home } from '../../commands/home.ts';
import { type BatchJob, createJob } from '../../src/batch/jobs.ts';
import { readDigestSettings, writeDigestSettings } from '../../src/digest/settings.ts';
import { Shortlists } from '../../src/shortlists/store.ts';
import { DIGEST_SETTINGS } from '../../views/home-digest.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';
import { FakeSlack, type SlackCall } from '../support/fake-slack.ts';
import { BOT_TOKEN, type Harness, startHarness } from '../support/harness.ts';
import { describeEach } from '../support/skip.ts';

/**
 * The weekly digest end to end with two replicas of Scout sharing one store (Redis when REDIS_URL
 * is set, and one SQLite file), one fake Slack and an injected clock: nothing before Monday 9:00 in
 * the workspace's zone, exactly one message per opted-in channel at 9:00 however many replicas
 * tick, again the next Monday, and after a restart across 9:00.
 */

const TEAM = 'T0TEST';
const CHANNEL = 'C0DIGEST';
const LATE = 'C0LATE';
const ADMIN = 'U0ADMIN';
const redisUrl = process.env.SCOUT_TEST_NO_REDIS ? undefined : process.env.REDIS_URL;
const sqliteDir = mkdtempSync(join(tmpdir(), 'scout-digest-'));

afterAll(() => rmSync(sqliteDir, { recursive: true, force: true }));

const stores = [
  { name: 'SQLite', url: `sqlite://${join(sqliteDir, 'shared.sqlite')}`, skip: null },
  { name: 'Redis', url: redisUrl ?? '', skip: redisUrl ? null : 'no REDIS_URL' },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeEach(stores, 'weekly digest with two replicas ($name)', (backend) => {
  let now = Date.parse('2026-11-12T10:00:00Z');
  let slack: FakeSlack;
  let a: Harness;
  let b: Harness;
  const namespace = `digest${randomUUID().slice(0, 6)}`;
  const replica = (extra: { api?: Harness['api'] } = {}) =>
    startHarness({
      features: [home, createDigestFeature({ tickMs: 20 })],
      env: { SCOUT_ADMINS: ADMIN },
      storeUrl: backend.url,
      storeNamespace: namespace,
      slack,
      clock: () => now,
      ...extra,
    });
  const digestsIn = (channel: string): SlackCall[] =>
    slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === channel && String(c.args.text).startsWith('Scout last week'));

  beforeAll(async () => {
    slack = await new FakeSlack({ botToken: BOT_TOKEN, teamTimeZone: 'Europe/Berlin' }).start();
    a = await replica();
    b = await replica({ api: a.api });
    const deps = a.scout.deps;
    // Last week: two people spend on two features; one batch job finishes. One spend falls outside it.
    const spend = (user: string, feature: 'creator' | 'discover', credits: number) =>
      deps.guard.spend({
        team: TEAM,
        user,
        feature,
        operation: feature === 'creator' ? 'enrich_full' : 'discovery',
        params: feature === 'creator' ? { platform: 'instagram', handle: 'x' } : { paging: { limit: 10 } },
        summary: 'test',
        call: async () => ({ data: {}, creditsCost: credits }),
      });
    now = Date.parse('2026-11-05T10:00:00Z');
    await spend('U0OLD', 'creator', 1);
    now = Date.parse('2026-11-12T10:00:00Z');
    await spend('U0ALICE', 'creator', 1);
    await spend('U0BOB', 'discover', 0.1);
    await createJob(deps.store, finishedJob(Date.parse('2026-11-13T15:00:00Z')));
    // Shortlist activity in the week (and an add the week before, which stays out).
    const lists = new Shortlists(deps.store, () => now);
    now = Date.parse('2026-11-04T10:00:00Z');
    const list = await lists.create(TEAM, 'Q4 launch', 'U0ALICE');
    await lists.add(TEAM, list.id, { p: 'instagram', h: 'old.one' }, 'U0ALICE');
    now = Date.parse('2026-11-12T11:00:00Z');
    const { entry } = await lists.add(TEAM, list.id, { p: 'instagram', h: 'maya.moves' }, 'U0ALICE');
    now = Date.parse('2026-11-13T11:00:00Z');
    await lists.setStatus(TEAM, list.id, entry.id, 'contacted', 'U0BOB');
    now = Date.parse('2026-11-12T10:00:00Z');
    // An admin opts the channel in from App Home.
    const saved = await a.submitView({
      callback_id: DIGEST_SETTINGS.callbackId,
      user_id: ADMIN,
      values: {
        [DIGEST_SETTINGS.channelsBlock]: {
          [DIGEST_SETTINGS.channelsAction]: {
            type: 'multi_conversations_select',
            selected_conversations: [CHANNEL],
          },
        },
        [DIGEST_SETTINGS.zoneBlock]: {
          [DIGEST_SETTINGS.zoneAction]: { type: 'plain_text_input', value: '' },
        },
      },
    });
    expect(saved.status).toBe(200);
    expect((await readDigestSettings(deps.store, TEAM)).channels.map((c) => c.id)).toEqual([CHANNEL]);
  });
  afterAll(async () => {
    await b?.stop({ keepStore: true });
    await a?.stop({ keepStore: true });
    await slack?.stop();
  });

  it('sends nothing before Monday 9:00 in the workspace zone (Europe/Berlin from team.info)', async () => {
    now = Date.parse('2026-11-16T07:59:00Z'); // 8:59 in Berlin
    await sleep(150);
    expect(digestsIn(CHANNEL)).toHaveLength(0);
    expect(slack.callsTo('team.info').length).toBeGreaterThan(0);
  });

  it('at 9:00 Berlin, one digest with last week’s spend by feature and person and the finished job, from one replica only', async () => {
    now = Date.parse('2026-11-16T08:00:00Z');
    const posted = await slack.waitFor(() => digestsIn(CHANNEL)[0], 5000, 'the digest');
    await sleep(200);
    expect(digestsIn(CHANNEL)).toHaveLength(1);
    expectValidBlockKit(posted.args as Record<string, unknown>, 'message');
    const text = JSON.stringify(posted.args.blocks);
    expect(text).toContain('Mon 9 Nov – Mon 16 Nov');
    expect(text).toContain('Europe/Berlin');
    expect(text).toContain('1.1 credits on 2 paid calls');
    expect(text).toContain('Creator cards: 1');
    expect(text).toContain('Discovery: 0.1');
    expect(text).toContain('<@U0ALICE>: 1');
    expect(text).not.toContain('U0OLD');
    expect(text).toContain('weekly.csv: 40 rows, 1.2 credits (finished)');
    expect(text).toContain('@maya.moves (instagram) added in _Q4 launch_ by <@U0ALICE>');
    expect(text).toContain('@maya.moves (instagram) moved to *contacted* in _Q4 launch_ by <@U0BOB>');
    expect(text).not.toContain('old.one');
  });

  it('stays at one through the week, also after both replicas restart; the next Monday sends again', async () => {
    now = Date.parse('2026-11-17T12:00:00Z');
    await b.stop({ keepStore: true, keepApi: true, keepSlack: true });
    b = await replica({ api: a.api });
    await sleep(150);
    expect(digestsIn(CHANNEL)).toHaveLength(1);
    now = Date.parse('2026-11-23T08:00:00Z');
    await slack.waitFor(() => digestsIn(CHANNEL)[1], 5000, 'the second digest');
    await sleep(200);
    expect(digestsIn(CHANNEL)).toHaveLength(2);
    expect(JSON.stringify(digestsIn(CHANNEL)[1]?.args.blocks)).toContain('nothing was spent last week');
  });

  it('a channel opted in after Monday 9:00 gets its first digest the next Monday; a late replica catches up', async () => {
    const deps = a.scout.deps;
    now = Date.parse('2026-11-25T12:00:00Z');
    const current = await readDigestSettings(deps.store, TEAM);
    await writeDigestSettings(deps.store, TEAM, {
      ...current,
      channels: [...current.channels, { id: LATE, since: now }],
    });
    await sleep(150);
    expect(digestsIn(LATE)).toHaveLength(0);
    // Both replicas down across Monday 9:00; one comes back at 10:30 and sends the week's digests.
    await a.stop({ keepStore: true, keepApi: true, keepSlack: true });
    await b.stop({ keepStore: true, keepApi: true, keepSlack: true });
    now = Date.parse('2026-11-30T09:30:00Z');
    b = await replica({ api: a.api });
    await slack.waitFor(() => digestsIn(LATE)[0], 5000, 'the late channel digest');
    await slack.waitFor(() => digestsIn(CHANNEL)[2], 5000, 'the third digest');
    a = await replica({ api: b.api });
    await sleep(200);
    expect(digestsIn(LATE)).toHaveLength(1);
    expect(digestsIn(CHANNEL)).toHaveLength(3);
  });
});

it('falls back to UTC and says so when Slack gives no workspace time zone', async () => {
  let now = Date.parse('2026-11-16T08:30:00Z');
  const h = await startHarness({ features: [createDigestFeature({ tickMs: 20 })], clock: () => now });
  try {
    await writeDigestSettings(h.scout.deps.store, TEAM, { channels: [{ id: CHANNEL, since: 0 }] });
    await sleep(120);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);
    now = Date.parse('2026-11-16T09:00:00Z');
    const posted = await h.slack.waitForCall('chat.postMessage');
    expect(JSON.stringify(posted.args.blocks)).toContain('Times are in UTC: Slack gives no time zone');
  } finally {
    await h.stop();
  }
});

function finishedJob(at: number): BatchJob {
  return {
    id: `bch_digest_${at}`,
    batchId: `bch_digest_${at}`,
    draftId: 'draft-digest',
    team: TEAM,
    channel: 'C0CSV',
    threadTs: '1700000001.000100',
    progressTs: null,
    user: 'U0ALICE',
    fileName: 'weekly.csv',
    kind: 'handle',
    mode: 'raw',
    platform: 'instagram',
    includeAudience: false,
    rows: 40,
    estimate: 1.2,
    reservation: { team: TEAM, month: '2026-11', estimate: 1.2 },
    status: 'finished',
    progress: { total: 40, processed: 40, found: 38, failed: 2, creditsUsed: 1.2, eta: null, message: null },
    outcome: 'finished',
    pauses: 0,
    createdAt: at - 60 * 60 * 1000,
    updatedAt: at,
    finishedAt: at,
    report: {
      settled: true,
      pauseNotice: null,
      resultsFileId: null,
      results: null,
      resultsAttempts: 0,
      resultsGaveUp: false,
      summaryTs: null,
      failureTs: null,
    },
  };
}
