import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockApi, startMockApi } from '../../mock-api/server.ts';

let api: MockApi;

beforeAll(async () => {
  api = await startMockApi({ port: 0, apiKeys: ['test-key', 'other-key'], batchRowsPerPoll: 4 });
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  api.reset();
});

// biome-ignore lint/suspicious/noExplicitAny: batch payloads are checked field by field
type Json = any;

const BATCH = '/public/v1/enrichment/batch/';

async function createBatch(csv: string, fields: Record<string, string>, key = 'test-key') {
  const form = new FormData();
  form.set('file', new Blob([csv], { type: 'text/csv' }), 'creators.csv');
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  const res = await fetch(`${api.url}${BATCH}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as Json };
}

async function get(path: string, key = 'test-key') {
  const res = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

async function status(id: string): Promise<Json> {
  const res = await get(`${BATCH}${id}/status/`);
  expect(res.status).toBe(200);
  return JSON.parse(res.text);
}

async function resume(id: string) {
  const res = await fetch(`${api.url}${BATCH}${id}/resume/`, {
    method: 'POST',
    headers: { authorization: 'Bearer test-key', 'content-type': 'application/json' },
    body: '{}',
  });
  return { status: res.status, body: (await res.json()) as Json };
}

async function pollUntilSettled(id: string): Promise<Json[]> {
  const seen: Json[] = [];
  for (let i = 0; i < 50; i++) {
    const current = await status(id);
    seen.push(current);
    if (['finished', 'failed', 'paused_insufficient_credits'].includes(current.status)) return seen;
  }
  throw new Error('batch never settled');
}

const handles = (rows: string[]) => `handle\n${rows.join('\n')}\n`;

describe('batch create', () => {
  it('answers the api-ref#batch-create shape with a bch_ id, queued', async () => {
    const { status: code, body } = await createBatch(handles(['a_one', 'b_two']), {
      enrichment_mode: 'full',
      platform: 'instagram',
      metadata: JSON.stringify({ campaign: 'Q4 Outreach' }),
    });
    expect(code).toBe(200);
    expect(body).toMatchObject({
      batch_id: expect.stringMatching(/^bch_[0-9a-f]{32}$/),
      status: 'queued',
      created_at: expect.any(String),
      platform: 'instagram',
      metadata: { campaign: 'Q4 Outreach' },
      og_input_number: 2,
      type_report: 'ENRICH_BY_HANDLE',
      enrichment_mode: 'full',
      message: expect.any(String),
    });
    expect(api.requests[0]?.body).toMatchObject({
      enrichment_mode: 'full',
      file: handles(['a_one', 'b_two']),
    });
  });

  it.each([
    ['no header', 'a_one\nb_two\n', { enrichment_mode: 'raw', platform: 'tiktok' }, 'file'],
    [
      'an email file for a handle mode',
      'email\na@b.test\n',
      { enrichment_mode: 'raw', platform: 'tiktok' },
      'file',
    ],
    ['a handle mode without platform', handles(['a']), { enrichment_mode: 'full' }, 'platform'],
    [
      'an email mode with platform',
      'email\na@b.test\n',
      { enrichment_mode: 'basic', platform: 'instagram' },
      'platform',
    ],
    ['an unknown mode', handles(['a']), { enrichment_mode: 'deluxe', platform: 'tiktok' }, 'enrichment_mode'],
    [
      'a platform outside the batch list',
      handles(['a']),
      { enrichment_mode: 'raw', platform: 'linkedin' },
      'platform',
    ],
    [
      'metadata that is not a JSON object',
      handles(['a']),
      { enrichment_mode: 'raw', platform: 'tiktok', metadata: '[1]' },
      'metadata',
    ],
    ['no rows', 'handle\n', { enrichment_mode: 'raw', platform: 'tiktok' }, 'file'],
  ])('rejects %s with 422', async (_name, csv, fields, field) => {
    const res = await createBatch(csv, fields);
    expect(res.status).toBe(422);
    expect(res.body.error).toEqual(expect.arrayContaining([{ field, error: expect.any(String) }]));
  });

  it('rejects a file over 10 MB', async () => {
    const big = `handle\n${'x'.repeat(10 * 1024 * 1024)}\n`;
    const res = await createBatch(big, { enrichment_mode: 'raw', platform: 'tiktok' });
    expect(res.status).toBe(422);
    expect(res.body.error[0].field).toBe('file');
  });

  it('rejects a JSON body with 415', async () => {
    const res = await fetch(`${api.url}${BATCH}`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-key', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(415);
  });
});

describe('batch state machine', () => {
  it('goes queued → processing (rows per poll) → finished, charging rows with data only', async () => {
    const rows = [
      'alpha',
      'ghost_1',
      'bravo',
      'fault_500',
      'charlie',
      'delta',
      'echo',
      'foxtrot',
      'golf',
      'hotel',
    ];
    const { body } = await createBatch(handles(rows), { enrichment_mode: 'raw', platform: 'instagram' });
    const seen = await pollUntilSettled(body.batch_id);
    expect(seen.map((s) => s.status)).toEqual(['queued', 'processing', 'processing', 'finished']);
    expect(seen.map((s) => s.processed_rows)).toEqual([0, 4, 8, 10]);
    const last = seen.at(-1);
    expect(last).toMatchObject({
      batch_id: body.batch_id,
      total_rows: 10,
      success_count: 8,
      failed_count: 2,
      credits_used: '0.24',
      estimated_completion: null,
      status_message: null,
      metadata: {},
    });
    expect(seen[1].estimated_completion).toEqual(expect.any(String));
    expect(api.ledger.used).toBe(0.24);
    expect((await status(body.batch_id)).status).toBe('finished');
  });

  it('pauses when credits run out, stays paused, and resumes to finished after setCredits', async () => {
    api.setCredits(2.5);
    const rows = ['one', 'two', 'three', 'four', 'five', 'six'];
    const { body } = await createBatch(handles(rows), { enrichment_mode: 'full', platform: 'tiktok' });
    const seen = await pollUntilSettled(body.batch_id);
    const paused = seen.at(-1);
    expect(paused).toMatchObject({
      status: 'paused_insufficient_credits',
      processed_rows: 2,
      success_count: 2,
      credits_used: '2.00',
      status_message: expect.stringMatching(/insufficient credits/i),
    });
    expect((await status(body.batch_id)).status).toBe('paused_insufficient_credits');

    api.setCredits(10);
    const resumed = await resume(body.batch_id);
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ status: 'processing', processed_rows: 2, status_message: null });
    const rest = await pollUntilSettled(body.batch_id);
    expect(rest.at(-1)).toMatchObject({
      status: 'finished',
      processed_rows: 6,
      success_count: 6,
      credits_used: '6.00',
    });
    expect(api.ledger.available).toBe(6);
  });

  it('answers 400 when resuming a batch that is not paused', async () => {
    const { body } = await createBatch(handles(['a']), { enrichment_mode: 'raw', platform: 'tiktok' });
    expect((await resume(body.batch_id)).status).toBe(400);
  });

  it('fails a file of only fault_ values', async () => {
    const { body } = await createBatch(handles(['fault_500', 'fault_html']), {
      enrichment_mode: 'raw',
      platform: 'tiktok',
    });
    const seen = await pollUntilSettled(body.batch_id);
    expect(seen.map((s) => s.status)).toEqual(['queued', 'failed']);
    expect(seen.at(-1).status_message).toEqual(expect.any(String));
  });

  it('fails a file whose first data row is #fail', async () => {
    const { body } = await createBatch(handles(['#fail', 'fine_handle']), {
      enrichment_mode: 'raw',
      platform: 'tiktok',
    });
    expect((await pollUntilSettled(body.batch_id)).at(-1).status).toBe('failed');
    expect((await get(`${BATCH}${body.batch_id}/?format=json`)).status).toBe(400);
  });

  it('treats must_have rows without an email as not_found', async () => {
    const { body } = await createBatch(handles(['maya.moves', 'lena.longform']), {
      enrichment_mode: 'full',
      platform: 'instagram',
      email_required: 'must_have',
    });
    await pollUntilSettled(body.batch_id);
    const results = JSON.parse((await get(`${BATCH}${body.batch_id}/?format=json`)).text);
    expect(results.map((r: Json) => r.status)).toEqual(['success', 'not_found']);
  });

  it('keeps batches private to the key that created them', async () => {
    const { body } = await createBatch(handles(['a']), { enrichment_mode: 'raw', platform: 'tiktok' });
    expect((await get(`${BATCH}${body.batch_id}/status/`, 'other-key')).status).toBe(404);
  });

  it('answers 404 JSON for an unknown id', async () => {
    const res = await get(`${BATCH}bch_00000000000000000000000000000000/status/`);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text)).toEqual({ detail: 'Not found.' });
  });
});

describe('batch results', () => {
  async function finishedBatch(csv: string, fields: Record<string, string>) {
    const { body } = await createBatch(csv, fields);
    await pollUntilSettled(body.batch_id);
    return body.batch_id as string;
  }

  it('answers 400 before finished', async () => {
    const { body } = await createBatch(handles(['a', 'b']), { enrichment_mode: 'raw', platform: 'tiktok' });
    expect((await get(`${BATCH}${body.batch_id}/?format=json`)).status).toBe(400);
    expect((await get(`${BATCH}${body.batch_id}/download/`)).status).toBe(400);
  });

  it('answers JSON rows with the same result a single enrichment returns', async () => {
    const id = await finishedBatch(handles(['dani.dances', 'ghost_x', 'fault_422']), {
      enrichment_mode: 'full',
      platform: 'tiktok',
      include_audience_data: 'false',
    });
    const res = await get(`${BATCH}${id}/?format=json`);
    expect(res.headers.get('content-type')).toBe('application/json');
    const rows = JSON.parse(res.text);
    expect(rows.map((r: Json) => [r.input_value, r.status])).toEqual([
      ['dani.dances', 'success'],
      ['ghost_x', 'not_found'],
      ['fault_422', 'failed'],
    ]);
    expect(rows[1].enrichment_data).toBeNull();
    const single = await fetch(`${api.url}/public/v1/creators/enrich/handle/full/`, {
      method: 'POST',
      headers: { authorization: 'Bearer test-key', 'content-type': 'application/json' },
      body: JSON.stringify({ handle: 'dani.dances', platform: 'tiktok', include_audience_data: false }),
    });
    expect(rows[0].enrichment_data).toEqual(((await single.json()) as Json).result);
  });

  it('answers email-mode rows with the basic shape', async () => {
    const id = await finishedBatch('email\ntom@trailtom.example.test\nghost@example.test\n', {
      enrichment_mode: 'basic',
    });
    const rows = JSON.parse((await get(`${BATCH}${id}/?format=json`)).text);
    expect(rows[0]).toMatchObject({
      status: 'success',
      enrichment_data: { platform: 'youtube', userId: expect.any(String) },
    });
    expect(rows[1].status).toBe('not_found');
    expect(JSON.parse((await get(`${BATCH}${id}/status/`)).text).credits_used).toBe('0.05');
  });

  it('answers CSV by default and for format=csv', async () => {
    const id = await finishedBatch(handles(['maya.moves', 'ghost_y']), {
      enrichment_mode: 'raw',
      platform: 'instagram',
    });
    const byDefault = await get(`${BATCH}${id}/`);
    const csv = await get(`${BATCH}${id}/?format=csv`);
    expect(byDefault.text).toBe(csv.text);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe(
      'input_value,status,platform,username,full_name,followers,engagement_percent,email',
    );
    expect(lines[1]).toBe(
      'maya.moves,success,instagram,maya.moves,Maya Okafor-Lind,128400,3.42,hello@mayamoves.example.test',
    );
    expect(lines[2]).toBe('ghost_y,not_found,,,,,,');
  });

  it('answers presigned download metadata whose URL serves the CSV without a bearer', async () => {
    const id = await finishedBatch(handles(['maya.moves', 'ghost_z', 'someone']), {
      enrichment_mode: 'raw',
      platform: 'instagram',
    });
    const meta = JSON.parse((await get(`${BATCH}${id}/download/`)).text);
    expect(meta).toMatchObject({
      download_url: expect.stringContaining(`/__presigned/${id}.csv?`),
      filename: `${id}_results.csv`,
      expires_in: 3600,
      expires_at: expect.any(String),
      batch_id: id,
      total_results: 2,
      invalid_records: 1,
    });
    const download = await fetch(meta.download_url);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe((await get(`${BATCH}${id}/?format=csv`)).text);
    const forged = await fetch(
      meta.download_url.replace(/X-Amz-Signature=[0-9a-f]+/, 'X-Amz-Signature=forged'),
    );
    expect(forged.status).toBe(403);
  });

  it('streams a large JSON result that parses whole', async () => {
    const big = await startMockApi({ port: 0, batchRowsPerPoll: 5000, credits: 1_000_000 });
    try {
      const rows = Array.from({ length: 3000 }, (_, i) => `creator_${i}`);
      const form = new FormData();
      form.set('file', new Blob([handles(rows)]), 'big.csv');
      form.set('enrichment_mode', 'full');
      form.set('platform', 'youtube');
      const auth = { authorization: 'Bearer test-key' };
      const created = (await (
        await fetch(`${big.url}${BATCH}`, { method: 'POST', headers: auth, body: form })
      ).json()) as Json;
      await fetch(`${big.url}${BATCH}${created.batch_id}/status/`, { headers: auth });
      const done = (await (
        await fetch(`${big.url}${BATCH}${created.batch_id}/status/`, { headers: auth })
      ).json()) as Json;
      expect(done.status).toBe('finished');
      const results = (await (
        await fetch(`${big.url}${BATCH}${created.batch_id}/?format=json`, { headers: auth })
      ).json()) as Json[];
      expect(results).toHaveLength(3000);
      expect(results[2999].enrichment_data.youtube.custom_url).toBe('@creator_2999');
    } finally {
      await big.close();
    }
  });
});
