import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  BOT_TOKEN,
  BOT_USER_ID,
  CHANNELS,
  type Json,
  type PlaygroundMessage,
  TEAM_ID,
  type Workspace,
} from './workspace.ts';

/**
 * The Slack stand-in Scout talks to in the playground (`SLACK_API_URL` points at `/slack/api/`):
 * the Web API methods Scout calls, response_url endpoints, private file downloads and the files-v2
 * upload URL. Instead of recording calls for assertions (test/support/fake-slack.ts), it applies
 * them to the workspace the browser shows.
 */

export class SlackStandIn {
  private readonly workspace: Workspace;
  private readonly baseUrl: () => string;

  constructor(workspace: Workspace, baseUrl: () => string) {
    this.workspace = workspace;
    this.baseUrl = baseUrl;
  }

  /** Handles `/slack/...`; false when the path is not ours. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<boolean> {
    const path = url.pathname;
    if (path.startsWith('/slack/api/')) {
      const args = parseArgs(String(req.headers['content-type'] ?? ''), body);
      const auth = req.headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice(7) : args.token;
      const answer =
        token === BOT_TOKEN
          ? this.call(path.slice('/slack/api/'.length), args)
          : { ok: false, error: 'invalid_auth' };
      send(res, 200, { ok: true, ...answer });
      return true;
    }
    if (path.startsWith('/slack/respond/')) {
      const id = decodeURIComponent(path.slice('/slack/respond/'.length));
      const target = this.workspace.responseUrls.get(id);
      if (!target) {
        send(res, 404, { ok: false, error: 'expired_url' });
        return true;
      }
      this.respond(target, JSON.parse(body.toString('utf8') || '{}') as Json);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return true;
    }
    if (path.startsWith('/slack/files/')) {
      const file = this.workspace.files.get(path.split('/')[3] ?? '');
      if (req.headers.authorization !== `Bearer ${BOT_TOKEN}` || !file) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!DOCTYPE html><html><body>Sign in to Slack</body></html>');
        return true;
      }
      res.writeHead(200, { 'content-type': file.mimetype, 'content-length': file.content.length });
      res.end(file.content);
      return true;
    }
    if (path.startsWith('/slack/upload/')) {
      const id = path.slice('/slack/upload/'.length);
      const pending = this.workspace.uploads.get(id);
      this.workspace.uploads.set(id, {
        filename: pending?.filename ?? id,
        content: await uploadedBytes(String(req.headers['content-type'] ?? ''), body),
      });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('OK');
      return true;
    }
    return false;
  }

  /** A new response_url for a command or a click. */
  responseUrl(target: { user: string; channel: string; messageTs?: string; threadTs?: string }): string {
    const id = randomUUID();
    this.workspace.responseUrls.set(id, target);
    return `${this.baseUrl()}/slack/respond/${id}`;
  }

  /**
   * A reply through a response_url (or a slash command's ack body): replace or delete the message
   * it came from, or post a new one, ephemeral unless `response_type: in_channel`.
   */
  respond(
    target: { user: string; channel: string; messageTs?: string; threadTs?: string },
    body: Json,
  ): void {
    const ws = this.workspace;
    const original = target.messageTs ? ws.find(target.channel, target.messageTs) : undefined;
    if (body.delete_original === true || body.delete_original === 'true') {
      if (original) ws.remove(original.channel, original.ts);
      return;
    }
    const content = {
      text: String(body.text ?? ''),
      blocks: Array.isArray(body.blocks) ? (body.blocks as Json[]) : [],
    };
    const inChannel = body.response_type === 'in_channel';
    if ((body.replace_original === true || body.replace_original === 'true') && original) {
      const patch: Partial<PlaygroundMessage> = { ...content };
      if (inChannel) {
        patch.user = BOT_USER_ID;
        delete original.ephemeralFor;
      }
      ws.update(original.channel, original.ts, patch);
      return;
    }
    const posted = ws.post({
      channel: target.channel,
      user: BOT_USER_ID,
      ...content,
      ...(target.threadTs ? { threadTs: target.threadTs } : {}),
      ...(inChannel ? {} : { ephemeralFor: target.user }),
    });
    // A command's response_url: a later `replace_original` replaces what it posted first.
    target.messageTs ??= posted.ts;
  }

