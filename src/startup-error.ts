import { ConfigError } from './config.ts';
import { StoreOpenError } from './store/index.ts';

/**
 * Why Scout could not start, as one line that names the variable to fix and what to do: start-up
 * failures print this and exit 1, never a stack trace (LOG_LEVEL=debug logs the details).
 */
export function startupFailure(
  error: unknown,
  env: Record<string, string | undefined> = process.env,
): string {
  if (error instanceof ConfigError || error instanceof StoreOpenError) return error.message;
  const e = error as {
    code?: string;
    message?: string;
    data?: { error?: string };
    original?: { code?: string; message?: string };
    cause?: { code?: string; message?: string };
  };
  const code = e?.code;
  const slackError = e?.data?.error;
  const inner = e?.original ?? e?.cause;
  const port = env.PORT || '3000';
  if (code === 'EADDRINUSE' || inner?.code === 'EADDRINUSE') {
    return `PORT ${port} is in use: stop what runs there or set PORT to a free port`;
  }
  if (code === 'EACCES' && /listen/.test(e?.message ?? '')) {
    return `PORT ${port} cannot be opened (EACCES): use a port above 1023 or run with the right permissions`;
  }
  if (slackError && /auth|token|account_inactive|revoked/.test(slackError)) {
    const appToken = /apps\.connections\.open|app.level|xapp/i.test(e?.message ?? '');
    return appToken
      ? `SLACK_APP_TOKEN was refused by Slack (${slackError}): generate an app-level token with connections:write (Basic Information → App-Level Tokens)`
      : `SLACK_BOT_TOKEN was refused by Slack (${slackError}): copy the Bot User OAuth Token (xoxb-…) from your Slack app's OAuth & Permissions page`;
  }
  const network = networkCode(error);
  if (network) {
    const url = env.SLACK_API_URL || 'https://slack.com/api/';
    return `SLACK_API_URL=${url}: Slack cannot be reached (${network}): check the network or proxy, or unset SLACK_API_URL to use https://slack.com/api/`;
  }
  if (code === 'slack_webapi_request_error' || code === 'slack_bolt_authorization_error') {
    const detail = (inner?.message ?? e?.message ?? '').split('\n')[0];
    return `SLACK_BOT_TOKEN / SLACK_API_URL: Slack could not be asked who Scout is (${detail}): check the token and that ${env.SLACK_API_URL || 'https://slack.com/api/'} is reachable`;
  }
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  return `${message} (set LOG_LEVEL=debug for details)`;
}

/** A network error code (ENOTFOUND, ECONNREFUSED, …) anywhere in the error's cause chain. */
function networkCode(error: unknown): string | undefined {
  let current = error as { code?: unknown; cause?: unknown; original?: unknown } | undefined;
  for (let depth = 0; current && depth < 6; depth++) {
    if (
      typeof current.code === 'string' &&
      /^(ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|EHOSTUNREACH|UND_ERR_\w+)$/.test(current.code)
    ) {
      return current.code;
    }
    current = (current.original ?? current.cause) as typeof current;
  }
  return undefined;
}
