import { z } from 'zod';
import { BATCH_PLATFORMS, PLATFORMS } from '../platforms.ts';
import { anyRecord, isRecord, num, platformEnum, text } from './common.ts';

/** Batch enrichment: create, status, results, resume (api-ref#batch-create … api-ref#batch-resume). */

/** Batch ids look like `bch_` + 32 hex (api-ref#batch-create); anything that could break out of the path is refused. */
export const batchIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,100}$/, 'not a batch id');

export const MAX_BATCH_BYTES = 10 * 1024 * 1024;
export const MAX_BATCH_ROWS = 10_000;

export const batchCreateRequestSchema = z
  .strictObject({
    csv: z.union([z.string(), z.instanceof(Uint8Array)]),
    filename: z
      .string()
      .trim()
      .regex(/^[^/\\\r\n"]{1,200}$/, 'filename must be a plain file name')
      .optional(),
    enrichmentMode: z.enum(['raw', 'full', 'basic', 'advanced']),
    platform: platformEnum(BATCH_PLATFORMS, 'batch platforms').optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    emailRequired: z.enum(['must_have', 'preferred']).optional(),
    includeLookalikes: z.boolean().optional(),
    includeAudienceData: z.boolean().optional(),
    excludePlatforms: platformEnum(PLATFORMS, 'platforms').optional(),
    minFollowers: z.number().int().min(0).optional(),
  })
  .superRefine((req, ctx) => {
    const byHandle = req.enrichmentMode === 'raw' || req.enrichmentMode === 'full';
    if (byHandle && req.platform === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['platform'],
        message: `${req.enrichmentMode} mode needs a platform`,
      });
    }
    if (!byHandle && req.platform !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['platform'], message: 'email modes take no platform' });
    }
    const handleOnly = ['emailRequired', 'includeLookalikes', 'includeAudienceData'] as const;
    const emailOnly = ['excludePlatforms', 'minFollowers'] as const;
    for (const key of byHandle ? emailOnly : handleOnly) {
      if (req[key] !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `${key} does not apply to ${req.enrichmentMode} mode`,
        });
      }
    }
    // lookalikes and audience data are full-enrichment features (api-ref#batch-create)
    if (req.enrichmentMode === 'raw') {
      for (const key of ['includeLookalikes', 'includeAudienceData'] as const) {
        if (req[key] !== undefined) {
          ctx.addIssue({ code: 'custom', path: [key], message: `${key} only applies to full mode` });
        }
      }
    }
    const csv = typeof req.csv === 'string' ? req.csv : new TextDecoder().decode(req.csv);
    const bytes = typeof req.csv === 'string' ? Buffer.byteLength(req.csv) : req.csv.byteLength;
    if (bytes > MAX_BATCH_BYTES) {
      ctx.addIssue({ code: 'custom', path: ['csv'], message: 'the CSV is larger than 10 MB' });
      return;
    }
    const shape = csvShape(csv);
    const column = byHandle ? 'handle' : 'email';
    if (shape.header !== column) {
      ctx.addIssue({
        code: 'custom',
        path: ['csv'],
        message: `${req.enrichmentMode} mode needs a CSV with one column headed "${column}"`,
      });
    }
    if (shape.rows === 0) ctx.addIssue({ code: 'custom', path: ['csv'], message: 'the CSV has no rows' });
    if (shape.rows > MAX_BATCH_ROWS) {
      ctx.addIssue({
        code: 'custom',
        path: ['csv'],
        message: `the CSV has ${shape.rows} rows; at most ${MAX_BATCH_ROWS}`,
      });
    }
  });
export type BatchCreateRequest = z.infer<typeof batchCreateRequestSchema>;

/** Header and data-row count of a one-column CSV (blank lines ignored). */
export function csvShape(csv: string): { header: string; rows: number } {
  const lines = csv
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').trim().replace(/^"|"$/g, '').trim().toLowerCase();
  return { header, rows: Math.max(0, lines.length - 1) };
}

// Responses

export const batchCreatedSchema = z.looseObject({
  batch_id: z.string().min(1),
  status: text,
  created_at: text,
  platform: text,
  metadata: anyRecord,
  og_input_number: num,
  type_report: text,
  enrichment_mode: text,
  message: text,
});
export type BatchCreated = z.infer<typeof batchCreatedSchema>;

/** Documented values (api-ref#batch-status, api-ref#discrepancies); others pass through as strings. */
export type BatchStatusValue =
  | 'queued'
  | 'validating'
  | 'processing'
  | 'finished'
  | 'failed'
  | 'paused_insufficient_credits'
  | (string & {});

export const batchStatusSchema = z.looseObject({
  batch_id: z.string().min(1),
  status: z
    .string()
    .min(1)
    .transform((s) => s as BatchStatusValue),
  total_rows: num,
  processed_rows: num,
  success_count: num,
  failed_count: num,
  started_at: text,
  metadata: anyRecord,
  // a string such as "310.00" (api-ref#batch-status)
  credits_used: num,
  estimated_completion: text,
  status_message: text,
});
export type BatchStatus = z.infer<typeof batchStatusSchema>;

/** Resume answers are undocumented (api-ref#batch-resume): the status fields when present, nothing required. */
export const resumeResponseSchema = z.looseObject({
  batch_id: text,
  status: text,
  total_rows: num,
  processed_rows: num,
  credits_used: num,
  message: text,
  status_message: text,
});
export type ResumeResponse = z.infer<typeof resumeResponseSchema>;

/** One row of `?format=json` batch results (api-ref#batch-results); `result` is accepted for `enrichment_data`. */
export const batchResultRowSchema = z.looseObject({ input_value: text, status: text }).transform((row) => {
  const data = 'enrichment_data' in row ? row.enrichment_data : row.result;
  return { ...row, enrichment_data: isRecord(data) ? data : null };
});
export type BatchResultRow = z.infer<typeof batchResultRowSchema>;

export const batchDownloadSchema = z.looseObject({
  download_url: z.url({ protocol: /^https?$/ }),
  filename: text,
  expires_in: num,
  expires_at: text,
  batch_id: text,
  total_results: num,
  invalid_records: num,
});
export type BatchDownload = z.infer<typeof batchDownloadSchema>;
