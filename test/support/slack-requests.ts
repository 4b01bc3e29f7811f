import { createHmac, randomUUID } from 'node:crypto';

/**
 * Builds the HTTP requests Slack sends to Scout (commands, interactions, options, events),
 * signed the way Slack signs them, so tests drive Bolt's real HTTP receiver.
 */

export interface SignedPostOptions {
  secret: string;
  /** Seconds since epoch; default now. A stale one tests replay protection. */
  timestamp?: number;
  /** Overrides the computed signature (forgery tests). */
  signature?: string;
  headers?: Record<string, string>;
}

export interface SlackHttpResponse {
  status: number;
  text: string;
  json: unknown;
}

export async function signedPost(
  url: string,
  body: string,
  contentType: string,
  options: SignedPostOptions,
): Promise<SlackHttpResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const signature =
    options.signature ??
    `v0=${createHmac('sha256', options.secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
      ...options.headers,
    },
    body,
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: response.status, text, json };
}

export interface CommandFields {
  command: string;
  text?: string;
  user_id?: string;
  user_name?: string;
  team_id?: string;
  channel_id?: string;
  channel_name?: string;
  response_url: string;
  trigger_id?: string;
}

export function commandBody(fields: CommandFields): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: fields.team_id ?? 'T0TEST',
    team_domain: 'acme',
    channel_id: fields.channel_id ?? 'C0CHANNEL',
    channel_name: fields.channel_name ?? 'marketing',
    user_id: fields.user_id ?? 'U0ALICE',
    user_name: fields.user_name ?? 'alice',
    command: fields.command,
    text: fields.text ?? '',
    api_app_id: 'A0SCOUT',
    is_enterprise_install: 'false',
    response_url: fields.response_url,
    trigger_id: fields.trigger_id ?? `${Date.now()}.trigger.${randomUUID().slice(0, 8)}`,
  }).toString();
}

/** Interactivity and options requests: form-encoded with a single `payload` JSON field. */
export function payloadBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface ActionFields {
  action_id: string;
  value?: string;
  block_id?: string;
  user_id?: string;
  team_id?: string;
  channel_id?: string;
  response_url?: string;
  trigger_id?: string;
  /** The message the button sits on (message buttons). */
  message?: Record<string, unknown>;
  /** The modal the element sits in (modal actions). */
  view?: Record<string, unknown>;
  /** For select menus. */
  selected_option?: { value: string; text?: { type: 'plain_text'; text: string } };
  container?: Record<string, unknown>;
  type?: string;
}

export function blockActionPayload(fields: ActionFields): Record<string, unknown> {
  const user = fields.user_id ?? 'U0ALICE';
  const team = fields.team_id ?? 'T0TEST';
  const action: Record<string, unknown> = {
    type: fields.type ?? 'button',
    action_id: fields.action_id,
    block_id: fields.block_id ?? 'actions',
    action_ts: `${Date.now() / 1000}`,
  };
  if (fields.value !== undefined) action.value = fields.value;
  if (fields.selected_option) action.selected_option = fields.selected_option;
  return {
    type: 'block_actions',
    team: { id: team, domain: 'acme' },
    user: { id: user, username: user.toLowerCase(), team_id: team },
    api_app_id: 'A0SCOUT',
    token: 'legacy-verification-token',
    trigger_id: fields.trigger_id ?? `${Date.now()}.trigger.${randomUUID().slice(0, 8)}`,
    container:
      fields.container ??
      (fields.view ? { type: 'view', view_id: fields.view.id } : { type: 'message_attachment' }),
    ...(fields.channel_id || !fields.view
      ? { channel: { id: fields.channel_id ?? 'C0CHANNEL', name: 'marketing' } }
      : {}),
    ...(fields.message ? { message: fields.message } : {}),
    ...(fields.view ? { view: fields.view } : {}),
    ...(fields.response_url ? { response_url: fields.response_url } : {}),
    actions: [action],
  };
}

export function viewSubmissionPayload(fields: {
  callback_id: string;
  values: Record<string, Record<string, unknown>>;
  private_metadata?: string;
  user_id?: string;
  team_id?: string;
  view_id?: string;
}): Record<string, unknown> {
  const user = fields.user_id ?? 'U0ALICE';
  const team = fields.team_id ?? 'T0TEST';
  return {
    type: 'view_submission',
    team: { id: team, domain: 'acme' },
    user: { id: user, username: user.toLowerCase(), team_id: team },
    api_app_id: 'A0SCOUT',
    token: 'legacy-verification-token',
    trigger_id: `${Date.now()}.trigger.${randomUUID().slice(0, 8)}`,
    view: {
      id: fields.view_id ?? 'VMODAL',
      team_id: team,
      type: 'modal',
      callback_id: fields.callback_id,
      private_metadata: fields.private_metadata ?? '',
      hash: 'hash-1',
      blocks: [],
      state: { values: fields.values },
    },
    response_urls: [],
  };
}

export function blockSuggestionPayload(fields: {
  action_id: string;
  value: string;
  block_id?: string;
  user_id?: string;
  team_id?: string;
  view?: Record<string, unknown>;
}): Record<string, unknown> {
  const user = fields.user_id ?? 'U0ALICE';
  const team = fields.team_id ?? 'T0TEST';
  return {
    type: 'block_suggestion',
    team: { id: team, domain: 'acme' },
    user: { id: user, username: user.toLowerCase(), team_id: team },
    api_app_id: 'A0SCOUT',
    token: 'legacy-verification-token',
    action_id: fields.action_id,
    block_id: fields.block_id ?? fields.action_id,
    value: fields.value,
    container: { type: 'view', view_id: 'VMODAL' },
    view: fields.view ?? {
      id: 'VMODAL',
      type: 'modal',
      callback_id: 'unknown',
      private_metadata: '',
      state: { values: {} },
    },
  };
}

/** The Events API envelope (`event_callback`). */
export function eventEnvelope(
  event: Record<string, unknown>,
  options: { event_id?: string; team_id?: string } = {},
): Record<string, unknown> {
  const team = options.team_id ?? 'T0TEST';
  return {
    token: 'legacy-verification-token',
    team_id: team,
    api_app_id: 'A0SCOUT',
    event,
    type: 'event_callback',
    event_id: options.event_id ?? `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: team, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
  };
}

