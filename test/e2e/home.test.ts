import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credits } from '../../commands/credits.ts';
import { home, postBudgetNotice } from '../../commands/home.ts';
import { type BatchJob, createJob } from '../../src/batch/jobs.ts';
import type { SpendRequest } from '../../src/budget/guard.ts';
import { readSettings, writeSettings } from '../../src/budget/settings.ts';
import type { ScoutDeps } from '../../src/feature.ts';
import type { EnrichFullRequest } from '../../src/ic/schemas.ts';
import { Admins } from '../../src/slack/admins.ts';
import { HOME_ACTIONS, HOME_MODALS, NOT_ADMIN_ERROR } from '../../views/home.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';
import type { SlackCall } from '../support/fake-slack.ts';
import { type Harness, startHarness } from '../support/harness.ts';

/**
 * The App Home end to end: the real Scout between the fake Slack and the API double. Publishing on
 * app_home_opened, admin-only settings modals with inline validation, re-publishing after a save,
 * and the budget notices the guard raises.
 */

const TEAM = 'T0TEST';
const ADMIN = 'U0ADMIN';
const OWNER = 'U0OWNER';
const MEMBER = 'U0ALICE';
const NOW = Date.parse('2026-11-10T12:00:00Z');

let h: Harness;
let deps: ScoutDeps;

beforeAll(async () => {
  h = await startHarness({
    features: [home, credits],
    env: { SCOUT_ADMINS: ADMIN },
    slackOptions: { slackAdmins: [OWNER] },
    clock: () => NOW,
  });
  deps = h.scout.deps;
});
afterAll(async () => {
  await h.stop();
});

/** The next call to `method` matching `predicate` after this point. */
function nextCall(
  method: string,
  predicate: (c: SlackCall) => boolean = () => true,
): () => Promise<SlackCall> {
  const seen = h.slack.callsTo(method).length;
  return () =>
    h.slack.waitFor(() => h.slack.callsTo(method).slice(seen).find(predicate), 5000, `a new ${method} call`);
}

type View = { type: string; callback_id?: string; title?: { text: string }; blocks: unknown[] };
const viewOf = (call: SlackCall) => call.args.view as View;
const publishedTo = (user: string) => (c: SlackCall) => c.args.user_id === user;
const actionIds = (view: View) =>
  [...JSON.stringify(view.blocks).matchAll(/"action_id":"([^"]+)"/g)].map((m) => m[1]);

async function openHome(user: string): Promise<View> {
  const published = nextCall('views.publish', publishedTo(user));
  const ack = await h.event({
    type: 'app_home_opened',
    user,
    channel: 'D0HOME',
    tab: 'home',
    event_ts: '1.1',
  });
  expect(ack.status).toBe(200);
  return viewOf(await published());
}

function submit(callbackId: string, user: string, values: Record<string, Record<string, unknown>>) {
  return h.submitView({ callback_id: callbackId, user_id: user, values });
}

const budgetValue = (value: string) => ({
  [HOME_MODALS.budget.blockId]: { [HOME_MODALS.budget.actionId]: { type: 'plain_text_input', value } },
});
const thresholdsValue = (value: string) => ({
  [HOME_MODALS.thresholds.blockId]: {
    [HOME_MODALS.thresholds.actionId]: { type: 'plain_text_input', value },
  },
});
const channelValue = (channel: string | null) => ({
  [HOME_MODALS.alertChannel.blockId]: {
    [HOME_MODALS.alertChannel.actionId]: { type: 'conversations_select', selected_conversation: channel },
  },
});

function enrich(team: string, handle: string): SpendRequest<unknown> {
  const params: EnrichFullRequest = { platform: 'instagram', handle };
  return {
    team,
    user: MEMBER,
    feature: 'creator',
    operation: 'enrich_full',
    params,
    summary: `@${handle}`,
    call: () => deps.ic.enrichHandleFull(params),
  };
}

