import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type MockApi, type MockApiOptions, startMockApi } from '../../mock-api/server.ts';
import { loadConfig } from '../../src/config.ts';
import type { Feature, Scout } from '../../src/feature.ts';
import { createLogger } from '../../src/log.ts';
import { createScout } from '../../src/main.ts';
import { FakeSlack, type FakeSlackOptions } from './fake-slack.ts';
import {
  type ActionFields,
  blockActionPayload,
  blockSuggestionPayload,
  commandBody,
  eventEnvelope,
  payloadBody,
  type SlackHttpResponse,
  signedPost,
  viewSubmissionPayload,
} from './slack-requests.ts';

/**
 * End-to-end harness: the real Scout (Bolt's HTTP receiver, real store, real client) between a fake
 * Slack (test/support/fake-slack.ts) and the Influencers Club API double (mock-api/), all on loopback.
 * Tests send signed requests the way Slack does and assert what Slack was asked to show and what
 * the API was asked (and charged).
 */

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const API_KEY = 'test-key';
export const BOT_TOKEN = 'xoxb-test-token';

export interface HarnessOptions {
  /** Extra or overriding environment variables for loadConfig. */
  env?: Record<string, string>;
  features?: readonly Feature[];
  mockApi?: MockApiOptions;
  /** Reuse a running API double (e.g. across a restart). */
  api?: MockApi;
  slack?: FakeSlack;
  slackOptions?: FakeSlackOptions;
  /** Default: a fresh SQLite file in a temp dir. */
  storeUrl?: string;
  storeNamespace?: string;
  clock?: () => number;
  /** Shutdown's wait for in-flight work (default Scout's own). */
  drainGraceMs?: number;
  /** Don't start background work and HTTP listener (rarely needed). */
  start?: boolean;
}

export interface Harness {
  readonly slack: FakeSlack;
  readonly api: MockApi;
  readonly scout: Scout;
  /** Where Slack would POST (commands, interactions, options, events). */
  readonly eventsUrl: string;
  readonly baseUrl: string;
  readonly storeUrl: string;
  /** Everything Scout logged (JSON lines), for "never logs a secret" checks. */
  readonly logs: string[];
  /** Send a slash command; `responseId` names its response_url in the fake Slack. */
  command(
    command: string,
    text: string,
    fields?: { user_id?: string; channel_id?: string; team_id?: string; trigger_id?: string },
  ): Promise<{ ack: SlackHttpResponse; responseId: string }>;
  /** Click a button / pick a select; a response_url is attached unless `response_url: null`. */
  action(fields: Omit<ActionFields, 'response_url'> & { response_url?: string | null }): Promise<{
    ack: SlackHttpResponse;
    responseId: string | null;
  }>;
  submitView(fields: Parameters<typeof viewSubmissionPayload>[0]): Promise<SlackHttpResponse>;
  suggest(fields: Parameters<typeof blockSuggestionPayload>[0]): Promise<SlackHttpResponse>;
  event(
    event: Record<string, unknown>,
    options?: { event_id?: string; team_id?: string; retryNum?: number },
  ): Promise<SlackHttpResponse>;
  /** A raw signed POST (custom bodies, forged signatures). */
  post(
    body: string,
    contentType: string,
    options?: { timestamp?: number; signature?: string },
  ): Promise<SlackHttpResponse>;
  stop(options?: { keepApi?: boolean; keepSlack?: boolean; keepStore?: boolean }): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const slack =
    options.slack ?? (await new FakeSlack({ botToken: BOT_TOKEN, ...options.slackOptions }).start());
  const api = options.api ?? (await startMockApi({ port: 0, apiKeys: [API_KEY], ...options.mockApi }));
  const tempDir = options.storeUrl ? null : mkdtempSync(join(tmpdir(), 'scout-test-'));
  const storeUrl = options.storeUrl ?? `sqlite://${join(tempDir ?? '', 'scout.sqlite')}`;
  const logs: string[] = [];
  const config = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    INFLUENCERS_CLUB_API_KEY: API_KEY,
    INFLUENCERS_CLUB_API_URL: api.url,
    STORE_URL: storeUrl,
    PORT: '0',
    BATCH_POLL_INTERVAL_MS: '50',
    CREDIT_BUDGET_DEFAULT: '500',
    LOG_LEVEL: 'debug',
    ...options.env,
  });
  const log = createLogger({
    level: config.LOG_LEVEL,
    secrets: [BOT_TOKEN, API_KEY, SIGNING_SECRET],
    destination: new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  });
  const scout = await createScout(config, {
    log,
    host: '127.0.0.1',
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.features ? { features: options.features } : {}),
    ...(options.drainGraceMs !== undefined ? { drainGraceMs: options.drainGraceMs } : {}),
    storeNamespace: options.storeNamespace ?? `t${randomUUID().slice(0, 8)}`,
    icRetry: { maxAttempts: 3, minDelayMs: 5, maxDelayMs: 20, maxTotalMs: 2000 },
    slackClientOptions: { retryConfig: { retries: 0 } },
  });
  let port = 0;
  if (options.start !== false) port = (await scout.start()).port ?? 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  const eventsUrl = `${baseUrl}/slack/events`;

  const post = (
    body: string,
    contentType: string,
    extra: { timestamp?: number; signature?: string; headers?: Record<string, string> } = {},
  ) => signedPost(eventsUrl, body, contentType, { secret: SIGNING_SECRET, ...extra });
  const form = 'application/x-www-form-urlencoded';

  return {
    slack,
    api,
    scout,
    eventsUrl,
    baseUrl,
    storeUrl,
    logs,
    async command(command, text, fields = {}) {
      const responseId = randomUUID();
      const ack = await post(
        commandBody({ command, text, response_url: slack.responseUrl(responseId), ...fields }),
        form,
      );
      return { ack, responseId };
    },
    async action(fields) {
      const responseId = fields.response_url === null ? null : randomUUID();
      const { response_url: _, ...rest } = fields;
      const payload = blockActionPayload({
        ...rest,
        ...(responseId ? { response_url: fields.response_url ?? slack.responseUrl(responseId) } : {}),
      });
      const ack = await post(payloadBody(payload), form);
      return { ack, responseId };
    },
    submitView(fields) {
      return post(payloadBody(viewSubmissionPayload(fields)), form);
    },
    suggest(fields) {
      return post(payloadBody(blockSuggestionPayload(fields)), form);
    },
    event(event, eventOptions = {}) {
      const { retryNum, ...envelopeOptions } = eventOptions;
      return post(JSON.stringify(eventEnvelope(event, envelopeOptions)), 'application/json', {
        ...(retryNum
          ? { headers: { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' } }
          : {}),
      });
    },
    post(body, contentType, extra = {}) {
      return post(body, contentType, extra);
    },
    async stop(stopOptions = {}) {
      await scout.stop();
      if (!stopOptions.keepSlack && !options.slack) await slack.stop();
      if (!stopOptions.keepApi && !options.api) await api.close();
      if (tempDir && !stopOptions.keepStore) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
