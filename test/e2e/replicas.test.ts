import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { createBatchFeature } from '../../commands/batch/index.ts';
import { batchKeys, loadDraft, loadJob } from '../../src/batch/jobs.ts';
import type { BatchPoller } from '../../src/batch/poller.ts';
import {
  draftIdOf,
  dropCsv,
  eventually,
  intakeReply,
  postsIn,
  sleep,
  start,
  summaryPost,
  TEST_EDIT_PACE,
  textOf,
} from '../batch/drop.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { describeEach, noRedisReason } from '../support/skip.ts';

/**
 * Two Scout replicas on one Redis, end to end (fake Slack and the API double on loopback). Leases
 * are short here (TTL 1 s, heartbeat 300 ms) so a take-over happens quickly; how quickly it happens
 * with the production settings is measured in `npm run bench -- crash-takeover`, not asserted here.
 */

const redisUrl = process.env.REDIS_URL;
// Two processes sharing jobs only exist with a shared store; SQLite is one process's file.
const skip = redisUrl
  ? null
  : noRedisReason('REDIS_URL', process.env.SCOUT_TEST_NO_REDIS ?? 'REDIS_URL is not set');

const TTL = 1000;
const HEARTBEAT = 300;

function replicaFeature() {
  return createBatchFeature({
    poller: { requestsPerMinute: 60_000, leaseTtlMs: TTL, heartbeatMs: HEARTBEAT },
    edits: TEST_EDIT_PACE,
  });
}

interface Replica {
  h: Harness;
  feature: ReturnType<typeof replicaFeature>;
  poller(): BatchPoller;
}

const running: Harness[] = [];
afterEach(async () => {
  for (const h of running.splice(0).reverse()) await h.stop().catch(() => {});
});

async function replicas(namespace: string, rowsPerPoll = 1): Promise<[Replica, Replica]> {
  const featureA = replicaFeature();
  const a = await startHarness({
    features: [featureA],
    mockApi: { batchRowsPerPoll: rowsPerPoll },
    storeUrl: redisUrl!,
    storeNamespace: namespace,
  });
  running.push(a);
  const featureB = replicaFeature();
  const b = await startHarness({
    features: [featureB],
    api: a.api,
    slack: a.slack,
    storeUrl: redisUrl!,
    storeNamespace: namespace,
  });
  running.push(b);
  const replica = (h: Harness, feature: typeof featureA): Replica => ({
    h,
    feature,
    poller: () => {
      const p = feature.pollerOf(h.scout.app);
      if (!p) throw new Error('no poller');
      return p;
    },
  });
  return [replica(a, featureA), replica(b, featureB)];
}

/** Drops a CSV of `rows` handles on `via`, starts it, returns the thread and the job id. */
async function startJob(via: Harness, rows: number, name: string) {
  const handles = Array.from({ length: rows }, (_, i) => `${name}_${i}`).join('\n');
  const { ts } = await dropCsv(via, { name: `${name}.csv`, content: `handle\n${handles}\n` });
  const draftId = draftIdOf(await intakeReply(via, ts));
  await start(via, draftId);
  const draft = await eventually(async () => {
    const d = await loadDraft(via.scout.deps.store, draftId);
    return d?.jobId ? d : undefined;
  }, 'the job');
  return { ts, jobId: draft.jobId! };
}

const reportedIn = (h: Harness, jobId: string) =>
  h.logs.filter((line) => line.includes('batch job reported') && line.includes(jobId)).length;

describeEach([{ name: 'Redis', skip }], 'two replicas on one $name', () => {
  it('a crashed holder’s job is taken over by the other replica and reported once', async () => {
    const [a, b] = await replicas(`crash${randomUUID().slice(0, 6)}`);
    const { ts, jobId } = await startJob(a.h, 80, 'crash');
    const store = a.h.scout.deps.store;
    const lease = batchKeys.lease(jobId);
    const holderId = await eventually(() => store.atomic.leaseHolder(lease), 'a lease holder');
    const [holder, other] = holderId === a.poller().instanceId ? [a, b] : [b, a];
    expect(holderId).toBe(holder.poller().instanceId);

    // Held well past the TTL: the heartbeat keeps the lease, the other replica never gets it.
    await sleep(TTL * 2);
    expect(await store.atomic.leaseHolder(lease)).toBe(holder.poller().instanceId);

    // Crash: timers stop, nothing is released.
    holder.poller().abandon();
    await eventually(
      async () => (await store.atomic.leaseHolder(lease)) === other.poller().instanceId,
      'the take-over',
      TTL * 5,
    );

    await summaryPost(a.h, ts, 20_000);
    await eventually(async () => (await loadJob(store, jobId))?.status === 'finished', 'finished');
    await sleep(TTL);
    expect(postsIn(a.h, ts).filter((c) => /is enriched/.test(textOf(c)))).toHaveLength(1);
    expect(a.h.slack.callsTo('files.completeUploadExternal')).toHaveLength(1);
    expect(reportedIn(holder.h, jobId)).toBe(0);
    expect(reportedIn(other.h, jobId)).toBe(1);
  });

  it('jobs are split between replicas, each followed by exactly one; a killed replica’s jobs move', async () => {
    const [a, b] = await replicas(`split${randomUUID().slice(0, 6)}`);
    const jobs: { ts: string; jobId: string }[] = [];
    for (let i = 0; i < 4; i++) jobs.push(await startJob(i % 2 === 0 ? a.h : b.h, 60, `split${i}`));
    const store = a.h.scout.deps.store;
    const ids = new Set<string>([a.poller().instanceId, b.poller().instanceId]);
    const holders = async () =>
      Promise.all(jobs.map((j) => store.atomic.leaseHolder(batchKeys.lease(j.jobId))));

    // Every job has one holder, one of the two replicas, and keeps it while both live.
    const first = await eventually(async () => {
      const now = await holders();
      return now.every((h) => h !== null) ? now : undefined;
    }, 'every job held');
    for (const h of first) expect(ids.has(h!)).toBe(true);
    await sleep(TTL * 1.5);
    expect(await holders()).toEqual(first);

    // Kill the replica holding the first job; its jobs all move to the survivor.
    const victim = first[0] === a.poller().instanceId ? a : b;
    const survivor = victim === a ? b : a;
    const victimId = victim.poller().instanceId;
    victim.poller().abandon();
    await eventually(
      async () => (await holders()).every((h) => h === null || h === survivor.poller().instanceId),
      'the survivor holding every job',
      TTL * 5,
    );
    expect(first).toContain(victimId);

    for (const j of jobs) await summaryPost(a.h, j.ts, 30_000);
    for (const j of jobs) {
      await eventually(async () => (await loadJob(store, j.jobId))?.status === 'finished', 'finished');
    }
    await sleep(TTL);
    for (const j of jobs) {
      expect(postsIn(a.h, j.ts).filter((c) => /is enriched/.test(textOf(c)))).toHaveLength(1);
      expect(reportedIn(a.h, j.jobId) + reportedIn(b.h, j.jobId)).toBe(1);
      expect(reportedIn(victim.h, j.jobId)).toBe(0);
    }
    expect(a.h.slack.callsTo('files.completeUploadExternal')).toHaveLength(jobs.length);
  });
});