describe('the Home tab', () => {
  it('is published when a member opens it: budget, account, spend, batches, settings — no admin buttons', async () => {
    await deps.guard.spend(enrich(TEAM, 'maya.moves'));
    const view = await openHome(MEMBER);
    expect(view.type).toBe('home');
    expectValidBlockKit(view, 'home');
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('Workspace budget for November 2026');
    expect(text).toContain('*Used*\\n1 credit');
    expect(text).toContain('of 500 credits');
    expect(text).toContain('credits available');
    expect(text).toContain('<@U0ALICE>: 1 credit');
    expect(text).toContain('Creator cards: 1 credit');
    expect(text).toContain('Latest batch jobs');
    expect(actionIds(view)).toEqual([HOME_ACTIONS.refresh]);
    expect(text).toContain('Only workspace admins and owners');
  });

  it('lists the latest batch jobs from the batch store, with a link to each thread', async () => {
    const job: BatchJob = {
      id: 'bch_home_1',
      batchId: 'bch_home_1',
      draftId: 'draft1',
      team: TEAM,
      channel: 'C0CSV',
      threadTs: '1700000001.000100',
      progressTs: null,
      user: MEMBER,
      fileName: 'q4 <!channel> creators.csv',
      kind: 'handle',
      mode: 'raw',
      platform: 'instagram',
      includeAudience: false,
      rows: 120,
      estimate: 3.6,
      reservation: { team: TEAM, month: '2026-11', estimate: 3.6 },
      status: 'finished',
      progress: {
        total: 120,
        processed: 120,
        found: 110,
        failed: 10,
        creditsUsed: 3.3,
        eta: null,
        message: null,
      },
      outcome: 'finished',
      pauses: 0,
      createdAt: NOW - 2 * 60 * 60 * 1000,
      updatedAt: NOW,
      finishedAt: NOW,
      report: {
        settled: true,
        pauseNotice: null,
        resultsFileId: null,
        results: null,
        resultsAttempts: 0,
        resultsGaveUp: false,
        summaryTs: null,
        failureTs: null,
      },
    };
    await createJob(deps.store, job);
    const text = JSON.stringify((await openHome(MEMBER)).blocks);
    // The file name shows once recentJobs returns it (escaped); until then "CSV batch".
    expect(text).toMatch(
      /:white_check_mark: Finished · \*(CSV batch|q4 &lt;!channel&gt; creators\.csv)\* · 120 rows · 3\.3 credits · <https:\/\/acme\.slack\.test\/archives\/C0CSV\/p1700000001000100\|thread> in <#C0CSV> · started 2 h ago/,
    );
    expect(text).not.toContain('<!channel>');
  });

  it('is not published for the Messages tab', async () => {
    const before = h.slack.callsTo('views.publish').length;
    await h.event({
      type: 'app_home_opened',
      user: MEMBER,
      channel: 'D0HOME',
      tab: 'messages',
      event_ts: '1.2',
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(h.slack.callsTo('views.publish')).toHaveLength(before);
  });

  it('shows admins (SCOUT_ADMINS and Slack owners) the settings buttons; Refresh re-publishes', async () => {
    // The budget settings come first; other features' settings (brand-safety lists, link unfurls,
    // digest) follow.
    const ids = actionIds(await openHome(ADMIN));
    expect(ids.slice(0, 4)).toEqual([
      HOME_ACTIONS.refresh,
      HOME_ACTIONS.setBudget,
      HOME_ACTIONS.setAlertChannel,
      HOME_ACTIONS.setThresholds,
    ]);
    expect(ids).toContain('brandsafety_edit_lists');
    expect(actionIds(await openHome(OWNER))).toContain(HOME_ACTIONS.setBudget);
    const published = nextCall('views.publish', publishedTo(MEMBER));
    await h.action({ action_id: HOME_ACTIONS.refresh, user_id: MEMBER, response_url: null });
    expectValidBlockKit(viewOf(await published()), 'home');
  });
});

describe('budget settings', () => {
  it('opens the budget modal for an admin and an "admins only" note for anyone else', async () => {
    const opened = nextCall('views.open');
    await h.action({ action_id: HOME_ACTIONS.setBudget, user_id: ADMIN, response_url: null });
    const modal = viewOf(await opened());
    expect(modal.callback_id).toBe(HOME_MODALS.budget.callbackId);
    expectValidBlockKit(modal, 'modal');

    const refused = nextCall('views.open');
    await h.action({ action_id: HOME_ACTIONS.setBudget, user_id: MEMBER, response_url: null });
    const note = viewOf(await refused());
    expect(note.title?.text).toBe('Admins only');
    expect(note.callback_id).toBeUndefined();
    expect(JSON.stringify(note.blocks)).toContain('Ask <@U0ADMIN>');
  });

  it('validates the budget inline and saves a good one, then re-publishes Home with it', async () => {
    const bad = await submit(HOME_MODALS.budget.callbackId, ADMIN, budgetValue('-5'));
    expect(bad.json).toEqual({
      response_action: 'errors',
      errors: { [HOME_MODALS.budget.blockId]: expect.stringMatching(/not a number of credits/) },
    });
    expect((await deps.guard.status(TEAM)).limit).toBe(500);

    const published = nextCall('views.publish', publishedTo(ADMIN));
    const good = await submit(HOME_MODALS.budget.callbackId, ADMIN, budgetValue('1,000'));
    expect(good.status).toBe(200);
    expect(good.json).toBeNull();
    expect((await deps.guard.status(TEAM)).limit).toBe(1000);
    const view = viewOf(await published());
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('Saved: the monthly budget is now *1000 credits*');
    expect(text).toContain('set by <@U0ADMIN>');
    expect(await readSettings(deps.store, TEAM)).toMatchObject({
      budget: 1000,
      budgetSetBy: ADMIN,
      budgetSetAt: NOW,
    });
  });

  it('refuses a non-admin who submits anyway, clearly, and changes nothing', async () => {
    const before = await readSettings(deps.store, TEAM);
    const refused = await submit(HOME_MODALS.budget.callbackId, MEMBER, budgetValue('100000'));
    expect(refused.json).toEqual({
      response_action: 'errors',
      errors: { [HOME_MODALS.budget.blockId]: NOT_ADMIN_ERROR },
    });
    const refusedThresholds = await submit(HOME_MODALS.thresholds.callbackId, MEMBER, thresholdsValue('10'));
    expect(refusedThresholds.json).toMatchObject({ response_action: 'errors' });
    expect(await readSettings(deps.store, TEAM)).toEqual(before);
    expect(h.logs.join('')).toMatch(/a non-admin submitted a budget setting; refused/);
  });

  it('validates thresholds inline and saves them for a Slack owner', async () => {
    const bad = await submit(HOME_MODALS.thresholds.callbackId, OWNER, thresholdsValue('100, 80'));
    expect(bad.json).toMatchObject({
      response_action: 'errors',
      errors: { [HOME_MODALS.thresholds.blockId]: expect.stringMatching(/ascending/) },
    });
    const published = nextCall('views.publish', publishedTo(OWNER));
    const good = await submit(HOME_MODALS.thresholds.callbackId, OWNER, thresholdsValue('50, 90'));
    expect(good.status).toBe(200);
    expect((await readSettings(deps.store, TEAM)).thresholds).toEqual([50, 90]);
    expect(JSON.stringify(viewOf(await published()).blocks)).toContain('50%, 90%');
  });

  it('sets the alert channel (posting there to confirm), warns when Scout cannot post, and clears it', async () => {
    const confirmed = nextCall('chat.postMessage', (c) => c.args.channel === 'C0ALERTS');
    const saved = nextCall('views.publish', publishedTo(ADMIN));
    expect((await submit(HOME_MODALS.alertChannel.callbackId, ADMIN, channelValue('C0ALERTS'))).status).toBe(
      200,
    );
    expect(String((await confirmed()).args.text)).toContain('budget notices here (set by <@U0ADMIN>)');
    expect(JSON.stringify(viewOf(await saved()).blocks)).toContain('Saved: budget notices go to <#C0ALERTS>');
    expect((await readSettings(deps.store, TEAM)).alertChannel).toBe('C0ALERTS');

    h.slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    const warned = nextCall('views.publish', publishedTo(ADMIN));
    await submit(HOME_MODALS.alertChannel.callbackId, ADMIN, channelValue('G0PRIVATE'));
    expect(JSON.stringify(viewOf(await warned()).blocks)).toContain('could not post in <#G0PRIVATE>');

    const dm = await submit(HOME_MODALS.alertChannel.callbackId, ADMIN, channelValue('D0SOMEONE'));
    expect((await readSettings(deps.store, TEAM)).alertChannel).toBe('G0PRIVATE');
    expect(dm.json).toMatchObject({ response_action: 'errors' });

    const cleared = nextCall('views.publish', publishedTo(ADMIN));
    await submit(HOME_MODALS.alertChannel.callbackId, ADMIN, channelValue(null));
    expect(JSON.stringify(viewOf(await cleared()).blocks)).toContain(
      'sent by DM to the Scout admins (<@U0ADMIN>)',
    );
    expect((await readSettings(deps.store, TEAM)).alertChannel).toBeUndefined();
  });
});

describe('budget notices', () => {
  it('posts 80 % and 100 % once each in the alert channel', async () => {
    const team = 'T0NOTICE';
    await writeSettings(deps.store, team, { budget: 10, alertChannel: 'C0BUDGET' });
    const notices = () => h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0BUDGET');
    for (let i = 0; i < 8; i++) await deps.guard.spend(enrich(team, `n${i}`));
    await deps.guard.flush();
    expect(notices()).toHaveLength(1);
    const eighty = notices()[0]?.args ?? {};
    expect(String(eighty.text)).toContain(
      'Scout has used 80% of the credit budget for November 2026: 8 of 10 credits.',
    );
    expectValidBlockKit(eighty as never, 'message');
    for (let i = 8; i < 12; i++) await deps.guard.spend(enrich(team, `n${i}`)).catch(() => undefined);
    await deps.guard.flush();
    expect(notices()).toHaveLength(2);
    expect(String(notices()[1]?.args.text)).toContain(
      "Scout's credit budget for November 2026 is used up: 10 of 10 credits.",
    );
  });

  it('DMs the Scout admins when no alert channel is set, or when posting there fails', async () => {
    const dmOpened = nextCall('conversations.open', (c) => c.args.users === ADMIN);
    const dmPosted = nextCall('chat.postMessage', (c) => String(c.args.channel).startsWith('D'));
    await writeSettings(deps.store, 'T0DM', { budget: 1 });
    await deps.guard.spend(enrich('T0DM', 'dm1'));
    await deps.guard.flush();
    await dmOpened();
    expect(String((await dmPosted()).args.text)).toContain('is used up');

    await writeSettings(deps.store, 'T0GONE', { budget: 1, alertChannel: 'C0ARCHIVED' });
    h.slack.failNext('chat.postMessage', { error: 'is_archived' });
    const fallback = nextCall('chat.postMessage', (c) => String(c.args.channel).startsWith('D'));
    await deps.guard.spend(enrich('T0GONE', 'gone1'));
    await deps.guard.flush();
    await fallback();
  });

  it('logs a warning when there is nobody to tell', async () => {
    const before = h.slack.callsTo('chat.postMessage').length;
    await postBudgetNotice(
      { team: 'T0NOBODY', month: '2026-11', threshold: 80, status: await deps.guard.status('T0NOBODY') },
      h.scout.app.client,
      { ...deps, admins: new Admins({ scoutAdmins: [], store: deps.store }) },
    );
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(before);
    expect(h.logs.join('')).toMatch(
      /budget notice not sent: no alert channel is set and SCOUT_ADMINS is empty/,
    );
  });
});
