import { randomUUID } from 'node:crypto';

/**
 * The playground's pretend Slack workspace: channels, two people, the messages Scout posted (and
 * edited, and replaced through response_urls), modal stacks, App Home views and files. The Slack
 * Web API stand-in (slack-api.ts) writes here; the browser reads it through the bridge (server.ts).
 * Everything lives in memory for as long as the playground runs.
 */

export const TEAM_ID = 'T0PLAYGROUND';
export const BOT_USER_ID = 'UBOTSCOUT';
export const BOT_TOKEN = 'xoxb-playground-not-a-real-token';

export interface PlaygroundUser {
  id: string;
  name: string;
  /** A Slack workspace admin: Scout's Home tab shows the admin settings to them. */
  admin: boolean;
}

export const USERS: readonly PlaygroundUser[] = [
  { id: 'U0MEMBER', name: 'Alex (member)', admin: false },
  { id: 'U0ADMIN', name: 'Sam (admin)', admin: true },
];

export const CHANNELS = [
  { id: 'C0MARKETING', name: 'marketing' },
  { id: 'C0ALERTS', name: 'scout-alerts' },
] as const;

export type Json = Record<string, unknown>;

export interface PlaygroundFile {
  id: string;
  name: string;
  title: string;
  filetype: string;
  mimetype: string;
  size: number;
  content: Buffer;
  user: string;
  /** Where it was shared: channel → message ts. */
  shares: Record<string, string>;
}

export interface PlaygroundMessage {
  ts: string;
  channel: string;
  /** A person's id, or BOT_USER_ID for Scout. */
  user: string;
  text: string;
  blocks: Json[];
  threadTs?: string;
  /** Only this user sees it (chat.postEphemeral, ephemeral response_url replies). */
  ephemeralFor?: string;
  /** The user's own slash command, shown to them only (Slack does not post it to the channel). */
  command?: boolean;
  files?: { id: string; name: string; size: number }[];
  edited?: boolean;
}

export interface ViewRecord {
  id: string;
  hash: string;
  user: string;
  view: Json;
  /** Inline errors from the last `response_action: errors`, by block_id. */
  errors: Record<string, string>;
}

/** What a response_url is tied to: who asked, where, and which message a click came from. */
export interface ResponseTarget {
  user: string;
  channel: string;
  messageTs?: string;
  threadTs?: string;
}

export class Workspace {
  readonly messages: PlaygroundMessage[] = [];
  readonly files = new Map<string, PlaygroundFile>();
  /** Pending files-v2 uploads: file id → name and bytes. */
  readonly uploads = new Map<string, { filename: string; title?: string; content: Buffer }>();
  readonly modals = new Map<string, ViewRecord[]>();
  readonly homes = new Map<string, ViewRecord>();
  readonly responseUrls = new Map<string, ResponseTarget>();
  readonly triggers = new Map<string, string>();
  private version = 0;
  private tsCounter = Math.floor(Date.now() / 1000) * 1_000_000;
  private waiters: (() => void)[] = [];

  get currentVersion(): number {
    return this.version;
  }

  /** Something the browser shows changed: wake the long polls. */
  changed(): void {
    this.version += 1;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves once the version passes `since`, or after `timeoutMs`. */
  async waitForChange(since: number, timeoutMs: number): Promise<void> {
    if (this.version > since) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  nextTs(): string {
    this.tsCounter += 100;
    const s = String(this.tsCounter);
    return `${s.slice(0, -6)}.${s.slice(-6)}`;
  }

  user(id: string): PlaygroundUser | undefined {
    return USERS.find((u) => u.id === id);
  }

  trigger(user: string): string {
    const id = `${Date.now()}.playground.${randomUUID().slice(0, 8)}`;
    this.triggers.set(id, user);
    return id;
  }

  post(message: Omit<PlaygroundMessage, 'ts'> & { ts?: string }): PlaygroundMessage {
    const full: PlaygroundMessage = { ...message, ts: message.ts ?? this.nextTs() };
    this.messages.push(full);
    this.changed();
    return full;
  }

  find(channel: string, ts: string): PlaygroundMessage | undefined {
    return this.messages.find((m) => m.ts === ts && (m.channel === channel || channel === ''));
  }

  update(channel: string, ts: string, patch: Partial<PlaygroundMessage>): PlaygroundMessage | undefined {
    const message = this.find(channel, ts);
    if (!message) return undefined;
    Object.assign(message, patch, { edited: true });
    this.changed();
    return message;
  }

  remove(channel: string, ts: string): void {
    const index = this.messages.findIndex((m) => m.ts === ts && m.channel === channel);
    if (index >= 0) this.messages.splice(index, 1);
    this.changed();
  }

  /** A file someone uploads from the browser (the CSV drop zone). */
  addFile(input: { name: string; content: Buffer; user: string; mimetype?: string }): PlaygroundFile {
    const id = `F${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
    const ext = /\.([a-z0-9]+)$/i.exec(input.name)?.[1]?.toLowerCase() ?? 'text';
    const file: PlaygroundFile = {
      id,
      name: input.name,
      title: input.name,
      filetype: ext,
      mimetype: input.mimetype || (ext === 'csv' ? 'text/csv' : 'application/octet-stream'),
      size: input.content.length,
      content: input.content,
      user: input.user,
      shares: {},
    };
    this.files.set(id, file);
    return file;
  }

  /** The file as Slack's API describes it, with download URLs on the stand-in. */
  describeFile(file: PlaygroundFile, baseUrl: string): Json {
    const path = `${baseUrl}/slack/files/${file.id}/${encodeURIComponent(file.name)}`;
    return {
      id: file.id,
      name: file.name,
      title: file.title,
      filetype: file.filetype,
      mimetype: file.mimetype,
      size: file.size,
      user: file.user,
      url_private: path,
      url_private_download: path,
      shares: {
        public: Object.fromEntries(Object.entries(file.shares).map(([channel, ts]) => [channel, [{ ts }]])),
      },
    };
  }

  openView(user: string, view: Json, mode: 'open' | 'push'): ViewRecord {
    const record: ViewRecord = {
      id: `V${randomUUID().slice(0, 8).toUpperCase()}`,
      hash: randomUUID(),
      user,
      view,
      errors: {},
    };
    const stack = mode === 'open' ? [] : (this.modals.get(user) ?? []);
    stack.push(record);
    this.modals.set(user, stack);
    this.changed();
    return record;
  }

  findView(id: string | undefined, externalId?: string): ViewRecord | undefined {
    for (const record of [...[...this.modals.values()].flat(), ...this.homes.values()]) {
      if (id !== undefined && record.id === id) return record;
      if (externalId !== undefined && record.view.external_id === externalId) return record;
    }
    return undefined;
  }

  replaceView(record: ViewRecord, view: Json): ViewRecord {
    record.view = view;
    record.hash = randomUUID();
    record.errors = {};
    this.changed();
    return record;
  }

  closeView(user: string, all = false): void {
    const stack = this.modals.get(user) ?? [];
    if (all) stack.length = 0;
    else stack.pop();
    this.changed();
  }

  publishHome(user: string, view: Json): ViewRecord {
    const existing = this.homes.get(user);
    if (existing) return this.replaceView(existing, view);
    const record: ViewRecord = { id: `VHOME${user}`, hash: randomUUID(), user, view, errors: {} };
    this.homes.set(user, record);
    this.changed();
    return record;
  }
}
