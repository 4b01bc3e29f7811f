import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { creator } from '../../commands/creator/index.ts';
import { discover } from '../../commands/discover/index.ts';
import { share } from '../../commands/share.ts';
import { shortcuts } from '../../commands/shortcuts.ts';
import { FIXTURE_CREATORS } from '../../mock-api/server.ts';
import { writeSettings } from '../../src/budget/settings.ts';
import { draftIdOf, intakeReply, start, summaryPost, testBatchFeature, textOf } from '../batch/drop.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { globalShortcutPayload, messageActionPayload, payloadBody } from '../support/slack-requests.ts';
import { EMAIL_BASIC, ENRICH, type Json, requestsTo, TEAM } from './creator-helpers.ts';

/**
 * The shortcuts end to end: signed `message_action` and `shortcut` payloads into the real Scout.
 * "Look up creators" on a message with 3 creators (list, estimate, raw/full, cards in the thread)
 * and with 30 (a batch draft through the CSV flow, Start creating one batch); "Find creators"
 * opening the /discover form.
 */

const RAW = '/public/v1/creators/enrich/handle/raw/';
const BATCH = '/public/v1/enrichment/batch/';
const FORM = 'application/x-www-form-urlencoded';
const maya = FIXTURE_CREATORS.withEmail;

let h: Harness;
let n = 0;

beforeAll(async () => {
  h = await startHarness({ features: [share, creator, discover, testBatchFeature(), shortcuts] });
});
afterAll(async () => {
  await h.stop();
});
beforeEach(async () => {
  await writeSettings(h.scout.deps.store, TEAM, { budget: 500 });
});

function nextTs(): string {
  n += 1;
  return `1700001${String(n).padStart(3, '0')}.000100`;
}

async function useShortcut(
  text: string,
  fields: { ts?: string; thread_ts?: string; channel_id?: string } = {},
) {
  const responseId = `sc-${nextTs()}`;
  const ts = fields.ts ?? nextTs();
  const ack = await h.post(
    payloadBody(
      messageActionPayload({
        callback_id: 'scout_lookup_creators',
        text,
        ts,
        ...(fields.thread_ts ? { thread_ts: fields.thread_ts } : {}),
        ...(fields.channel_id ? { channel_id: fields.channel_id } : {}),
        response_url: h.slack.responseUrl(responseId),
      }),
    ),
    FORM,
  );
  expect(ack.status).toBe(200);
  const reply = await h.slack.waitForResponse(responseId);
  return { ts, responseId, reply: reply.body };
}

function buttonsOf(body: Json): { action_id: string; value?: string; text: { text: string } }[] {
  return ((body.blocks ?? []) as { type: string; elements?: unknown[] }[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []) as { action_id: string; value?: string; text: { text: string } }[]);
}

function threadPosts(threadTs: string) {
  return h.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === threadTs);
}

