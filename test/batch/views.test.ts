import { describe, expect, it } from 'vitest';
import type { IntakeProblem } from '../../src/batch/intake.ts';
import type { ResolvedList } from '../../src/batch/intake-list.ts';
import type { BatchDraft, BatchJob, ResultsSummary } from '../../src/batch/jobs.ts';
import {
  draftClosedMessage,
  draftMessage,
  intakeProblemMessage,
  intakeSummaryText,
} from '../../views/batch.ts';
import { draftIdFromBlock } from '../../views/batch-common.ts';
import { failedMessage, pausedMessage, progressMessage, resultsMessage } from '../../views/batch-job.ts';
import type { SlackMessage } from '../../views/blocks.ts';
import { expectValidBlockKit } from '../support/block-kit.ts';

const NOW = Date.UTC(2026, 4, 2, 10, 15);
const NASTY = '<!channel> *bold* `code` <@U123> & '.repeat(20);

const draft = (over: Partial<BatchDraft> = {}): BatchDraft => ({
  id: 'd1',
  team: 'T1',
  channel: 'C1',
  threadTs: '1.1',
  messageTs: '1.2',
  uploader: 'U1',
  fileId: 'F1',
  fileName: 'creators.csv',
  createdAt: NOW,
  kind: 'handle',
  column: 'handle',
  rows: 1204,
  entries: [],
  duplicates: 20,
  invalid: 4,
  invalidSamples: [],
  platformGuess: { platform: 'instagram', from: 'links' },
  options: { mode: 'full', platform: 'instagram', includeAudience: true },
  status: 'open',
  jobId: null,
  closedBy: null,
  closedAt: null,
  ...over,
});

const list = (over: Partial<ResolvedList> = {}): ResolvedList => ({
  values: Array.from({ length: 1180 }, (_, i) => `c${i}`),
  duplicates: 20,
  skipped: 4,
  samples: [{ line: 17, text: 'not a handle!!', reason: 'not a handle' }],
  otherPlatforms: {},
  ...over,
});

const job = (over: Partial<BatchJob> = {}): BatchJob => ({
  id: 'bch_1',
  batchId: 'bch_1',
  draftId: 'd1',
  team: 'T1',
  channel: 'C1',
  threadTs: '1.1',
  progressTs: '1.2',
  user: 'U1',
  fileName: 'creators.csv',
  kind: 'handle',
  mode: 'full',
  platform: 'instagram',
  includeAudience: false,
  rows: 1180,
  estimate: 1180,
  reservation: { team: 'T1', month: '2026-05', estimate: 1180 },
  status: 'processing',
  progress: {
    total: 1180,
    processed: 320,
    found: 310,
    failed: 10,
    creditsUsed: 310,
    eta: '2026-05-02T10:40:00Z',
    message: null,
  },
  outcome: null,
  pauses: 0,
  createdAt: NOW,
  updatedAt: NOW,
  finishedAt: null,
  report: {
    settled: false,
    pauseNotice: null,
    resultsFileId: null,
    results: null,
    resultsAttempts: 0,
    resultsGaveUp: false,
    summaryTs: null,
    failureTs: null,
  },
  ...over,
});

const PRICES = { raw: 0.03, full: 1, basic: 0.05, advanced: 2 };

function allText(message: SlackMessage): string {
  return JSON.stringify(message);
}

function expectClean(message: SlackMessage) {
  expectValidBlockKit(message as never, 'message');
  const text = allText(message);
  expect(text).not.toMatch(/undefined|NaN|\[object Object\]/);
  expect(text).not.toContain('<!channel>');
  expect(text).not.toContain('<@U123>');
}

