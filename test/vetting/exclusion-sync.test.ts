import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { type ExclusionApi, ExclusionSync, listNameFor } from '../../src/shortlists/exclusion-sync.ts';
import { excludeSetFor, PENDING_TEAMS, pendingKey, recordContact } from '../../src/shortlists/exclusions.ts';
import { openStore } from '../../src/store/index.ts';
import type { Store } from '../../src/store/types.ts';

/** The background sync against an in-memory exclusion-list API: reuse, back-off, outbox. */

let dir: string;
let store: Store;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scout-sync-'));
  store = await openStore(`sqlite://${join(dir, 's.sqlite')}`, { namespace: 'sync' });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

function fakeApi(lists: { id: number; name: string; platform: string; handles: string[] }[]) {
  let failures = 0;
  const api: ExclusionApi & { failNext(n: number): void; created: number } = {
    created: 0,
    failNext(n) {
      failures = n;
    },
    async exclusionLists() {
      return lists.map(({ id, name, platform }) => ({ id, name, platform }));
    },
    async createExclusionList(req) {
      api.created++;
      const list = { id: lists.length + 1, name: req.name, platform: req.platform, handles: [] };
      lists.push(list);
      return list;
    },
    async addExclusionEntries(id, handles) {
      if (failures > 0) {
        failures--;
        throw new Error('upstream 500');
      }
      lists.find((l) => l.id === id)?.handles.push(...handles);
      return {};
    },
  };
  return api;
}

const log = createLogger({ level: 'silent' });

describe('ExclusionSync', () => {
  it('names lists after the workspace and reuses one it made before, even renamed', async () => {
    expect(listNameFor('T1', 'acme')).toBe('Scout acme (T1)');
    const lists = [{ id: 1, name: 'Scout old-name (T1)', platform: 'instagram', handles: [] as string[] }];
    const api = fakeApi(lists);
    await recordContact(store, 'T1', 'instagram', '@Maya', { status: 'contacted', by: 'U1', at: 1 }, 'acme');
    await new ExclusionSync({ store, api, log }).syncTeam('T1');
    expect(api.created).toBe(0);
    expect(lists[0]?.handles).toEqual(['maya']);
    expect(await store.atomic.setMembers(PENDING_TEAMS)).not.toContain('T1');
  });

  it('backs off after a failure, keeps the outbox, and clears it once synced', async () => {
    const api = fakeApi([]);
    let now = 1_000_000;
    const sync = new ExclusionSync({ store, api, log, now: () => now, backoffMs: 1000 });
    api.failNext(1);
    await recordContact(store, 'T2', 'tiktok', 'dani', { status: 'rejected', by: 'U2', at: 2 });
    await sync.syncTeam('T2');
    const pending = (await store.kv.get(pendingKey('T2'))) as { attempts: number; nextAt: number };
    expect(pending).toMatchObject({ attempts: 1, nextAt: now + 1000 });
    await sync.syncTeam('T2'); // not due yet: nothing sent
    expect(api.created).toBe(1);
    now += 1000;
    await sync.syncTeam('T2');
    expect(await store.kv.get(pendingKey('T2'))).toBeUndefined();
    const set = await excludeSetFor(store, 'T2', 'tiktok');
    expect(set.send).toEqual(['dani']);
    expect(set.marks['tiktok:dani']).toMatchObject({ status: 'rejected', by: 'U2' });
  });

  it('sends the 10,000 most recent handles and counts the older ones', async () => {
    const copy: Record<string, { status: 'contacted'; by: string; at: number }> = {};
    for (let i = 0; i < 10_003; i++) copy[`c${i}`] = { status: 'contacted', by: 'U1', at: i };
    await store.kv.set('exclusions:T3:copy:instagram', copy);
    const set = await excludeSetFor(store, 'T3', 'instagram');
    expect(set.send).toHaveLength(10_000);
    expect(set.send[0]).toBe('c10002');
    expect(set.send).not.toContain('c2');
    expect(set.notSent).toBe(3);
    expect(set.marks['instagram:c0']).toBeDefined();
  });
});
