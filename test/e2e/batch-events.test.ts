import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDraft } from '../../src/batch/jobs.ts';
import {
  CHANNEL,
  draftIdOf,
  dropCsv,
  intakeReply,
  nextTs,
  postsIn,
  sleep,
  testBatchFeature,
  textOf,
  UPLOADER,
} from '../batch/drop.ts';
import { type Harness, startHarness } from '../support/harness.ts';
import { blockActionPayload, eventEnvelope, payloadBody } from '../support/slack-requests.ts';

describe('CSV intake events: each dropped file is answered once', () => {
  let h: Harness;
  let elsewhere: Server;
  const elsewhereHits: { authorization: string | undefined }[] = [];
  let elsewhereUrl = '';

  beforeAll(async () => {
    h = await startHarness({ features: [testBatchFeature()] });
    elsewhere = createServer((req, res) => {
      elsewhereHits.push({ authorization: req.headers.authorization });
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.end('handle\nnike\n');
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await h.stop();
    elsewhere.closeAllConnections();
    await new Promise<void>((resolve) => elsewhere.close(() => resolve()));
  });

  it('answers a retried delivery (X-Slack-Retry-Num) once', async () => {
    const ts = nextTs();
    const first = await dropCsv(h, { content: 'handle\nnike\n', ts, eventId: 'EvRETRY1' });
    // Slack retries with the same event id; a different event id for the same share is dropped too.
    await h.event(
      { type: 'message', subtype: 'file_share', channel: CHANNEL, user: UPLOADER, ts, files: [first.file] },
      { event_id: 'EvRETRY1', retryNum: 1 },
    );
    await h.event(
      { type: 'message', subtype: 'file_share', channel: CHANNEL, user: UPLOADER, ts, files: [first.file] },
      { event_id: 'EvRETRY2', retryNum: 2 },
    );
    await intakeReply(h, ts);
    await sleep(150);
    expect(postsIn(h, ts)).toHaveLength(1);
    expect(h.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
  });

  it('acts once when file_shared and the message both arrive, whichever comes first', async () => {
    const ts = nextTs();
    const file = h.slack.registerFile({ name: 'both.csv', content: 'handle\nadidas\n', user: UPLOADER });
    // files.info lists the share (with its message ts) once Slack has shared it.
    h.slack.on('files.info', (args) =>
      args.file === file.id
        ? { file: { ...file, shares: { public: { [CHANNEL]: [{ ts }] } } } }
        : { ok: false, error: 'file_not_found' },
    );
    await Promise.all([
      h.event({
        type: 'file_shared',
        file_id: file.id,
        file: { id: file.id },
        user_id: UPLOADER,
        channel_id: CHANNEL,
        event_ts: ts,
      }),
      h.event({
        type: 'message',
        subtype: 'file_share',
        channel: CHANNEL,
        user: UPLOADER,
        ts,
        files: [file],
      }),
      h.event({
        type: 'file_shared',
        file_id: file.id,
        file: { id: file.id },
        user_id: UPLOADER,
        channel_id: CHANNEL,
        event_ts: ts,
      }),
    ]);
    await intakeReply(h, ts);
    await sleep(150);
    expect(postsIn(h, ts)).toHaveLength(1);
  });

  it('acts on file_shared alone when the share is listed, in the share’s thread', async () => {
    const parent = nextTs();
    const ts = nextTs();
    const file = h.slack.registerFile({ name: 'alone.csv', content: 'handle\npuma\n', user: UPLOADER });
    h.slack.on('files.info', () => ({
      file: { ...file, shares: { private: { [CHANNEL]: [{ ts, thread_ts: parent }] } } },
    }));
    await h.event({
      type: 'file_shared',
      file_id: file.id,
      file: { id: file.id },
      user_id: UPLOADER,
      channel_id: CHANNEL,
      event_ts: ts,
    });
    const reply = await intakeReply(h, parent);
    expect(textOf(reply)).toContain('alone.csv');
  });

  it('does nothing for file_shared before the share is listed (the message event will come)', async () => {
    const file = h.slack.registerFile({ name: 'early.csv', content: 'handle\nreebok\n', user: UPLOADER });
    h.slack.on('files.info', () => ({ file }));
    const before = h.slack.callsTo('chat.postMessage').length;
    await h.event({
      type: 'file_shared',
      file_id: file.id,
      file: { id: file.id },
      user_id: UPLOADER,
      channel_id: CHANNEL,
      event_ts: nextTs(),
    });
    await h.slack.waitForCall('files.info', (c) => c.args.file === file.id);
    await sleep(100);
    expect(h.slack.callsTo('chat.postMessage').length).toBe(before);
  });

  it('ignores files Scout uploaded itself', async () => {
    const ts = nextTs();
    const file = h.slack.registerFile({ name: 'creators-enriched.csv', content: 'input\nx\n', user: 'UBOT' });
    await h.event({
      type: 'message',
      subtype: 'file_share',
      channel: CHANNEL,
      user: 'UBOT',
      bot_id: 'BSCOUT',
      ts,
      files: [file],
    });
    await h.event({
      type: 'file_shared',
      file_id: file.id,
      file: { id: file.id },
      user_id: 'UBOT',
      channel_id: CHANNEL,
      event_ts: ts,
    });
    await sleep(150);
    expect(postsIn(h, ts)).toHaveLength(0);
  });

  it('never sends the bot token to a host that is not Slack', async () => {
    const ts = nextTs();
    const file = {
      id: 'FELSEWHERE1',
      name: 'trap.csv',
      filetype: 'csv',
      mimetype: 'text/csv',
      size: 12,
      url_private: `${elsewhereUrl}/trap.csv`,
      url_private_download: `${elsewhereUrl}/download/trap.csv`,
    };
    await h.event({
      type: 'message',
      subtype: 'file_share',
      channel: CHANNEL,
      user: UPLOADER,
      ts,
      files: [file],
    });
    const reply = await intakeReply(h, ts);
    expect(textOf(reply)).toMatch(/only downloads files from Slack/);
    expect(elsewhereHits).toEqual([]);
  });

  it('explains a download that came back as Slack’s sign-in page', async () => {
    const { ts } = await dropCsv(h, {
      name: 'signin.csv',
      content: '<!DOCTYPE html><html><body>Sign in to Slack</body></html>',
      filetype: 'csv',
      mimetype: 'text/html',
    });
    const reply = await intakeReply(h, ts);
    expect(textOf(reply)).toMatch(/sign-in page/);
    expect(textOf(reply)).toMatch(/files:read/);
  });

  it('refuses a dropped file and a Start click that carry no team id: no reply, no batch, no spend', async () => {
    const before = await h.scout.deps.guard.status('T0TEST');
    // A drop without any team id (no team_id, no authorizations): nothing to file it under.
    const ts = nextTs();
    const file = h.slack.registerFile({ name: 'teamless.csv', content: 'handle\nnike\n', user: UPLOADER });
    const {
      team_id: _t,
      authorizations: _a,
      ...teamless
    } = eventEnvelope({
      type: 'message',
      subtype: 'file_share',
      channel: CHANNEL,
      user: UPLOADER,
      ts,
      files: [file],
    });
    const dropped = await h.post(JSON.stringify(teamless), 'application/json');
    expect(dropped.status).toBe(200);

    // A real draft, then a Start click whose payload lost its team.
    const ok = await dropCsv(h, { content: 'handle\nnike\nadidas\n' });
    const draftId = draftIdOf(await intakeReply(h, ok.ts));
    const {
      team: _team,
      user,
      ...click
    } = blockActionPayload({
      action_id: 'batch_start',
      value: draftId,
      block_id: `batch_decide|${draftId}`,
      user_id: UPLOADER,
      channel_id: CHANNEL,
    });
    const { team_id: _ut, ...userWithoutTeam } = user as Record<string, unknown>;
    const started = await h.post(
      payloadBody({ ...click, user: userWithoutTeam }),
      'application/x-www-form-urlencoded',
    );
    expect(started.status).toBe(200);

    await sleep(300);
    expect(postsIn(h, ts)).toHaveLength(0);
    expect((await loadDraft(h.scout.deps.store, draftId))?.status).toBe('open');
    expect(h.api.requests.some((r) => r.method === 'POST' && r.path === '/public/v1/enrichment/batch/')).toBe(
      false,
    );
    expect((await h.scout.deps.guard.status('T0TEST')).remaining).toBe(before.remaining);
    // Both were seen and refused (by the Slack layer's workspace check), not silently lost.
    expect(h.logs.filter((line) => line.includes('without a team id'))).toHaveLength(2);
  });
});
