import { createHmac, randomUUID } from 'node:crypto';
import type { SlackStandIn } from './slack-api.ts';
import { BOT_USER_ID, CHANNELS, type Json, TEAM_ID, type Workspace } from './workspace.ts';

/**
 * The bridge: a browser action becomes the request Slack would send, signed with the playground's
 * signing secret and POSTed to Scout's own Bolt HTTP receiver on loopback. So the playground runs
 * the real request path: signature check, ack, listeners, Web API calls back to the stand-in.
 */

export interface AckReply {
  status: number;
  json: unknown;
}

export interface ActionInput {
  type: string;
  action_id: string;
  block_id: string;
  value?: string;
  selected_option?: Json;
  selected_options?: Json[];
  selected_conversation?: string;
  selected_channel?: string;
  selected_user?: string;
}

const APP_ID = 'A0SCOUT';

export class Bridge {
  private readonly eventsUrl: string;
  private readonly signingSecret: string;
  private readonly workspace: Workspace;
  private readonly slack: SlackStandIn;
  /** Where the stand-in serves files (`…/slack/files/`). */
  private readonly slackBaseUrl: () => string;

  constructor(
    eventsUrl: string,
    signingSecret: string,
    workspace: Workspace,
    slack: SlackStandIn,
    slackBaseUrl: () => string,
  ) {
    this.eventsUrl = eventsUrl;
    this.signingSecret = signingSecret;
    this.workspace = workspace;
    this.slack = slack;
    this.slackBaseUrl = slackBaseUrl;
  }

  private async post(body: string, contentType: string): Promise<AckReply> {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', this.signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const response = await fetch(this.eventsUrl, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signature,
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
    return { status: response.status, json };
  }

  private postPayload(payload: Json): Promise<AckReply> {
    return this.post(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
    );
  }

  private userObject(user: string): Json {
    return { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: TEAM_ID };
  }

  private notice(user: string, channel: string, text: string): void {
    this.workspace.post({ channel, user: BOT_USER_ID, text, blocks: [], ephemeralFor: user });
  }

  /** A slash command typed in the message box. */
  async command(user: string, channel: string, command: string, text: string): Promise<void> {
    const ws = this.workspace;
    ws.post({
      channel,
      user,
      text: `${command} ${text}`.trim(),
      blocks: [],
      ephemeralFor: user,
      command: true,
    });
    const target = { user, channel };
    const channelName = CHANNELS.find((c) => c.id === channel)?.name ?? 'channel';
    const body = new URLSearchParams({
      token: 'playground-verification-token',
      team_id: TEAM_ID,
      team_domain: 'playground',
      channel_id: channel,
      channel_name: channelName,
      user_id: user,
      user_name: user.toLowerCase(),
      command,
      text,
      api_app_id: APP_ID,
      is_enterprise_install: 'false',
      response_url: this.slack.responseUrl(target),
      trigger_id: ws.trigger(user),
    }).toString();
    const ack = await this.post(body, 'application/x-www-form-urlencoded');
    if (ack.status !== 200) {
      this.notice(user, channel, `:warning: Scout answered HTTP ${ack.status} to ${command}.`);
      return;
    }
    const reply = ack.json as Json | null;
    if (reply && (reply.text !== undefined || reply.blocks !== undefined)) this.slack.respond(target, reply);
  }

