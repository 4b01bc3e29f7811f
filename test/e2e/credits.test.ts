import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credits } from '../../commands/credits.ts';
import { home } from '../../commands/home.ts';
import { writeSettings } from '../../src/budget/settings.ts';
import { paidLookup } from '../budget/paid-command.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';
import { type Harness, startHarness } from '../support/harness.ts';

/**
 * `/credits` end to end, and the budget guard seen from Slack: a paid command refused by the
 * budget answers with the refusal and spends and calls nothing.
 */

const TEAM = 'T0TEST';
const CREDITS = '/public/v1/accounts/credits/';
const NOW = Date.parse('2026-11-10T12:00:00Z');

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ features: [credits, home, paidLookup], clock: () => NOW });
});
afterAll(async () => {
  await h.stop();
});

const paidRequests = () => h.api.requests.filter((r) => r.path !== CREDITS);

async function run(command: string, text: string, team = TEAM) {
  const { ack, responseId } = await h.command(command, text, { team_id: team });
  return { ack, response: () => h.slack.waitForResponse(responseId) };
}

describe('/credits', () => {
  it('shows the budget summary and the account balance, ephemeral and free', async () => {
    await run('/paidtest', 'maya.moves').then((r) => r.response());
    const before = paidRequests().length;
    const { ack, response } = await run('/credits', '');
    expect(ack.json).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('Checking credits'),
    });
    const body = (await response()).body;
    expect(body.response_type).toBe('ephemeral');
    expectValidBlockKit(body as never, 'message');
    expect(body.text).toBe('Scout budget for November 2026: 1 used, 0 reserved, 499 of 500 left.');
    const text = JSON.stringify(body.blocks);
    expect(text).toContain('Workspace budget for November 2026');
    expect(text).toContain('*Reserved for running batches*\\n0 credits');
    expect(text).toContain('999 credits available');
    expect(text).toContain('1 used so far');
    expect(paidRequests()).toHaveLength(before);
  });

  it('shows what running batches hold', async () => {
    const reservation = await h.scout.deps.guard.reserve('T0BATCH', 40);
    await h.scout.deps.guard.progress(reservation, 15, {
      user: 'U0ALICE',
      feature: 'batch',
      operation: 'batch',
      summary: 'creators.csv',
    });
    const body = (await (await run('/credits', '', 'T0BATCH')).response()).body;
    expect(body.text).toBe('Scout budget for November 2026: 15 used, 25 reserved, 460 of 500 left.');
  });

  it('still shows the budget when the account balance cannot be read', async () => {
    h.api.failNext(CREDITS, 500, 10);
    await h.scout.deps.store.kv.delete('account:balance');
    const body = (await (await run('/credits', '', 'T0OTHER')).response()).body;
    expect(JSON.stringify(body.blocks)).toContain('the balance could not be read just now');
    expect(body.text).toContain('0 used, 0 reserved, 500 of 500 left');
    h.api.reset();
  });

  it('answers help and unknown arguments with the help, at once', async () => {
    const help = await h.command('/credits', 'help');
    expect(help.ack.json).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('`/credits help`'),
    });
    const odd = await h.command('/credits', '<!channel> please');
    const text = String((odd.ack.json as { text: string }).text);
    expect(text).toContain('takes no arguments');
    expect(text).not.toContain('<!channel>');
  });
});

describe('the budget seen from a paid command', () => {
  it('refuses a lookup the budget cannot cover: clear message, nothing called, nothing charged', async () => {
    const team = 'T0POOR';
    await writeSettings(h.scout.deps.store, team, { budget: 0.4 });
    const before = { requests: paidRequests().length, used: h.api.ledger.used };
    const body = (await (await run('/paidtest', '@lena.longform', team)).response()).body;
    expect(body.text).toBe(
      ":no_entry: The lookup of @lena.longform costs about 1 credit; this workspace has 0.4 of 0.4 left for November. Workspace admins can raise the budget in Scout's Home tab. Nothing was charged.",
    );
    expect(paidRequests()).toHaveLength(before.requests);
    expect(h.api.ledger.used).toBe(before.used);
    expect(await h.scout.deps.guard.status(team)).toMatchObject({ committed: 0, spent: 0 });
  });

  it('serves the same lookup from the cache without spending', async () => {
    const used = h.api.ledger.used;
    const body = (await (await run('/paidtest', '@Maya.Moves')).response()).body;
    expect(body.text).toBe('found, 0 spent');
    expect(h.api.ledger.used).toBe(used);
  });
});
