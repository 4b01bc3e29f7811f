import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from '../../playground/start.ts';
import { createScout } from '../../src/main.ts';

/**
 * The playground without a browser: the page's own HTTP calls (/pg/…) into the bridge, which signs
 * them into Scout's Bolt receiver; Scout's answers land in the stand-in's workspace (/pg/state).
 * Runs everywhere, also where no chromium is installed (browser.test.ts covers the page itself).
 */

type Json = Record<string, unknown>;
interface Message {
  ts: string;
  channel: string;
  user: string;
  text: string;
  blocks: Json[];
  threadTs?: string;
  ephemeralFor?: string;
  files?: { id: string; name: string }[];
}
interface State {
  version: number;
  messages: Message[];
  modal: { id: string; view: Json; errors: Record<string, string> } | null;
  home: { id: string; view: Json } | null;
}

const CHANNEL = 'C0MARKETING';
const MEMBER = 'U0MEMBER';

describe('the playground bridge (no browser)', () => {
  let playground: Playground;
  let base: string;

  beforeAll(async () => {
    playground = await startPlayground(
      { LOG_LEVEL: 'silent' },
      { createScout, port: 0, batchPollIntervalMs: 50 },
    );
    base = playground.url.replace('localhost', '127.0.0.1');
  });
  afterAll(async () => {
    await playground?.stop();
  });

  async function post(path: string, body: unknown, user = MEMBER): Promise<Json> {
    const response = await fetch(`${base}pg/${path}?user=${user}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Json;
  }

  async function state(user = MEMBER): Promise<State> {
    return (await (await fetch(`${base}pg/state?user=${user}`)).json()) as State;
  }

  /** Long-polls /pg/state until `find` returns something (or 10 s pass). */
  async function waitFor<T>(find: (s: State) => T | undefined, user = MEMBER): Promise<T> {
    const deadline = Date.now() + 10_000;
    let since = -1;
    while (Date.now() < deadline) {
      const s = (await (await fetch(`${base}pg/state?user=${user}&since=${since}`)).json()) as State;
      const found = find(s);
      if (found) return found;
      since = s.version;
    }
    throw new Error('timed out');
  }

  const buttonIn = (message: Message, text: string) => {
    for (const block of message.blocks) {
      const elements = [
        ...((block.elements as Json[] | undefined) ?? []),
        block.accessory as Json | undefined,
      ];
      for (const e of elements) {
        if (e && e.type === 'button' && String((e.text as Json).text).startsWith(text)) {
          return { block_id: String(block.block_id), element: e };
        }
      }
    }
    return undefined;
  };

  it('is honest in its banner notes', async () => {
    expect(playground.notes.join(' ')).toContain('no credits are spent');
  });

  it('a slash command reaches Scout signed; the card comes back ephemeral; Similar works', async () => {
    await post('command', { channel: CHANNEL, text: '/creator acme_fitness' });
    const card = await waitFor((s) =>
      s.messages.find((m) => m.user === 'UBOTSCOUT' && buttonIn(m, 'Similar') && /acme_fitness/.test(m.text)),
    );
    expect(card.ephemeralFor).toBe(MEMBER);
    // Nobody else sees an ephemeral answer.
    expect((await state('U0ADMIN')).messages.find((m) => m.ts === card.ts)).toBeUndefined();

    const similar = buttonIn(card, 'Similar')!;
    await post('action', {
      channel: CHANNEL,
      ts: card.ts,
      action: {
        type: 'button',
        action_id: similar.element.action_id,
        block_id: similar.block_id,
        value: similar.element.value,
      },
    });
    await waitFor((s) =>
      s.messages.find((m) => /Creators like @acme_fitness/.test(JSON.stringify(m.blocks))),
    );
  });

  it('/discover opens the modal; a bad range gets an inline error, then results are posted', async () => {
    await post('command', { channel: CHANNEL, text: '/discover travel' });
    const modal = await waitFor((s) => s.modal ?? undefined);
    expect((modal.view.title as Json).text).toBe('Discover creators');
    const blocks = modal.view.blocks as Json[];
    const blockOf = (label: string) =>
      blocks.find((b) => (b.label as Json | undefined)?.text === label) as Json;
    const min = blockOf('Followers: at least');
    const max = blockOf('Followers: at most');
    const value = (block: Json, v: string) => ({
      [String(block.block_id)]: {
        [String((block.element as Json).action_id)]: { type: 'number_input', value: v },
      },
    });
    await post('submit', { viewId: modal.id, values: { ...value(min, '50000'), ...value(max, '1000') } });
    const errors = await waitFor((s) =>
      s.modal && Object.keys(s.modal.errors).length > 0 ? s.modal.errors : undefined,
    );
    expect(Object.values(errors).join(' ')).toMatch(/below the minimum/);

    await post('submit', { viewId: modal.id, values: value(min, '1000') });
    await waitFor((s) => (s.modal === null ? true : undefined));
    await waitFor((s) => s.messages.find((m) => buttonIn(m, 'Export CSV')));
  });

  it('a CSV upload goes through the batch flow and the results file downloads', async () => {
    const upload = await fetch(`${base}pg/upload?user=${MEMBER}&channel=${CHANNEL}&name=creators.csv`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', 'x-scout-playground': '1' },
      body: 'handle\nmaya.moves\ntrail.tom\n',
    });
    expect(upload.status).toBe(200);
    const intake = await waitFor((s) => s.messages.find((m) => m.threadTs && buttonIn(m, 'Start')));
    const start = buttonIn(intake, 'Start')!;
    await post('action', {
      channel: CHANNEL,
      ts: intake.ts,
      action: {
        type: 'button',
        action_id: start.element.action_id,
        block_id: start.block_id,
        value: start.element.value,
      },
    });
    const results = await waitFor((s) =>
      s.messages.find(
        (m) => m.threadTs === intake.threadTs && m.files?.some((f) => f.name.endsWith('-enriched.csv')),
      ),
    );
    const file = results.files![0]!;
    const csv = await (await fetch(`${base}pg/files/${file.id}`)).text();
    expect(csv.replace(/^\uFEFF/, '').split('\n')[0]).toContain('input,status,platform,username');
    // The intake message was edited in place into the progress message.
    const edited = (await state()).messages.find((m) => m.ts === intake.ts) as Message & { edited?: boolean };
    expect(edited.edited).toBe(true);
  });

  it("opening the Home tab publishes the admin's Home with the settings buttons", async () => {
    await post('home', {}, 'U0ADMIN');
    const home = await waitFor((s) => s.home ?? undefined, 'U0ADMIN');
    expect(JSON.stringify(home.view.blocks)).toMatch(/Set budget/);
  });

  it('acts only for its own page: no cross-site form posts, no other Host', async () => {
    const form = await fetch(`${base}pg/command?user=${MEMBER}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ channel: CHANNEL, text: '/credits' }),
    });
    expect(form.status).toBe(403);
    // fetch() cannot set Host; node:http can, like a DNS-rebound browser would send it.
    const url = new URL(`${base}pg/command?user=${MEMBER}`);
    const rebound = await new Promise<{ status: number }>((resolve, reject) => {
      const req = request(
        url,
        { method: 'POST', headers: { 'content-type': 'application/json', host: 'evil.example' } },
        (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0 });
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ channel: CHANNEL, text: '/credits' }));
    });
    expect(rebound.status).toBe(403);
  });

  it("the Slack stand-in answers only Scout's bot token", async () => {
    const method = `${base}slack/api/auth.test`;
    const answer = (await (
      await fetch(method, { method: 'POST', headers: { authorization: 'Bearer nope' } })
    ).json()) as Json;
    expect(answer.ok).toBe(false);
  });
});
