import type { Readable } from 'node:stream';
import { type Dispatcher, request } from 'undici';
import { IntakeError } from '../batch/intake.ts';

/**
 * Downloads a file someone shared in Slack. Private files need the bot token
 * (`Authorization: Bearer xoxb-…`, scope files:read), so the token goes only to Slack's file host or
 * to the host SLACK_API_URL names (a self-hosted gateway, the fake Slack in tests), never to a URL an
 * event merely claims is a file. Without a valid token Slack answers its HTML sign-in page with 200:
 * the content type is checked, not only the status (docs/slack.md).
 */

const SLACK_FILE_HOSTS = new Set(['files.slack.com']);
const MAX_REDIRECTS = 3;

/** True when `url` may receive the bot token. */
export function isTrustedFileUrl(url: string, slackApiUrl: string): boolean {
  if (!URL.canParse(url)) return false;
  const target = new URL(url);
  if (target.username !== '' || target.password !== '') return false;
  if (target.protocol === 'https:' && SLACK_FILE_HOSTS.has(target.hostname.toLowerCase())) return true;
  if (!URL.canParse(slackApiUrl)) return false;
  const api = new URL(slackApiUrl);
  // Slack's own API host never serves files; a configured one (tests, self-hosted) may.
  if (api.hostname === 'slack.com') return false;
  return target.protocol === api.protocol && target.host.toLowerCase() === api.host.toLowerCase();
}

export interface DownloadOptions {
  token: string;
  slackApiUrl: string;
  timeoutMs?: number;
  dispatcher?: Dispatcher;
}

/** The file's bytes as a stream. Throws IntakeError (download_failed) when Slack did not hand it over. */
export async function downloadSlackFile(url: string, options: DownloadOptions): Promise<Readable> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (!isTrustedFileUrl(current, options.slackApiUrl)) {
      throw new IntakeError({ code: 'download_failed', reason: 'untrusted_host' });
    }
    let response: Dispatcher.ResponseData;
    try {
      response = await request(current, {
        method: 'GET',
        headers: { authorization: `Bearer ${options.token}` },
        headersTimeout: options.timeoutMs ?? 30_000,
        bodyTimeout: options.timeoutMs ?? 30_000,
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      });
    } catch {
      throw new IntakeError({ code: 'download_failed', reason: 'network' });
    }
    const { statusCode, headers, body } = response;
    if (statusCode >= 300 && statusCode < 400) {
      discard(body);
      const location = headers.location;
      const next =
        typeof location === 'string' && URL.canParse(location, current) ? new URL(location, current) : null;
      if (next === null) throw new IntakeError({ code: 'download_failed', reason: 'http' });
      current = next.href;
      continue;
    }
    if (statusCode !== 200) {
      discard(body);
      throw new IntakeError({ code: 'download_failed', reason: 'http' });
    }
    const type = String(headers['content-type'] ?? '').toLowerCase();
    if (type.startsWith('text/html')) {
      discard(body);
      throw new IntakeError({ code: 'download_failed', reason: 'sign_in_page' });
    }
    return body;
  }
  throw new IntakeError({ code: 'download_failed', reason: 'http' });
}

/** Drop a body we will not read; undici reports the abort as an error event, which nobody needs. */
function discard(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}
