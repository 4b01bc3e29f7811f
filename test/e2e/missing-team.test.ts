import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creator } from '../../commands/creator/index.ts';
import { discover } from '../../commands/discover/index.ts';
import { overlap } from '../../commands/overlap.ts';
import { share } from '../../commands/share.ts';
import { similar } from '../../commands/similar.ts';
import { socials } from '../../commands/socials.ts';
import { FIXTURE_CREATORS } from '../../mock-api/server.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { commandBody } from '../support/slack-requests.ts';

/**
 * A payload that names no workspace is refused: budgets, caches and the ledger are kept per
 * workspace, so spending under an empty team id would share one budget between all such payloads.
 */

const REFUSAL = 'Slack did not say which workspace this came from; nothing was spent.';
const FORM = 'application/x-www-form-urlencoded';

describe('a payload without a team id', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ features: [share, creator, socials, similar, overlap, discover] });
  });
  afterAll(async () => {
    await h.stop();
  });

  async function spentByNobody(): Promise<void> {
    expect(h.api.requests).toEqual([]);
    expect((await h.scout.deps.guard.status('')).spent).toBe(0);
    expect(h.logs.some((line) => line.includes('refused a Slack payload without a team id'))).toBe(true);
  }

  it('is refused for /creator with no team_id field at all: nothing spent, the API never called', async () => {
    const params = new URLSearchParams(
      commandBody({
        command: '/creator',
        text: FIXTURE_CREATORS.withEmail.username,
        response_url: h.slack.responseUrl(),
      }),
    );
    params.delete('team_id');
    const ack = await h.post(params.toString(), FORM);
    expect(ack.status).toBe(200);
    expect(ack.json).toMatchObject({ response_type: 'ephemeral' });
    expect(String((ack.json as { text: string }).text)).toContain(REFUSAL);
    await spentByNobody();
  });

  it.each([
    ['/creator', 'someone@example.com advanced'],
    ['/socials', FIXTURE_CREATORS.withEmail.username],
    ['/similar', FIXTURE_CREATORS.withEmail.username],
    ['/overlap', 'nike adidas'],
  ])('is refused for %s with an empty team_id', async (command, text) => {
    const { ack } = await h.command(command, text, { team_id: '' });
    expect(ack.status).toBe(200);
    expect(String((ack.json as { text: string }).text)).toContain(REFUSAL);
    await spentByNobody();
  });

  it('is refused for a creator card button, answered through the response_url', async () => {
    const value = JSON.stringify({ platform: 'instagram', handle: FIXTURE_CREATORS.withEmail.username });
    const { ack, responseId } = await h.action({ action_id: 'creator_open', value, team_id: '' });
    expect(ack.status).toBe(200);
    const posted = await h.slack.waitForResponse(responseId ?? '');
    expect(posted.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(posted.body.text)).toContain(REFUSAL);
    await spentByNobody();
  });

  it('is refused for /discover before any modal is opened', async () => {
    const { ack } = await h.command('/discover', 'vegan recipe creators', { team_id: '' });
    expect(ack.status).toBe(200);
    expect(String((ack.json as { text: string }).text)).toContain(REFUSAL);
    expect(h.slack.callsTo('views.open')).toEqual([]);
    await spentByNobody();
  });
});
