import type { HomeView } from '@slack/types';
import { withApiKey } from '../../../views/api-key.ts';
import { withOrgSpend } from '../../../views/org-spend.ts';
import type { BudgetGuard } from '../../budget/guard.ts';
import type { WorkspaceApiKeys } from '../../workspaces/api-keys.ts';
import { orgSpend } from '../../workspaces/org-spend.ts';
import type { Workspaces } from '../../workspaces/registry.ts';

/**
 * What multi-workspace mode adds to App Home, for admins only: the workspace's Influencers Club
 * account (its own key, by its last four characters, or the shared one) with Set / Change / Remove,
 * and for an Enterprise Grid org-wide install every workspace's spend this month.
 */
export function homeExtras(deps: {
  registry: Workspaces;
  guard: BudgetGuard;
  apiKeys: WorkspaceApiKeys;
  operatorKey: boolean;
}): (view: HomeView, viewer: { team: string; user: string; isAdmin: boolean }) => Promise<HomeView> {
  return async (view, viewer) => {
    if (!viewer.isAdmin) return view;
    const [own, org] = await Promise.all([
      deps.apiKeys.info(viewer.team),
      orgSpend({ workspaces: deps.registry, guard: deps.guard }, viewer.team),
    ]);
    return withOrgSpend(withApiKey(view, { own, operatorKey: deps.operatorKey }), org);
  };
}