  /** A button or select on a message (ephemeral or not). */
  async messageAction(user: string, channel: string, ts: string, action: ActionInput): Promise<void> {
    const ws = this.workspace;
    const message = ws.find(channel, ts);
    if (!message) return;
    const ephemeral = message.ephemeralFor !== undefined;
    const payload: Json = {
      type: 'block_actions',
      user: this.userObject(user),
      api_app_id: APP_ID,
      token: 'playground-verification-token',
      container: {
        type: 'message',
        message_ts: ts,
        channel_id: channel,
        is_ephemeral: ephemeral,
        ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      },
      trigger_id: ws.trigger(user),
      team: { id: TEAM_ID, domain: 'playground' },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: channel, name: CHANNELS.find((c) => c.id === channel)?.name ?? 'channel' },
      // Slack sends the message only for non-ephemeral ones.
      ...(ephemeral
        ? {}
        : {
            message: {
              type: 'message',
              user: message.user,
              ...(message.user === BOT_USER_ID ? { bot_id: 'BSCOUT' } : {}),
              text: message.text,
              blocks: message.blocks,
              ts: message.ts,
              ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
            },
          }),
      state: { values: {} },
      response_url: this.slack.responseUrl({
        user,
        channel,
        messageTs: ts,
        ...(message.threadTs ? { threadTs: message.threadTs } : {}),
      }),
      actions: [{ ...action, action_ts: `${Date.now() / 1000}` }],
    };
    const ack = await this.postPayload(payload);
    if (ack.status !== 200)
      this.notice(user, channel, `:warning: Scout answered HTTP ${ack.status} to that click.`);
  }

  private viewPayload(viewId: string, values: Json): Json | null {
    const record = this.workspace.findView(viewId);
    if (!record) return null;
    return {
      ...record.view,
      id: record.id,
      team_id: TEAM_ID,
      hash: record.hash,
      private_metadata: record.view.private_metadata ?? '',
      callback_id: record.view.callback_id ?? '',
      state: { values },
      app_id: APP_ID,
      bot_id: 'BSCOUT',
    };
  }

  /** A button or select inside a modal or the Home tab. */
  async viewAction(user: string, viewId: string, values: Json, action: ActionInput): Promise<void> {
    const view = this.viewPayload(viewId, values);
    if (!view) return;
    await this.postPayload({
      type: 'block_actions',
      user: this.userObject(user),
      api_app_id: APP_ID,
      token: 'playground-verification-token',
      container: { type: 'view', view_id: viewId },
      trigger_id: this.workspace.trigger(user),
      team: { id: TEAM_ID, domain: 'playground' },
      enterprise: null,
      is_enterprise_install: false,
      view,
      actions: [{ ...action, action_ts: `${Date.now() / 1000}` }],
    });
  }

  /** Type-ahead for an external select: Scout's options, as Slack would list them. */
  async suggest(
    user: string,
    viewId: string,
    values: Json,
    blockId: string,
    actionId: string,
    value: string,
  ) {
    const view = this.viewPayload(viewId, values);
    if (!view) return { options: [] };
    const ack = await this.postPayload({
      type: 'block_suggestion',
      user: this.userObject(user),
      api_app_id: APP_ID,
      token: 'playground-verification-token',
      container: { type: 'view', view_id: viewId },
      team: { id: TEAM_ID, domain: 'playground' },
      action_id: actionId,
      block_id: blockId,
      value,
      view,
    });
    return (ack.json ?? { options: [] }) as Json;
  }

  /** Submit a modal: apply the ack's response_action like Slack does (errors, update, push, clear). */
  async submit(user: string, viewId: string, values: Json): Promise<void> {
    const ws = this.workspace;
    const record = ws.findView(viewId);
    const view = this.viewPayload(viewId, values);
    if (!record || !view) return;
    const ack = await this.postPayload({
      type: 'view_submission',
      user: this.userObject(user),
      api_app_id: APP_ID,
      token: 'playground-verification-token',
      trigger_id: ws.trigger(user),
      team: { id: TEAM_ID, domain: 'playground' },
      enterprise: null,
      is_enterprise_install: false,
      view,
      response_urls: [],
    });
    const reply = (ack.json ?? {}) as Json;
    if (ack.status !== 200) {
      record.errors = { _: `Scout answered HTTP ${ack.status}` };
      ws.changed();
      return;
    }
    switch (reply.response_action) {
      case 'errors':
        record.errors = (reply.errors ?? {}) as Record<string, string>;
        ws.changed();
        return;
      case 'update':
        ws.replaceView(record, reply.view as Json);
        return;
      case 'push':
        ws.openView(user, reply.view as Json, 'push');
        return;
      case 'clear':
        ws.closeView(user, true);
        return;
      default:
        ws.closeView(user);
    }
  }

  /** The modal's Cancel/close: a `view_closed` when the view asked for it. */
  async close(user: string, viewId: string, values: Json): Promise<void> {
    const view = this.viewPayload(viewId, values);
    this.workspace.closeView(user);
    if (view?.notify_on_close) {
      await this.postPayload({
        type: 'view_closed',
        user: this.userObject(user),
        api_app_id: APP_ID,
        team: { id: TEAM_ID, domain: 'playground' },
        view,
        is_cleared: false,
      });
    }
  }

  private event(event: Json): Promise<AckReply> {
    return this.post(
      JSON.stringify({
        token: 'playground-verification-token',
        team_id: TEAM_ID,
        api_app_id: APP_ID,
        event,
        type: 'event_callback',
        event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [
          { team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false },
        ],
      }),
      'application/json',
    );
  }

  /** The Home tab was opened. */
  async homeOpened(user: string): Promise<void> {
    const home = this.workspace.homes.get(user);
    await this.event({
      type: 'app_home_opened',
      user,
      channel: `D${user}`,
      tab: 'home',
      event_ts: `${Date.now() / 1000}`,
      ...(home ? { view: { ...home.view, id: home.id, hash: home.hash } } : {}),
    });
  }

  /** A file dropped into the channel: Slack's `message` event with subtype `file_share`. */
  async dropFile(
    user: string,
    channel: string,
    name: string,
    content: Buffer,
    mimetype: string,
  ): Promise<void> {
    const ws = this.workspace;
    const file = ws.addFile({ name, content, user, mimetype });
    const message = ws.post({
      channel,
      user,
      text: '',
      blocks: [],
      files: [{ id: file.id, name: file.name, size: file.size }],
    });
    file.shares[channel] = message.ts;
    const ack = await this.event({
      type: 'message',
      subtype: 'file_share',
      channel,
      channel_type: 'channel',
      user,
      text: '',
      ts: message.ts,
      event_ts: message.ts,
      files: [ws.describeFile(file, this.slackBaseUrl())],
    });
    if (ack.status !== 200)
      this.notice(user, channel, `:warning: Scout answered HTTP ${ack.status} to the upload.`);
  }
}
