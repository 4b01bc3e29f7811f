import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake of Slack's servers for tests, over loopback: the Web API (`SLACK_API_URL` points here),
 * response_url endpoints, private file downloads and the files-v2 upload URL. It records every call
 * so tests assert what Scout showed the user.
 */

export interface SlackCall {
  method: string;
  /** Parsed arguments: form fields with JSON-looking values (blocks, files, view) decoded. */
  args: Record<string, unknown>;
  token: string | null;
  at: number;
  /** Answered with an injected failure (failNext, failChannel). */
  failed?: boolean;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

export interface RegisteredFile {
  id: string;
  name: string;
  title?: string;
  filetype: string;
  mimetype: string;
  size: number;
  url_private: string;
  url_private_download: string;
  user?: string;
}

type MethodHandler = (args: Record<string, unknown>, call: SlackCall) => Record<string, unknown>;

/** A workspace (or an org-wide Enterprise Grid install) the fake can install Scout into. */
export interface FakeInstallGrant {
  /** Null for an org-wide install (`is_enterprise_install`). */
  teamId: string | null;
  teamName?: string;
  enterpriseId?: string;
  enterpriseName?: string;
  /** Token rotation on: the bot token expires in `expiresIn` seconds and comes with a refresh token. */
  expiresIn?: number;
  /** Lifetime of the tokens a refresh issues (default 12 hours, like Slack's). */
  refreshedExpiresIn?: number;
  /** Who clicked Allow. */
  userId?: string;
}

/** A token the fake issued through oauth.v2.access. */
export interface IssuedToken {
  token: string;
  teamId: string | null;
  enterpriseId: string | null;
  botUserId: string;
  refreshToken: string | null;
  revoked: boolean;
}

export interface FakeSlackOptions {
  /** OAuth app credentials oauth.v2.access checks (default: anything accepted). */
  clientId?: string;
  clientSecret?: string;
  botToken?: string;
  teamId?: string;
  botUserId?: string;
  /** Users Slack reports as workspace admins or owners (users.info). */
  slackAdmins?: string[];
  /** team.info's `tz`; null (the default) leaves it out, as Slack often does at team level. */
  teamTimeZone?: string | null;
}

export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  readonly uploads = new Map<string, { filename: string; content: Buffer }>();
  readonly options: Required<Omit<FakeSlackOptions, 'clientId' | 'clientSecret'>> &
    Pick<FakeSlackOptions, 'clientId' | 'clientSecret'>;
  /** Tokens issued by oauth.v2.access (installs and refreshes), by token. */
  readonly issued = new Map<string, IssuedToken>();
  private readonly grants = new Map<string, FakeInstallGrant>();
  private readonly refreshTokens = new Map<string, { grant: FakeInstallGrant; botUserId: string }>();
  private issueCounter = 0;
  private server: Server | null = null;
  private baseUrl = '';
  private tsCounter = 1_700_000_000;
  private readonly files = new Map<string, { file: RegisteredFile; content: Buffer }>();
  private readonly handlers = new Map<string, MethodHandler>();
  private readonly failures = new Map<
    string,
    { error?: string; status?: number; retryAfter?: number; count: number }
  >();
  private readonly channelFailures = new Map<string, string>();
  private readonly views = new Map<string, { hash: string; view: unknown }>();
  /** Statuses the next response_url posts answer with (404 expired, 500…), first in first out. */
  private readonly responseFailures: number[] = [];
  /** Posts to a response_url that were refused (not in `responses`: the user never saw them). */
  readonly refusedResponses: ResponseUrlPost[] = [];
  private waiters: (() => void)[] = [];
  /** Messages conversations.replies knows, by `channel:ts` of their thread. */
  private readonly threads = new Map<string, { text: string; ts: string; user?: string }[]>();

  constructor(options: FakeSlackOptions = {}) {
    this.options = {
      botToken: options.botToken ?? 'xoxb-test-token',
      teamId: options.teamId ?? 'T0TEST',
      botUserId: options.botUserId ?? 'UBOT',
      slackAdmins: options.slackAdmins ?? [],
      teamTimeZone: options.teamTimeZone ?? null,
      ...(options.clientId !== undefined ? { clientId: options.clientId } : {}),
      ...(options.clientSecret !== undefined ? { clientSecret: options.clientSecret } : {}),
    };
  }

  /** A one-time OAuth code: the user clicked Allow for `grant`; Slack redirects with this code. */
  grantInstall(grant: FakeInstallGrant): string {
    const code = `code-${randomUUID()}`;
    this.grants.set(code, grant);
    return code;
  }

