import type { z } from 'zod';

/**
 * A JSON value Scout put into a Slack field (a button's value, a modal's private_metadata) and
 * Slack sent back: parsed and checked against `schema`; null when it is missing, not JSON, or not
 * of that shape (an old button, a tampered value).
 */
export function readJsonField<S extends z.ZodType>(schema: S, text: string | undefined): z.output<S> | null {
  let json: unknown;
  try {
    json = JSON.parse(text ?? '');
  } catch {
    return null;
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
