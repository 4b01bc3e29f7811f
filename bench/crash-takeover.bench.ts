import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBatchFeature } from '../commands/batch/index.ts';
import { batchKeys, loadDraft } from '../src/batch/jobs.ts';
import {
  draftIdOf,
  dropCsv,
  eventually,
  intakeReply,
  sleep,
  start,
  TEST_EDIT_PACE,
} from '../test/batch/drop.ts';
import { type Harness, startHarness } from '../test/support/harness.ts';
import { printReport } from './report.ts';

/**
 * Crash take-over with the production lease settings (10 s lease, 3 s heartbeat): two Scout
 * replicas share one store and one running batch; the replica holding the job's lease "crashes"
 * (its poller stops without releasing anything, as after SIGKILL), and we time how long until the
 * other replica holds the lease. Before the heartbeat the lease was max(120 s, 4 × poll interval).
 */

const ROUNDS = 3;
const GOAL_MS = 15_000;

const dir = mkdtempSync(join(tmpdir(), 'scout-takeover-'));
const storeUrl = process.env.REDIS_URL || `sqlite://${join(dir, 'scout.sqlite')}`;
const backend = storeUrl.startsWith('redis') ? 'Redis' : 'one SQLite file';
const takeovers: number[] = [];
const running: Harness[] = [];

for (let round = 0; round < ROUNDS; round++) {
  const namespace = `takeover${round}${Date.now()}`;
  // Production lease defaults; only progress edits are unpaced so the bench does not wait on Slack's tiers.
  const featureA = createBatchFeature({ edits: TEST_EDIT_PACE });
  const a = await startHarness({
    features: [featureA],
    mockApi: { batchRowsPerPoll: 1 },
    storeUrl,
    storeNamespace: namespace,
    env: { LOG_LEVEL: 'silent', BATCH_POLL_INTERVAL_MS: '500' },
  });
  const featureB = createBatchFeature({ edits: TEST_EDIT_PACE });
  const b = await startHarness({
    features: [featureB],
    api: a.api,
    slack: a.slack,
    storeUrl,
    storeNamespace: namespace,
    env: { LOG_LEVEL: 'silent', BATCH_POLL_INTERVAL_MS: '500' },
  });
  running.push(b, a);
  const handles = Array.from({ length: 400 }, (_, i) => `takeover_${round}_${i}`).join('\n');
  const { ts } = await dropCsv(a, { name: `takeover${round}.csv`, content: `handle\n${handles}\n` });
  const draftId = draftIdOf(await intakeReply(a, ts));
  await start(a, draftId);
  const draft = await eventually(
    async () => {
      const d = await loadDraft(a.scout.deps.store, draftId);
      return d?.jobId ? d : undefined;
    },
    'the job',
    20_000,
  );
  const lease = batchKeys.lease(draft.jobId ?? '');
  const store = a.scout.deps.store;
  const pollerA = featureA.pollerOf(a.scout.app);
  const pollerB = featureB.pollerOf(b.scout.app);
  if (!pollerA || !pollerB) throw new Error('no poller');
  const holderId = await eventually(() => store.atomic.leaseHolder(lease), 'a lease holder', 20_000);
  const [holder, other] = holderId === pollerA.instanceId ? [pollerA, pollerB] : [pollerB, pollerA];
  await sleep(1000);
  const crashedAt = Date.now();
  holder.abandon();
  await eventually(
    async () => (await store.atomic.leaseHolder(lease)) === other.instanceId,
    'the take-over',
    60_000,
  );
  takeovers.push(Date.now() - crashedAt);
  for (const h of running.splice(0)) await h.stop({ keepStore: true }).catch(() => {});
}
rmSync(dir, { recursive: true, force: true });

const worst = Math.max(...takeovers);
printReport({
  title: 'Crash take-over of a running batch (production lease settings)',
  setup: `Two Scout replicas sharing ${backend} and the API double; a running batch's lease holder stops without releasing anything (as after SIGKILL), ${ROUNDS} times; time from the crash to the other replica holding the job's lease. Lease 10 s, renewed every 3 s by a heartbeat (production defaults); before this release the lease was max(120 s, 4 × poll interval).`,
  results: [
    {
      measure: 'take-over after a crash, each round',
      value: takeovers.map((t) => `${(t / 1000).toFixed(1)} s`).join(', '),
    },
    {
      measure: 'take-over, worst round',
      value: `${(worst / 1000).toFixed(1)} s`,
      goal: '< 15 s',
      met: worst < GOAL_MS,
    },
  ],
});
process.exit(0);
