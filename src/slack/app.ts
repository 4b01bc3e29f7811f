import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AnyMiddlewareArgs, App, HTTPReceiver, type Middleware } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Config } from '../config.ts';
import type { Feature, ScoutDeps } from '../feature.ts';
import type { Logger } from '../log.ts';
import type { Workspaces } from '../workspaces/registry.ts';
import type { InstallationVault } from '../workspaces/vault.ts';
import { dispatchParsed } from './bolt-dispatch.ts';
import { boltLogger } from './bolt-logger.ts';
import { requireWorkspace } from './context.ts';
import { dropDuplicateEvents } from './dedupe.ts';
import { type BufferedRequest, createHttpFront, type Route, reply, type SlackBody } from './http-front.ts';
import { listenersOfItsKind } from './listeners-by-kind.ts';
import { countingFetch, countRequests } from './metrics.ts';
import { SlackInstallations } from './oauth/installations.ts';
import { registerUninstall, requireInstalled, workspaceAccount } from './oauth/lifecycle.ts';
import { installRoutes } from './oauth/routes.ts';
import { authorizingFetch } from './oauth/workspace-scope.ts';
import { keepAnswersReachable } from './respond.ts';
import { honourRetryAfter } from './retry-after.ts';

/**
 * The Slack layer's entry: builds the Bolt app (HTTP receiver behind Scout's own HTTP front, or
 * Socket Mode), runs the global middleware (workspace required, duplicate events dropped, in-flight
 * work counted), registers every feature and owns start-up and graceful shutdown.
 */

/** How long shutdown waits for work already under way (lookups, their answers) to finish. */
export const DRAIN_GRACE_MS = 20_000;

const READY_STORE_TIMEOUT_MS = 1000;

