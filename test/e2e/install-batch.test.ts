import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { home } from '../../commands/home.ts';
import { writeSettings } from '../../src/budget/settings.ts';
import { draftIdOf, nextTs, postsIn, summaryPost, testBatchFeature, textOf } from '../batch/drop.ts';
import { paidLookup } from '../budget/paid-command.ts';
import type { SlackCall } from '../support/fake-slack.ts';
import type { Harness } from '../support/harness.ts';
import { install, startMultiHarness } from './install-helpers.ts';

/**
 * Work that runs outside a request in multi-workspace mode goes out with the token of the workspace
 * it is for: the batch poller's progress edits, results upload and summary (two workspaces running
 * batches at the same time), and budget notices.
 */

const USER = 'U0SAME';
let h: Harness;

beforeAll(async () => {
  h = await startMultiHarness({
    features: [testBatchFeature(), home, paidLookup],
    mockApi: { batchRowsPerPoll: 2 },
  });
  await install(h, { teamId: 'T0ALPHA' });
  await install(h, { teamId: 'T0BETA' });
});
afterAll(async () => {
  await h?.stop();
});

const tokenOf = (team: string) => [...h.slack.issued.values()].find((t) => t.teamId === team)?.token;

async function runBatch(team: string, channel: string, handles: string[]) {
  const file = h.slack.registerFile({
    name: `${team}.csv`,
    content: `handle\n${handles.join('\n')}\n`,
    user: USER,
  });
  const ts = nextTs();
  const ack = await h.event(
    {
      type: 'message',
      subtype: 'file_share',
      channel,
      channel_type: 'channel',
      user: USER,
      text: '',
      ts,
      files: [file],
    },
    { team_id: team },
  );
  expect(ack.status).toBe(200);
  const reply = await h.slack.waitFor(() => postsIn(h, ts)[0], 5000, `intake reply for ${team}`);
  const draftId = draftIdOf(reply);
  await h.action({
    action_id: 'batch_start',
    value: draftId,
    block_id: `batch_decide|${draftId}`,
    user_id: USER,
    channel_id: channel,
    team_id: team,
  });
  const summary = await summaryPost(h, ts, 15_000);
  return { ts, summary };
}

/** Every Web API call about the thread `ts` in `channel`. */
function callsAbout(channel: string, ts: string, progressTs: (string | undefined)[]): SlackCall[] {
  return h.slack.calls.filter((c) => {
    const where = c.args.channel ?? c.args.channel_id;
    if (where !== channel) return false;
    return c.args.thread_ts === ts || progressTs.includes(String(c.args.ts));
  });
}

describe('batch jobs of two workspaces at once', () => {
  it('report with the token of their own workspace, outside any request', async () => {
    const [alpha, beta] = await Promise.all([
      runBatch('T0ALPHA', 'C0ALPHA', ['maya.moves', 'lena.longform', 'quiet.q']),
      runBatch('T0BETA', 'C0BETA', ['theo.tinkers', 'markup.mallory', 'ghost_nobody']),
    ]);
    for (const [team, channel, run] of [
      ['T0ALPHA', 'C0ALPHA', alpha],
      ['T0BETA', 'C0BETA', beta],
    ] as const) {
      expect(textOf(run.summary)).toMatch(/is enriched/);
      const progress = postsIn(h, run.ts).map((c) => String((c.args as { ts?: string }).ts ?? ''));
      const intake = postsIn(h, run.ts)[0];
      const updates = h.slack.callsTo('chat.update').filter((c) => c.args.channel === channel);
      const calls = [...callsAbout(channel, run.ts, progress), ...updates];
      expect(calls.length).toBeGreaterThan(2);
      expect(intake?.token).toBe(tokenOf(team));
      for (const call of calls) expect(call.token).toBe(tokenOf(team));
      expect(
        h.slack
          .callsTo('files.completeUploadExternal')
          .some((c) => c.args.channel_id === channel && c.token === tokenOf(team)),
      ).toBe(true);
    }
  });
});

describe('budget notices', () => {
  it('go out with the token of the workspace whose budget crossed a threshold', async () => {
    await install(h, { teamId: 'T0GAMMA' });
    await writeSettings(h.scout.deps.store, 'T0GAMMA', { budget: 1, alertChannel: 'C0ALERTS' });
    const { responseId } = await h.command('/paidtest', 'maya.moves', { team_id: 'T0GAMMA', user_id: USER });
    await h.slack.waitForResponse(responseId);
    await h.scout.deps.guard.flush();
    const notice = await h.slack.waitForCall('chat.postMessage', (c) => c.args.channel === 'C0ALERTS');
    expect(notice.token).toBe(tokenOf('T0GAMMA'));
  });
});
