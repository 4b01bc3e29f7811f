import type { HomeView, KnownBlock, ModalView } from '@slack/types';
import type { AccountProblemKind } from '../src/budget/account-problems.ts';
import type { AccountBalance, BudgetStatus, SpendEntry } from '../src/budget/guard.ts';
import { MAX_THRESHOLDS } from '../src/budget/settings.ts';
import { spendFeatureName } from '../src/ic/endpoints.ts';
import { maskEmails } from '../src/privacy.ts';
import { actions, button, context, divider, header, modal, type SlackBlock, section } from './blocks.ts';
import { accountLine, budgetSummaryBlocks, monthLabel } from './credits.ts';
import {
  ago,
  creditsPhrase,
  escapeMrkdwn,
  formatCredits,
  formatInteger,
  isHttpUrl,
  joinLinesWithin,
  LIMITS,
  limitList,
  MISSING,
  mrkdwnLink,
  mrkdwnSnippet,
  plural,
} from './format.ts';
import { type VettingHome, vettingHomeBlocks } from './vetting-home.ts';
/**
 * Scout's App Home tab for one workspace: the month's budget with a bar, the account's credits,
 * spend by person and by feature, the latest paid lookups and batch jobs, and the budget settings
 * (with buttons for admins). Plus the settings modals. Pure: everything comes in `HomeInput`.
 */

export const HOME_ACTIONS = {
  refresh: 'home_refresh',
  setBudget: 'home_set_budget',
  setAlertChannel: 'home_set_alert_channel',
  setThresholds: 'home_set_thresholds',
} as const;

export const HOME_MODALS = {
  budget: { callbackId: 'home_budget_modal', blockId: 'home_budget', actionId: 'home_budget_input' },
  alertChannel: {
    callbackId: 'home_alert_channel_modal',
    blockId: 'home_alert_channel',
    actionId: 'home_alert_channel_input',
  },
  thresholds: {
    callbackId: 'home_thresholds_modal',
    blockId: 'home_thresholds',
    actionId: 'home_thresholds_input',
  },
} as const;

/** A batch job as the Home tab lists it (read from the batch feature's store). */
export interface HomeJob {
  id: string;
  status: string;
  channel: string | null;
  threadTs: string | null;
  createdAt: number | null;
  rows: number | null;
  creditsUsed: number | null;
  fileName?: string | null;
  /** A ready-made link to the job's thread, when the batch feature kept one. */
  permalink?: string | null;
}

export interface HomeInput {
  now: number;
  status: BudgetStatus;
  /** null when the limit is CREDIT_BUDGET_DEFAULT; else who set it and when. */
  budgetSetBy: { user: string | null; at: number | null } | null;
  account: AccountBalance | null;
  /** Why the balance could not be read, when it is something an admin must fix. */
  accountProblem?: AccountProblemKind | null;
  byUser: Readonly<Record<string, number>>;
  byFeature: Readonly<Record<string, number>>;
  recentSpend: readonly SpendEntry[];
  /** null when the batch list could not be read. */
  jobs: readonly HomeJob[] | null;
  /** "https://acme.slack.com/" from auth.test, for links to job threads. */
  workspaceUrl: string | null;
  alertChannel: string | null;
  thresholds: readonly number[];
  viewer: { isAdmin: boolean };
  /** Configured admins (SCOUT_ADMINS), named to non-admins as the people to ask. */
  adminIds: readonly string[];
  /** A one-off message at the top (e.g. "Saved." or a problem with the alert channel); Scout's own mrkdwn. */
  notice?: string | null;
  /** Other features' settings (link unfurls, weekly digest), shown after the budget settings. */
  extraSettings?: readonly SlackBlock[];
  /** Shortlists, the exclusion list and its sync, the brand-safety lists (edited by admins here); none: not shown. */
  vetting?: VettingHome | null;
}

/** App Home's name for a spend feature, from the endpoint table; an unknown one is shown as escaped text. */
export function featureName(feature: string): string {
  return spendFeatureName(feature) ?? escapeMrkdwn(feature);
}

/** `<@U123>` for a real user id; anything else is shown as escaped text. */
export function userMention(id: string): string {
  return /^[UW][A-Z0-9]{2,}$/.test(id) ? `<@${id}>` : escapeMrkdwn(id);
}