  /** The installation a token belongs to (undefined for an unknown token). */
  tokenInfo(token: string | null): IssuedToken | undefined {
    return token === null ? undefined : this.issued.get(token);
  }

  /** Slack revokes every token of a workspace (uninstall). */
  revokeTeam(teamId: string): void {
    for (const t of this.issued.values()) if (t.teamId === teamId) t.revoked = true;
  }

  private validToken(token: string | null): boolean {
    if (token === null) return false;
    if (token === this.options.botToken) return true;
    const issued = this.issued.get(token);
    return issued !== undefined && !issued.revoked;
  }

  private issue(grant: FakeInstallGrant, botUserId: string): Record<string, unknown> {
    this.issueCounter += 1;
    const n = this.issueCounter;
    const owner = (grant.teamId ?? grant.enterpriseId ?? 'X').toLowerCase();
    const rotating = grant.expiresIn !== undefined;
    const token = rotating
      ? `xoxe.xoxb-1-${owner}-${n}-${randomUUID()}`
      : `xoxb-${owner}-${n}-${randomUUID()}`;
    const refreshToken = rotating ? `xoxe-1-${owner}-${n}-${randomUUID()}` : null;
    this.issued.set(token, {
      token,
      teamId: grant.teamId,
      enterpriseId: grant.enterpriseId ?? null,
      botUserId,
      refreshToken,
      revoked: false,
    });
    if (refreshToken) this.refreshTokens.set(refreshToken, { grant, botUserId });
    return {
      access_token: token,
      token_type: 'bot',
      scope: 'commands,chat:write',
      bot_user_id: botUserId,
      app_id: 'A0SCOUT',
      team: grant.teamId ? { id: grant.teamId, name: grant.teamName ?? grant.teamId } : null,
      enterprise: grant.enterpriseId
        ? { id: grant.enterpriseId, name: grant.enterpriseName ?? grant.enterpriseId }
        : null,
      is_enterprise_install: grant.teamId === null,
      authed_user: { id: grant.userId ?? 'U0INSTALLER' },
      ...(rotating ? { refresh_token: refreshToken, expires_in: grant.expiresIn } : {}),
    };
  }

  /** oauth.v2.access: a code from grantInstall, or grant_type=refresh_token. No token needed. */
  private oauthAccess(args: Record<string, unknown>): Record<string, unknown> {
    const { clientId, clientSecret } = this.options;
    if (
      (clientId !== undefined && args.client_id !== clientId) ||
      (clientSecret !== undefined && args.client_secret !== clientSecret)
    )
      return { ok: false, error: 'invalid_client_id' };
    if (args.grant_type === 'refresh_token') {
      const entry = this.refreshTokens.get(String(args.refresh_token));
      if (!entry) return { ok: false, error: 'invalid_refresh_token' };
      // A refresh token is good once: a second refresh with it fails (what two replicas must avoid).
      this.refreshTokens.delete(String(args.refresh_token));
      const grant = { ...entry.grant, expiresIn: entry.grant.refreshedExpiresIn ?? 12 * 60 * 60 };
      return { ok: true, ...this.issue(grant, entry.botUserId) };
    }
    const grant = this.grants.get(String(args.code));
    if (!grant) return { ok: false, error: 'invalid_code' };
    this.grants.delete(String(args.code));
    const botUserId = `UBOT${(grant.teamId ?? grant.enterpriseId ?? '').slice(-4)}`;
    return { ok: true, ...this.issue(grant, botUserId) };
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Value for SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  get url(): string {
    return this.baseUrl;
  }

  /** A fresh response_url for a command or interaction. */
  responseUrl(id: string = randomUUID()): string {
    return `${this.baseUrl}/respond/${id}`;
  }

  /** Override one Web API method. */
  on(method: string, handler: MethodHandler): void {
    this.handlers.set(method, handler);
  }

  /** The next `count` calls of `method` fail with a Slack error (ok:false) or an HTTP status. */
  failNext(
    method: string,
    failure: { error?: string; status?: number; retryAfter?: number },
    count = 1,
  ): void {
    this.failures.set(method, { ...failure, count });
  }

  /**
   * Every call aimed at `channel` (its `channel` or `channel_id` argument) answers `ok: false` with
   * `error` (e.g. `not_in_channel`, `is_archived`) until `null` clears it: the bot was removed.
   */
  failChannel(channel: string, error: string | null): void {
    if (error === null) this.channelFailures.delete(channel);
    else this.channelFailures.set(channel, error);
  }

  /** The next `count` posts to any response_url are refused with `status` (404 = expired). */
  failNextResponses(status: number, count = 1): void {
    for (let i = 0; i < count; i++) this.responseFailures.push(status);
  }

  /** Make a file downloadable (with the bot token) and known to files.info. */
  registerFile(input: {
    name: string;
    content: string | Buffer;
    filetype?: string;
    mimetype?: string;
    user?: string;
    size?: number;
  }): RegisteredFile {
    const id = `F${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
    const content = typeof input.content === 'string' ? Buffer.from(input.content) : input.content;
    const file: RegisteredFile = {
      id,
      name: input.name,
      title: input.name,
      filetype: input.filetype ?? 'csv',
      mimetype: input.mimetype ?? 'text/csv',
      size: input.size ?? content.length,
      url_private: `${this.baseUrl}/files-pri/${id}/${encodeURIComponent(input.name)}`,
      url_private_download: `${this.baseUrl}/files-pri/${id}/download/${encodeURIComponent(input.name)}`,
      ...(input.user ? { user: input.user } : {}),
    };
    this.files.set(id, { file, content });
    return file;
  }

  /** A thread conversations.replies answers with (its first message is the parent). */
  addThread(
    channel: string,
    threadTs: string,
    messages: { text: string; ts: string; user?: string }[],
  ): void {
    this.threads.set(`${channel}:${threadTs}`, messages);
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  responsesTo(id: string): ResponseUrlPost[] {
    return this.responses.filter((r) => r.id === id);
  }

  /** Resolve once `predicate` holds (checked after every recorded call), or fail after `timeoutMs`. */
  async waitFor<T>(
    predicate: () => T | undefined | false | null,
    timeoutMs = 5000,
    what = 'condition',
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`FakeSlack: timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 50));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Wait for the n-th (1-based) post to a response_url. */
  waitForResponse(id: string, n = 1, timeoutMs = 5000): Promise<ResponseUrlPost> {
    return this.waitFor(() => this.responsesTo(id)[n - 1], timeoutMs, `response #${n} to ${id}`);
  }

