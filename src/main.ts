import { features as allFeatures } from '../commands/index.ts';
import { AccountProblems } from './budget/account-problems.ts';
import { BudgetGuard } from './budget/guard.ts';
import { PaidLookups } from './budget/lookup-cache.ts';
import { type Config, ConfigError, loadConfig, secretsOf } from './config.ts';
import type { Scout, ScoutDeps, ScoutOptions } from './feature.ts';
import { type IcClientOptions, InfluencersClubClient } from './ic/client.ts';
import { DEFAULT_PRICES } from './ic/prices.ts';
import { createLogger } from './log.ts';
import { Metrics } from './metrics.ts';
import { postAccountProblem } from './slack/admin-notice.ts';
import { Admins } from './slack/admins.ts';
import { createSlackApp } from './slack/app.ts';
import { homeExtras } from './slack/oauth/home-extras.ts';
import { runAsWorkspace } from './slack/oauth/workspace-scope.ts';
import { startupFailure } from './startup-error.ts';
import { openStore } from './store/index.ts';
import {
  type AccountServices,
  accountCacheStore,
  accountStore,
  IcAccounts,
  OPERATOR_ACCOUNT,
} from './workspaces/accounts.ts';
import { checkApiKey, WorkspaceApiKeys } from './workspaces/api-keys.ts';
import { Workspaces } from './workspaces/registry.ts';
import { InstallationVault, WrongEncryptionKeyError } from './workspaces/vault.ts';

/**
 * The composition root, and the only module that knows every layer: config → logger → store →
 * Influencers Club client → budget guard → Slack layer with every feature (commands/index.ts) →
 * background work. `npm start` runs it; the end-to-end tests and benchmarks build Scout through
 * `createScout`, so they run the real wiring.
 */

