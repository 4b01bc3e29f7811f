import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ActionInput, Bridge } from './bridge.ts';
import type { SlackStandIn } from './slack-api.ts';
import { CHANNELS, type Json, USERS, type Workspace } from './workspace.ts';

/**
 * The playground's HTTP routes: the page (one static HTML file and one script, no framework), the
 * browser's API under `/pg/` (long-polled state, commands, clicks, modal submissions, type-ahead,
 * CSV drops, downloads) and the Slack stand-in under `/slack/`.
 */

export interface SlashCommand {
  command: string;
  description: string;
  usageHint: string;
}

/** The slash commands with their usage hints, read from manifest.yml so the two never drift. */
export function commandsFromManifest(manifestPath: URL): SlashCommand[] {
  const commands: SlashCommand[] = [];
  let text: string;
  try {
    text = readFileSync(manifestPath, 'utf8');
  } catch {
    return commands;
  }
  const unquote = (v: string) => v.trim().replace(/^"(.*)"$/, '$1');
  for (const line of text.split('\n')) {
    const command = /^\s*- command:\s*(\S+)/.exec(line);
    if (command) {
      commands.push({ command: command[1] ?? '', description: '', usageHint: '' });
      continue;
    }
    const current = commands.at(-1);
    const field = /^\s+(description|usage_hint):\s*(.*)$/.exec(line);
    if (current && field) {
      if (field[1] === 'description') current.description = unquote(field[2] ?? '');
      else current.usageHint = unquote(field[2] ?? '');
    }
    if (/^\S/.test(line) && commands.length > 0 && !line.startsWith('features')) break;
  }
  return commands;
}

const STATIC: Record<string, { file: string; type: string }> = {
  '/': { file: 'page.html', type: 'text/html; charset=utf-8' },
  '/client.js': { file: 'client.js', type: 'text/javascript; charset=utf-8' },
  '/state.js': { file: 'state.js', type: 'text/javascript; charset=utf-8' },
  '/text.js': { file: 'text.js', type: 'text/javascript; charset=utf-8' },
  '/blocks.js': { file: 'blocks.js', type: 'text/javascript; charset=utf-8' },
};

const MAX_UPLOAD_BYTES = 12 * 1024 * 1024;

export interface PlaygroundRoutes {
  workspace: Workspace;
  slack: SlackStandIn;
  bridge: () => Bridge | null;
  commands: SlashCommand[];
  /** Shown in the banner. */
  notes: string[];
}

