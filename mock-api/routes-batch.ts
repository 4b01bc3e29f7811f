import {
  type BatchMode,
  type BatchSettings,
  createView,
  parseBatchCsv,
  statusView,
  writeCsvResults,
  writeJsonResults,
} from './batch.ts';
import { BATCH_PLATFORMS, isPlatform, type Platform } from './platforms.ts';
import { detail, type FieldError, json, type Reply, unprocessable } from './replies.ts';
import type { RouteContext } from './route-kit.ts';

/** The batch endpoints of the double (api-ref#batch-create … api-ref#batch-resume). */

// ---------------------------------------------------------------------------------------------
// Batch (api-ref#batch-create … api-ref#batch-resume)

const MAX_FILE_BYTES = 10 * 1024 * 1024;
const BATCH_MODES = ['raw', 'full', 'basic', 'advanced'] as const;

function formText(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  return typeof value === 'string' ? value : undefined;
}

function booleanField(form: FormData, name: string, fallback: boolean, errors: FieldError[]): boolean {
  const value = formText(form, name);
  if (value === undefined || value === '') return fallback;
  if (value === 'true' || value === 'True') return true;
  if (value === 'false' || value === 'False') return false;
  errors.push({ field: name, error: 'Must be "true" or "false".' });
  return fallback;
}

export async function batchCreateHandler(ctx: RouteContext): Promise<Reply> {
  if (!ctx.contentType.toLowerCase().startsWith('multipart/form-data')) {
    return detail(415, `Unsupported media type "${ctx.contentType}" in request.`);
  }
  const form = ctx.form;
  if (form === null) return detail(400, 'Multipart form parse error.');
  const errors: FieldError[] = [];

  const modeText = formText(form, 'enrichment_mode');
  let mode: BatchMode | null = null;
  if (modeText === undefined || modeText === '')
    errors.push({ field: 'enrichment_mode', error: 'This field is required.' });
  else if (!(BATCH_MODES as readonly string[]).includes(modeText)) {
    errors.push({ field: 'enrichment_mode', error: `"${modeText}" is not a valid choice.` });
  } else mode = modeText as BatchMode;
  const byEmail = mode === 'basic' || mode === 'advanced';

  const platformText = formText(form, 'platform');
  let platform: Platform | null = null;
  if (mode !== null && !byEmail) {
    if (platformText === undefined || platformText === '') {
      errors.push({ field: 'platform', error: 'This field is required for raw and full enrichment.' });
    } else if (!(BATCH_PLATFORMS as readonly string[]).includes(platformText) || !isPlatform(platformText)) {
      errors.push({ field: 'platform', error: `"${platformText}" is not a valid choice.` });
    } else platform = platformText;
  } else if (byEmail && platformText !== undefined && platformText !== '') {
    errors.push({ field: 'platform', error: 'platform must not be sent for email enrichment.' });
  }

  let metadata: Record<string, unknown> | null = null;
  const metadataText = formText(form, 'metadata');
  if (metadataText !== undefined && metadataText !== '') {
    try {
      const value: unknown = JSON.parse(metadataText);
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        throw new TypeError('not an object');
      metadata = value as Record<string, unknown>;
    } catch {
      errors.push({ field: 'metadata', error: 'Must be a JSON object.' });
    }
  }

  const emailRequiredText = formText(form, 'email_required');
  if (
    emailRequiredText !== undefined &&
    emailRequiredText !== '' &&
    !['must_have', 'preferred'].includes(emailRequiredText)
  ) {
    errors.push({ field: 'email_required', error: `"${emailRequiredText}" is not a valid choice.` });
  }
  // Batch defaults are disputed (api-ref#discrepancies): lookalikes off, audience on (the newer docs revision).
  const includeLookalikes = booleanField(form, 'include_lookalikes', false, errors);
  const includeAudience = booleanField(form, 'include_audience_data', true, errors);
  const excludeText = formText(form, 'exclude_platforms');
  if (excludeText !== undefined && excludeText !== '' && !isPlatform(excludeText)) {
    errors.push({ field: 'exclude_platforms', error: `"${excludeText}" is not a valid choice.` });
  }
  const minFollowersText = formText(form, 'min_followers');
  if (minFollowersText !== undefined && minFollowersText !== '' && !/^\d+$/.test(minFollowersText)) {
    errors.push({ field: 'min_followers', error: 'A valid integer is required.' });
  }

  const file = form.get('file');
  let rows: string[] = [];
  if (file === null || typeof file === 'string') {
    errors.push({ field: 'file', error: 'No file was submitted.' });
  } else if (file.size > MAX_FILE_BYTES) {
    errors.push({ field: 'file', error: 'The file must not exceed 10 MB.' });
  } else {
    const csv = parseBatchCsv(await file.text());
    if ('error' in csv) errors.push({ field: 'file', error: csv.error });
    else if (mode !== null && (csv.column === 'email') !== byEmail) {
      errors.push({
        field: 'file',
        error: byEmail
          ? `enrichment_mode ${mode} needs a column with the header "email".`
          : `enrichment_mode ${mode} needs a column with the header "handle".`,
      });
    } else rows = csv.rows;
  }

  if (errors.length > 0 || mode === null) return unprocessable(errors);
  const settings: BatchSettings = {
    mode,
    platform,
    metadata,
    emailRequired: emailRequiredText === 'must_have' ? 'must_have' : 'preferred',
    includeLookalikes,
    includeAudience,
    excludePlatforms: excludeText === undefined || excludeText === '' ? [] : [excludeText],
    minFollowers: minFollowersText === undefined || minFollowersText === '' ? 0 : Number(minFollowersText),
  };
  return json(200, createView(ctx.state.batches.create(ctx.token, settings, rows)));
}

