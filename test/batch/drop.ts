import { createBatchFeature } from '../../commands/batch/index.ts';
import type { SlackCall } from '../support/fake-slack.ts';
import type { Harness } from '../support/harness.ts';

/** Helpers for batch end-to-end tests: drop a CSV the way Slack reports it, click the controls. */

export const CHANNEL = 'C0CSV';

/**
 * The batch feature for an end-to-end test: its own instance (so two Scouts in one process each
 * have a poller), a request budget that 50 ms polling cannot exhaust and progress edits that are
 * not held to Slack's pace; the budget itself is tested in poller.test.ts and measured in
 * bench/batch-poller.bench.ts, the edit pace in slack-limits.test.ts.
 */
export const TEST_EDIT_PACE = { perMinute: 60_000, burst: 100 } as const;
/** The harness's own retry policy for the client the results worker builds. */
export const TEST_RESULTS = {
  retry: { maxAttempts: 3, minDelayMs: 5, maxDelayMs: 20, maxTotalMs: 2000 },
} as const;
export function testBatchFeature() {
  return createBatchFeature({
    poller: { requestsPerMinute: 60_000 },
    edits: TEST_EDIT_PACE,
    results: TEST_RESULTS,
  });
}
export const UPLOADER = 'U0ALICE';

let tsCounter = 1_800_000_000;
export function nextTs(): string {
  tsCounter += 1;
  return `${tsCounter}.000200`;
}

export interface Dropped {
  fileId: string;
  ts: string;
  file: Record<string, unknown>;
}

/** Registers the file with the fake Slack and sends the `message`/`file_share` event. */
export async function dropCsv(
  h: Harness,
  input: {
    name?: string;
    content: string | Buffer;
    filetype?: string;
    mimetype?: string;
    user?: string;
    channel?: string;
    ts?: string;
    eventId?: string;
    retryNum?: number;
    size?: number;
  },
): Promise<Dropped> {
  const file = h.slack.registerFile({
    name: input.name ?? 'creators.csv',
    content: input.content,
    ...(input.filetype ? { filetype: input.filetype } : {}),
    ...(input.mimetype ? { mimetype: input.mimetype } : {}),
    user: input.user ?? UPLOADER,
    ...(input.size !== undefined ? { size: input.size } : {}),
  });
  const ts = input.ts ?? nextTs();
  const response = await h.event(
    {
      type: 'message',
      subtype: 'file_share',
      channel: input.channel ?? CHANNEL,
      channel_type: 'channel',
      user: input.user ?? UPLOADER,
      text: '',
      ts,
      files: [file],
    },
    {
      ...(input.eventId ? { event_id: input.eventId } : {}),
      ...(input.retryNum ? { retryNum: input.retryNum } : {}),
    },
  );
  if (response.status !== 200) throw new Error(`event answered ${response.status}`);
  return { fileId: file.id, ts, file: file as unknown as Record<string, unknown> };
}

export function postsIn(h: Harness, threadTs: string): SlackCall[] {
  return h.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === threadTs);
}

export function textOf(call: SlackCall | undefined): string {
  if (!call) return '';
  const blocks = (call.args.blocks ?? []) as { text?: { text?: string }; elements?: { text?: string }[] }[];
  return [
    String(call.args.text ?? ''),
    ...blocks.map((b) => [b.text?.text ?? '', ...(b.elements ?? []).map((e) => e.text ?? '')].join(' ')),
  ].join('\n');
}

/** The intake reply in the file's thread. */
export function intakeReply(h: Harness, threadTs: string, timeoutMs = 5000): Promise<SlackCall> {
  return h.slack.waitFor(() => postsIn(h, threadTs)[0], timeoutMs, `the intake reply in ${threadTs}`);
}

export function draftIdOf(call: SlackCall): string {
  const blocks = (call.args.blocks ?? []) as { block_id?: string }[];
  for (const b of blocks) {
    const m = /^batch_(?:options|decide)\|(.+)$/.exec(b.block_id ?? '');
    if (m) return m[1]!;
  }
  throw new Error('no batch controls in this message');
}

export function start(h: Harness, draftId: string, user = UPLOADER) {
  return h.action({
    action_id: 'batch_start',
    value: draftId,
    block_id: `batch_decide|${draftId}`,
    user_id: user,
    channel_id: CHANNEL,
  });
}

export function cancel(h: Harness, draftId: string, user = UPLOADER) {
  return h.action({
    action_id: 'batch_cancel',
    value: draftId,
    block_id: `batch_decide|${draftId}`,
    user_id: user,
    channel_id: CHANNEL,
  });
}

export function choose(
  h: Harness,
  draftId: string,
  control: 'mode' | 'platform' | 'audience',
  choice: string,
  user = UPLOADER,
) {
  return h.action({
    action_id: `batch_${control}`,
    type: 'static_select',
    block_id: `batch_options|${draftId}`,
    selected_option: { value: `${draftId}|${choice}` },
    user_id: user,
    channel_id: CHANNEL,
  });
}

/** The last chat.update of the message `ts`. */
export function lastUpdate(h: Harness, ts: string): SlackCall | undefined {
  return h.slack
    .callsTo('chat.update')
    .filter((c) => c.args.ts === ts)
    .at(-1);
}

/** Waits for the final summary post (the one that says "is enriched"). */
export function summaryPost(h: Harness, threadTs: string, timeoutMs = 10_000): Promise<SlackCall> {
  return h.slack.waitFor(
    () =>
      postsIn(h, threadTs).find(
        (c) => /is enriched/.test(String(c.args.text ?? '')) || /is enriched/.test(textOf(c)),
      ),
    timeoutMs,
    'the results summary',
  );
}

export function uploadedCsv(h: Harness, name: string): string | undefined {
  for (const upload of h.slack.uploads.values()) {
    if (upload.filename === name && upload.content.length > 0) return upload.content.toString('utf8');
  }
  return undefined;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns something truthy (store state that no Slack call announces). */
export async function eventually<T>(
  check: () => Promise<T | undefined | false | null>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
