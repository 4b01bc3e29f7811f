import { type Stringifier, stringify } from 'csv-stringify';

/**
 * Every CSV Scout produces goes through here, so none can carry a spreadsheet formula: a text cell
 * starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'` (csv-stringify's
 * `escape_formulas`), which spreadsheets show as text. Numbers stay numbers. A UTF-8 BOM makes
 * Excel read names in any script correctly.
 */
export function csvWriter(columns: readonly { key: string; header: string }[]): Stringifier {
  return stringify({
    header: true,
    columns: columns.map((c) => ({ key: c.key, header: c.header })),
    escape_formulas: true,
    bom: true,
    cast: {
      boolean: (value) => (value ? 'yes' : 'no'),
      date: (value) => value.toISOString(),
    },
  });
}
