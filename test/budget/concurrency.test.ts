import { afterAll, expect, it } from 'vitest';
import { home } from '../../commands/home.ts';
import { writeSettings } from '../../src/budget/settings.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { describeEach } from '../support/skip.ts';
import { backends, cleanUpBackends } from './backends.ts';
import { paidLookup } from './paid-command.ts';

/**
 * Two Scout instances (two createScout behind two Bolt receivers) sharing one store and one
 * Influencers Club account: 100 concurrent paid slash commands, split between them, against a budget
 * of 10 let exactly 10 through; each budget notice goes out once.
 */

const TEAM = 'T0RACE';
const ENRICH = '/public/v1/creators/enrich/handle/full/';

afterAll(async () => {
  await cleanUpBackends();
});

describeEach(backends, 'two Scout instances sharing $name', (backend) => {
  it('let at most 10 of 100 concurrent paid commands through a budget of 10', async () => {
    const place = backend.fresh();
    const shared = { storeUrl: place.url, storeNamespace: place.namespace, features: [paidLookup, home] };
    const a: Harness = await startHarness(shared);
    const b: Harness = await startHarness({ ...shared, api: a.api });
    try {
      await writeSettings(a.scout.deps.store, TEAM, { budget: 10, alertChannel: 'C0BUDGET' });
      const sent = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          (i % 2 ? a : b).command('/paidtest', `@racer${i}`, { team_id: TEAM }),
        ),
      );
      expect(sent.every((s) => s.ack.status === 200)).toBe(true);
      const answers = await Promise.all(
        sent.map(async (s, i) => {
          const h = i % 2 ? a : b;
          return String((await h.slack.waitForResponse(s.responseId, 1, 15_000)).body.text);
        }),
      );
      const found = answers.filter((t) => t === 'found, 1 spent');
      const refused = answers.filter((t) => t.includes('Workspace admins can raise the budget'));
      expect(found).toHaveLength(10);
      expect(refused).toHaveLength(90);
      expect(a.api.requests.filter((r) => r.path === ENRICH)).toHaveLength(10);
      expect(a.api.ledger.used).toBe(10);
      for (const h of [a, b]) {
        expect(await h.scout.deps.guard.status(TEAM)).toMatchObject({
          committed: 10,
          spent: 10,
          remaining: 0,
        });
      }

      // Each threshold is announced once across both instances (80 % may be folded into 100 %).
      await a.scout.deps.guard.flush();
      await b.scout.deps.guard.flush();
      // Told apart by threshold, not wording: an 80 % notice posted once the budget is already full
      // says "used up" too.
      const notices = [a, b]
        .flatMap((h) => h.slack.callsTo('chat.postMessage'))
        .map((c) => JSON.stringify(c.args.blocks ?? []));
      expect(notices.filter((t) => t.includes('(100% threshold)'))).toHaveLength(1);
      expect(notices.filter((t) => /used 80%|\(80% threshold\)/.test(t)).length).toBeLessThanOrEqual(1);
    } finally {
      await b.stop();
      await a.stop();
    }
  });
});