  waitForCall(
    method: string,
    predicate: (c: SlackCall) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<SlackCall> {
    return this.waitFor(() => this.callsTo(method).find(predicate), timeoutMs, `a ${method} call`);
  }

  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.uploads.clear();
    this.failures.clear();
    this.channelFailures.clear();
    this.responseFailures.length = 0;
    this.refusedResponses.length = 0;
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const body = await readBody(req);
    if (url.pathname.startsWith('/api/')) return this.apiCall(url.pathname.slice(5), req, body, res);
    if (url.pathname.startsWith('/respond/')) {
      const id = decodeURIComponent(url.pathname.slice('/respond/'.length));
      const post = { id, body: JSON.parse(body.toString('utf8') || '{}'), at: Date.now() };
      const refused = this.responseFailures.shift();
      if (refused !== undefined) {
        this.refusedResponses.push(post);
        this.notify();
        res.writeHead(refused, { 'content-type': 'text/plain' });
        res.end(refused === 404 ? 'expired_url' : 'error');
        return;
      }
      this.responses.push(post);
      this.notify();
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (url.pathname.startsWith('/files-pri/')) {
      const id = url.pathname.split('/')[2] ?? '';
      const entry = this.files.get(id);
      const bearer = req.headers.authorization?.startsWith('Bearer ')
        ? req.headers.authorization.slice(7)
        : null;
      if (!this.validToken(bearer) || !entry) {
        // Slack answers an HTML sign-in page with 200 when the token is missing or wrong.
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!DOCTYPE html><html><body>Sign in to Slack</body></html>');
        return;
      }
      res.writeHead(200, { 'content-type': entry.file.mimetype, 'content-length': entry.content.length });
      res.end(entry.content);
      return;
    }
    if (url.pathname.startsWith('/upload/')) {
      const fileId = url.pathname.slice('/upload/'.length);
      const pending = this.uploads.get(fileId);
      const content = await uploadedBytes(req, body);
      this.uploads.set(fileId, { filename: pending?.filename ?? fileId, content });
      this.notify();
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`OK - ${content.length}`);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }

  private apiCall(method: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): void {
    const args = parseArgs(req.headers['content-type'] ?? '', raw);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ')
      ? auth.slice(7)
      : typeof args.token === 'string'
        ? args.token
        : null;
    const call: SlackCall = { method, args, token, at: Date.now() };
    this.calls.push(call);
    const send = (status: number, payload: Record<string, unknown>, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
      this.notify();
    };
    if (method === 'oauth.v2.access') {
      send(200, this.oauthAccess(args));
      return;
    }
    if (!this.validToken(token)) {
      send(200, {
        ok: false,
        error: token !== null && this.issued.get(token)?.revoked ? 'token_revoked' : 'invalid_auth',
      });
      return;
    }
    const target = typeof args.channel === 'string' ? args.channel : args.channel_id;
    const channelError = typeof target === 'string' ? this.channelFailures.get(target) : undefined;
    if (channelError !== undefined) {
      call.failed = true;
      send(200, { ok: false, error: channelError });
      return;
    }
    const failure = this.failures.get(method);
    if (failure && failure.count > 0) {
      failure.count -= 1;
      call.failed = true;
      if (failure.status) {
        send(
          failure.status,
          { ok: false, error: failure.error ?? 'http_error' },
          failure.retryAfter ? { 'retry-after': String(failure.retryAfter) } : {},
        );
      } else {
        send(200, { ok: false, error: failure.error ?? 'internal_error' });
      }
      return;
    }
    const custom = this.handlers.get(method);
    send(200, { ok: true, ...(custom ? custom(args, call) : this.defaultAnswer(method, args, token)) });
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `${this.tsCounter}.000100`;
  }

  private defaultAnswer(
    method: string,
    args: Record<string, unknown>,
    token: string | null = null,
  ): Record<string, unknown> {
    const issued = this.tokenInfo(token);
    switch (method) {
      case 'auth.test':
        if (issued)
          return {
            url: `https://${(issued.teamId ?? issued.enterpriseId ?? 'x').toLowerCase()}.slack.test/`,
            team: issued.teamId ?? 'Org',
            user: 'scout',
            ...(issued.teamId ? { team_id: issued.teamId } : {}),
            ...(issued.enterpriseId ? { enterprise_id: issued.enterpriseId } : {}),
            is_enterprise_install: issued.teamId === null,
            user_id: issued.botUserId,
            bot_id: `B${issued.botUserId}`,
          };
        return {
          url: 'https://acme.slack.test/',
          team: 'Acme',
          user: 'scout',
          team_id: this.options.teamId,
          user_id: this.options.botUserId,
          bot_id: 'BSCOUT',
        };
      case 'chat.postMessage':
        return {
          channel: args.channel,
          ts: this.nextTs(),
          message: { text: args.text, blocks: args.blocks },
        };
      case 'chat.update':
        return { channel: args.channel, ts: args.ts, text: args.text };
      case 'chat.postEphemeral':
        return { message_ts: this.nextTs() };
      case 'views.open':
      case 'views.push':
      case 'views.update':
      case 'views.publish': {
        const id =
          typeof args.view_id === 'string' ? args.view_id : `V${randomUUID().slice(0, 8).toUpperCase()}`;
        const hash = randomUUID();
        this.views.set(id, { hash, view: args.view });
        return { view: { ...(args.view as object), id, hash } };
      }
      case 'files.getUploadURLExternal': {
        const fileId = `FUP${randomUUID().slice(0, 8).toUpperCase()}`;
        this.uploads.set(fileId, { filename: String(args.filename ?? fileId), content: Buffer.alloc(0) });
        return { upload_url: `${this.baseUrl}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal':
        return { files: (args.files as { id: string; title?: string }[] | undefined) ?? [] };
      case 'files.info': {
        const entry = this.files.get(String(args.file));
        if (!entry) return { ok: false, error: 'file_not_found' };
        return { file: entry.file };
      }
      case 'users.info': {
        const id = String(args.user);
        const admin = this.options.slackAdmins.includes(id);
        return { user: { id, name: id.toLowerCase(), is_admin: admin, is_owner: false, tz: 'UTC' } };
      }
      case 'chat.unfurl':
        return {};
      case 'team.info':
        return {
          team: {
            id: this.options.teamId,
            name: 'Acme',
            ...(this.options.teamTimeZone ? { tz: this.options.teamTimeZone } : {}),
          },
        };
      case 'conversations.replies': {
        const messages = this.threads.get(`${String(args.channel)}:${String(args.ts)}`);
        if (!messages) return { ok: false, error: 'thread_not_found' };
        return { messages, has_more: false };
      }
      case 'conversations.open':
        return { channel: { id: `D${String(args.users ?? 'X').slice(0, 8)}` } };
      default:
        return {};
    }
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseArgs(contentType: string, raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (contentType.includes('application/json')) return text ? JSON.parse(text) : {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    out[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return out;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The upload URL receives the bytes either raw or as a multipart form (web-api wraps Buffers). */
async function uploadedBytes(req: IncomingMessage, raw: Buffer): Promise<Buffer> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) return raw;
  const form = await new Request('http://upload.local/', {
    method: 'POST',
    headers: { 'content-type': type },
    body: new Uint8Array(raw),
  }).formData();
  for (const value of form.values()) {
    if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
    return Buffer.from(value);
  }
  return Buffer.alloc(0);
}
