import type { SectionBlockAccessory } from '@slack/types';
import type { AccountProblemKind } from '../src/budget/account-problems.ts';
import type { AccountBalance, BudgetStatus } from '../src/budget/guard.ts';
import { context, fields, header, type SlackBlock, type SlackMessage, section } from './blocks.ts';
import { ago, bar, creditsPhrase, formatCredits, formatPercent, MISSING, monthName } from './format.ts';

/**
 * `/credits` and the budget summary the Home tab shares with it: how much of this month's
 * workspace budget is used, held for running batches and left, and the Influencers Club account's
 * own balance. Pure: the caller passes `now`.
 */

export interface CreditsView {
  status: BudgetStatus;
  /** null when /accounts/credits/ could not be read right now. */
  account: AccountBalance | null;
  /** Why it could not be read, when an admin must act (refused key, wrong API URL). */
  accountProblem?: AccountProblemKind;
  /** Whether the limit is CREDIT_BUDGET_DEFAULT or one a workspace admin set. */
  budgetIsDefault: boolean;
  now: number;
}

/** "2026-11" → "November 2026" (UTC, like the budget). */
export function monthLabel(month: string): string {
  const date = new Date(`${month}-01T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return month;
  return `${monthName(date)} ${date.getUTCFullYear()}`;
}

/** "1 December" for "2026-11": when a month's budget starts afresh. */
export function budgetResetsOn(month: string): string {
  const date = new Date(`${month}-01T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return 'next month';
  date.setUTCMonth(date.getUTCMonth() + 1);
  return `1 ${monthName(date)}`;
}

/** "`▓▓▓▓░░░░░░░░░░░░░░░░` 21% of 500 credits" — the share committed (spent + held). */
export function budgetBar(status: BudgetStatus): string {
  const percent = status.limit > 0 ? formatPercent(Math.min(status.fraction, 9.99) * 100, 0) : MISSING;
  return `\`${bar(status.fraction, 20)}\` ${percent} of ${creditsPhrase(status.limit)}`;
}

/** The budget summary: used, held for running batches, left, month and bar. */
export function budgetSummaryBlocks(
  status: BudgetStatus,
  options: { budgetIsDefault: boolean; accessory?: SectionBlockAccessory },
): SlackBlock[] {
  const title = `*Workspace budget for ${monthLabel(status.month)}*`;
  if (status.limit === 0) {
    return [
      section(
        `${title}\nThe budget is *0 credits*, so paid lookups are switched off. Cached answers still work. ` +
          `Workspace admins can set a budget in Scout's Home tab.`,
        options.accessory ? { accessory: options.accessory } : {},
      ),
    ];
  }
  const blocks: SlackBlock[] = [
    section(`${title}\n${budgetBar(status)}`, options.accessory ? { accessory: options.accessory } : {}),
    fields([
      `*Used*\n${creditsPhrase(status.spent)}`,
      `*Left*\n${creditsPhrase(status.remaining)}`,
      `*Reserved for running batches*\n${creditsPhrase(status.reserved)}`,
      `*Monthly budget*\n${creditsPhrase(status.limit)}${options.budgetIsDefault ? ' (default)' : ''}`,
    ]),
  ];
  const notes: string[] = [];
  if (status.remaining === 0) {
    notes.push(
      `:no_entry: Used up: paid lookups are refused until ${budgetResetsOn(status.month)} (UTC) unless an admin raises the budget.`,
    );
  }
  notes.push(`Budgets run per calendar month in UTC and start afresh on ${budgetResetsOn(status.month)}.`);
  blocks.push(context(notes));
  return blocks;
}

/** One line about the Influencers Club account's balance. */
export function accountLine(
  account: AccountBalance | null,
  now: number,
  problem?: AccountProblemKind,
): string {
  if (!account && problem === 'key_refused') {
    return ":lock: *Influencers Club account:* the API key is refused, so no paid lookup can run. A Scout admin needs to fix INFLUENCERS_CLUB_API_KEY (a valid key on a plan with API access); Scout's admins have been alerted.";
  }
  if (!account && problem === 'misconfigured') {
    return ":wrench: *Influencers Club account:* INFLUENCERS_CLUB_API_URL does not answer like the API, so no paid lookup can run. A Scout admin needs to fix it; Scout's admins have been alerted.";
  }
  if (!account) {
    return `*Influencers Club account:* ${MISSING} (the balance could not be read just now; try again in a minute)`;
  }
  return (
    `*Influencers Club account:* ${creditsPhrase(account.creditsAvailable)} available · ` +
    `${formatCredits(account.creditsUsed)} used so far (checked ${ago(account.fetchedAt, now)})`
  );
}

export function creditsMessage(view: CreditsView): SlackMessage {
  const { status } = view;
  const account = section(accountLine(view.account, view.now, view.accountProblem));
  // A problem only an admin can fix comes first: the budget below means nothing until it is fixed.
  const blocks: SlackBlock[] = [
    header('Scout credits'),
    ...(view.accountProblem ? [account] : []),
    ...budgetSummaryBlocks(status, { budgetIsDefault: view.budgetIsDefault }),
    ...(view.accountProblem ? [] : [account]),
    context([
      "Cached answers are free. Spend by person and by feature, recent batches and the budget settings are in Scout's Home tab.",
    ]),
  ];
  const refused =
    view.accountProblem === 'key_refused'
      ? ' The Influencers Club API key is refused: an admin must fix INFLUENCERS_CLUB_API_KEY.'
      : view.accountProblem === 'misconfigured'
        ? ' Scout is misconfigured: an admin must fix INFLUENCERS_CLUB_API_URL.'
        : '';
  const summary =
    status.limit === 0
      ? `Scout budget for ${monthLabel(status.month)}: 0 credits (paid lookups are off).`
      : `Scout budget for ${monthLabel(status.month)}: ${formatCredits(status.spent)} used, ` +
        `${formatCredits(status.reserved)} reserved, ${formatCredits(status.remaining)} of ${formatCredits(status.limit)} left.`;
  return { text: summary + refused, blocks };
}

export function creditsHelp(problem?: string): SlackMessage {
  const lines = [
    "*/credits* shows this workspace's monthly credit budget (used, reserved for running batches, left) " +
      "and the Influencers Club account's balance. It is free and only you see it.",
    '• `/credits` — the summary',
    '• `/credits help` — this help',
    "Workspace admins change the budget, the alert channel and the notice thresholds in Scout's Home tab.",
  ];
  const text = `${problem ? `${problem}\n` : ''}${lines.join('\n')}`;
  return { text, blocks: [section(text)] };
}
