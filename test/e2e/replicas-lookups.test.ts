import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { creator } from '../../commands/creator/index.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { describeEach, noRedisReason } from '../support/skip.ts';
import { ENRICH, TEAM } from './creator-helpers.ts';

/**
 * Two Scout replicas on one Redis, one API double (one Influencers Club account): the same /creator
 * asked at the same moment on both makes one paid call, counted once against the workspace budget,
 * and both users get the card.
 */

const redisUrl = process.env.REDIS_URL;
const skip = redisUrl
  ? null
  : noRedisReason('REDIS_URL', process.env.SCOUT_TEST_NO_REDIS ?? 'REDIS_URL is not set');

const running: Harness[] = [];
afterAll(async () => {
  for (const h of running.splice(0).reverse()) await h.stop().catch(() => {});
});

describeEach([{ name: 'redis', skip }], 'two replicas sharing $name', () => {
  it('share one paid call between identical lookups on both, and spend the budget once', async () => {
    const shared = {
      storeUrl: redisUrl ?? '',
      storeNamespace: `r${randomUUID().slice(0, 8)}`,
      features: [creator],
    };
    const a = await startHarness({ ...shared, mockApi: { latencyMs: 150 } });
    running.push(a);
    const b = await startHarness({ ...shared, api: a.api });
    running.push(b);

    const sent = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 ? a : b).command('/creator', 'maya.moves', { user_id: `U0R${i}` }),
      ),
    );
    const answers = await Promise.all(
      sent.map((s, i) => (i % 2 ? a : b).slack.waitForResponse(s.responseId, 1, 15_000)),
    );
    expect(answers.every((r) => JSON.stringify(r.body.blocks).includes('maya.moves'))).toBe(true);
    expect(a.api.requests.filter((r) => r.path === ENRICH)).toHaveLength(1);
    expect(a.api.ledger.used).toBe(1);
    for (const h of [a, b]) {
      expect(await h.scout.deps.guard.status(TEAM)).toMatchObject({ spent: 1, committed: 1 });
    }
  });
});