function channelMention(id: string): string {
  return /^[CGD][A-Z0-9]{2,}$/.test(id) ? `<#${id}>` : escapeMrkdwn(id);
}

const MAX_SPEND_LINES = 10;
const MAX_JOBS = 10;
const MAX_RECENT = 5;

export function homeView(input: HomeInput): HomeView {
  const blocks: SlackBlock[] = [header('Scout: credits and budget')];
  if (input.notice) blocks.push(section(input.notice));
  blocks.push(
    ...budgetSummaryBlocks(input.status, {
      budgetIsDefault: input.budgetSetBy === null,
      accessory: button({ text: 'Refresh', actionId: HOME_ACTIONS.refresh }),
    }),
    section(accountLine(input.account, input.now, input.accountProblem ?? undefined)),
    divider(),
    section(spendSection('Spend by person', input.byUser, userMention)),
    section(spendSection('Spend by feature', input.byFeature, featureName)),
  );
  if (input.recentSpend.length > 0)
    blocks.push(section(recentSpendText(input.recentSpend, input.now, input.viewer.isAdmin)));
  blocks.push(divider(), ...jobBlocks(input), divider(), ...settingsBlocks(input));
  if (input.vetting) blocks.push(divider(), ...vettingHomeBlocks(input.vetting, input.viewer.isAdmin));
  if (input.extraSettings?.length) blocks.push(divider(), ...input.extraSettings);
  // Home allows 100 blocks; everything above is bounded well under that, this is a last guard.
  const capped = blocks.length > LIMITS.surfaceBlocks ? blocks.slice(0, LIMITS.surfaceBlocks) : blocks;
  return { type: 'home', blocks: capped };
}

