import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadDraft, loadJob } from '../../src/batch/jobs.ts';
import { milliToCredits } from '../../src/ic/prices.ts';
import {
  CHANNEL,
  draftIdOf,
  dropCsv,
  eventually,
  intakeReply,
  nextTs,
  postsIn,
  sleep,
  start,
  summaryPost,
  testBatchFeature,
  textOf,
  UPLOADER,
} from '../batch/drop.ts';
import { type Harness, startHarness } from '../support/harness.ts';

const BATCH = '/public/v1/enrichment/batch/';
const HANDLES = Array.from({ length: 12 }, (_, i) => `durable_creator_${i}`).join('\n');

async function startedJob(h: Harness, draftId: string) {
  const draft = await eventually(async () => {
    const d = await loadDraft(h.scout.deps.store, draftId);
    return d?.jobId ? d : undefined;
  }, 'the job');
  return draft.jobId!;
}

describe('batch jobs survive a restart', () => {
  it('a new Scout over the same SQLite store picks the job up and reports it exactly once', async () => {
    const namespace = `restart${randomUUID().slice(0, 6)}`;
    const h1 = await startHarness({
      features: [testBatchFeature()],
      mockApi: { batchRowsPerPoll: 1 },
      storeNamespace: namespace,
    });
    let h2: Harness | null = null;
    try {
      const { ts } = await dropCsv(h1, { content: `handle\n${HANDLES}\n` });
      const draftId = draftIdOf(await intakeReply(h1, ts));
      await start(h1, draftId);
      const jobId = await startedJob(h1, draftId);
      // Let it make some progress, then stop this Scout mid-batch.
      await eventually(async () => {
        const job = await loadJob(h1.scout.deps.store, jobId);
        return job !== undefined && job.progress.processed >= 2;
      }, 'some progress');
      await h1.stop({ keepApi: true, keepSlack: true, keepStore: true });
      const processedAtStop = h1.api.requests.filter((r) => r.path.endsWith('/status/')).length;
      await sleep(150);
      // Nobody polls while Scout is down.
      expect(h1.api.requests.filter((r) => r.path.endsWith('/status/'))).toHaveLength(processedAtStop);
      expect(postsIn(h1, ts).filter((c) => /is enriched/.test(textOf(c)))).toHaveLength(0);

      h2 = await startHarness({
        features: [testBatchFeature()],
        api: h1.api,
        slack: h1.slack,
        storeUrl: h1.storeUrl,
        storeNamespace: namespace,
      });
      const summary = await summaryPost(h2, ts, 15_000);
      expect(textOf(summary)).toMatch(/12 found/);
      await sleep(300);
      expect(postsIn(h2, ts).filter((c) => /is enriched/.test(textOf(c)))).toHaveLength(1);
      expect(h2.slack.callsTo('files.completeUploadExternal')).toHaveLength(1);
      expect(h2.api.requests.filter((r) => r.method === 'POST' && r.path === BATCH)).toHaveLength(1);
      // Settled once: nothing left reserved, spend equals what the API charged.
      const status = await h2.scout.deps.guard.status('T0TEST');
      expect(status.reserved).toBe(0);
      expect(status.spent).toBeCloseTo(milliToCredits(12 * 30), 5);
      // The progress message kept being the same one.
      const progressTs = new Set(
        h2.slack
          .callsTo('chat.update')
          .filter((c) => /processed/.test(textOf(c)))
          .map((c) => c.args.ts),
      );
      expect(progressTs.size).toBe(1);
    } finally {
      await h2?.stop();
      await h1.api.close();
      await h1.slack.stop();
    }
  });
});

const redisUrl = process.env.SCOUT_TEST_NO_REDIS ? undefined : process.env.REDIS_URL;
/** test/global-setup.ts says why there is no Redis; the suite then shows as skipped with that reason. */
const noRedis = redisUrl ? null : (process.env.SCOUT_TEST_NO_REDIS ?? 'no REDIS_URL');

describe.skipIf(noRedis !== null && !process.env.CI)(
  `two Scouts sharing one Redis${noRedis ? ` (skipped: ${noRedis})` : ''}`,
  () => {
    it('poll and report each job from exactly one of them', async () => {
      const namespace = `pair${randomUUID().slice(0, 6)}`;
      const a = await startHarness({
        features: [testBatchFeature()],
        mockApi: { batchRowsPerPoll: 1 },
        storeUrl: redisUrl!,
        storeNamespace: namespace,
      });
      const b = await startHarness({
        features: [testBatchFeature()],
        api: a.api,
        slack: a.slack,
        storeUrl: redisUrl!,
        storeNamespace: namespace,
      });
      try {
        // The same share delivered to both processes (a retry behind a load balancer) is read once.
        const ts = nextTs();
        const file = a.slack.registerFile({
          name: 'pair.csv',
          content: `handle\n${HANDLES}\n`,
          user: UPLOADER,
        });
        const event = {
          type: 'message',
          subtype: 'file_share',
          channel: CHANNEL,
          user: UPLOADER,
          ts,
          files: [file],
        };
        await Promise.all([
          a.event(event, { event_id: 'EvPAIR1' }),
          b.event(event, { event_id: 'EvPAIR1', retryNum: 1 }),
        ]);
        const draftId = draftIdOf(await intakeReply(a, ts));
        await sleep(100);
        expect(postsIn(a, ts)).toHaveLength(1);

        // Both click Start on their own instance: one batch.
        await Promise.all([start(a, draftId), start(b, draftId)]);
        await summaryPost(a, ts, 15_000);
        await sleep(300);
        expect(a.api.requests.filter((r) => r.method === 'POST' && r.path === BATCH)).toHaveLength(1);
        expect(postsIn(a, ts).filter((c) => /is enriched/.test(textOf(c)))).toHaveLength(1);
        expect(a.slack.callsTo('files.completeUploadExternal')).toHaveLength(1);
        const status = await b.scout.deps.guard.status('T0TEST');
        expect(status.reserved).toBe(0);
        expect(status.spent).toBeCloseTo(milliToCredits(12 * 30), 5);
      } finally {
        await b.stop();
        await a.stop();
      }
    });
  },
);
