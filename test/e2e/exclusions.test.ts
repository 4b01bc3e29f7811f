import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InfluencersClubClient } from '../../src/ic/client.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import type { Json } from './creator-helpers.ts';
import { addFromCard, createList, listId, moveStatus, waitForUpdate } from './shortlist-helpers.ts';

/**
 * Never contact twice, end to end: a contacted creator lands in the workspace's exclusion list in
 * the API double (created on first use), discovery and similar send it as exclude_handles, and a
 * failing sync neither blocks the user nor gets lost (retried, also across a restart).
 */

const SIMILAR = '/public/v1/discovery/creators/similar/';
const DISCOVERY = '/public/v1/discovery/';
const dir = mkdtempSync(join(tmpdir(), 'scout-exclusions-'));
const storeUrl = `sqlite://${join(dir, 'scout.sqlite')}`;
const start = (extra: Partial<Parameters<typeof startHarness>[0]> = {}) =>
  startHarness({ storeUrl, storeNamespace: 'exclusions', ...extra });
let h: Harness;
let list = '';

beforeAll(async () => {
  h = await start();
  await createList(h, 'Outreach');
  list = await listId(h, 'Outreach');
});
afterAll(async () => {
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The handles in the workspace's Instagram exclusion list, read from the double with Scout's client. */
async function excludedInApi(ic: InfluencersClubClient): Promise<string[]> {
  const found = (await ic.exclusionLists()).find(
    (l) => l.name === 'Scout acme (T0TEST)' && l.platform === 'instagram',
  );
  return found?.id ? (await ic.exclusionEntries(found.id)).handles : [];
}

async function waitForExcluded(handle: string, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await excludedInApi(h.scout.deps.ic)).includes(handle)) {
    if (Date.now() > deadline) throw new Error(`${handle} never reached the exclusion list`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('never contact twice', () => {
  it('a contacted creator goes to the exclusion list, created on first use and named after the workspace (its Slack domain)', async () => {
    await addFromCard(h, 'maya.moves', list);
    expect(await excludedInApi(h.scout.deps.ic)).toEqual([]);
    await moveStatus(h, list, 'maya.moves', 'contacted');
    await waitForExcluded('maya.moves');
    const creates = h.api.requests.filter(
      (r) => r.method === 'POST' && r.path === '/public/v1/discovery/exclusion-lists/',
    );
    expect(creates).toHaveLength(1);
    expect(creates[0]?.body).toEqual({ name: 'Scout acme (T0TEST)', platform: 'instagram' });
  });

  it('similar and discovery send the excluded handles as exclude_handles', async () => {
    const { responseId } = await h.command('/similar', 'lena.longform');
    await h.slack.waitForResponse(responseId);
    const similar = h.api.requests.filter((r) => r.path === SIMILAR).at(-1)?.body as Json;
    expect(similar).toMatchObject({ filters: { exclude_handles: ['maya.moves'] } });

    const trigger = `trigger-${Math.random()}`;
    await h.command('/discover', 'fitness coaches', { trigger_id: trigger });
    const open = await h.slack.waitForCall('views.open', (c) => c.args.trigger_id === trigger);
    const view = open.args.view as { private_metadata: string };
    await h.submitView({
      callback_id: 'discover_search',
      private_metadata: view.private_metadata,
      values: { ai_search: { discover_ai_search: { type: 'plain_text_input', value: 'fitness coaches' } } },
    });
    const discovery = await h.slack.waitFor(() => h.api.requests.find((r) => r.path === DISCOVERY));
    expect(discovery.body).toMatchObject({ filters: { exclude_handles: ['maya.moves'] } });
    // another workspace excludes nothing of this one's
    const other = await h.command('/similar', 'lena.longform', { team_id: 'T0OTHER' });
    await h.slack.waitForResponse(other.responseId);
    expect(h.api.requests.filter((r) => r.path === SIMILAR).at(-1)?.body).not.toHaveProperty('filters');
  });

  it('a failing sync does not block the status change, and is retried until it lands', async () => {
    await addFromCard(h, 'lena.longform', list);
    h.api.failNext('/public/v1/discovery/exclusion-lists/*', 500, 3);
    await moveStatus(h, list, 'lena.longform', 'rejected');
    // the user sees the change at once, whatever the sync does
    await waitForUpdate(h, 'rejected by <@U0BEN>');
    await h.slack.waitFor(
      () => h.logs.some((l) => l.includes('exclusion sync failed; will retry')),
      5000,
      'a failed sync',
    );
    expect(await excludedInApi(h.scout.deps.ic)).not.toContain('lena.longform');
    await waitForExcluded('lena.longform');
  });

  it('a sync still pending at shutdown is done after the restart', async () => {
    await addFromCard(h, 'markup.mallory', list);
    h.api.failNext('/public/v1/discovery/exclusion-lists/*', 500, 3);
    const failures = h.logs.filter((l) => l.includes('exclusion sync failed; will retry')).length;
    await moveStatus(h, list, 'markup.mallory', 'contacted');
    await h.slack.waitFor(
      () => h.logs.filter((l) => l.includes('exclusion sync failed; will retry')).length > failures,
      5000,
      'a failed sync',
    );
    // App Home says what is waiting and why
    const before = h.slack.callsTo('views.publish').length;
    await h.event({
      type: 'app_home_opened',
      user: 'U0ANA',
      channel: 'D0HOME',
      tab: 'home',
      event_ts: '1.1',
    });
    const home = await h.slack.waitFor(() => h.slack.callsTo('views.publish')[before]);
    const homeText = JSON.stringify(home.args.view);
    expect(homeText).toContain('Never contact twice: 3 creators contacted (Instagram 3)');
    expect(homeText).toContain('1 handle waiting to reach Influencers Club; retrying after');
    await h.stop({ keepStore: true, keepApi: true, keepSlack: true });
    expect(await excludedInApi(h.scout.deps.ic)).not.toContain('markup.mallory');
    h = await start({ api: h.api, slack: h.slack });
    await waitForExcluded('markup.mallory');
  });
});
