import { z } from 'zod';

/**
 * The Influencers Club API contract as zod schemas (api-ref#endpoints, api-ref#filters).
 *
 * Requests are strict: a value the API would refuse, or a key it would silently ignore (and still
 * charge for, api-ref#errors), is rejected before anything is sent. Request objects use the API's own
 * snake_case names and are sent as parsed.
 *
 * Responses are tolerant: unknown fields pass through, every documented field is optional, and
 * numbers that arrive as strings (`credits_left: "987.44"`, YouTube counts) become numbers. A value
 * of the wrong type reads as null rather than failing the whole answer.
 */

/** What a paid client method resolves to: the parsed answer and the credits it cost. */
export type Paid<T> = { data: T; creditsCost: number };

// ---------------------------------------------------------------------------------------------
// Tolerant response primitives

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A number, or a string holding one (`"987.44"`, `"1,234"`), else null. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') {
    const text = value.trim().replace(/,/g, '');
    if (text === '') return null;
    const n = Number(text);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** A string (numbers are ids too: some platforms send numeric ids), else null. */
export function toText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

export function toBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 1) return true;
  if (value === 'false' || value === 0) return false;
  return null;
}

export const num = z.unknown().optional().transform(toNumber);
export const text = z.unknown().optional().transform(toText);
export const flag = z.unknown().optional().transform(toBoolean);
export const anyRecord = z
  .unknown()
  .optional()
  .transform((v) => (isRecord(v) ? v : null));

/** A list of loose objects; a missing or non-list value reads as [], non-object items are dropped. */
export function listOf<T extends z.ZodType>(item: T) {
  return z
    .unknown()
    .optional()
    .transform((v): unknown[] => (Array.isArray(v) ? v.filter(isRecord) : []))
    .pipe(z.array(item));
}

// ---------------------------------------------------------------------------------------------
// Request building blocks

export const platformEnum = <const L extends readonly [string, ...string[]]>(values: L, what: string) =>
  z.enum(values, { error: `must be one of ${values.join(', ')} (${what})` });

/** A creator handle as the API takes it: username (no @), profile URL or YouTube channel id (api-ref#enrich-full). */
export const handle = z
  .string()
  .trim()
  .min(1, 'handle is empty')
  .max(300, 'handle is too long')
  .regex(/^\S+$/, 'handle must not contain spaces');

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'not a valid email address' }));
