import { z } from 'zod';
import { DISCOVERY_PLATFORMS } from '../platforms.ts';
import { handle, listOf, num, platformEnum, text } from './common.ts';

/**
 * Exclusion lists (api-ref#exclusion-lists): free, per account, one platform each. Scout keeps one per
 * workspace and platform so creators already contacted are never pitched twice. Ids are positive integers.
 */

export const EXCLUSION_HANDLES_MAX = 10_000;

export const exclusionListIdSchema = z.coerce.number().int().positive();

export const exclusionListCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  platform: platformEnum(DISCOVERY_PLATFORMS, 'exclusion-list platforms'),
});
export type ExclusionListCreate = z.infer<typeof exclusionListCreateSchema>;

export const exclusionEntriesRequestSchema = z.strictObject({
  handles: z.array(handle).min(1).max(EXCLUSION_HANDLES_MAX),
});

// Responses

export const exclusionListSchema = z.looseObject({
  id: num,
  name: text,
  platform: text,
});
export type ExclusionList = z.infer<typeof exclusionListSchema>;

/** A bare array of lists; a `{results|data}` wrapper is read too. */
const listOfLists = listOf(exclusionListSchema);
export const exclusionListsSchema = z.unknown().transform((v) => {
  const o = (v ?? {}) as { results?: unknown; data?: unknown };
  return listOfLists.parse(Array.isArray(v) ? v : (o.results ?? o.data ?? []));
});

export const exclusionEntriesSchema = z.looseObject({
  total: num,
  offset: num,
  limit: num,
  handles: z
    .unknown()
    .optional()
    .transform((v): string[] =>
      Array.isArray(v) ? v.filter((h): h is string => typeof h === 'string') : [],
    ),
});
export type ExclusionEntries = z.infer<typeof exclusionEntriesSchema>;
