import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockApi, startMockApi } from '../../mock-api/server.ts';
import { InfluencersClubClient } from '../../src/ic/client.ts';
import { IcNotFoundError, IcValidationError } from '../../src/ic/errors.ts';
import { rejectionOf } from '../ic/mock-agent.ts';

/** The client's exclusion-list methods against the API double (api-ref#exclusion-lists): free, per list. */

let api: MockApi;
let ic: InfluencersClubClient;

beforeAll(async () => {
  api = await startMockApi({ port: 0, apiKeys: ['test-key'] });
  ic = new InfluencersClubClient({
    baseUrl: api.url,
    apiKey: 'test-key',
    retry: { maxAttempts: 1, minDelayMs: 1, maxDelayMs: 1, maxTotalMs: 100 },
  });
});
afterAll(async () => {
  await api.close();
});

describe('exclusion lists', () => {
  it('creates a list, adds handles once each, pages them back, and charges nothing', async () => {
    const before = (await ic.credits()).creditsAvailable;
    const list = await ic.createExclusionList({ name: 'Scout T1', platform: 'instagram' });
    expect(list).toMatchObject({ name: 'Scout T1', platform: 'instagram' });
    expect(typeof list.id).toBe('number');
    await ic.addExclusionEntries(list.id!, ['maya.moves', '@Lena.Longform']);
    await ic.addExclusionEntries(list.id!, ['maya.moves']);
    const page = await ic.exclusionEntries(list.id!, { offset: 0, limit: 10 });
    expect(page).toMatchObject({ total: 2, handles: ['maya.moves', 'lena.longform'] });
    const all = await ic.exclusionLists();
    expect(all.map((l) => l.name)).toContain('Scout T1');
    expect((await ic.credits()).creditsAvailable).toBe(before);
    expect(api.requests.find((r) => r.method === 'POST' && r.path.endsWith('/entries/'))?.body).toEqual({
      handles: ['maya.moves', '@Lena.Longform'],
    });
  });

  it('refuses bad input before sending, and an unknown list is not found', async () => {
    const local = await rejectionOf(ic.addExclusionEntries(1, []));
    expect(local).toBeInstanceOf(IcValidationError);
    const unknown = await rejectionOf(ic.addExclusionEntries(999, ['x']));
    expect(unknown).toBeInstanceOf(IcNotFoundError);
  });
});
