import type { ThresholdCrossing } from '../src/budget/guard.ts';
import { context, type SlackMessage, section } from './blocks.ts';
import { budgetBar, budgetResetsOn, monthLabel } from './credits.ts';
import { creditsPhrase, formatCredits } from './format.ts';

/**
 * The notice posted (once per month and threshold) when a workspace's committed spend crosses a
 * budget threshold: which threshold, used/limit, the month, and how to raise the budget.
 */
export function budgetNotice(crossing: ThresholdCrossing): SlackMessage {
  const { status, threshold } = crossing;
  const month = monthLabel(crossing.month);
  const resets = budgetResetsOn(crossing.month);
  const usedUp = threshold >= 100 || status.remaining === 0;
  const headline = usedUp
    ? `:no_entry: *Scout's credit budget for ${month} is used up* (${threshold}% threshold).`
    : `:warning: *Scout has used ${threshold}% of this workspace's credit budget for ${month}.*`;
  const held =
    status.reserved > 0 ? ` (${creditsPhrase(status.reserved)} of it held for running batches)` : '';
  const usage =
    `This workspace has committed ${formatCredits(status.committed)} of ${creditsPhrase(status.limit)}${held}; ` +
    `${creditsPhrase(status.remaining)} left.`;
  const next = usedUp
    ? `Paid lookups and batches are refused until ${resets} (UTC), when the budget starts afresh. Cached answers still work for free.`
    : `When it is used up, paid lookups are refused until ${resets} (UTC).`;
  const how =
    "Workspace admins can raise the budget in Scout's Home tab (open Scout in the sidebar → Home → *Set budget*).";
  const text = `${usedUp ? `Scout's credit budget for ${month} is used up` : `Scout has used ${threshold}% of the credit budget for ${month}`}: ${formatCredits(status.committed)} of ${formatCredits(status.limit)} credits. ${how.replace(/\*/g, '')}`;
  return {
    text,
    blocks: [
      section(`${headline}\n${budgetBar(status)}\n${usage}`),
      section(`${next}\n${how}`),
      context([
        'Scout posts this once per month for each threshold. Admins set the thresholds in the Home tab.',
      ]),
    ],
  };
}