export function createHandler(routes: PlaygroundRoutes) {
  const { workspace: ws, slack } = routes;
  const assets = new Map<string, Buffer>();
  const asset = (name: string) => {
    let data = assets.get(name);
    if (!data) {
      data = readFileSync(new URL(name, import.meta.url));
      assets.set(name, data);
    }
    return data;
  };

  function stateFor(user: string): Json {
    const modal = ws.modals.get(user)?.at(-1);
    const home = ws.homes.get(user);
    return {
      version: ws.currentVersion,
      users: USERS,
      channels: CHANNELS,
      commands: routes.commands,
      notes: routes.notes,
      messages: ws.messages.filter((m) => m.ephemeralFor === undefined || m.ephemeralFor === user),
      modal: modal
        ? {
            id: modal.id,
            hash: modal.hash,
            view: modal.view,
            errors: modal.errors,
            depth: ws.modals.get(user)?.length ?? 1,
          }
        : null,
      home: home ? { id: home.id, hash: home.hash, view: home.view } : null,
    };
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://playground.local');
    const body = await readBody(req);
    if (await slack.handle(req, res, url, body)) return;

    const page = STATIC[url.pathname];
    if (page && req.method === 'GET') {
      res.writeHead(200, { 'content-type': page.type, 'cache-control': 'no-store' });
      res.end(asset(page.file));
      return;
    }
    if (url.pathname === '/healthz') return json(res, 200, { ok: true, mode: 'playground' });

    if (url.pathname.startsWith('/pg/files/') && req.method === 'GET') {
      const file = ws.files.get(url.pathname.split('/')[3] ?? '');
      if (!file) return json(res, 404, { error: 'no such file' });
      res.writeHead(200, {
        'content-type': file.mimetype,
        'content-disposition': `attachment; filename="${file.name.replace(/["\\\r\n]/g, '_')}"`,
      });
      res.end(file.content);
      return;
    }

    const user = url.searchParams.get('user') ?? '';
    if (url.pathname === '/pg/state' && req.method === 'GET') {
      const since = Number(url.searchParams.get('since') ?? '-1');
      await ws.waitForChange(since, 20_000);
      return json(res, 200, stateFor(user));
    }

    if (req.method !== 'POST' || !url.pathname.startsWith('/pg/'))
      return json(res, 404, { error: 'not found' });
    // Only the page itself may act: another site's form or no-cors fetch cannot send these headers
    // without a CORS preflight (which is never answered), and a rebound DNS name fails the Host check.
    const host = String(req.headers.host ?? '').replace(/:\d+$/, '');
    const fromPage =
      req.headers['x-scout-playground'] === '1' ||
      String(req.headers['content-type']).startsWith('application/json');
    if (!['localhost', '127.0.0.1', '[::1]'].includes(host) || !fromPage) {
      return json(res, 403, { error: 'the playground only answers its own page on localhost' });
    }
    const bridge = routes.bridge();
    if (!bridge) return json(res, 503, { error: 'Scout is still starting' });

    if (url.pathname === '/pg/upload') {
      if (body.length > MAX_UPLOAD_BYTES)
        return json(res, 413, { error: 'file too large for the playground' });
      await bridge.dropFile(
        user,
        url.searchParams.get('channel') ?? CHANNELS[0].id,
        url.searchParams.get('name') || 'upload.csv',
        body,
        String(req.headers['content-type'] ?? 'text/csv'),
      );
      return json(res, 200, { ok: true });
    }

    const input = JSON.parse(body.toString('utf8') || '{}') as Json;
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    const values = (input.values ?? {}) as Json;
    switch (url.pathname) {
      case '/pg/command': {
        const text = str(input.text).trim();
        const channel = str(input.channel) || CHANNELS[0].id;
        const match = /^(\/\S+)\s*([\s\S]*)$/.exec(text);
        if (!match) {
          if (text) ws.post({ channel, user, text, blocks: [] });
          return json(res, 200, { ok: true });
        }
        const [, command = '', rest = ''] = match;
        if (!routes.commands.some((c) => c.command === command)) {
          ws.post({
            channel,
            user,
            text: `${command} is not a Scout command. Try ${routes.commands.map((c) => c.command).join(', ')}.`,
            blocks: [],
            ephemeralFor: user,
            command: true,
          });
          return json(res, 200, { ok: true });
        }
        await bridge.command(user, channel, command, rest.trim());
        return json(res, 200, { ok: true });
      }
      case '/pg/action': {
        const action = input.action as ActionInput;
        if (input.viewId) await bridge.viewAction(user, str(input.viewId), values, action);
        else await bridge.messageAction(user, str(input.channel), str(input.ts), action);
        return json(res, 200, { ok: true });
      }
      case '/pg/suggest':
        return json(
          res,
          200,
          await bridge.suggest(
            user,
            str(input.viewId),
            values,
            str(input.block_id),
            str(input.action_id),
            str(input.value),
          ),
        );
      case '/pg/submit':
        await bridge.submit(user, str(input.viewId), values);
        return json(res, 200, { ok: true });
      case '/pg/close':
        await bridge.close(user, str(input.viewId), values);
        return json(res, 200, { ok: true });
      case '/pg/home':
        await bridge.homeOpened(user);
        return json(res, 200, { ok: true });
      default:
        return json(res, 404, { error: 'not found' });
    }
  };
}

function json(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(payload));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_UPLOAD_BYTES + 1) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
