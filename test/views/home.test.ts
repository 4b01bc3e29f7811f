import { describe, expect, it } from 'vitest';
import type { BudgetStatus, SpendEntry } from '../../src/budget/guard.ts';
import { budgetNotice } from '../../views/budget-notice.ts';
import { creditsHelp, creditsMessage, monthLabel } from '../../views/credits.ts';
import {
  alertChannelModal,
  budgetModal,
  HOME_ACTIONS,
  type HomeInput,
  type HomeJob,
  homeView,
  notAdminModal,
  threadLink,
  thresholdsModal,
} from '../../views/home.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const HOUR = 60 * 60 * 1000;

function status(overrides: Partial<BudgetStatus> = {}): BudgetStatus {
  return {
    month: '2026-11',
    limit: 500,
    committed: 212.5,
    spent: 200,
    reserved: 12.5,
    remaining: 287.5,
    fraction: 0.425,
    ...overrides,
  };
}

const HOSTILE = 'Ping <!channel> <@U123> *bold* `code` <https://evil.test|click> & more';

function input(overrides: Partial<HomeInput> = {}): HomeInput {
  return {
    now: NOW,
    status: status(),
    budgetSetBy: { user: 'U0ADMIN', at: NOW - 3 * 24 * HOUR },
    account: { creditsAvailable: 987.44, creditsUsed: 12.56, fetchedAt: NOW - 30_000 },
    byUser: { U0ALICE: 120, U0BOB: 80 },
    byFeature: { creator: 150, similar: 50 },
    recentSpend: [],
    jobs: [],
    workspaceUrl: 'https://acme.slack.com/',
    alertChannel: 'C0ALERTS',
    thresholds: [80, 100],
    viewer: { isAdmin: true },
    adminIds: ['U0ADMIN'],
    ...overrides,
  };
}

function textOf(view: { blocks: unknown[] }): string {
  return JSON.stringify(view.blocks);
}

function actionIds(view: { blocks: unknown[] }): string[] {
  return [...textOf(view).matchAll(/"action_id":"([^"]+)"/g)].map((m) => m[1] ?? '');
}