export async function createScout(config: Config, options: ScoutOptions = {}): Promise<Scout> {
  const log = options.log ?? createLogger({ level: config.LOG_LEVEL, secrets: secretsOf(config) });
  const clock = options.clock ?? Date.now;
  const store = await openStore(config.STORE_URL, { namespace: options.storeNamespace ?? 'scout' });
  let vault: InstallationVault | null = null;
  if (config.multiWorkspace && config.SCOUT_ENCRYPTION_KEY) {
    vault = new InstallationVault({ store, encryptionKey: config.SCOUT_ENCRYPTION_KEY });
    try {
      await vault.verifyKey();
    } catch (error) {
      await store.close();
      if (error instanceof WrongEncryptionKeyError) throw new ConfigError(error.message);
      throw error;
    }
  }
  const features = options.features ?? allFeatures;
  const metrics = new Metrics();
  // A refused key or a wrong API URL is raised by whatever call meets it; admins hear it once a day.
  const problems = new AccountProblems({ store, log, clock });
  // `reportProblems`: a refusal met by this client is an account problem to tell the admins about;
  // not for the client that checks a key an admin is about to save (a refusal is its answer).
  const icClient = (apiKey: string, extra: Partial<IcClientOptions> = {}, reportProblems = true) =>
    new InfluencersClubClient({
      baseUrl: config.INFLUENCERS_CLUB_API_URL,
      apiKey,
      ...(options.icDispatcher ? { dispatcher: options.icDispatcher } : {}),
      ...(options.icRetry ? { retry: options.icRetry } : {}),
      ...(config.IC_PRICES ? { prices: { ...DEFAULT_PRICES, ...config.IC_PRICES } } : {}),
      observer: {
        attempt: (event) => metrics.upstreamCalls.inc({ endpoint: event.operation, status: event.status }),
        call: (event) => {
          metrics.upstreamLatency.observe({ endpoint: event.operation }, event.durationMs / 1000);
          if (reportProblems && event.error) problems.report(event.error);
        },
      },
      ...extra,
    });
  // One Influencers Club account: its client, its balance and holds, its caches of paid answers.
  // The operator's keeps the store's plain keys; a workspace's own key gets its own.
  const account = (id: string, apiKey: string): AccountServices => {
    const own = id !== OPERATOR_ACCOUNT;
    const accountIc = icClient(apiKey);
    const accountGuard = new BudgetGuard({
      store: own ? accountStore(store, id) : store,
      account: accountIc,
      log,
      defaultBudget: config.CREDIT_BUDGET_DEFAULT,
      clock,
      observer: {
        spent: ({ team, feature, credits }) => {
          if (credits > 0) metrics.creditsSpent.inc({ team, feature }, credits);
        },
        reserved: ({ team, credits }) => metrics.creditsReserved.set({ team }, credits),
      },
    });
    const accountLookups = new PaidLookups({
      guard: accountGuard,
      store: own ? accountCacheStore(store, id) : store,
      clock,
    });
    return { id, ic: accountIc, guard: accountGuard, lookups: accountLookups };
  };
  const operator = config.INFLUENCERS_CLUB_API_KEY
    ? account(OPERATOR_ACCOUNT, config.INFLUENCERS_CLUB_API_KEY)
    : null;
  const apiKeys = vault ? new WorkspaceApiKeys({ store, box: vault.box, clock }) : null;
  const accounts = apiKeys ? new IcAccounts({ store, keys: apiKeys, operator, create: account }) : null;
  const spending = accounts ?? operator;
  if (spending === null) {
    await store.close();
    throw new ConfigError('INFLUENCERS_CLUB_API_KEY is missing: set it to your Influencers Club API key');
  }
  const { ic, guard, lookups } = spending;
  const workspaces = vault
    ? {
        vault,
        registry: new Workspaces({
          store,
          guard,
          log: log.child({ component: 'workspaces' }),
          clock,
          retentionDays: config.SCOUT_RETENTION_DAYS,
        }),
      }
    : null;
  const registry = workspaces?.registry;
  const deps: ScoutDeps = {
    config,
    log,
    store,
    ic,
    guard,
    lookups,
    admins: new Admins({ scoutAdmins: config.SCOUT_ADMINS, store }),
    clock,
    metrics,
    ...(registry && apiKeys && accounts
      ? {
          extendHome: homeExtras({ registry, guard, apiKeys, operatorKey: operator !== null }),
          workspaceApiKeys: {
            operatorKey: operator !== null,
            info: (team) => apiKeys.info(team),
            // A modal must be answered within 3 s: one attempt, a short timeout.
            check: (apiKey) =>
              checkApiKey(icClient(apiKey, { retry: { maxAttempts: 1 }, timeoutMs: 2500 }, false)),
            set: (team, apiKey, by) => apiKeys.set(team, apiKey, by),
            remove: async (team) => {
              await apiKeys.remove(team);
            },
            hasAccount: (team) => accounts.hasAccount(team),
            apiKeyFor: async (team) => (await apiKeys.get(team))?.apiKey ?? null,
          },
        }
      : {}),
  };
  const slackApp = createSlackApp({
    config,
    deps,
    features,
    log,
    ...(workspaces ? { workspaces } : {}),
    ...(options.slackClientOptions ? { slackClientOptions: options.slackClientOptions } : {}),
    ...(options.host ? { host: options.host } : {}),
    ...(options.drainGraceMs !== undefined ? { drainGraceMs: options.drainGraceMs } : {}),
  });
  // Threshold crossings are reported by the features (a notice in Slack); the guard knows only the port.
  // In multi-workspace mode a notice goes out with the token of the workspace it is about.
  guard.onThresholdCrossed((crossing) =>
    runAsWorkspace(crossing.team, async () => {
      for (const feature of features) await feature.onBudgetThreshold?.(crossing, slackApp.app, deps);
    }),
  );

  // Account problems go to the admins through the Slack layer; the core knows only the subscription.
  problems.subscribe((problem) => postAccountProblem(slackApp.app.client, deps, problem));

  let stopSweeping = () => {};
  return {
    app: slackApp.app,
    deps,
    workspaces,
    installations: slackApp.installations,
    async start() {
      const started = await slackApp.start();
      // Reservations a crashed process left behind are released now and every few minutes.
      stopSweeping = guard.startSweeping();
      workspaces?.registry.startSweeping();
      return started;
    },
    async stop() {
      stopSweeping();
      await workspaces?.registry.stopSweeping();
      await slackApp.stop();
      await guard.flush();
      await problems.flush();
      await store.close();
    },
  };
}

/** `npm start`: read the environment, build Scout, run until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  // No Slack configured (no SLACK_BOT_TOKEN, no SLACK_CLIENT_ID): the playground runs until stopped.
  // It is not in the build (dist/, the Docker image): there, loadConfig names what is missing.
  if (!process.env.SLACK_BOT_TOKEN?.trim() && !process.env.SLACK_CLIENT_ID?.trim()) {
    const entry = new URL('../playground/start.ts', import.meta.url);
    const playground = (await import(entry.href).catch((error: { code?: string }) => {
      if (error?.code === 'ERR_MODULE_NOT_FOUND') return null;
      throw error;
    })) as { runPlayground(env: NodeJS.ProcessEnv, create: typeof createScout): Promise<never> } | null;
    if (playground) await playground.runPlayground(process.env, createScout);
  }
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Scout cannot start: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }

  // Any start-up failure: one line naming the variable and what to do (startup-error.ts), exit 1.
  const scout = await createScout(config).catch((error: unknown) => {
    console.error(`Scout cannot start: ${startupFailure(error)}`);
    return process.exit(1);
  });
  const log = scout.deps.log;
  // A bug in one listener must not take every user's work down with it: log and keep serving.
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection'));
  process.on('uncaughtException', (error) => log.error({ err: error }, 'uncaught exception'));
  try {
    await scout.start();
  } catch (error) {
    log.debug({ err: error }, 'Scout could not start');
    console.error(`Scout cannot start: ${startupFailure(error)}`);
    await scout.stop().catch(() => {});
    process.exit(1);
  }

  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'stopping: finishing work in flight');
      scout.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, 'error while stopping');
          process.exit(1);
        },
      );
    });
  }
}

if (import.meta.main) await main();
