import type { AddressInfo } from 'node:net';
import { App } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Dispatcher } from 'undici';
import { features as allFeatures } from '../commands/index.ts';
import { BudgetGuard } from './budget/guard.ts';
import { PaidLookups } from './budget/lookup-cache.ts';
import type { Config } from './config.ts';
import { secretsOf } from './config.ts';
import type { Feature, ScoutDeps } from './feature.ts';
import { InfluencersClubClient } from './ic/client.ts';
import { DEFAULT_PRICES } from './ic/prices.ts';
import { boltLogger, createLogger, type Logger } from './log.ts';
import { Admins } from './slack/admins.ts';
import { dropDuplicateEvents } from './slack/dedupe.ts';
import { openStore } from './store/index.ts';

export type { App } from '@slack/bolt';
export type { Feature, ScoutDeps } from './feature.ts';

/**
 * The composition root: config → logger → store → Influencers Club client → budget guard →
 * Bolt app with every feature registered → background work. `main.ts` and the end-to-end tests
 * both build Scout here, so tests run the real wiring.
 */

export interface ScoutOptions {
  log?: Logger;
  clock?: () => number;
  /** undici dispatcher for the Influencers Club client (tests, proxies). */
  icDispatcher?: Dispatcher;
  /** Options for the Influencers Club client's retries and limiter (tests use tiny delays). */
  icRetry?: ConstructorParameters<typeof InfluencersClubClient>[0]['retry'];
  slackClientOptions?: WebClientOptions;
  /** Defaults to every feature in commands/index.ts. */
  features?: readonly Feature[];
  /** Key namespace in the store (tests run several Scouts on one Redis). */
  storeNamespace?: string;
  /** Listen address in HTTP mode (default all interfaces; tests use 127.0.0.1). */
  host?: string;
}

export interface Scout {
  readonly app: App;
  readonly deps: ScoutDeps;
  /** Starts listening (HTTP) or connecting (Socket Mode), then background work. */
  start(): Promise<{ port: number | null }>;
  stop(): Promise<void>;
}

export async function createScout(config: Config, options: ScoutOptions = {}): Promise<Scout> {
  const log = options.log ?? createLogger({ level: config.LOG_LEVEL, secrets: secretsOf(config) });
  const clock = options.clock ?? Date.now;
  const store = await openStore(config.STORE_URL, { namespace: options.storeNamespace ?? 'scout' });
  const ic = new InfluencersClubClient({
    baseUrl: config.INFLUENCERS_CLUB_API_URL,
    apiKey: config.INFLUENCERS_CLUB_API_KEY,
    ...(options.icDispatcher ? { dispatcher: options.icDispatcher } : {}),
    ...(options.icRetry ? { retry: options.icRetry } : {}),
    ...(config.IC_PRICES ? { prices: { ...DEFAULT_PRICES, ...config.IC_PRICES } } : {}),
  });
  const features = options.features ?? allFeatures;

  // Filled in once the app exists; the guard needs it only to post threshold notices.
  let appRef: App | null = null;
  let depsRef: ScoutDeps | null = null;
  const guard = new BudgetGuard({
    store,
    account: ic,
    log,
    defaultBudget: config.CREDIT_BUDGET_DEFAULT,
    clock,
  });
  guard.onThresholdCrossed(async (crossing) => {
    if (!appRef || !depsRef) return;
    for (const feature of features) await feature.onBudgetThreshold?.(crossing, appRef, depsRef);
  });
  const deps: ScoutDeps = {
    config,
    log,
    store,
    ic,
    guard,
    lookups: new PaidLookups({ guard, store, clock }),
    admins: new Admins({ scoutAdmins: config.SCOUT_ADMINS, store }),
    clock,
  };

  const app = new App({
    token: config.SLACK_BOT_TOKEN,
    ...(config.socketMode
      ? { socketMode: true, appToken: config.SLACK_APP_TOKEN, installerOptions: { port: config.PORT } }
      : { signingSecret: config.SLACK_SIGNING_SECRET ?? '', port: config.PORT }),
    logger: boltLogger(log),
    deferInitialization: true,
    clientOptions: {
      slackApiUrl: config.SLACK_API_URL,
      // Interactive paths must not stall for the SDK's default 30 minutes of retries.
      retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 3000, randomize: true },
      timeout: 15_000,
      ...options.slackClientOptions,
    },
    customRoutes: [
      {
        path: '/healthz',
        method: ['GET'],
        handler: (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: true, mode: config.socketMode ? 'socket' : 'http' }));
        },
      },
    ],
  });
  appRef = app;
  depsRef = deps;

  app.error(async (error) => {
    log.error({ err: error }, 'unhandled error in a Slack listener');
  });
  app.use(dropDuplicateEvents(store));
  for (const feature of features) feature.register(app, deps);

  let started = false;
  return {
    app,
    deps,
    async start() {
      await app.init();
      let port: number | null = null;
      if (config.socketMode) {
        await app.start();
      } else {
        const server = await app.start(
          options.host ? { port: config.PORT, host: options.host } : config.PORT,
        );
        port = (server.address() as AddressInfo | null)?.port ?? null;
      }
      started = true;
      for (const feature of features) await feature.start?.(app, deps);
      log.info(
        { mode: config.socketMode ? 'socket' : 'http', port, store: store.backend },
        'Scout is running',
      );
      return { port };
    },
    async stop() {
      for (const feature of [...features].reverse()) await feature.stop?.();
      if (started) await app.stop();
      await store.close();
    },
  };
}
