import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockApi } from '../mock-api/server.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import type { CreateScout, Scout } from '../src/feature.ts';
import type { Logger } from '../src/log.ts';
import { Bridge } from './bridge.ts';
import { commandsFromManifest, createHandler } from './server.ts';
import { SlackStandIn } from './slack-api.ts';
import { BOT_TOKEN, Workspace } from './workspace.ts';

/**
 * The playground: `npm start` without Slack configuration. One process runs
 *  - the page and a Slack stand-in on http://localhost:PORT/ (loopback only),
 *  - the real Scout (createScout) with Bolt's HTTP receiver on a free loopback port, its Web API
 *    calls going to the stand-in (SLACK_API_URL), every browser action reaching it as a signed request,
 *  - the offline Influencers Club API double (mock-api/) on a free loopback port: no credits spent.
 * The store is a SQLite file in a temporary directory, removed on stop.
 */

export interface PlaygroundOptions {
  /** How to build Scout: src/main.ts passes its own `createScout` (the playground runs the real app). */
  createScout: CreateScout;
  /** Page port; default PORT or 3000 (0 = a free port). */
  port?: number;
  /** Scout's logger (default: Scout's own, at LOG_LEVEL or `warn`). */
  log?: Logger;
  /** Batch poll interval (ms); default BATCH_POLL_INTERVAL_MS or 1000, so a demo batch finishes quickly. */
  batchPollIntervalMs?: number;
}

export interface Playground {
  url: string;
  /** Things the playground tells the user (shown in the banner and on the console line). */
  notes: string[];
  scout: Scout;
  stop(): Promise<void>;
}

/** Environment variables the playground passes on to Scout; Slack, API and store ones are its own. */
const PASSED_ON = [
  'CREDIT_BUDGET_DEFAULT',
  'CACHE_TTL_ENRICHMENT_HOURS',
  'CACHE_TTL_LIST_HOURS',
  'IC_PRICES',
  'SCOUT_ADMINS',
] as const;

const set = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

/** "Slack not configured": no bot token and no OAuth client id (empty counts as unset). */
export function slackConfigured(env: NodeJS.ProcessEnv): boolean {
  return set(env.SLACK_BOT_TOKEN) || set(env.SLACK_CLIENT_ID);
}

export async function startPlayground(
  env: NodeJS.ProcessEnv,
  options: PlaygroundOptions,
): Promise<Playground> {
  if (slackConfigured(env)) {
    throw new ConfigError('the playground only runs when Slack is not configured (SLACK_BOT_TOKEN is set)');
  }
  const notes = ['Data comes from the offline Influencers Club API double: no credits are spent.'];
  if (set(env.INFLUENCERS_CLUB_API_KEY)) {
    notes.push(
      'INFLUENCERS_CLUB_API_KEY is ignored here: the playground never calls the real API (configure Slack to use it).',
    );
  }
  const port = options.port ?? (set(env.PORT) ? Number(env.PORT) : 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a port number for the playground page (got "${env.PORT}")`);
  }
  const mockKey = set(env.MOCK_API_KEY) ? env.MOCK_API_KEY : 'mock-api-key';

  const workspace = new Workspace();
  let baseUrl = '';
  const slack = new SlackStandIn(workspace, () => baseUrl);
  let bridge: Bridge | null = null;
  const handler = createHandler({
    workspace,
    slack,
    bridge: () => bridge,
    commands: commandsFromManifest(new URL('../manifest.yml', import.meta.url)),
    notes,
  });
  const server: Server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: (error as Error).message }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new ConfigError(`PORT ${port} is in use: stop what runs there or set PORT to a free port`)
          : error,
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${actualPort}`;
  const closeServer = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });

  let api: Awaited<ReturnType<typeof startMockApi>> | null = null;
  let scout: Scout | null = null;
  const tempDir = mkdtempSync(join(tmpdir(), 'scout-playground-'));
  const stop = async () => {
    await scout?.stop().catch(() => {});
    await api?.close().catch(() => {});
    await closeServer();
    rmSync(tempDir, { recursive: true, force: true });
  };
  try {
    api = await startMockApi({
      port: set(env.MOCK_API_PORT) ? Number(env.MOCK_API_PORT) : 0,
      host: '127.0.0.1',
      apiKeys: [mockKey],
      credits: 1000,
      // A handful of rows per poll, so a small demo CSV shows its progress message being edited.
      batchRowsPerPoll: 2,
    });
    const signingSecret = randomBytes(24).toString('hex');
    const passed = Object.fromEntries(PASSED_ON.filter((k) => set(env[k])).map((k) => [k, env[k]]));
    const config = loadConfig({
      ...passed,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: `${baseUrl}/slack/api/`,
      INFLUENCERS_CLUB_API_KEY: mockKey,
      INFLUENCERS_CLUB_API_URL: api.url,
      STORE_URL: `sqlite://${join(tempDir, 'scout.sqlite')}`,
      PORT: '0',
      BATCH_POLL_INTERVAL_MS: String(
        options.batchPollIntervalMs ?? (set(env.BATCH_POLL_INTERVAL_MS) ? env.BATCH_POLL_INTERVAL_MS : 1000),
      ),
      LOG_LEVEL: set(env.LOG_LEVEL) ? env.LOG_LEVEL : 'warn',
    });
    scout = await options.createScout(config, {
      host: '127.0.0.1',
      ...(options.log ? { log: options.log } : {}),
      slackClientOptions: { retryConfig: { retries: 0 } },
    });
    const { port: scoutPort } = await scout.start();
    bridge = new Bridge(
      `http://127.0.0.1:${scoutPort}/slack/events`,
      signingSecret,
      workspace,
      slack,
      () => baseUrl,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://localhost:${actualPort}/`, notes, scout, stop };
}

/**
 * `npm start` without Slack: start the playground, say so in one line, run until SIGINT/SIGTERM.
 * Never returns; exits 1 with one line when it cannot start.
 */
export async function runPlayground(env: NodeJS.ProcessEnv, createScout: CreateScout): Promise<never> {
  let playground: Playground;
  try {
    playground = await startPlayground(env, { createScout });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`Scout playground cannot start: ${message}`);
    process.exit(1);
  }
  console.log(
    `Scout playground (no Slack configured): open ${playground.url} · ${playground.notes.join(' ')} Set SLACK_BOT_TOKEN (see README) to run the real app.`,
  );
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      playground.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  return new Promise<never>(() => {});
}
