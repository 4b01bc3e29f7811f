import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Shortlists } from '../../src/shortlists/store.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { addVia, createList, listId, waitForUpdate } from './shortlist-helpers.ts';

/**
 * Shortlists on Redis: two Scouts sharing one Redis never lose each other's status changes (a lock
 * per list), the history survives both being restarted, and the exclusion list is created once.
 * Skipped with a reason when no Redis is reachable (test/global-setup.ts starts one when it can).
 */

const redisUrl = process.env.REDIS_URL;
const describeRedis = redisUrl ? describe : describe.skip;
if (!redisUrl) console.warn('Skipping the Redis shortlist tests: REDIS_URL is not set.');

async function entryOf(h: Harness, list: string, handle: string) {
  const current = await new Shortlists(h.scout.deps.store, h.scout.deps.clock).get('T0TEST', list);
  const entry = current?.entries.find((e) => e.creator.h === handle);
  if (!entry) throw new Error(`${handle} not on the list`);
  return entry;
}

async function eventually(check: () => Promise<void>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describeRedis('shortlists on Redis', () => {
  it('keeps concurrent changes from two Scouts and the history across a restart', async () => {
    const storeNamespace = `sl${randomUUID().slice(0, 6)}`;
    const a = await startHarness({ storeUrl: redisUrl!, storeNamespace });
    const b = await startHarness({ storeUrl: redisUrl!, storeNamespace, api: a.api, slack: a.slack });
    let c: Harness | null = null;
    try {
      await createList(a, 'Redis list');
      const list = await listId(a, 'Redis list');
      const handles = ['one.a', 'two.b', 'three.c', 'four.d'];
      for (const h of handles) await addVia(a, JSON.stringify({ p: 'instagram', h }), { id: list });
      // every creator moved at the same moment, half through each Scout
      const entries = await Promise.all(handles.map((h) => entryOf(a, list, h)));
      await Promise.all(
        entries.map((e, i) =>
          (i % 2 === 0 ? a : b).action({
            action_id: 'shortlist_status',
            type: 'overflow',
            selected_option: { value: JSON.stringify({ l: list, e: e.id, s: 'contacted' }) },
            user_id: i % 2 === 0 ? 'U0ANA' : 'U0BEN',
          }),
        ),
      );
      await eventually(async () => {
        const statuses = await Promise.all(handles.map(async (h) => (await entryOf(b, list, h)).status));
        expect(statuses).toEqual(['contacted', 'contacted', 'contacted', 'contacted']);
      });
      await waitForUpdate(a, 'four.d');
      await b.stop({ keepApi: true, keepSlack: true });
      await a.stop({ keepApi: true, keepSlack: true });
      c = await startHarness({ storeUrl: redisUrl!, storeNamespace, api: a.api, slack: a.slack });
      const e = await entryOf(c, list, 'two.b');
      expect(e.history.map((s) => `${s.status}:${s.by}`)).toEqual(['new:U0ANA', 'contacted:U0BEN']);
      // the exclusion list was created once, and holds all four
      const deadline = Date.now() + 8000;
      for (;;) {
        const lists = (await c.scout.deps.ic.exclusionLists()).filter(
          (l) => l.name === 'Scout acme (T0TEST)',
        );
        const handlesIn = lists[0]?.id ? (await c.scout.deps.ic.exclusionEntries(lists[0].id)).handles : [];
        if (handles.every((h) => handlesIn.includes(h))) {
          expect(lists).toHaveLength(1);
          break;
        }
        if (Date.now() > deadline) throw new Error(`exclusion list holds ${handlesIn.join(', ')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await c?.stop();
      await a.api.close().catch(() => {});
      await a.slack.stop().catch(() => {});
    }
  });
});
