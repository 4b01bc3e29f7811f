import { z } from 'zod';
import { ENRICH_FULL_PLATFORMS, ENRICH_RAW_PLATFORMS, PLATFORMS, SOCIALS_PLATFORMS } from '../platforms.ts';
import { anyRecord, email, flag, handle, listOf, num, platformEnum, text } from './common.ts';

/** Connected socials and enrichment by handle or email (api-ref#socials … api-ref#email-advanced). */

export const socialsRequestSchema = z.strictObject({
  platform: platformEnum(SOCIALS_PLATFORMS, 'connected-socials platforms'),
  handle,
});
export type SocialsRequest = z.infer<typeof socialsRequestSchema>;

export const enrichFullRequestSchema = z.strictObject({
  platform: platformEnum(ENRICH_FULL_PLATFORMS, 'full-enrichment platforms'),
  handle,
  // `not_needed` is offered by n8n only; the MCP refuses it (api-ref#enrich-full)
  email_required: z.enum(['must_have', 'preferred']).optional(),
  include_lookalikes: z.boolean().optional(),
  include_audience_data: z.boolean().optional(),
});
export type EnrichFullRequest = z.infer<typeof enrichFullRequestSchema>;

export const enrichRawRequestSchema = z.strictObject({
  platform: platformEnum(ENRICH_RAW_PLATFORMS, 'raw-enrichment platforms'),
  handle,
});
export type EnrichRawRequest = z.infer<typeof enrichRawRequestSchema>;

export const emailBasicRequestSchema = z.strictObject({ email });
export type EmailBasicRequest = z.infer<typeof emailBasicRequestSchema>;

export const emailAdvancedRequestSchema = z.strictObject({
  email,
  // an array here; batch takes a single string (api-ref#email-advanced vs api-ref#batch-create)
  exclude_platforms: z.array(platformEnum(PLATFORMS, 'platforms')).optional(),
  min_followers: z.number().int().min(0).optional(),
});
export type EmailAdvancedRequest = z.infer<typeof emailAdvancedRequestSchema>;

// Responses

/** `result[]` of connected socials (api-ref#socials). */
const socialAccountSchema = z.looseObject({
  platform: text,
  user_id: text,
  url: text,
  username: text,
  fullname: text,
  picture: text,
  followers: num,
});

export const socialsResponseSchema = z.looseObject({
  credits_cost: num,
  response_meta: anyRecord,
  result: listOf(socialAccountSchema),
});
export type SocialsResponse = z.infer<typeof socialsResponseSchema>;

/** A per-platform block of an enrichment `result` (api-ref#enrich-full, api-ref#full-enrichment-blocks); read it with `toCreatorProfile`. */
const platformBlockSchema = z.looseObject({ exists: flag });

/** Creator-level keys of an enrichment `result` plus one block per platform found (api-ref#enrich-full). */
const enrichmentResultSchema = z.looseObject({
  email: text,
  email_type: text,
  first_name: text,
  gender: text,
  location: text,
  speaking_language: text,
  instagram: platformBlockSchema.optional(),
  youtube: platformBlockSchema.optional(),
  tiktok: platformBlockSchema.optional(),
  twitter: platformBlockSchema.optional(),
  twitch: platformBlockSchema.optional(),
  onlyfans: platformBlockSchema.optional(),
  snapchat: platformBlockSchema.optional(),
  discord: platformBlockSchema.optional(),
  pinterest: platformBlockSchema.optional(),
  facebook: platformBlockSchema.optional(),
  linkedin: platformBlockSchema.optional(),
});

export const enrichResponseSchema = z.looseObject({
  credits_cost: num,
  trial_searches_left: num,
  result: enrichmentResultSchema.nullable().optional(),
});
export type EnrichFullResponse = z.infer<typeof enrichResponseSchema>;
export type EnrichRawResponse = z.infer<typeof enrichResponseSchema>;

/** Email basic: the strongest platform found for the address (api-ref#email-basic). Note `userId` in camelCase. */
const emailBasicResultSchema = z.looseObject({
  platform: text,
  userId: text,
  url: text,
  username: text,
  fullname: text,
  picture: text,
  followers: num,
});
export const emailBasicResponseSchema = z.looseObject({
  credits_cost: num,
  result: emailBasicResultSchema.nullable().optional(),
});
export type EmailBasicResponse = z.infer<typeof emailBasicResponseSchema>;

/** Email advanced: undocumented shape, most likely the full-enrichment envelope (api-ref#email-advanced). */
export const emailAdvancedResponseSchema = z.looseObject({
  credits_cost: num,
  result: z.unknown().optional(),
});
export type EmailAdvancedResponse = z.infer<typeof emailAdvancedResponseSchema>;