/** A `link_shared` event: a posted message (`channel` + `message_ts`) or a composer preview (`unfurl_id` + `source`). */
export function linkSharedEvent(fields: {
  urls: string[];
  channel?: string;
  user?: string;
  message_ts?: string;
  unfurl_id?: string;
  source?: 'composer' | 'conversations_history';
}): Record<string, unknown> {
  const composer = fields.source === 'composer';
  return {
    type: 'link_shared',
    channel: fields.channel ?? (composer ? 'COMPOSER' : 'C0CHANNEL'),
    is_bot_user_member: true,
    user: fields.user ?? 'U0ALICE',
    message_ts: fields.message_ts ?? (composer ? `${fields.unfurl_id ?? 'composer'}` : '1700000100.000200'),
    links: fields.urls.map((url) => ({ domain: new URL(url).hostname.replace(/^www\./, ''), url })),
    ...(fields.unfurl_id ? { unfurl_id: fields.unfurl_id } : {}),
    ...(fields.source ? { source: fields.source } : {}),
    event_ts: `${Date.now() / 1000}`,
  };
}

/** A message shortcut (`message_action`) on a message in a channel. */
export function messageActionPayload(fields: {
  callback_id: string;
  text: string;
  ts?: string;
  thread_ts?: string;
  user_id?: string;
  team_id?: string;
  channel_id?: string;
  response_url: string;
  author?: string;
}): Record<string, unknown> {
  const user = fields.user_id ?? 'U0ALICE';
  const team = fields.team_id ?? 'T0TEST';
  const ts = fields.ts ?? '1700000200.000300';
  return {
    type: 'message_action',
    token: 'legacy-verification-token',
    action_ts: `${Date.now() / 1000}`,
    team: { id: team, domain: 'acme' },
    user: { id: user, username: user.toLowerCase(), team_id: team, name: user.toLowerCase() },
    channel: { id: fields.channel_id ?? 'C0CHANNEL', name: 'marketing' },
    is_enterprise_install: false,
    callback_id: fields.callback_id,
    trigger_id: `${Date.now()}.trigger.${randomUUID().slice(0, 8)}`,
    response_url: fields.response_url,
    message_ts: ts,
    message: {
      type: 'message',
      user: fields.author ?? 'U0BOB',
      ts,
      text: fields.text,
      ...(fields.thread_ts ? { thread_ts: fields.thread_ts } : {}),
    },
  };
}

/** A global shortcut (`shortcut`), from the shortcuts menu. */
export function globalShortcutPayload(fields: {
  callback_id: string;
  user_id?: string;
  team_id?: string;
  trigger_id?: string;
}): Record<string, unknown> {
  const user = fields.user_id ?? 'U0ALICE';
  const team = fields.team_id ?? 'T0TEST';
  return {
    type: 'shortcut',
    token: 'legacy-verification-token',
    action_ts: `${Date.now() / 1000}`,
    team: { id: team, domain: 'acme' },
    user: { id: user, username: user.toLowerCase(), team_id: team },
    is_enterprise_install: false,
    callback_id: fields.callback_id,
    trigger_id: fields.trigger_id ?? `${Date.now()}.trigger.${randomUUID().slice(0, 8)}`,
  };
}