describe('message shortcut "Look up creators"', () => {
  it('3 creators: lists them with platform and estimate, then posts raw cards in the thread, once', async () => {
    const tiktok = `raw_sc_${Date.now() % 100000}`;
    const text = `Ideas: <https://www.instagram.com/${maya.username}/|ig>, https://www.tiktok.com/@${tiktok} and <mailto:press@studio.example|press@studio.example> cc <@U0BOB>`;
    const { ts, reply } = await useShortcut(text);
    expect(reply).toMatchObject({ response_type: 'ephemeral' });
    expectValidBlockKit(reply, 'message');
    const shown = JSON.stringify(reply);
    expect(shown).toContain('3 creators');
    expect(shown).toContain(`@${maya.username} — Instagram`);
    expect(shown).toContain(`@${tiktok} — TikTok`);
    expect(shown).toContain('press@studio.example — email');
    expect(shown).not.toContain('u0bob');
    const [raw, full] = buttonsOf(reply);
    // 2 × 0.03 raw + 0.05 email; 2 × 1 full + 0.05 email
    expect(raw?.text.text).toBe('Raw · ≈0.11 credits');
    expect(full?.text.text).toBe('Full · ≈2.05 credits');
    expect(h.api.requests.map((r) => r.path)).toEqual([]);

    const click = () => h.action({ action_id: 'shortcut_run_raw', value: raw?.value ?? '' });
    const [first] = await Promise.all([click(), click()]);
    const done = await h.slack.waitFor(
      () =>
        h.slack.responsesTo(first.responseId ?? '').find((r) => JSON.stringify(r.body).includes('Posted')),
      8000,
      'the summary',
    );
    expect(JSON.stringify(done.body)).toContain('Posted 3 cards in the thread');
    const posts = threadPosts(ts);
    expect(posts).toHaveLength(3);
    for (const post of posts) {
      expect(post.args.channel).toBe('C0CHANNEL');
      expectValidBlockKit(post.args as Json, 'message');
    }
    expect(JSON.stringify(posts[0]?.args)).toContain(maya.fullName);
    expect(requestsTo(h, RAW)).toHaveLength(2);
    expect(requestsTo(h, EMAIL_BASIC)).toHaveLength(1);
    expect(requestsTo(h, ENRICH)).toHaveLength(0);
  });

  it('on a reply, reads the thread’s first message too and posts full cards into that thread', async () => {
    const parentTs = nextTs();
    h.slack.addThread('C0CHANNEL', parentTs, [{ text: 'Brief: work with @trail.tom', ts: parentTs }]);
    const { reply } = await useShortcut(`and <https://www.instagram.com/${maya.username}/>`, {
      thread_ts: parentTs,
    });
    const shown = JSON.stringify(reply);
    expect(shown).toContain('first message');
    expect(shown).toContain('@trail.tom — Instagram');
    expect(shown).toContain('guessed');
    const full = buttonsOf(reply).find((b) => b.value?.endsWith(':full'));
    const before = requestsTo(h, ENRICH).length;
    const { responseId } = await h.action({ action_id: 'shortcut_run_full', value: full?.value ?? '' });
    await h.slack.waitFor(
      () => h.slack.responsesTo(responseId ?? '').find((r) => JSON.stringify(r.body).includes('Posted')),
      8000,
    );
    const posts = threadPosts(parentTs);
    expect(posts).toHaveLength(2);
    expect(JSON.stringify(posts)).toContain('full enrichment');
    expect(requestsTo(h, ENRICH).length).toBe(before + 2);
  });

  it('refuses when the estimate exceeds the budget left, naming both; nothing is called', async () => {
    await writeSettings(h.scout.deps.store, TEAM, { budget: 0 });
    const { reply } = await useShortcut('@one_creator @two_creator');
    const full = buttonsOf(reply).find((b) => b.value?.endsWith(':full'));
    const before = h.api.requests.length;
    const { responseId } = await h.action({ action_id: 'shortcut_run_full', value: full?.value ?? '' });
    const refusal = await h.slack.waitForResponse(responseId ?? '');
    expect(JSON.stringify(refusal.body)).toMatch(/cost up to ≈2 credits; this workspace has 0 of 0 left/);
    expect(h.api.requests.length).toBe(before);
  });

  it('stops at the first card Scout cannot post (not in the channel) and says how to fix it', async () => {
    const { reply } = await useShortcut('@stop_one @stop_two @stop_three', { channel_id: 'C0NOTIN' });
    const raw = buttonsOf(reply).find((b) => b.value?.endsWith(':raw'));
    h.slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    const before = requestsTo(h, RAW).length;
    const { responseId } = await h.action({ action_id: 'shortcut_run_raw', value: raw?.value ?? '' });
    const done = await h.slack.waitFor(
      () => h.slack.responsesTo(responseId ?? '').find((r) => JSON.stringify(r.body).includes('Posted')),
      8000,
    );
    expect(JSON.stringify(done.body)).toContain('Posted 0 cards');
    expect(JSON.stringify(done.body)).toContain('/invite @Scout');
    expect(requestsTo(h, RAW).length).toBe(before + 1);
  });

  it('a message with no creators says so', async () => {
    const { reply } = await useShortcut('ping <@U0BOB> and <!here>, see https://example.com');
    expect(JSON.stringify(reply)).toContain('found no creator');
  });

  it('30 creators: a batch draft in the thread with the estimate and Start; Start creates one batch', async () => {
    const handles = Array.from({ length: 30 }, (_, i) => `https://www.instagram.com/bulk_creator_${i + 1}/`);
    const { ts, reply } = await useShortcut(`Big list:\n${handles.join('\n')}`);
    expect(JSON.stringify(reply)).toContain('30 creators is more than 25');
    const draft = await intakeReply(h, ts);
    const text = textOf(draft);
    expect(text).toContain('30 unique handles');
    expect(text).toMatch(/Estimated cost: \*0\.9 credits\*/);
    expect(JSON.stringify(draft.args)).toContain('batch_start');
    const creates = () => h.api.requests.filter((r) => r.method === 'POST' && r.path === BATCH);
    expect(creates()).toHaveLength(0);
    await start(h, draftIdOf(draft));
    await summaryPost(h, ts, 15_000);
    expect(creates()).toHaveLength(1);
  });
});

describe('global shortcut "Find creators"', () => {
  it('opens the /discover form', async () => {
    const ack = await h.post(
      payloadBody(globalShortcutPayload({ callback_id: 'scout_find_creators' })),
      FORM,
    );
    expect(ack.status).toBe(200);
    const opened = await h.slack.waitForCall('views.open');
    const view = opened.args.view as { callback_id?: string; title?: { text: string } };
    expect(view.callback_id).toBe('discover_search');
    expectValidBlockKit(view as Json, 'modal');
  });
});
