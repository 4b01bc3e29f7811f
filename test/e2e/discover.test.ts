import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discover } from '../../commands/discover/index.ts';
import { share } from '../../commands/share.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';
import type { Harness } from '../support/harness.ts';
import { startHarness } from '../support/harness.ts';

type Json = Record<string, unknown>;
interface View {
  callback_id: string;
  private_metadata: string;
  blocks: Json[];
  title: Json;
  submit: Json;
  close: Json;
}

const DISCOVERY = '/public/v1/discovery/';
const TEAM = 'T0TEST';

const option = (value: string, label = value) => ({
  text: { type: 'plain_text' as const, text: label },
  value,
});

function blockById(view: { blocks: Json[] }, id: string): Json | undefined {
  return view.blocks.find((b) => b.block_id === id);
}

function elementOf(view: { blocks: Json[] }, id: string): Json {
  return (blockById(view, id)?.element ?? {}) as Json;
}

function buttonsOf(blocks: Json[]): Json[] {
  return blocks.flatMap((b) => [
    ...(b.type === 'actions' ? (b.elements as Json[]) : []),
    ...(b.accessory ? [b.accessory as Json] : []),
  ]);
}

describe('/discover end to end (signed requests, fake Slack, API double)', () => {
  let h: Harness;
  const discoveryRequests = () => h.api.requests.filter((r) => r.path === DISCOVERY);

  beforeAll(async () => {
    h = await startHarness({ features: [share, discover] });
  });
  afterAll(async () => {
    await h.stop();
  });

  /** `/discover <text>`: the modal Slack was asked to open, and the command's response_url id. */
  async function openModal(text: string): Promise<{ view: View; responseId: string }> {
    const trigger = `trigger-${Math.random()}`;
    const { ack, responseId } = await h.command('/discover', text, { trigger_id: trigger });
    expect(ack.status).toBe(200);
    const call = await h.slack.waitForCall('views.open', (c) => c.args.trigger_id === trigger);
    return { view: call.args.view as View, responseId };
  }

  /** Submit the search modal with `values`; the modal's own metadata unless given. */
  function submitSearch(privateMetadata: string, values: Record<string, Record<string, Json>>) {
    return h.submitView({ callback_id: 'discover_search', private_metadata: privateMetadata, values });
  }

  const aiSearch = (text: string) => ({
    ai_search: { discover_ai_search: { type: 'plain_text_input', value: text } },
  });

  it('opens the modal at once, with the command text as the semantic search', async () => {
    const { view } = await openModal('vegan recipes');
    expect(view.callback_id).toBe('discover_search');
    expect(elementOf(view, 'ai_search')).toMatchObject({
      type: 'plain_text_input',
      initial_value: 'vegan recipes',
    });
    expect(elementOf(view, 'platform')).toMatchObject({ initial_option: { value: 'instagram' } });
    expect(JSON.stringify(view.blocks)).toContain('caps discovery at 10 %');
    expect(JSON.parse(view.private_metadata)).toMatchObject({ c: 'C0CHANNEL', p: 'instagram' });
    expectValidBlockKit(view, 'modal');
    // opening the modal spends nothing
    expect(discoveryRequests()).toHaveLength(0);
  });

  it('answers /discover help without a modal', async () => {
    const { ack } = await h.command('/discover', 'help');
    expect(ack.json).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('/discover'),
    });
  });

  it('rebuilds the modal for another platform, keeping the values that still apply', async () => {
    const { view } = await openModal('vegan recipes');
    const { ack } = await h.action({
      action_id: 'discover_platform',
      block_id: 'platform',
      type: 'static_select',
      selected_option: option('youtube', 'YouTube'),
      response_url: null,
      view: {
        id: 'VSWITCH',
        hash: 'hash-42',
        type: 'modal',
        callback_id: 'discover_search',
        private_metadata: view.private_metadata,
        state: {
          values: {
            ...aiSearch('vegan recipes'),
            platform: { discover_platform: { type: 'static_select', selected_option: option('youtube') } },
            followers_min: { discover_followers_min: { type: 'number_input', value: '1000' } },
            public_only: {},
            profile_flags: {
              discover_profile_flags: {
                type: 'checkboxes',
                selected_options: [
                  option('verified', 'Verified'),
                  option('public_only', 'Public profiles only'),
                ],
              },
            },
            reels_views_min: { discover_reels_views_min: { type: 'number_input', value: '5000' } },
          },
        },
      },
    });
    expect(ack.status).toBe(200);
    const call = await h.slack.waitForCall('views.update', (c) => c.args.view_id === 'VSWITCH');
    expect(call.args.hash).toBe('hash-42');
    const updated = call.args.view as View;
    expectValidBlockKit(updated, 'modal');
    expect(elementOf(updated, 'platform')).toMatchObject({ initial_option: { value: 'youtube' } });
    expect(elementOf(updated, 'ai_search')).toMatchObject({ initial_value: 'vegan recipes' });
    // followers become subscribers on YouTube, with the value kept
    expect(blockById(updated, 'followers_min')).toMatchObject({
      label: { text: 'Subscribers: at least' },
      element: { initial_value: '1000' },
    });
    // YouTube's own filters appear; Instagram's go
    expect(blockById(updated, 'topics')).toBeDefined();
    expect(blockById(updated, 'reels_views_min')).toBeUndefined();
    expect(blockById(updated, 'audience_location')).toBeUndefined();
    const flags = elementOf(updated, 'profile_flags').initial_options as Json[];
    expect(flags.map((o) => o.value)).toEqual(['verified']);
    expect(JSON.parse(updated.private_metadata)).toMatchObject({ p: 'youtube' });
  });

  it('types ahead from the dictionaries: ≤ 100 matching options, each list fetched once', async () => {
    const { view } = await openModal('vegan recipes');
    const modalView = {
      id: 'VTYPE',
      type: 'modal',
      callback_id: 'discover_search',
      private_metadata: view.private_metadata,
      state: { values: {} },
    };
    const suggest = async (filter: string, value: string) => {
      const response = await h.suggest({
        action_id: `discover_dict_${filter}`,
        block_id: filter,
        value,
        view: modalView,
      });
      expect(response.status).toBe(200);
      return (response.json as { options: { text: { text: string }; value: string }[] }).options;
    };
    const french = await suggest('language', 'fr');
    expect(french[0]).toMatchObject({ text: { text: 'French (fr)' }, value: 'fr' });
    for (const o of french) expect(`${o.text.text} ${o.value}`.toLowerCase()).toContain('fr');
    await suggest('language', 'germ');
    const brands = await suggest('brands', 'e');
    expect(brands).toHaveLength(100);
    const lisbon = await suggest('location', 'lisb');
    expect(lisbon.map((o) => o.value)).toContain('Lisbon, Portugal');
    const interests = await suggest('audience_interests', 'fit');
    expect(interests.map((o) => o.value)).toContain('fitness & yoga');

    const paths = h.api.requests.map((r) => r.path);
    const count = (p: string) => paths.filter((x) => x === p).length;
    expect(count('/public/v1/discovery/classifier/languages/')).toBe(1);
    expect(count('/public/v1/discovery/classifier/brands/')).toBe(1);
    expect(count('/public/v1/discovery/classifier/locations/instagram/')).toBe(1);
    expect(count('/public/v1/discovery/classifier/audience-interests/')).toBe(1);
  });

  it.each([
    [
      'a minimum above the maximum',
      {
        ...aiSearch('vegan recipes'),
        followers_min: { discover_followers_min: { type: 'number_input', value: '50000' } },
        followers_max: { discover_followers_max: { type: 'number_input', value: '1000' } },
      },
      ['followers_max'],
    ],
    ['a semantic search too short', aiSearch('hi'), ['ai_search']],
    [
      'nothing chosen',
      {
        ...aiSearch(''),
        gender: { discover_gender: { type: 'static_select', selected_option: option('any') } },
      },
      ['ai_search'],
    ],
  ] as const)('refuses %s inline, calling nothing', async (_what, values, blocks) => {
    const { view } = await openModal('');
    const before = { requests: discoveryRequests().length, used: h.api.ledger.used };
    const response = await submitSearch(
      view.private_metadata,
      values as Record<string, Record<string, Json>>,
    );
    expect(response.status).toBe(200);
    const json = response.json as { response_action: string; errors: Record<string, string> };
    expect(json.response_action).toBe('errors');
    expect(Object.keys(json.errors)).toEqual(blocks);
    await new Promise((r) => setTimeout(r, 50));
    expect(discoveryRequests()).toHaveLength(before.requests);
    expect(h.api.ledger.used).toBe(before.used);
  });

  describe('a search, its pages and its export', () => {
    let results: { blocks: Json[]; text: string };
    let page2: { blocks: Json[] };
    let spentBefore: number;

    it('posts results where /discover was typed: total, 10 creators, Enrich buttons, cost', async () => {
      const { view, responseId } = await openModal('vegan recipes');
      spentBefore = (await h.scout.deps.guard.status(TEAM)).spent;
      const usedBefore = h.api.ledger.used;
      const response = await submitSearch(view.private_metadata, {
        ...aiSearch('vegan recipes'),
        followers_min: { discover_followers_min: { type: 'number_input', value: '1000' } },
      });
      expect(response.status).toBe(200);
      expect(response.text).toBe('');
      const posted = await h.slack.waitForResponse(responseId);
      expect(posted.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      results = posted.body as unknown as typeof results;
      expectValidBlockKit(results, 'message');

      expect(discoveryRequests().at(-1)?.body).toEqual({
        platform: 'instagram',
        paging: { limit: 10, page: 0 },
        sort: { sort_by: 'relevancy', sort_order: 'desc' },
        filters: { ai_search: 'vegan recipes', number_of_followers: { min: 1000 } },
      });
      const text = JSON.stringify(results.blocks);
      expect(text).toMatch(/\*[\d,]+ Instagram creators\* match · page 1 of/);
      expect(text).toContain('This page cost 0.1 credits (0.01 per creator returned)');
      const buttons = buttonsOf(results.blocks);
      expect(buttons.filter((b) => b.action_id === 'creator_open')).toHaveLength(10);
      expect(JSON.parse(String(buttons.find((b) => b.action_id === 'creator_open')?.value))).toMatchObject({
        platform: 'instagram',
        handle: expect.any(String),
      });
      expect(buttons.map((b) => b.action_id)).toEqual(
        expect.arrayContaining(['discover_next', 'discover_export', 'scout_share']),
      );
      expect(h.api.ledger.used).toBeCloseTo(usedBefore + 0.1, 6);
      expect((await h.scout.deps.guard.status(TEAM)).spent).toBeCloseTo(spentBefore + 0.1, 6);
    });

    it('Next fetches the next page of the saved search; Previous comes back from the cache for free', async () => {
      const next = buttonsOf(results.blocks).find((b) => b.action_id === 'discover_next');
      const { responseId } = await h.action({ action_id: 'discover_next', value: String(next?.value) });
      const posted = await h.slack.waitForResponse(responseId ?? '');
      expect(posted.body).toMatchObject({ replace_original: true });
      page2 = posted.body as unknown as typeof page2;
      expect(JSON.stringify(page2.blocks)).toContain('page 2 of');
      expect(discoveryRequests().at(-1)?.body).toMatchObject({ paging: { limit: 10, page: 1 } });

      const requests = discoveryRequests().length;
      const used = h.api.ledger.used;
      const previous = buttonsOf(page2.blocks).find((b) => b.action_id === 'discover_prev');
      const back = await h.action({ action_id: 'discover_prev', value: String(previous?.value) });
      const again = await h.slack.waitForResponse(back.responseId ?? '');
      const text = JSON.stringify(again.body.blocks);
      expect(text).toContain('page 1 of');
      expect(text).toContain('nothing was charged');
      expect(discoveryRequests()).toHaveLength(requests);
      expect(h.api.ledger.used).toBe(used);
    });

    it('exports: shows the estimate, then fetches pages of 50 and uploads one CSV into a thread', async () => {
      const exportButton = buttonsOf(results.blocks).find((b) => b.action_id === 'discover_export');
      const trigger = `trigger-export-${Math.random()}`;
      await h.action({
        action_id: 'discover_export',
        value: String(exportButton?.value),
        trigger_id: trigger,
      });
      const opened = await h.slack.waitForCall('views.open', (c) => c.args.trigger_id === trigger);
      const modal = opened.args.view as View;
      expectValidBlockKit(modal, 'modal');
      const options = elementOf(modal, 'count').options as { text: { text: string }; value: string }[];
      expect(options.find((o) => o.value === '100')?.text.text).toBe('100 creators · about 1 credit');
      expect(JSON.stringify(modal.blocks)).toContain('0.01 credits per creator returned');

      const requests = discoveryRequests().length;
      const used = h.api.ledger.used;
      const spent = (await h.scout.deps.guard.status(TEAM)).spent;
      const response = await h.submitView({
        callback_id: 'discover_export_confirm',
        private_metadata: modal.private_metadata,
        values: {
          count: { discover_export_count: { type: 'static_select', selected_option: option('100') } },
        },
      });
      expect(response.status).toBe(200);
      const complete = await h.slack.waitForCall('files.completeUploadExternal');

      const parent = h.slack
        .callsTo('chat.postMessage')
        .find((c) => String(c.args.text).includes('Discovery export'));
      expect(parent?.args.channel).toBe('C0CHANNEL');
      expect(String(parent?.args.text)).toContain('vegan recipes');
      expect(complete.args).toMatchObject({ channel_id: 'C0CHANNEL' });
      expect(String(complete.args.initial_comment)).toContain('100 creators. 1 credit spent.');
      const postedTs = (await h.slack.waitFor(() => h.slack.callsTo('chat.update')[0])).args.ts;
      expect(complete.args.thread_ts).toBe(postedTs);

      const fetched = discoveryRequests()
        .slice(requests)
        .map((r) => (r.body as Json).paging);
      expect(fetched).toEqual([
        { limit: 50, page: 0 },
        { limit: 50, page: 1 },
      ]);
      const file = [...h.slack.uploads.values()].find((u) => u.filename.endsWith('.csv'));
      expect(file?.filename).toMatch(/^scout-discovery-instagram-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = file?.content ?? Buffer.alloc(0);
      expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const rows = parse(csv.subarray(3).toString('utf8'), { columns: true }) as Record<string, string>[];
      expect(rows).toHaveLength(100);
      expect(rows[0]).toMatchObject({ rank: '1', platform: 'instagram' });
      expect(Number(rows[0]?.followers)).toBeGreaterThanOrEqual(1000);
      expect(rows[0]?.['profile URL']).toMatch(/^https:\/\/www\.instagram\.com\//);
      // no cell a spreadsheet would run as a formula
      for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

      expect(h.api.ledger.used).toBeCloseTo(used + 1, 6);
      expect((await h.scout.deps.guard.status(TEAM)).spent).toBeCloseTo(spent + 1, 6);
      const [entry] = await h.scout.deps.guard.recentSpend(TEAM);
      expect(entry).toMatchObject({ feature: 'export', operation: 'discovery', actual: 1 });
    });

    it('uploads what it has when a page fails midway, settling only what was spent', async () => {
      const exportButton = buttonsOf(results.blocks).find((b) => b.action_id === 'discover_export');
      const trigger = `trigger-export-${Math.random()}`;
      await h.action({
        action_id: 'discover_export',
        value: String(exportButton?.value),
        trigger_id: trigger,
      });
      const modal = (await h.slack.waitForCall('views.open', (c) => c.args.trigger_id === trigger)).args
        .view as View;

      // The second page (page 1) answers 500 — decided when its request arrives, so no timing involved.
      const requests = h.api.requests;
      requests.push = (...items) => {
        for (const r of items) {
          const paging = (r.body as { paging?: { limit?: number; page?: number } } | null)?.paging;
          if (r.path === DISCOVERY && paging?.limit === 50 && paging.page === 1)
            h.api.failNext(DISCOVERY, 500);
        }
        return Array.prototype.push.apply(requests, items);
      };
      const used = h.api.ledger.used;
      const spent = (await h.scout.deps.guard.status(TEAM)).spent;
      const uploadsBefore = h.slack.callsTo('files.completeUploadExternal').length;
      try {
        await h.submitView({
          callback_id: 'discover_export_confirm',
          private_metadata: modal.private_metadata,
          values: {
            count: { discover_export_count: { type: 'static_select', selected_option: option('250') } },
          },
        });
        await h.slack.waitFor(() => h.slack.callsTo('files.completeUploadExternal').length > uploadsBefore);
      } finally {
        Reflect.deleteProperty(requests, 'push');
      }
      const complete = h.slack.callsTo('files.completeUploadExternal').at(-1);
      expect(String(complete?.args.initial_comment)).toMatch(/^:warning: Stopped after 50 of 250 creators\./);
      expect(String(complete?.args.initial_comment)).toContain('0.5 credits spent');
      const uploaded = h.slack.uploads.get(String(((complete?.args.files ?? []) as { id: string }[])[0]?.id));
      const rows = parse((uploaded?.content ?? Buffer.alloc(0)).subarray(3).toString('utf8'), {
        columns: true,
      });
      expect(rows).toHaveLength(50);
      expect(h.api.ledger.used).toBeCloseTo(used + 0.5, 6);
      expect((await h.scout.deps.guard.status(TEAM)).spent).toBeCloseTo(spent + 0.5, 6);
      expect((await h.scout.deps.guard.status(TEAM)).reserved).toBe(0);
      const update = await h.slack.waitFor(() =>
        h.slack.callsTo('chat.update').find((c) => String(c.args.text).includes('stopped early')),
      );
      expect(String(update.args.text)).toContain('50 creators, 0.5 credits');
    });

    it('says clearly when Scout is not in the channel, and charges nothing', async () => {
      const exportButton = buttonsOf(results.blocks).find((b) => b.action_id === 'discover_export');
      const trigger = `trigger-export-${Math.random()}`;
      const { responseId } = await h.action({
        action_id: 'discover_export',
        value: String(exportButton?.value),
        trigger_id: trigger,
      });
      const modal = (await h.slack.waitForCall('views.open', (c) => c.args.trigger_id === trigger)).args
        .view as View;
      h.slack.failNext('chat.postMessage', { error: 'not_in_channel' });
      const requests = discoveryRequests().length;
      const status = await h.scout.deps.guard.status(TEAM);
      await h.submitView({
        callback_id: 'discover_export_confirm',
        private_metadata: modal.private_metadata,
        values: {
          count: { discover_export_count: { type: 'static_select', selected_option: option('50') } },
        },
      });
      // told through the Export button's own response_url
      const told = await h.slack.waitForResponse(responseId ?? '');
      expect(told.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(String(told.body.text)).toMatch(
        /not a member of this channel.*\/invite @Scout.*Nothing was charged/s,
      );
      expect(discoveryRequests()).toHaveLength(requests);
      expect(await h.scout.deps.guard.status(TEAM)).toMatchObject({
        committed: status.committed,
        spent: status.spent,
      });
    });
  });
});