describe('batch views', () => {
  it('summarises the intake the way the issue words it', () => {
    expect(intakeSummaryText(draft(), list())).toBe(
      '1,204 rows → 1,180 unique handles; 20 duplicates and 4 invalid rows skipped: line 17 `not a handle!!`, …',
    );
    expect(
      intakeSummaryText(
        draft({ kind: 'email', rows: 1 }),
        list({ values: ['a@b.c'], duplicates: 0, skipped: 0, samples: [] }),
      ),
    ).toBe('1 row → 1 unique email');
  });

  it('renders the draft with its controls, estimate and budget, and keeps the draft id in its blocks', () => {
    const message = draftMessage({
      draft: draft(),
      list: list(),
      prices: PRICES,
      estimate: 1180,
      budget: { remaining: 412, limit: 500 },
      maxRows: 10_000,
    });
    expectClean(message);
    const text = allText(message);
    expect(text).toContain('Estimated cost: *1,180 credits*');
    expect(text).toContain('412 of 500 credits left');
    expect(text).toContain('more than the budget left');
    expect(text).toContain('batch_audience');
    const ids = message.blocks
      .map((b) => draftIdFromBlock((b as { block_id?: string }).block_id))
      .filter(Boolean);
    expect(ids).toEqual(['d1', 'd1']);
  });

  it('survives the worst file: hostile name, samples and column; other platforms skipped', () => {
    const worst = draft({ fileName: `${NASTY}.csv`, column: NASTY, uploader: 'U1' });
    const samples = Array.from({ length: 5 }, (_, i) => ({ line: i + 2, text: NASTY, reason: NASTY }));
    const message = draftMessage({
      draft: worst,
      list: list({ samples, skipped: 5000, otherPlatforms: { tiktok: 12, youtube: 3 } }),
      prices: PRICES,
      estimate: 1180,
      budget: null,
      maxRows: 10_000,
    });
    expectClean(message);
    expect(allText(message)).toContain('12 TikTok, 3 YouTube');
  });

  it('hides Start when the list is empty or over the batch limit', () => {
    for (const values of [[], Array.from({ length: 10_001 }, (_, i) => `c${i}`)]) {
      const message = draftMessage({
        draft: draft(),
        list: list({ values }),
        prices: PRICES,
        estimate: 0,
        budget: null,
        maxRows: 10_000,
      });
      expectClean(message);
      expect(allText(message)).not.toContain('batch_start');
    }
  });

  it('renders closed drafts', () => {
    expectClean(draftClosedMessage(draft({ closedBy: 'U2', fileName: NASTY }), list(), 'cancelled'));
    expectClean(draftClosedMessage(draft(), list(), 'failed', 'check the dashboard'));
  });

  it.each<IntakeProblem>([
    { code: 'too_large', bytes: 11 * 1024 * 1024 },
    { code: 'spreadsheet', filetype: NASTY },
    { code: 'binary' },
    { code: 'html' },
    { code: 'empty' },
    { code: 'header_only', column: NASTY },
    { code: 'header_only', column: null },
    { code: 'no_column', header: [NASTY, NASTY, ''] },
    { code: 'no_valid_rows', rows: 3, samples: [{ line: 2, text: NASTY, reason: NASTY }] },
    { code: 'too_many', rows: 500_000, distinct: null },
    { code: 'download_failed', reason: 'sign_in_page' },
    { code: 'download_failed', reason: 'untrusted_host' },
    { code: 'download_failed', reason: 'network' },
  ])('explains %o', (problem) => {
    expectClean(intakeProblemMessage(problem, `${NASTY}.csv`));
  });

  it('shows progress with a bar, counts, credits and a localised ETA', () => {
    const message = progressMessage(job(), NOW);
    expectClean(message);
    const text = allText(message);
    expect(text).toContain('27%');
    expect(text).toContain('320 of 1,180 processed · 310 found · 10 failed · 310 credits so far');
    expect(text).toContain('<!date^1777718400^{time}|2026-05-02 10:40 UTC> (in about 25 min)');
  });

  it.each(['queued', 'processing', 'paused', 'finishing', 'finished', 'failed'] as const)(
    'renders progress while %s',
    (status) => {
      expectClean(
        progressMessage(
          job({ status, fileName: NASTY, progress: { ...job().progress, total: 0, eta: 'not a date' } }),
          NOW,
        ),
      );
    },
  );

  it('offers Resume on a pause, and drops it once resumed', () => {
    const paused = job({ status: 'paused', pauses: 2, progress: { ...job().progress, message: NASTY } });
    const notice = pausedMessage(paused, null);
    expectClean(notice);
    expect(allText(notice)).toContain('"value":"bch_1|2"');
    for (const resumed of [{ by: 'U9' }, { by: null }]) {
      const message = pausedMessage(paused, resumed);
      expectClean(message);
      expect(allText(message)).not.toContain('batch_resume');
    }
  });

  it('explains a failure with the API message, what was charged and what to try', () => {
    const failed = failedMessage(job({ status: 'failed', progress: { ...job().progress, message: NASTY } }));
    expectClean(failed);
    expect(allText(failed)).toContain('310 credits were used');
    expect(allText(failed)).toContain('What to try');
    expect(
      allText(failedMessage(job({ progress: { ...job().progress, creditsUsed: 0, message: null } }))),
    ).toContain('Nothing was charged');
  });

  it('summarises the results with the top creators as links', () => {
    const summary: ResultsSummary = {
      rows: 1180,
      found: 1150,
      notFound: 28,
      failed: 2,
      fileName: `${NASTY}-enriched.csv`,
      source: 'json',
      top: [
        {
          name: NASTY,
          handle: 'big',
          platform: 'instagram',
          followers: 12_300_000,
          url: 'https://www.instagram.com/big/',
        },
        { name: null, handle: 'nameless', platform: 'tiktok', followers: 1000, url: null },
        { name: null, handle: null, platform: null, followers: null, url: 'javascript:alert(1)' },
      ],
    };
    const message = resultsMessage(job({ status: 'finished' }), summary);
    expectClean(message);
    const text = allText(message);
    expect(text).toContain('*1,150 found*');
    expect(text).toContain('<https://www.instagram.com/big/|');
    expect(text).toContain('12.3M followers');
    expect(text).not.toContain('javascript:');
    expectClean(resultsMessage(job(), null));
  });
});
