import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { type FakeInstallGrant, FakeSlack } from '../support/fake-slack.ts';
import { type Harness, type HarnessOptions, startHarness } from '../support/harness.ts';
import { commandBody, type SlackHttpResponse } from '../support/slack-requests.ts';

/**
 * Multi-workspace Scout for the install tests: OAuth credentials instead of SLACK_BOT_TOKEN, and a
 * fake Slack that answers oauth.v2.access. `install` walks the browser's path through Scout's real
 * HTTP server: GET /slack/install (state cookie, Add to Slack link) → Slack (a code) →
 * GET /slack/oauth_redirect.
 */

export const CLIENT_ID = '1234.5678';
export const CLIENT_SECRET = 'test-client-secret-abcdef';
export const STATE_SECRET = 'test-state-secret-abcdef';
export const ENCRYPTION_KEY = randomBytes(32).toString('base64');

export function multiEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: '',
    SLACK_CLIENT_ID: CLIENT_ID,
    SLACK_CLIENT_SECRET: CLIENT_SECRET,
    SLACK_STATE_SECRET: STATE_SECRET,
    SCOUT_ENCRYPTION_KEY: ENCRYPTION_KEY,
    ...extra,
  };
}

export async function startMultiHarness(options: HarnessOptions = {}): Promise<Harness> {
  const slack =
    options.slack ??
    (await new FakeSlack({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      ...options.slackOptions,
    }).start());
  const h = await startHarness({ ...options, slack, env: multiEnv(options.env) });
  if (!options.slack) {
    // The harness stops only a fake Slack it created itself.
    const stop = h.stop.bind(h);
    return Object.assign(h, {
      async stop(o?: Parameters<Harness['stop']>[0]) {
        await stop(o);
        if (!o?.keepSlack) await slack.stop();
      },
    });
  }
  return h;
}

const decode = (html: string) => html.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));

/** The install page: its Add to Slack URL and the state cookie it set. */
export async function openInstallPage(baseUrl: string): Promise<{ url: URL; cookie: string; html: string }> {
  const page = await fetch(`${baseUrl}/slack/install`);
  expect(page.status).toBe(200);
  const html = await page.text();
  const href = /id="add-to-slack" href="([^"]+)"/.exec(html)?.[1];
  if (!href) throw new Error(`no Add to Slack link in ${html}`);
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { url: new URL(decode(href)), cookie, html };
}

/** Install Scout the way a browser does; returns the redirect's answer. */
export async function install(
  h: Harness,
  grant: FakeInstallGrant,
): Promise<{ status: number; html: string }> {
  const { url, cookie } = await openInstallPage(h.baseUrl);
  const code = h.slack.grantInstall(grant);
  const state = url.searchParams.get('state') ?? '';
  const back = await fetch(
    `${h.baseUrl}/slack/oauth_redirect?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`,
    { headers: { cookie } },
  );
  return { status: back.status, html: await back.text() };
}

/** A slash command from a workspace of an Enterprise Grid org. */
export async function gridCommand(
  h: Harness,
  fields: {
    command: string;
    text: string;
    team_id: string;
    enterprise_id: string;
    orgWide: boolean;
    user_id?: string;
  },
): Promise<{ ack: SlackHttpResponse; responseId: string }> {
  const responseId = `r-${randomBytes(6).toString('hex')}`;
  const params = new URLSearchParams(
    commandBody({
      command: fields.command,
      text: fields.text,
      team_id: fields.team_id,
      ...(fields.user_id ? { user_id: fields.user_id } : {}),
      response_url: h.slack.responseUrl(responseId),
    }),
  );
  params.set('enterprise_id', fields.enterprise_id);
  params.set('is_enterprise_install', String(fields.orgWide));
  const ack = await h.post(params.toString(), 'application/x-www-form-urlencoded');
  return { ack, responseId };
}

/** An event from a workspace of an Enterprise Grid org, as Slack sends it for an org-wide install. */
export function gridEvent(
  h: Harness,
  event: Record<string, unknown>,
  fields: { team_id: string; enterprise_id: string; orgWide: boolean },
): Promise<SlackHttpResponse> {
  const envelope = {
    token: 'legacy-verification-token',
    team_id: fields.team_id,
    enterprise_id: fields.enterprise_id,
    api_app_id: 'A0SCOUT',
    type: 'event_callback',
    event_id: `Ev${randomBytes(6).toString('hex').toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    event,
    is_ext_shared_channel: false,
    authorizations: [
      {
        team_id: fields.orgWide ? null : fields.team_id,
        enterprise_id: fields.enterprise_id,
        user_id: 'UBOT',
        is_bot: true,
        is_enterprise_install: fields.orgWide,
      },
    ],
  };
  return h.post(JSON.stringify(envelope), 'application/json');
}
