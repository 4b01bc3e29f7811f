import type { HomeView } from '@slack/types';
import type { BudgetStatus } from '../src/budget/types.ts';
import { LIMITS } from '../src/text.ts';
import { divider, type SlackBlock, section } from './blocks.ts';
import { bar, formatCredits, joinLinesWithin } from './format.ts';

/**
 * App Home for an admin of an Enterprise Grid org with an org-wide install: every workspace's spend
 * this month, one line each. Pure: data in, blocks out.
 */

export interface OrgSpendInput {
  readonly enterprise: string;
  readonly team: string;
  readonly workspaces: readonly { readonly team: string; readonly status: BudgetStatus }[];
}

export function orgSpendBlocks(input: OrgSpendInput): SlackBlock[] {
  const rows = [...input.workspaces].sort(
    (a, b) => b.status.spent - a.status.spent || (a.team < b.team ? -1 : 1),
  );
  const lines = rows.map(
    ({ team, status }) =>
      `\`${team}\`${team === input.team ? ' (this workspace)' : ''}: ${bar(status.fraction)} ${formatCredits(status.spent)} spent of ${formatCredits(status.limit)}`,
  );
  const total = rows.reduce((sum, r) => sum + r.status.spent, 0);
  return [
    divider(),
    section(
      joinLinesWithin(
        [`*Spend this month across your organization* (${formatCredits(total)} credits)`, ...lines],
        2900,
        'workspaces',
      ),
    ),
  ];
}

/** The Home view with the org's spend added at the end (when there is room and something to show). */
export function withOrgSpend(view: HomeView, input: OrgSpendInput | null): HomeView {
  if (input === null) return view;
  const extra = orgSpendBlocks(input);
  if (view.blocks.length + extra.length > LIMITS.surfaceBlocks) return view;
  return { ...view, blocks: [...view.blocks, ...extra] };
}
