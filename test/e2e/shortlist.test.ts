import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockKitViolations } from '../support/block-kit.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { type Json, lookUp, mrkdwnText } from './creator-helpers.ts';
import { addFromCard, addVia, createList, listId, moveStatus, waitForUpdate } from './shortlist-helpers.ts';

/** /shortlist end to end: lists, adding from cards, status history, export, restarts, workspaces. */

const dir = mkdtempSync(join(tmpdir(), 'scout-shortlist-'));
const storeUrl = `sqlite://${join(dir, 'scout.sqlite')}`;
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ storeUrl, storeNamespace: 'shortlists' });
});
afterAll(async () => {
  await h?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('/shortlist', () => {
  let spring = '';

  it("creates a list and posts it in the channel; /shortlist lists the workspace's lists", async () => {
    const posted = await createList(h, 'Spring launch');
    expect(posted.text).toContain('Spring launch');
    expect(blockKitViolations(posted, 'message')).toEqual([]);
    spring = await listId(h, 'Spring launch');
    const { ack } = await h.command('/shortlist', '');
    const index = ack.json as Json;
    expect(mrkdwnText(index)).toContain('*Spring launch* · 0 creators');
    expect(blockKitViolations(index, 'message')).toEqual([]);
  });

  it('adds a creator from the card with its numbers and verdict flags, and updates the list message', async () => {
    await addFromCard(h, 'maya.moves', spring);
    const update = await waitForUpdate(h, '@maya.moves');
    const text = JSON.stringify(update.args.blocks);
    expect(text).toContain('128.4K followers');
    expect(text).toContain('3.42% engagement');
    expect(text).toContain('*new*');
    expect(text).toContain('new by <@U0ANA>');
    // the card now says it is on the list
    const { body } = await lookUp(h, 'maya.moves');
    expect(mrkdwnText(body)).toContain(':clipboard: On shortlist *Spring launch* (new)');
  });

  it('moves the status along with who and when, edits the message in place, refuses a skipped step', async () => {
    const { ack } = await moveStatus(h, spring, 'maya.moves', 'contacted', 'U0BEN');
    expect(ack.status).toBe(200);
    const update = await waitForUpdate(h, 'contacted by <@U0BEN>');
    expect(JSON.stringify(update.args.blocks)).toContain('new by <@U0ANA>');
    await moveStatus(h, spring, 'maya.moves', 'negotiating', 'U0ANA');
    await waitForUpdate(h, 'negotiating by <@U0ANA>');
    const { responseId } = await moveStatus(h, spring, 'maya.moves', 'new', 'U0ANA');
    const refused = await h.slack.waitForResponse(responseId ?? '');
    expect(String(refused.body.text)).toContain('cannot move to new');
  });

  it('exports the list as a formula-safe CSV into the message thread', async () => {
    await addVia(h, JSON.stringify({ p: 'instagram', h: 'evil.sheet', n: '=HYPERLINK("http://x")' }), {
      id: spring,
    });
    await waitForUpdate(h, '@evil.sheet');
    await h.action({
      action_id: 'shortlist_export',
      value: spring,
      container: { type: 'message', message_ts: '1700000001.000100', channel_id: 'C0CHANNEL' },
    });
    const complete = await h.slack.waitForCall('files.completeUploadExternal');
    expect(complete.args.thread_ts).toBe('1700000001.000100');
    const csv = await h.slack.waitFor(() => {
      const file = [...h.slack.uploads.values()].find((u) => u.content.length > 0);
      return file?.content.toString('utf8');
    });
    expect(csv).toContain('maya.moves');
    expect(csv).toContain('negotiating');
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it('renames through a modal and archives from the index; every modal is valid Block Kit', async () => {
    const trigger = `trigger-${Math.random()}`;
    await h.action({ action_id: 'shortlist_rename', value: spring, trigger_id: trigger });
    const open = await h.slack.waitForCall('views.open', (c) => c.args.trigger_id === trigger);
    const view = open.args.view as Json & { private_metadata: string };
    expect(blockKitViolations(view, 'modal')).toEqual([]);
    const tooLong = await h.submitView({
      callback_id: 'shortlist_rename_view',
      private_metadata: view.private_metadata,
      values: { shortlist_name: { shortlist_name: { type: 'plain_text_input', value: 'x'.repeat(81) } } },
    });
    expect(tooLong.text).toContain('at most 80 characters');
    await h.submitView({
      callback_id: 'shortlist_rename_view',
      private_metadata: view.private_metadata,
      values: { shortlist_name: { shortlist_name: { type: 'plain_text_input', value: 'Spring launch' } } },
    });
    await createList(h, 'Old ideas');
    const old = await listId(h, 'Old ideas');
    const { responseId } = await h.action({ action_id: 'shortlist_archive', value: old });
    const index = (await h.slack.waitForResponse(responseId ?? '')).body;
    expect(mrkdwnText(index)).toContain('_Archived:_ Old ideas');
    const addTrigger = `trigger-${Math.random()}`;
    await h.action({
      action_id: 'shortlist_add',
      value: JSON.stringify({ p: 'tiktok', h: 'dani' }),
      trigger_id: addTrigger,
    });
    const add = await h.slack.waitForCall('views.open', (c) => c.args.trigger_id === addTrigger);
    expect(blockKitViolations(add.args.view as Json, 'modal')).toEqual([]);
    // archived lists are not offered
    expect(JSON.stringify(add.args.view)).not.toContain('Old ideas');
  });

  it('keeps lists, statuses and history across a restart', async () => {
    await h.stop({ keepStore: true, keepApi: true, keepSlack: true });
    h = await startHarness({ storeUrl, storeNamespace: 'shortlists', api: h.api, slack: h.slack });
    const before = h.slack.callsTo('chat.postMessage').length;
    await h.command('/shortlist', 'spring launch');
    const posted = await h.slack.waitFor(() => h.slack.callsTo('chat.postMessage')[before]);
    const text = JSON.stringify(posted.args.blocks);
    expect(text).toContain('new by <@U0ANA>');
    expect(text).toContain('contacted by <@U0BEN>');
    expect(text).toContain('negotiating by <@U0ANA>');
  });

  it('is per workspace: another workspace sees none of it', async () => {
    const { ack } = await h.command('/shortlist', '', { team_id: 'T0OTHER' });
    expect(mrkdwnText(ack.json as Json)).not.toContain('Spring launch');
    const other = await h.command('/shortlist', 'Spring launch', { team_id: 'T0OTHER' });
    expect(mrkdwnText(other.ack.json as Json)).toContain('No shortlist named');
    const { responseId } = await h.command('/creator', 'maya.moves', { team_id: 'T0OTHER' });
    const card = (await h.slack.waitForResponse(responseId)).body;
    expect(mrkdwnText(card)).not.toContain('On shortlist');
  });
});
