import type { App } from '@slack/bolt';
import type { HomeView } from '@slack/types';
import type { BudgetGuard, ThresholdCrossing } from './budget/guard.ts';
import type { PaidLookups } from './budget/lookup-cache.ts';
import type { Config } from './config.ts';
import type { InfluencersClubClient } from './ic/client.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import type { Admins } from './slack/admins.ts';
import type { Store } from './store/types.ts';
import type { WorkspaceApiKeysPort } from './workspaces/api-keys.ts';

/**
 * What every feature module (commands/*) is given and what it provides. These types live apart
 * from the composition root so that commands never import the module that imports them.
 */

export interface ScoutDeps {
  readonly config: Config;
  readonly log: Logger;
  readonly store: Store;
  readonly ic: InfluencersClubClient;
  /** Every paid call goes through the guard (directly, or through `lookups` when cacheable). */
  readonly guard: BudgetGuard;
  readonly lookups: PaidLookups;
  readonly admins: Admins;
  readonly clock: () => number;
  readonly metrics: Metrics;
  /**
   * Multi-workspace mode: what App Home adds for this viewer (the workspace's own Influencers Club
   * key for admins; every workspace's spend for an Enterprise Grid org's admins). Absent with
   * SLACK_BOT_TOKEN.
   */
  readonly extendHome?: (
    view: HomeView,
    viewer: { readonly team: string; readonly user: string; readonly isAdmin: boolean },
  ) => Promise<HomeView>;
  /** Multi-workspace mode: a workspace's own Influencers Club API key. */
  readonly workspaceApiKeys?: WorkspaceApiKeysPort;
}

/** One feature: its slash command, buttons, modals and events, plus optional background work. */
export interface Feature {
  readonly name: string;
  register(app: App, deps: ScoutDeps): void;
  /** Runs after the app is listening (e.g. the batch poller). */
  start?(app: App, deps: ScoutDeps): Promise<void> | void;
  stop?(): Promise<void> | void;
  /** A workspace crossed a budget threshold (posted once per month per threshold). */
  onBudgetThreshold?(crossing: ThresholdCrossing, app: App, deps: ScoutDeps): Promise<void>;
}