describe('the Home tab', () => {
  it('shows the budget with a bar, the account, spend by person and feature, and settings', () => {
    const view = homeView(input());
    expectValidBlockKit(view, 'home');
    expect(view.type).toBe('home');
    const text = textOf(view);
    expect(text).toContain('Workspace budget for November 2026');
    expect(text).toMatch(/▓{9}░{11}` 43% of 500 credits/);
    expect(text).toContain('*Used*\\n200 credits');
    expect(text).toContain('*Left*\\n287.5 credits');
    expect(text).toContain('*Reserved for running batches*\\n12.5 credits');
    expect(text).toContain('987.44 credits available');
    expect(text).toMatch(/<@U0ALICE>: 120 credits\\n• <@U0BOB>: 80 credits/);
    expect(text).toContain('Creator cards: 150 credits');
    expect(text).toContain('Lookalikes: 50 credits');
    expect(text).toContain('posted in <#C0ALERTS>');
    expect(text).toContain('80%, 100%');
    expect(text).toContain('set by <@U0ADMIN> 3 d ago');
  });

  it('gives admins the settings buttons and everyone else a note saying whom to ask', () => {
    const admin = homeView(input());
    expect(actionIds(admin)).toEqual([
      HOME_ACTIONS.refresh,
      HOME_ACTIONS.setBudget,
      HOME_ACTIONS.setAlertChannel,
      HOME_ACTIONS.setThresholds,
    ]);
    const member = homeView(input({ viewer: { isAdmin: false } }));
    expectValidBlockKit(member, 'home');
    expect(actionIds(member)).toEqual([HOME_ACTIONS.refresh]);
    expect(textOf(member)).toContain(
      'Only workspace admins and owners (and the Scout admins) can change these. Ask <@U0ADMIN>',
    );
  });

  it('lists the latest jobs with status, rows, credits and a link to their thread', () => {
    const jobs: HomeJob[] = [
      {
        id: 'j1',
        status: 'finished',
        channel: 'C0CSV',
        threadTs: '1700000001.000100',
        createdAt: NOW - 2 * HOUR,
        rows: 500,
        creditsUsed: 310,
        fileName: 'creators.csv',
      },
      {
        id: 'j2',
        status: 'paused_insufficient_credits',
        channel: 'C0CSV',
        threadTs: null,
        createdAt: NOW - HOUR,
        rows: 1,
        creditsUsed: null,
      },
    ];
    const view = homeView(input({ jobs }));
    expectValidBlockKit(view, 'home');
    const text = textOf(view);
    // Newest first.
    expect(text.indexOf('Paused (out of credits)')).toBeLessThan(text.indexOf('Finished'));
    expect(text).toContain(
      ':white_check_mark: Finished · *creators.csv* · 500 rows · 310 credits · <https://acme.slack.com/archives/C0CSV/p1700000001000100|thread> in <#C0CSV> · started 2 h ago',
    );
    expect(text).toContain('*CSV batch* · 1 row · — credits · in <#C0CSV> · started 1 h ago');
  });

  it('survives the worst case: hostile text, many people, many jobs, missing data, within Block Kit limits', () => {
    const byUser = Object.fromEntries(
      Array.from({ length: 60 }, (_, i) => [`U${String(i).padStart(8, '0')}`, 100 - i]),
    );
    const recentSpend: SpendEntry[] = Array.from({ length: 20 }, (_, i) => ({
      at: NOW - i * HOUR,
      team: 'T0',
      user: i % 2 ? 'U0ALICE' : 'not-a-user <!here>',
      feature: i % 3 ? 'creator' : ('mystery_<feature>' as never),
      operation: 'enrich_full',
      summary: `${HOSTILE} ${'x'.repeat(400)}`,
      estimate: 1,
      actual: 1,
      ...(i === 0 ? { uncertain: true } : {}),
    }));
    const jobs: HomeJob[] = Array.from({ length: 25 }, (_, i) => ({
      id: `job${i}`,
      status: i % 4 ? 'processing' : `weird <!channel> status ${'y'.repeat(100)}`,
      channel: i % 5 ? 'C0CSV' : '<!channel>',
      threadTs: i % 3 ? '1700000001.000100' : 'not-a-ts',
      createdAt: i % 7 ? NOW - i * HOUR : null,
      rows: i % 6 ? 10_000 : null,
      creditsUsed: i % 2 ? Number.NaN : 9999.125,
      fileName: `${HOSTILE}${'z'.repeat(300)}.csv`,
      permalink: i === 1 ? 'javascript:alert(1)' : null,
    }));
    const view = homeView(
      input({
        byUser,
        byFeature: { '<!channel>': 5, creator: 1 },
        recentSpend,
        jobs,
        workspaceUrl: null,
        account: null,
        notice: ':warning: Saved, but Scout could not post in <#C0ALERTS>.',
      }),
    );
    expectValidBlockKit(view, 'home');
    const text = textOf(view);
    expect(text).not.toMatch(/<!channel>|<!here>|<@U123>|<https:\/\/evil/);
    expect(text).not.toContain('javascript:');
    expect(text).toContain('…and 51 more');
    expect(text).toContain('Showing the latest 10 of 25.');
    expect(text).toContain('the balance could not be read just now');
    expect(text).toContain('may have been billed');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
  });

  it('says when there is nothing yet, when the job list is unavailable, and when the budget is 0', () => {
    const empty = homeView(
      input({
        byUser: {},
        byFeature: {},
        jobs: null,
        budgetSetBy: null,
        alertChannel: null,
        adminIds: [],
        status: status({ limit: 0, committed: 0, spent: 0, reserved: 0, remaining: 0, fraction: 0 }),
      }),
    );
    expectValidBlockKit(empty, 'home');
    const text = textOf(empty);
    expect(text).toContain('Nothing spent yet.');
    expect(text).toContain('The batch list could not be read just now');
    expect(text).toContain('The budget is *0 credits*, so paid lookups are switched off');
    expect(text).toContain('(the default, CREDIT_BUDGET_DEFAULT)');
    expect(text).toContain('nowhere yet: no alert channel is set and SCOUT_ADMINS is empty');
    expect(textOf(homeView(input({ jobs: [] })))).toContain('No batches yet.');
  });

  it('builds thread links only from well-formed ids', () => {
    const job: HomeJob = {
      id: 'j',
      status: 'done',
      channel: 'C1ABC',
      threadTs: '1.2',
      createdAt: null,
      rows: null,
      creditsUsed: null,
    };
    expect(threadLink(job, 'https://acme.slack.com')).toBe(
      '<https://acme.slack.com/archives/C1ABC/p12|thread> in <#C1ABC>',
    );
    expect(threadLink({ ...job, permalink: 'https://acme.slack.com/archives/C1ABC/p99' }, null)).toBe(
      '<https://acme.slack.com/archives/C1ABC/p99|thread>',
    );
    expect(threadLink({ ...job, channel: 'x>y' }, 'https://acme.slack.com')).toBe('—');
    expect(threadLink({ ...job, threadTs: null }, 'https://acme.slack.com')).toBe('in <#C1ABC>');
  });
});

describe('settings modals', () => {
  it('are valid modals with the current values filled in', () => {
    const budget = budgetModal({ current: 750.5, defaultBudget: 500, month: '2026-11' });
    expectValidBlockKit(budget, 'modal');
    expect(JSON.stringify(budget)).toContain('"initial_value":"750.5"');
    const channel = alertChannelModal({ current: 'C0ALERTS' });
    expectValidBlockKit(channel, 'modal');
    expect(JSON.stringify(channel)).toContain('"initial_conversation":"C0ALERTS"');
    expect(JSON.stringify(alertChannelModal({ current: null }))).not.toContain('initial_conversation');
    const thresholds = thresholdsModal({ current: [50, 80, 100] });
    expectValidBlockKit(thresholds, 'modal');
    expect(JSON.stringify(thresholds)).toContain('"initial_value":"50, 80, 100"');
    const refusal = notAdminModal({ adminIds: ['U0ADMIN'] });
    expectValidBlockKit(refusal, 'modal');
    expect(refusal.submit).toBeUndefined();
    expect(JSON.stringify(refusal)).toContain('Nothing was changed.');
  });
});

describe('/credits and budget notices', () => {
  it('renders the budget summary and the account balance', () => {
    const message = creditsMessage({
      status: status(),
      account: { creditsAvailable: 987.44, creditsUsed: 12.56, fetchedAt: NOW },
      budgetIsDefault: true,
      now: NOW,
    });
    expectValidBlockKit(message, 'message');
    expect(message.text).toBe('Scout budget for November 2026: 200 used, 12.5 reserved, 287.5 of 500 left.');
    expect(JSON.stringify(message.blocks)).toContain('500 credits (default)');
    const unreadable = creditsMessage({ status: status(), account: null, budgetIsDefault: false, now: NOW });
    expectValidBlockKit(unreadable, 'message');
    expect(JSON.stringify(unreadable.blocks)).toContain('could not be read just now');
    expectValidBlockKit(creditsHelp('problem'), 'message');
  });

  it('says when the budget is used up and when it starts afresh', () => {
    const used = creditsMessage({
      status: status({ committed: 500, spent: 500, reserved: 0, remaining: 0, fraction: 1 }),
      account: null,
      budgetIsDefault: true,
      now: NOW,
    });
    expect(JSON.stringify(used.blocks)).toContain('paid lookups are refused until 1 December (UTC)');
    expect(monthLabel('2026-12')).toBe('December 2026');
  });

  it('renders the 80 % and 100 % notices with the month, used/limit and how to raise the budget', () => {
    const eighty = budgetNotice({
      team: 'T0',
      month: '2026-11',
      threshold: 80,
      status: status({ committed: 400, spent: 400, reserved: 0, remaining: 100, fraction: 0.8 }),
    });
    expectValidBlockKit(eighty, 'message');
    expect(eighty.text).toContain(
      'Scout has used 80% of the credit budget for November 2026: 400 of 500 credits.',
    );
    expect(eighty.text).toContain("raise the budget in Scout's Home tab");
    const full = budgetNotice({
      team: 'T0',
      month: '2026-12',
      threshold: 100,
      status: status({
        month: '2026-12',
        committed: 500,
        spent: 490,
        reserved: 10,
        remaining: 0,
        fraction: 1,
      }),
    });
    expectValidBlockKit(full, 'message');
    expect(full.text).toContain("Scout's credit budget for December 2026 is used up: 500 of 500 credits.");
    expect(JSON.stringify(full.blocks)).toContain('refused until 1 January (UTC)');
    expect(JSON.stringify(full.blocks)).toContain('10 credits of it held for running batches');
  });
});

describe('personal data on the Home tab', () => {
  const entry: SpendEntry = {
    at: NOW - HOUR,
    team: 'T0',
    user: 'U0ALICE',
    feature: 'email',
    operation: 'email_basic',
    summary: 'maya.moves@example.com (basic)',
    estimate: 0.05,
    actual: 0.05,
  };

  it('shows an email lookup whole to admins and masked to everyone else', () => {
    const admin = textOf(homeView(input({ recentSpend: [entry], viewer: { isAdmin: true } })));
    const member = textOf(homeView(input({ recentSpend: [entry], viewer: { isAdmin: false } })));
    expect(admin).toContain('maya.moves@example.com');
    expect(member).not.toContain('maya.moves@');
    // `*` is escaped in mrkdwn (it would start bold): the mask reads the same
    expect(member).toContain('m\u2217\u2217\u2217@example.com');
  });
});
