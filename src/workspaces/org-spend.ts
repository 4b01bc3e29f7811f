import type { BudgetGuard } from '../budget/guard.ts';
import type { BudgetStatus } from '../budget/types.ts';
import type { Workspaces } from './registry.ts';

/**
 * Enterprise Grid: an org-wide install serves many workspaces, each with its own budget. The org's
 * admins see every workspace's spend this month (App Home); budgets themselves stay per workspace.
 */

export interface OrgSpend {
  readonly enterprise: string;
  /** The workspace asking. */
  readonly team: string;
  readonly workspaces: readonly { readonly team: string; readonly status: BudgetStatus }[];
}

/** Cap on the workspaces listed (App Home has room for a few dozen lines). */
const MAX_WORKSPACES = 50;

export async function orgSpend(
  deps: { workspaces: Workspaces; guard: BudgetGuard },
  team: string,
): Promise<OrgSpend | null> {
  const org = await deps.workspaces.orgOf(team);
  if (org === null) return null;
  const teams = org.teams.slice(0, MAX_WORKSPACES);
  const workspaces = await Promise.all(
    teams.map(async (t) => ({ team: t, status: await deps.guard.status(t) })),
  );
  return { enterprise: org.enterprise, team, workspaces };
}