function batchNotFound(): Reply {
  return detail(404, 'Not found.');
}

export function batchStatusHandler(ctx: RouteContext): Reply {
  const batch = ctx.state.batches.get(ctx.token, ctx.params.batch_id ?? '');
  if (batch === undefined) return batchNotFound();
  ctx.state.batches.poll(batch);
  return json(200, statusView(batch, ctx.state.options.batchRowsPerPoll));
}

function notFinished(status: string): Reply {
  return detail(400, `Batch results are not available: the batch is ${status}, not finished.`);
}

export function batchResultsHandler(ctx: RouteContext): Reply {
  const batch = ctx.state.batches.get(ctx.token, ctx.params.batch_id ?? '');
  if (batch === undefined) return batchNotFound();
  const format = ctx.query.get('format') ?? 'csv';
  if (format !== 'csv' && format !== 'json')
    return detail(400, `Unknown format "${format}": use csv or json.`);
  if (batch.status !== 'finished') return notFinished(batch.status);
  return format === 'json'
    ? {
        kind: 'stream',
        status: 200,
        contentType: 'application/json',
        write: (out) => writeJsonResults(batch, out),
      }
    : {
        kind: 'stream',
        status: 200,
        contentType: 'text/csv; charset=utf-8',
        write: (out) => writeCsvResults(batch, out),
      };
}

const PRESIGN_SECONDS = 3600;

export function batchDownloadHandler(ctx: RouteContext): Reply {
  const batch = ctx.state.batches.get(ctx.token, ctx.params.batch_id ?? '');
  if (batch === undefined) return batchNotFound();
  if (batch.status !== 'finished') return notFinished(batch.status);
  const expiresAt = new Date(Date.now() + PRESIGN_SECONDS * 1000);
  const signature = ctx.state.presignSignature(batch.id);
  return json(200, {
    download_url: `${ctx.baseUrl}/__presigned/${batch.id}.csv?X-Amz-Expires=${PRESIGN_SECONDS}&X-Amz-Signature=${signature}`,
    filename: `${batch.id}_results.csv`,
    expires_in: PRESIGN_SECONDS,
    expires_at: expiresAt.toISOString(),
    batch_id: batch.id,
    total_results: batch.successCount,
    invalid_records: batch.failedCount,
  });
}

export function batchResumeHandler(ctx: RouteContext): Reply {
  const batch = ctx.state.batches.get(ctx.token, ctx.params.batch_id ?? '');
  if (batch === undefined) return batchNotFound();
  if (!ctx.state.batches.resume(batch)) {
    return detail(
      400,
      `Only a batch paused for insufficient credits can be resumed (this one is ${batch.status}).`,
    );
  }
  return json(200, statusView(batch, ctx.state.options.batchRowsPerPoll));
}

// ---------------------------------------------------------------------------------------------
