import type { App } from '@slack/bolt';
import type { HomeView } from '@slack/types';
import type { WebClientOptions } from '@slack/web-api';
import type { Dispatcher } from 'undici';
import type { BudgetGuard, ThresholdCrossing } from './budget/guard.ts';
import type { PaidLookups } from './budget/lookup-cache.ts';
import type { Config } from './config.ts';
import type { IcClientOptions, InfluencersClubClient } from './ic/client.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import type { Admins } from './slack/admins.ts';
import type { SlackInstallations } from './slack/oauth/installations.ts';
import type { Store } from './store/types.ts';
import type { WorkspaceApiKeysPort } from './workspaces/api-keys.ts';
import type { Workspaces } from './workspaces/registry.ts';
import type { InstallationVault } from './workspaces/vault.ts';

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

/** How src/main.ts builds Scout (the end-to-end tests, benchmarks and playground build it the same way). */
export interface ScoutOptions {
  log?: Logger;
  clock?: () => number;
  /** undici dispatcher for the Influencers Club client (tests, proxies). */
  icDispatcher?: Dispatcher;
  /** Options for the Influencers Club client's retries and limiter (tests use tiny delays). */
  icRetry?: IcClientOptions['retry'];
  slackClientOptions?: WebClientOptions;
  /** Defaults to every feature in commands/index.ts. */
  features?: readonly Feature[];
  /** Key namespace in the store (tests run several Scouts on one Redis). */
  storeNamespace?: string;
  /** Listen address (default all interfaces; tests use 127.0.0.1). */
  host?: string;
  /** Shutdown's wait for in-flight work. */
  drainGraceMs?: number;
}

export interface Scout {
  readonly app: App;
  readonly deps: ScoutDeps;
  /** Multi-workspace mode: installations and the workspace registry (null with SLACK_BOT_TOKEN). */
  readonly workspaces: { readonly vault: InstallationVault; readonly registry: Workspaces } | null;
  /** Multi-workspace mode: installations, authorize, tokens for background work (null otherwise). */
  readonly installations: SlackInstallations | null;
  /** Starts listening (HTTP) or connecting (Socket Mode), then background work. */
  start(): Promise<{ port: number | null }>;
  /** Graceful: stop taking work, finish what is in flight, stop background work, close the store. */
  stop(): Promise<void>;
}

export type CreateScout = (config: Config, options?: ScoutOptions) => Promise<Scout>;
