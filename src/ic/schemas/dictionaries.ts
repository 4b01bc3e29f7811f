import { z } from 'zod';
import { DISCOVERY_PLATFORMS } from '../platforms.ts';
import { isRecord, platformEnum, text, toText } from './common.ts';

/** Free classifier dictionaries behind discovery's filters (api-ref#dictionaries). */

export const locationsPlatformSchema = platformEnum(
  DISCOVERY_PLATFORMS,
  'locations exist for discovery platforms',
);

export const dictionaryQuerySchema = z
  .strictObject({
    search: z.string().trim().max(200).optional(),
    offset: z.number().int().min(0).optional(),
  })
  .optional();
export type DictionaryQuery = z.infer<typeof dictionaryQuerySchema>;

// Responses

/** Dictionaries are bare arrays (api-ref#dictionaries); a `{results|data|items: [...]}` wrapper is accepted too (api-ref#open-questions). */
function dictionaryList<T extends z.ZodType>(item: T) {
  return z
    .unknown()
    .transform((v, ctx) => {
      const list = Array.isArray(v)
        ? v
        : isRecord(v)
          ? [v.results, v.data, v.items].find((x) => Array.isArray(x))
          : undefined;
      if (!Array.isArray(list)) {
        ctx.addIssue({ code: 'custom', message: 'expected a list' });
        return z.NEVER;
      }
      return list as unknown[];
    })
    .pipe(z.array(item));
}

const languageSchema = z.looseObject({ language: text, abbreviation: text });
export type Language = z.infer<typeof languageSchema>;
export const languagesResponseSchema = dictionaryList(
  languageSchema.or(z.string().transform((s) => ({ language: s, abbreviation: s }))),
);

/** Locations are plain strings (api-ref#dictionaries); objects with a name are read too. */
export const locationsResponseSchema = dictionaryList(z.unknown()).transform((items) =>
  items
    .map((item) =>
      typeof item === 'string'
        ? item
        : isRecord(item)
          ? (toText(item.name) ?? toText(item.location) ?? toText(item.value))
          : null,
    )
    .filter((s): s is string => s !== null && s !== ''),
);

const dictionaryEntrySchema = z.looseObject({ full_name: text, cleaned: text, username: text });
export type DictionaryEntry = z.infer<typeof dictionaryEntrySchema>;
export const dictionaryResponseSchema = dictionaryList(
  dictionaryEntrySchema.or(z.string().transform((s) => ({ full_name: s, cleaned: s, username: s }))),
);

const youtubeTopicSchema = z.looseObject({
  topic_details: z.unknown().optional(),
  sub_topic_details: z.unknown().optional(),
});
export type YoutubeTopic = z.infer<typeof youtubeTopicSchema>;
export const youtubeTopicsResponseSchema = dictionaryList(youtubeTopicSchema);

/** Item shape undocumented (api-ref#dictionaries): kept as sent; strings become `{ name }`. */
const gameSchema = z.looseObject({ name: text });
export type Game = z.infer<typeof gameSchema>;
export const gamesResponseSchema = dictionaryList(gameSchema.or(z.string().transform((s) => ({ name: s }))));