/** True when a read from the store comes back within `ms`. */
async function storeAnswers(deps: ScoutDeps, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([deps.store.kv.get('readyz:probe').then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export interface SlackAppOptions {
  readonly config: Config;
  readonly deps: ScoutDeps;
  readonly features: readonly Feature[];
  readonly log: Logger;
  readonly slackClientOptions?: WebClientOptions;
  /** Listen address (default all interfaces; tests use 127.0.0.1). */
  readonly host?: string;
  /** Extra routes on Scout's HTTP server (e.g. operations endpoints). */
  readonly routes?: readonly Route[];
  /** Shutdown's wait for in-flight work (tests shorten it). */
  readonly drainGraceMs?: number;
  /**
   * Multi-workspace mode (config.multiWorkspace): where installations are sealed and which
   * workspaces have Scout. Required in that mode.
   */
  readonly workspaces?: { readonly vault: InstallationVault; readonly registry: Workspaces };
}

export interface SlackApp {
  readonly app: App;
  start(): Promise<{ port: number | null }>;
  /** Stop taking work, let in-flight work finish (up to the grace period), stop the features. */
  stop(): Promise<void>;
  readonly draining: boolean;
  readonly inFlight: number;
  /** Multi-workspace mode: installations, authorize, tokens for background work. */
  readonly installations: SlackInstallations | null;
}

/** Interactive paths must not stall for the SDK's default 30 minutes of retries. */
const RETRY_CONFIG = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 3000, randomize: true };

export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { config, deps, features, log } = options;
  let draining = false;
  let inFlight = 0;
  const idle: (() => void)[] = [];

  const receiverLogger = boltLogger(log);
  const receiver = config.socketMode
    ? undefined
    : new HTTPReceiver({
        signingSecret: config.SLACK_SIGNING_SECRET ?? '',
        // Verified by the HTTP front (both stale and future timestamps) before Bolt sees the request.
        signatureVerification: false,
        logger: receiverLogger,
      });
  // Slack's Retry-After is honoured in the client's fetch, whatever the retry policy; failures are counted.
  const slackFetch = honourRetryAfter(countingFetch(deps.metrics));
  const baseClientOptions: WebClientOptions = {
    slackApiUrl: config.SLACK_API_URL,
    retryConfig: RETRY_CONFIG,
    timeout: 15_000,
    fetch: slackFetch,
    ...options.slackClientOptions,
  };
  let installations: SlackInstallations | null = null;
  const installRoutesList: Route[] = [];
  if (config.multiWorkspace) {
    const { SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET } = config;
    if (!options.workspaces || !SLACK_CLIENT_ID || !SLACK_CLIENT_SECRET || !SLACK_STATE_SECRET)
      throw new Error('multi-workspace mode needs the OAuth credentials and the workspace stores');
    installations = new SlackInstallations({
      store: deps.store,
      vault: options.workspaces.vault,
      workspaces: options.workspaces.registry,
      log,
      clientId: SLACK_CLIENT_ID,
      clientSecret: SLACK_CLIENT_SECRET,
      clientOptions: baseClientOptions,
    });
    installRoutesList.push(
      ...installRoutes({
        clientId: SLACK_CLIENT_ID,
        clientSecret: SLACK_CLIENT_SECRET,
        stateSecret: SLACK_STATE_SECRET,
        installations,
        clientOptions: baseClientOptions,
        log,
      }),
    );
  }
  const workspaceTokens = installations;
  const app = new App({
    ...(workspaceTokens ? { authorize: workspaceTokens.authorize } : { token: config.SLACK_BOT_TOKEN }),
    ...(receiver ? { receiver } : { socketMode: true, appToken: config.SLACK_APP_TOKEN }),
    logger: boltLogger(log),
    // No listener uses Bolt's conversation store; it costs a rejected promise per request.
    convoStore: false,
    deferInitialization: true,
    clientOptions: workspaceTokens
      ? {
          ...baseClientOptions,
          // The app's own client has no token: work outside a request names its workspace
          // (runAsWorkspace) and gets that workspace's token here.
          fetch: authorizingFetch(slackFetch, (team) => workspaceTokens.botTokenFor(team)),
        }
      : baseClientOptions,
  });

  const countInFlight: Middleware<AnyMiddlewareArgs> = async ({ next }) => {
    inFlight++;
    try {
      await next();
    } finally {
      inFlight--;
      if (inFlight === 0) for (const wake of idle.splice(0)) wake();
    }
  };

  app.error(async (error) => {
    log.error({ err: error }, 'unhandled error in a Slack listener');
  });
  app.use(countInFlight);
  app.use(countRequests(deps.metrics));
  app.use(requireWorkspace(log));
  if (installations && options.workspaces) {
    app.use(requireInstalled(log));
    app.use(workspaceAccount(deps.workspaceApiKeys));
    registerUninstall(app, {
      installations,
      workspaces: options.workspaces.registry,
      log,
      apiKeys: deps.workspaceApiKeys,
    });
  }
  app.use(dropDuplicateEvents(deps.store));
  // A lookup's answer reaches the user even when its response_url fails (see respond.ts).
  app.use(keepAnswersReachable);
  for (const feature of features) feature.register(app, deps);
  // Last: each request runs only the listeners of its kind (see listeners-by-kind.ts).
  app.use(listenersOfItsKind(app));

  const health: Route = {
    method: 'GET',
    path: '/healthz',
    handle: (_req: IncomingMessage, res: ServerResponse) =>
      reply(res, 200, { ok: true, mode: config.socketMode ? 'socket' : 'http' }),
  };
  const ready: Route = {
    method: 'GET',
    path: '/readyz',
    async handle(_req, res) {
      if (draining) return reply(res, 503, { ok: false, reason: 'shutting down' });
      const store = await storeAnswers(deps, READY_STORE_TIMEOUT_MS);
      if (!store)
        return reply(res, 503, { ok: false, reason: `store (${deps.store.backend}) not answering` });
      reply(res, 200, { ok: true });
    },
  };
  const metrics: Route = {
    method: 'GET',
    path: '/metrics',
    async handle(_req, res) {
      const text = await deps.metrics.scrape();
      res.writeHead(200, { 'content-type': deps.metrics.contentType });
      res.end(text);
    },
  };
  const front = createHttpFront({
    log,
    routes: [health, ready, metrics, ...installRoutesList, ...(options.routes ?? [])],
    draining: () => draining,
    ...(receiver
      ? {
          slack: {
            path: '/slack/events',
            signingSecret: config.SLACK_SIGNING_SECRET ?? '',
            dispatch: (req: BufferedRequest, res: ServerResponse, parsed: SlackBody | undefined) =>
              parsed
                ? dispatchParsed(app, receiverLogger, req, res, parsed)
                : receiver.requestListener(req, res),
          },
        }
      : {}),
  });

  let started = false;
  let featuresStarted = false;
  const waitForIdle = (ms: number) =>
    inFlight === 0
      ? Promise.resolve(true)
      : new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), ms);
          idle.push(() => {
            clearTimeout(timer);
            resolve(true);
          });
        });

  return {
    app,
    installations,
    get draining() {
      return draining;
    },
    get inFlight() {
      return inFlight;
    },
    async start() {
      await app.init();
      const port = await front.listen(config.PORT, options.host);
      if (config.socketMode) await app.start();
      started = true;
      for (const feature of features) await feature.start?.(app, deps);
      featuresStarted = true;
      log.info(
        { mode: config.socketMode ? 'socket' : 'http', port, store: deps.store.backend },
        'Scout is running',
      );
      return { port };
    },
    async stop() {
      draining = true;
      // Socket Mode: disconnect so Slack sends new work elsewhere; HTTP answers 503 from now on.
      if (started && config.socketMode) await app.stop().catch(() => {});
      if (featuresStarted) for (const feature of [...features].reverse()) await feature.stop?.();
      const finished = await waitForIdle(options.drainGraceMs ?? DRAIN_GRACE_MS);
      if (!finished) log.warn({ inFlight }, 'shutdown grace period over with work still in flight');
      await front.close();
    },
  };
}
