/**
 * The bot scopes Scout asks for: the install link (`GET /slack/install`) requests exactly these, and
 * `manifest.yml` (`oauth_config.scopes.bot`) lists the same ones (test/workspaces/manifest.test.ts
 * fails when the two differ). Why each one is needed is written next to it in the manifest.
 */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'files:read',
  'files:write',
  'channels:history',
  'groups:history',
  'users:read',
  'im:write',
  'links:read',
  'links:write',
  'team:read',
] as const;

/** Where Slack sends the browser back after the install (the app's Redirect URL). */
export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';