  private call(method: string, args: Json): Json {
    const ws = this.workspace;
    const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
    const blocks = (v: unknown) => (Array.isArray(v) ? (v as Json[]) : []);
    switch (method) {
      case 'auth.test':
        return {
          url: 'http://localhost/',
          team: 'Playground',
          user: 'scout',
          team_id: TEAM_ID,
          user_id: BOT_USER_ID,
          bot_id: 'BSCOUT',
        };
      case 'chat.postMessage': {
        const channel = this.channelFor(str(args.channel));
        const message = ws.post({
          channel,
          user: BOT_USER_ID,
          text: str(args.text),
          blocks: blocks(args.blocks),
          ...(args.thread_ts ? { threadTs: str(args.thread_ts) } : {}),
        });
        return { channel, ts: message.ts, message: { text: message.text, blocks: message.blocks } };
      }
      case 'chat.postEphemeral': {
        const message = ws.post({
          channel: this.channelFor(str(args.channel)),
          user: BOT_USER_ID,
          text: str(args.text),
          blocks: blocks(args.blocks),
          ephemeralFor: str(args.user),
          ...(args.thread_ts ? { threadTs: str(args.thread_ts) } : {}),
        });
        return { message_ts: message.ts };
      }
      case 'chat.update': {
        const channel = str(args.channel);
        // Like Slack: an ephemeral message cannot be edited (only replaced through its response_url).
        if (ws.find(channel, str(args.ts))?.ephemeralFor !== undefined) {
          return { ok: false, error: 'message_not_found' };
        }
        const updated = ws.update(channel, str(args.ts), {
          text: str(args.text),
          ...(args.blocks !== undefined ? { blocks: blocks(args.blocks) } : {}),
        });
        if (!updated) return { ok: false, error: 'message_not_found' };
        return { channel, ts: updated.ts, text: updated.text };
      }
      case 'chat.delete':
        ws.remove(str(args.channel), str(args.ts));
        return { channel: args.channel, ts: args.ts };
      case 'chat.getPermalink':
        return { permalink: `${this.baseUrl()}/#${str(args.channel)}/${str(args.message_ts)}` };
      case 'views.open':
      case 'views.push': {
        const user = ws.triggers.get(str(args.trigger_id));
        if (!user) return { ok: false, error: 'invalid_trigger_id' };
        const record = ws.openView(user, viewArg(args.view), method === 'views.open' ? 'open' : 'push');
        return { view: { ...record.view, id: record.id, hash: record.hash } };
      }
      case 'views.update': {
        const record = ws.findView(
          args.view_id ? str(args.view_id) : undefined,
          args.external_id ? str(args.external_id) : undefined,
        );
        if (!record) return { ok: false, error: 'not_found' };
        if (args.hash && str(args.hash) !== record.hash) return { ok: false, error: 'hash_conflict' };
        ws.replaceView(record, viewArg(args.view));
        return { view: { ...record.view, id: record.id, hash: record.hash } };
      }
      case 'views.publish': {
        const record = ws.publishHome(str(args.user_id), viewArg(args.view));
        return { view: { ...record.view, id: record.id, hash: record.hash } };
      }
      case 'files.getUploadURLExternal': {
        const id = `FUP${randomUUID().slice(0, 8).toUpperCase()}`;
        ws.uploads.set(id, { filename: str(args.filename) || id, content: Buffer.alloc(0) });
        return { upload_url: `${this.baseUrl()}/slack/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const listed = (Array.isArray(args.files) ? args.files : []) as { id: string; title?: string }[];
        const channel = this.channelFor(str(args.channel_id));
        const files = listed.flatMap((f) => {
          const upload = ws.uploads.get(f.id);
          if (!upload) return [];
          const file = ws.addFile({ name: upload.filename, content: upload.content, user: BOT_USER_ID });
          ws.uploads.delete(f.id);
          return [file];
        });
        if (channel) {
          const message = ws.post({
            channel,
            user: BOT_USER_ID,
            text: str(args.initial_comment),
            blocks: [],
            files: files.map((f) => ({ id: f.id, name: f.name, size: f.size })),
            ...(args.thread_ts ? { threadTs: str(args.thread_ts) } : {}),
          });
          for (const f of files) f.shares[channel] = message.ts;
        }
        return { files: files.map((f) => ({ id: f.id, title: f.title })) };
      }
      case 'files.info': {
        const file = ws.files.get(str(args.file));
        if (!file) return { ok: false, error: 'file_not_found' };
        return { file: ws.describeFile(file, this.baseUrl()) };
      }
      case 'users.info': {
        const id = str(args.user);
        const user = ws.user(id);
        return {
          user: {
            id,
            name: id.toLowerCase(),
            real_name: user?.name ?? id,
            is_admin: user?.admin ?? false,
            is_owner: false,
            tz: 'UTC',
          },
        };
      }
      case 'conversations.open':
        return { channel: { id: `D${str(args.users).split(',')[0] ?? 'X'}` } };
      case 'conversations.info': {
        const channel = CHANNELS.find((c) => c.id === str(args.channel));
        return channel
          ? { channel: { id: channel.id, name: channel.name, is_member: true } }
          : { ok: false, error: 'channel_not_found' };
      }
      case 'conversations.join':
        return { channel: { id: args.channel } };
      default:
        return {};
    }
  }

  /** A DM to a user (channel = user id or D-id) lands in the playground's DM list. */
  private channelFor(channel: string): string {
    if (/^[UW]/.test(channel)) return `D${channel}`;
    return channel;
  }
}

function viewArg(view: unknown): Json {
  if (typeof view === 'string') return JSON.parse(view) as Json;
  return (view ?? {}) as Json;
}

function send(res: ServerResponse, status: number, payload: Json): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(payload));
}

function parseArgs(contentType: string, raw: Buffer): Json {
  const text = raw.toString('utf8');
  if (contentType.includes('application/json')) return text ? (JSON.parse(text) as Json) : {};
  const out: Json = {};
  for (const [key, value] of new URLSearchParams(text)) {
    if (/^[[{]/.test(value)) {
      try {
        out[key] = JSON.parse(value);
        continue;
      } catch {
        // not JSON after all: keep the string
      }
    }
    out[key] = value;
  }
  return out;
}

/** The upload URL receives the bytes raw or as a multipart form (web-api wraps Buffers). */
async function uploadedBytes(type: string, raw: Buffer): Promise<Buffer> {
  if (!type.startsWith('multipart/form-data')) return raw;
  const form = await new Request('http://upload.local/', {
    method: 'POST',
    headers: { 'content-type': type },
    body: new Uint8Array(raw),
  }).formData();
  for (const value of form.values()) {
    return typeof value === 'string' ? Buffer.from(value) : Buffer.from(await value.arrayBuffer());
  }
  return Buffer.alloc(0);
}
