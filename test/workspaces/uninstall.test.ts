import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credits } from '../../commands/credits.ts';
import { activeJobIds, createJob, loadJob, newJob, recentJobs } from '../../src/batch/jobs.ts';
import { budgetKeys, monthOf, workspaceKeys } from '../../src/budget/keys.ts';
import { readSettings, writeSettings } from '../../src/budget/settings.ts';
import { STOPPED_BY_UNINSTALL } from '../../src/workspaces/registry.ts';
import { install, startMultiHarness } from '../e2e/install-helpers.ts';
import type { Harness } from '../support/harness.ts';

/**
 * Uninstall and retention, end to end in multi-workspace mode with a controlled clock: an
 * uninstall stops the workspace's batch jobs (settled to what they spent, the rest released) and
 * starts the retention clock; the records survive a reinstall within SCOUT_RETENTION_DAYS and are
 * deleted after it; another workspace's records are never touched.
 */

const DAY = 24 * 60 * 60 * 1000;
const START = Date.parse('2026-11-10T12:00:00Z');
let now = START;
let h: Harness;

const redisUrl = process.env.SCOUT_TEST_NO_REDIS ? null : process.env.REDIS_URL;
const backends: [string, string | undefined][] = [
  ['SQLite', undefined],
  ...(redisUrl ? [['Redis', redisUrl] as [string, string]] : []),
];

async function startJob(team: string, estimate: number, used: number) {
  const { guard, store } = h.scout.deps;
  const reservation = await guard.reserve(team, estimate);
  const job = newJob(
    {
      id: `job-${team}`,
      batchId: `batch-${team}`,
      draftId: `draft-${team}`,
      team,
      channel: 'C0SAME',
      threadTs: '1700000000.000100',
      progressTs: null,
      user: 'U0SAME',
      fileName: `${team}.csv`,
      kind: 'handle',
      mode: 'raw',
      platform: 'instagram',
      includeAudience: false,
      rows: 10,
      estimate,
      reservation,
    },
    now,
  );
  await createJob(store, { ...job, status: 'processing', progress: { ...job.progress, creditsUsed: used } });
  return job.id;
}

const registry = () => {
  const r = h.scout.workspaces?.registry;
  if (!r) throw new Error('not in multi-workspace mode');
  return r;
};

async function uninstall(team: string) {
  expect((await h.event({ type: 'app_uninstalled' }, { team_id: team })).status).toBe(200);
  await h.slack.waitFor(() => true, 10);
  for (let i = 0; i < 100 && (await registry().get(team))?.uninstalledAt == null; i++)
    await new Promise((resolve) => setTimeout(resolve, 20));
}

describe.each(backends)('on %s', (_name, storeUrl) => {
  beforeAll(async () => {
    now = START;
    h = await startMultiHarness({
      features: [credits],
      clock: () => now,
      env: { SCOUT_RETENTION_DAYS: '30' },
      ...(storeUrl ? { storeUrl } : {}),
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  describe('uninstall stops the workspace’s batch jobs', () => {
    it('marks them stopped, keeps what they spent, releases the rest of the reservation, deletes its own API key; the other workspace’s job runs on', async () => {
      await install(h, { teamId: 'T0ONE' });
      await install(h, { teamId: 'T0TWO' });
      const one = await startJob('T0ONE', 10, 4);
      const two = await startJob('T0TWO', 10, 3);
      const { guard, store } = h.scout.deps;
      expect((await guard.status('T0ONE')).committed).toBe(10);

      await h.scout.deps.workspaceApiKeys?.set('T0ONE', 'one-own-key-1234', 'U0SAME');
      await uninstall('T0ONE');
      for (let i = 0; i < 100 && (await activeJobIds(store)).includes(one); i++)
        await new Promise((resolve) => setTimeout(resolve, 20));

      const stopped = await loadJob(store, one);
      expect(stopped).toMatchObject({ status: 'failed', report: { settled: true } });
      expect(stopped?.progress.message).toBe(STOPPED_BY_UNINSTALL);
      // Its own Influencers Club key goes with its tokens.
      expect(await h.scout.deps.workspaceApiKeys?.info('T0ONE')).toBeNull();
      expect(await activeJobIds(store)).toEqual([two]);
      const status = await guard.status('T0ONE');
      expect(status.spent).toBe(4);
      expect(status.committed).toBe(4);
      expect((await loadJob(store, two))?.status).toBe('processing');
      expect((await guard.status('T0TWO')).committed).toBe(10);
    });
  });

  describe('retention', () => {
    it('keeps a workspace’s records through a reinstall within SCOUT_RETENTION_DAYS', async () => {
      const { store } = h.scout.deps;
      await install(h, { teamId: 'T0BACK' });
      await writeSettings(store, 'T0BACK', { budget: 123 });
      await uninstall('T0BACK');
      now += 29 * DAY;
      expect(await registry().sweep()).toEqual([]);
      await install(h, { teamId: 'T0BACK' });
      now += 2 * DAY;
      expect(await registry().sweep()).not.toContain('T0BACK');
      expect((await readSettings(store, 'T0BACK')).budget).toBe(123);
    });

    it('deletes them SCOUT_RETENTION_DAYS after uninstall, and only them', async () => {
      const { store, guard } = h.scout.deps;
      await install(h, { teamId: 'T0GONE' });
      const month = monthOf(now);
      await startJob('T0GONE', 5, 2);
      await writeSettings(store, 'T0GONE', { budget: 77 });
      await writeSettings(store, 'T0TWO', { budget: 88 });
      // The other features' per-workspace records (src/budget/keys.ts workspaceKeys).
      const records = (team: string) => [
        workspaceKeys.unfurlSettings(team),
        workspaceKeys.digestSettings(team),
        workspaceKeys.safetyLists(team),
        workspaceKeys.shortlistIndex(team),
        workspaceKeys.shortlist(team, 'sl1'),
        workspaceKeys.exclusionCopy(team, 'tiktok'),
        workspaceKeys.exclusionListId(team, 'instagram'),
        workspaceKeys.exclusionPending(team),
      ];
      for (const team of ['T0GONE', 'T0TWO'])
        for (const key of records(team))
          await store.kv.set(key, key.endsWith(':index') ? ['sl1'] : { kept: true });
      await uninstall('T0GONE');
      now += 29 * DAY;
      expect(await registry().sweep()).toEqual([]);
      expect((await readSettings(store, 'T0GONE')).budget).toBe(77);
      now += 2 * DAY;
      expect(await registry().sweep()).toEqual(['T0GONE']);
      expect(await readSettings(store, 'T0GONE')).toEqual({});
      expect(await loadJob(store, 'job-T0GONE')).toBeUndefined();
      expect(await recentJobs(store, 'T0GONE', 10)).toEqual([]);
      expect(await store.atomic.read(budgetKeys.committed('T0GONE', month))).toBe(0);
      expect(await store.atomic.readFields(budgetKeys.spend('T0GONE', month))).toEqual({});
      expect(await store.atomic.readLog(budgetKeys.spendLog('T0GONE', month), 10)).toEqual([]);
      expect(await registry().get('T0GONE')).toBeUndefined();
      for (const key of records('T0GONE')) expect(await store.kv.get(key), key).toBeUndefined();
      for (const key of records('T0TWO')) expect(await store.kv.get(key), key).toBeDefined();
      // A workspace still installed keeps everything.
      expect((await readSettings(store, 'T0TWO')).budget).toBe(88);
      expect(await loadJob(store, 'job-T0TWO')).toBeDefined();
      expect((await guard.status('T0TWO', monthOf(START))).committed).toBe(10);
    });
  });
});
