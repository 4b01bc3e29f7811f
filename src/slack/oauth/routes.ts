import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CodedError, type Installation, InstallProvider } from '@slack/oauth';
import type { WebClientOptions } from '@slack/web-api';
import type { Logger } from '../../log.ts';
import { boltLogger } from '../bolt-logger.ts';
import type { Route } from '../http-front.ts';
import type { SlackInstallations } from './installations.ts';
import { BOT_SCOPES, INSTALL_PATH, REDIRECT_PATH } from './scopes.ts';

/**
 * The two install routes on Scout's HTTP server (HTTP and Socket Mode alike), on `@slack/oauth`'s
 * InstallProvider: `GET /slack/install` serves the "Add to Slack" page (and sets the state cookie;
 * the state is signed with SLACK_STATE_SECRET, so any replica can check it), and
 * `GET /slack/oauth_redirect` exchanges the code through `oauth.v2.access` at SLACK_API_URL and
 * saves the installation, sealed, in Scout's store.
 */

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1d3557}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

export function installPage(url: string): string {
  return page(
    'Add Scout to Slack',
    `<p>Scout looks up social-media creators from Slack on the Influencers Club API, with a monthly credit budget per workspace.</p>
<p><a id="add-to-slack" href="${escapeHtml(url)}"><img alt="Add to Slack" height="40" width="139" src="https://platform.slack-edge.com/img/add_to_slack.png"></a></p>`,
  );
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

export function installRoutes(options: {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  installations: SlackInstallations;
  clientOptions: WebClientOptions;
  log: Logger;
}): Route[] {
  const log = options.log.child({ component: 'install' });
  const installer = new InstallProvider({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    stateSecret: options.stateSecret,
    installationStore: options.installations.installationStore,
    installUrlOptions: { scopes: [...BOT_SCOPES] },
    renderHtmlForInstallPath: installPage,
    clientOptions: options.clientOptions,
    logger: boltLogger(options.log),
  });
  return [
    {
      method: 'GET',
      path: INSTALL_PATH,
      handle: (req: IncomingMessage, res: ServerResponse) => installer.handleInstallPath(req, res),
    },
    {
      method: 'GET',
      path: REDIRECT_PATH,
      handle: (req: IncomingMessage, res: ServerResponse) =>
        installer.handleCallback(req, res, {
          success: (installation: Installation) => {
            const where = installation.isEnterpriseInstall
              ? (installation.enterprise?.name ?? 'your organization')
              : (installation.team?.name ?? 'your workspace');
            sendHtml(
              res,
              200,
              page(
                'Scout is installed',
                `<p>Scout is installed in ${escapeHtml(where)}. Type <code>/creator help</code> in any channel; invite Scout (<code>/invite @Scout</code>) where you will drop CSV files.</p>`,
              ),
            );
          },
          failure: (error: CodedError) => {
            log.warn({ code: error.code }, 'an installation did not complete');
            sendHtml(
              res,
              400,
              page(
                'Scout was not installed',
                `<p>The installation did not complete (${escapeHtml(error.code)}). <a href="${INSTALL_PATH}">Start again</a>.</p>`,
              ),
            );
          },
        }),
    },
  ];
}
