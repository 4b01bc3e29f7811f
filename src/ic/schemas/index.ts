/**
 * The Influencers Club API contract as zod schemas, one file per family (api-ref#endpoints).
 * See common.ts for the rules: strict requests, tolerant responses.
 */

export * from './account.ts';
export * from './batch.ts';
export { type Paid, toBoolean, toNumber, toText } from './common.ts';
export * from './content.ts';
export * from './dictionaries.ts';
export * from './discovery.ts';
export * from './enrich.ts';
export * from './exclusions.ts';