function spendSection(
  title: string,
  tally: Readonly<Record<string, number>>,
  name: (key: string) => string,
): string {
  const rows = Object.entries(tally)
    .filter(([, credits]) => Number.isFinite(credits) && credits !== 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  if (rows.length === 0) return `*${title} this month*\nNothing spent yet.`;
  const lines = limitList(
    rows.map(([key, credits]) => `• ${name(key)}: ${creditsPhrase(credits)}`),
    MAX_SPEND_LINES,
    (dropped) => `…and ${formatInteger(dropped)} more`,
  );
  return `*${title} this month*\n${joinLinesWithin(lines, LIMITS.sectionText - title.length - 20)}`;
}

/** Email lookups name the address in their summary: only admins see it whole. */
function recentSpendText(entries: readonly SpendEntry[], now: number, isAdmin: boolean): string {
  const lines = entries.slice(0, MAX_RECENT).map((e) => {
    const flag = e.uncertain ? ' (failed; may have been billed, counted to be safe)' : '';
    return (
      `• ${ago(e.at, now)}: ${userMention(e.user)} · ${featureName(e.feature)} · ` +
      `${mrkdwnSnippet(isAdmin ? e.summary : maskEmails(e.summary), 120) || MISSING} · ${creditsPhrase(e.actual)}${flag}`
    );
  });
  return `*Latest paid lookups*\n${joinLinesWithin(lines, LIMITS.sectionText - 40)}`;
}

const JOB_STATUS: Record<string, string> = {
  queued: ':hourglass: Queued',
  pending: ':hourglass: Queued',
  starting: ':hourglass: Starting',
  processing: ':arrows_counterclockwise: Running',
  running: ':arrows_counterclockwise: Running',
  finishing: ':arrows_counterclockwise: Finishing',
  finished: ':white_check_mark: Finished',
  done: ':white_check_mark: Finished',
  completed: ':white_check_mark: Finished',
  delivered: ':white_check_mark: Finished',
  failed: ':x: Failed',
  paused_insufficient_credits: ':double_vertical_bar: Paused (out of credits)',
  paused: ':double_vertical_bar: Paused',
  cancelled: ':no_entry_sign: Cancelled',
  canceled: ':no_entry_sign: Cancelled',
  refused: ':no_entry: Refused',
};

export function jobStatusLabel(status: string): string {
  return JOB_STATUS[status.toLowerCase()] ?? `:grey_question: ${mrkdwnSnippet(status, 40) || MISSING}`;
}

/** Link to a job's thread: the stored permalink, else one built from the workspace URL. */
export function threadLink(job: HomeJob, workspaceUrl: string | null): string {
  if (job.permalink && isHttpUrl(job.permalink)) return mrkdwnLink(job.permalink, 'thread');
  const channel = job.channel && /^[CGD][A-Z0-9]{2,}$/.test(job.channel) ? job.channel : null;
  const ts = job.threadTs && /^\d+\.\d+$/.test(job.threadTs) ? job.threadTs : null;
  if (channel && ts && workspaceUrl && isHttpUrl(workspaceUrl)) {
    // Slack's permalink format: <workspace>/archives/<channel>/p<ts without the dot>.
    const base = workspaceUrl.endsWith('/') ? workspaceUrl : `${workspaceUrl}/`;
    return `${mrkdwnLink(`${base}archives/${channel}/p${ts.replace('.', '')}`, 'thread')} in <#${channel}>`;
  }
  return channel ? `in ${channelMention(channel)}` : MISSING;
}

function jobLine(job: HomeJob, input: HomeInput): string {
  const name = job.fileName ? `*${mrkdwnSnippet(job.fileName, 80)}*` : '*CSV batch*';
  const parts = [
    jobStatusLabel(job.status),
    name,
    job.rows === null || !Number.isFinite(job.rows) ? `${MISSING} rows` : plural(job.rows, 'row'),
    job.creditsUsed === null || !Number.isFinite(job.creditsUsed)
      ? `${MISSING} credits`
      : creditsPhrase(job.creditsUsed),
    threadLink(job, input.workspaceUrl),
    job.createdAt === null || !Number.isFinite(job.createdAt)
      ? null
      : `started ${ago(job.createdAt, input.now)}`,
  ];
  return parts.filter((p): p is string => p !== null).join(' · ');
}

function jobBlocks(input: HomeInput): SlackBlock[] {
  const title = '*Latest batch jobs*';
  if (input.jobs === null) {
    return [section(`${title}\nThe batch list could not be read just now. Press Refresh to try again.`)];
  }
  if (input.jobs.length === 0) {
    return [
      section(`${title}\nNo batches yet. Upload a CSV of handles in a channel with Scout to start one.`),
    ];
  }
  const jobs = [...input.jobs]
    .sort((a, b) => (b.createdAt ?? 0) - (a.createdAt ?? 0))
    .slice(0, MAX_JOBS)
    .map((job) => section(jobLine(job, input)));
  const more = input.jobs.length - jobs.length;
  return [
    section(title),
    ...jobs,
    ...(more > 0
      ? [context([`Showing the latest ${MAX_JOBS} of ${formatInteger(input.jobs.length)}.`])]
      : []),
  ];
}

function settingsBlocks(input: HomeInput): SlackBlock[] {
  const budget =
    input.budgetSetBy === null
      ? `*${creditsPhrase(input.status.limit)} a month* (the default, CREDIT_BUDGET_DEFAULT)`
      : `*${creditsPhrase(input.status.limit)} a month* (set${input.budgetSetBy.user ? ` by ${userMention(input.budgetSetBy.user)}` : ''}${
          input.budgetSetBy.at ? ` ${ago(input.budgetSetBy.at, input.now)}` : ''
        })`;
  const admins = input.adminIds.map(userMention);
  const alerts = input.alertChannel
    ? `posted in ${channelMention(input.alertChannel)}`
    : admins.length > 0
      ? `sent by DM to the Scout admins (${limitList(admins, 5, (n) => `${n} more`).join(', ')})`
      : 'nowhere yet: no alert channel is set and SCOUT_ADMINS is empty';
  const thresholds = input.thresholds.length
    ? input.thresholds.map((t) => `${formatCredits(t)}%`).join(', ')
    : MISSING;
  const blocks: SlackBlock[] = [
    section(
      `*Budget settings*\n• Monthly budget: ${budget}\n• Budget notices: ${alerts}\n• Notice thresholds: ${thresholds} of the budget`,
    ),
  ];
  if (input.viewer.isAdmin) {
    blocks.push(
      actions(
        [
          button({ text: 'Set budget', actionId: HOME_ACTIONS.setBudget, style: 'primary' }),
          button({ text: 'Alert channel', actionId: HOME_ACTIONS.setAlertChannel }),
          button({ text: 'Thresholds', actionId: HOME_ACTIONS.setThresholds }),
        ],
        'home_settings',
      ),
    );
  } else {
    blocks.push(context([notAdminText(input.adminIds)]));
  }
  return blocks;
}

function notAdminText(adminIds: readonly string[]): string {
  const ask = adminIds.length
    ? ` Ask ${limitList(adminIds.map(userMention), 5, (n) => `${n} more`).join(', ')} or a workspace admin.`
    : ' Ask a workspace admin or owner.';
  return `Only workspace admins and owners (and the Scout admins) can change these.${ask}`;
}

// -------------------------------------------------------------------------------------------
// Settings modals

export type { HomeView, ModalView };

function plain(text: string): { type: 'plain_text'; text: string } {
  return { type: 'plain_text', text };
}

export function budgetModal(input: { current: number; defaultBudget: number; month: string }): ModalView {
  const m = HOME_MODALS.budget;
  return modal({
    callbackId: m.callbackId,
    title: 'Monthly budget',
    submit: 'Save',
    close: 'Cancel',
    blocks: [
      section(
        `Credits this workspace may spend per calendar month (UTC). It applies from now on, including ${monthLabel(input.month)}. ` +
          `The default is ${creditsPhrase(input.defaultBudget)}; 0 switches paid lookups off.`,
      ),
      {
        type: 'input',
        block_id: m.blockId,
        label: plain('Credits per month'),
        hint: plain('A number of credits, e.g. 500 or 1250.5.'),
        element: {
          type: 'plain_text_input',
          action_id: m.actionId,
          initial_value: formatCredits(input.current),
          placeholder: plain('500'),
        },
      } as KnownBlock,
    ],
  });
}

export function alertChannelModal(input: { current: string | null }): ModalView {
  const m = HOME_MODALS.alertChannel;
  return modal({
    callbackId: m.callbackId,
    title: 'Budget notices',
    submit: 'Save',
    close: 'Cancel',
    blocks: [
      section(
        'Where Scout posts a notice when the workspace crosses a budget threshold. ' +
          'Leave it empty to send the notices by DM to the Scout admins instead.',
      ),
      {
        type: 'input',
        block_id: m.blockId,
        optional: true,
        label: plain('Alert channel'),
        hint: plain('For a private channel, invite @Scout to it first.'),
        element: {
          type: 'conversations_select',
          action_id: m.actionId,
          placeholder: plain('Pick a channel'),
          filter: { include: ['public', 'private'], exclude_bot_users: true },
          ...(input.current ? { initial_conversation: input.current } : {}),
        },
      } as KnownBlock,
    ],
  });
}

export function thresholdsModal(input: { current: readonly number[] }): ModalView {
  const m = HOME_MODALS.thresholds;
  return modal({
    callbackId: m.callbackId,
    title: 'Notice thresholds',
    submit: 'Save',
    close: 'Cancel',
    blocks: [
      section(
        `Scout posts a notice once a month when the workspace's spend crosses each of these percentages of its budget (at most ${MAX_THRESHOLDS}).`,
      ),
      {
        type: 'input',
        block_id: m.blockId,
        label: plain('Percentages of the budget'),
        hint: plain('Whole numbers from 1 to 100, ascending, e.g. 50, 80, 100.'),
        element: {
          type: 'plain_text_input',
          action_id: m.actionId,
          initial_value: input.current.join(', '),
          placeholder: plain('80, 100'),
        },
      } as KnownBlock,
    ],
  });
}

/** Shown instead of a settings modal when someone who is not an admin presses a settings button. */
export function notAdminModal(input: { adminIds: readonly string[] }): ModalView {
  return modal({
    title: 'Admins only',
    close: 'OK',
    blocks: [section(`:lock: ${notAdminText(input.adminIds)} Nothing was changed.`)],
  });
}

/** The inline error under a settings input when a non-admin submits anyway. */
export const NOT_ADMIN_ERROR =
  'Only workspace admins and owners (and the Scout admins) can change Scout\u2019s budget settings. Nothing was changed.';
