/** Kept as the import path everyone uses; the schemas live in schemas/, one file per endpoint family. */
export * from './schemas/index.ts';
