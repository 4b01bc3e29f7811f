import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createBatchFeature } from '../../commands/batch/index.ts';
import { loadDraft } from '../../src/batch/jobs.ts';
import {
  draftIdOf,
  dropCsv,
  eventually,
  intakeReply,
  postsIn,
  sleep,
  start,
  TEST_EDIT_PACE,
  textOf,
  UPLOADER,
} from '../batch/drop.ts';
import { type Harness, startHarness } from '../support/harness.ts';

/**
 * A crash between the paid create call and the job's record: the batch exists upstream, Scout
 * never saved it. The intent written before the call lets the next process release the
 * reservation, close the draft and tell the uploader, instead of holding the credits forever.
 */

const BATCH = '/public/v1/enrichment/batch/';

describe('a Start cut short by a crash', () => {
  it('is reconciled at the next start-up: reservation released, draft closed, uploader told once', async () => {
    const namespace = `intent${randomUUID().slice(0, 6)}`;
    const h1 = await startHarness({
      features: [createBatchFeature({ poller: { requestsPerMinute: 60_000 }, edits: TEST_EDIT_PACE })],
      storeNamespace: namespace,
      drainGraceMs: 100,
    });
    let h2: Harness | null = null;
    try {
      // The API creates the batch; the process "dies" before the answer is used.
      const ic = h1.scout.deps.ic;
      const create = ic.createBatch.bind(ic);
      ic.createBatch = async (request) => {
        await create(request);
        return new Promise<never>(() => {});
      };
      const { ts } = await dropCsv(h1, { content: 'handle\nlost_one\nlost_two\nlost_three\n' });
      const draftId = draftIdOf(await intakeReply(h1, ts));
      await start(h1, draftId);
      await eventually(
        async () => h1.api.requests.some((r) => r.method === 'POST' && r.path === BATCH),
        'the create call',
      );
      const reserved = (await h1.scout.deps.guard.status('T0TEST')).reserved;
      expect(reserved).toBeGreaterThan(0);
      await h1.stop({ keepApi: true, keepSlack: true, keepStore: true });

      // The next process (intents older than 200 ms count as crashed here; 10 min by default).
      await sleep(250);
      h2 = await startHarness({
        features: [
          createBatchFeature({
            poller: { requestsPerMinute: 60_000, intentMaxAgeMs: 200 },
            edits: TEST_EDIT_PACE,
          }),
        ],
        api: h1.api,
        slack: h1.slack,
        storeUrl: h1.storeUrl,
        storeNamespace: namespace,
      });
      const notice = await h2.slack.waitFor(
        () => postsIn(h2!, ts).find((c) => /lost track of this batch/.test(textOf(c))),
        10_000,
        'the notice',
      );
      expect(textOf(notice)).toContain(`<@${UPLOADER}>`);
      expect(textOf(notice)).toMatch(/back in this month’s budget/);
      expect(textOf(notice)).toMatch(/Influencers Club dashboard/);
      const status = await h2.scout.deps.guard.status('T0TEST');
      expect(status.reserved).toBe(0);
      expect((await loadDraft(h2.scout.deps.store, draftId))?.status).toBe('failed');
      expect(h2.logs.some((l) => l.includes('batch start was interrupted'))).toBe(true);
      // Told once, created once; the metadata names the intent.
      await sleep(300);
      expect(postsIn(h2, ts).filter((c) => /lost track/.test(textOf(c)))).toHaveLength(1);
      const creates = h2.api.requests.filter((r) => r.method === 'POST' && r.path === BATCH);
      expect(creates).toHaveLength(1);
    } finally {
      await h2?.stop();
      await h1.api.close();
      await h1.slack.stop();
    }
  });
});
