import type { Readable } from 'node:stream';
import { Tokenizer, TokenParser, TokenType } from '@streamparser/json';
import { IcError, IcMalformedResponseError } from './errors.ts';
import { type BatchResultRow, batchResultRowSchema } from './schemas.ts';
import type { Transport } from './transport.ts';

/**
 * Reads a batch results body (api-ref#batch-results) row by row: rows are parsed one at a time and
 * never held together (10 000 rows of up to 200 KB each). Accepts a bare array or a
 * `{results|data: [...]}` wrapper. Destroys `body` when done or abandoned.
 */
export async function* readResultRows(
  operation: string,
  body: Readable,
  transport: Transport,
): AsyncIterable<BatchResultRow> {
  // @streamparser/json builds each row straight from the tokens and drops it from its parent once
  // emitted (keepStack: false), so one row at a time is in memory and little garbage is made
  // (stream-json, used before, made a token object per value: ×2 the peak RSS, ×1.5 the time;
  // bench/batch-results.bench.ts). The tokens also tell where the list of rows is.
  const list = new RowListFinder();
  const tokenizer = new Tokenizer();
  let rows: TokenParser | undefined;
  const ready: unknown[] = [];
  tokenizer.onToken = (info) => {
    if (rows === undefined) {
      rows = new TokenParser({
        paths: info.token === TokenType.LEFT_BRACE ? ['$.results.*', '$.data.*'] : ['$.*'],
        keepStack: false,
      });
      rows.onValue = ({ value }) => {
        if (list.inList) ready.push(value);
      };
      rows.onEnd = () => {};
    }
    list.see(info.token, info.value);
    rows.write(info);
  };
  tokenizer.onEnd = () => {};
  let parsing = false;
  try {
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        parsing = true;
        tokenizer.write(chunk);
        parsing = false;
        while (ready.length > 0) yield resultRow(operation, ready.shift());
      }
      parsing = true;
      tokenizer.end();
    } catch (error) {
      if (error instanceof IcError) throw error;
      // Reading the body failed (reset, body timeout) rather than parsing it.
      if (!parsing) throw transport.transportError({ operation, paid: false }, error);
      throw new IcMalformedResponseError(`${operation}: the results are not valid JSON`, {
        operation,
        status: 200,
        cause: transport.sanitizedCause(error),
      });
    }
    while (ready.length > 0) yield resultRow(operation, ready.shift());
  } finally {
    body.destroy();
  }
  if (!list.found) {
    throw new IcMalformedResponseError(`${operation}: the results hold no list of rows`, {
      operation,
      status: 200,
    });
  }
}

function resultRow(operation: string, value: unknown): BatchResultRow {
  const row = batchResultRowSchema.safeParse(value);
  if (!row.success) {
    throw new IcMalformedResponseError(`${operation}: a result row is not an object`, {
      operation,
      status: 200,
    });
  }
  return row.data;
}

/**
 * Follows the tokens of a batch results body to say where its list of rows is (api-ref#batch-results): the whole
 * body (`[…]`) or the first `results` or `data` list of a wrapper object (`{"results": […]}`).
 */
class RowListFinder {
  /** A list of rows was seen (possibly empty). */
  found = false;
  /** The tokens now being read are inside that list. */
  inList = false;
  #depth = 0;
  #listDepth = -1;
  #lastString: unknown = undefined;
  #key: unknown = undefined;

  see(token: TokenType, value: unknown): void {
    switch (token) {
      case TokenType.LEFT_BRACKET:
        if (!this.found && (this.#depth === 0 || (this.#depth === 1 && isRowListKey(this.#key)))) {
          this.found = true;
          this.inList = true;
          this.#listDepth = this.#depth + 1;
        }
        this.#depth++;
        break;
      case TokenType.LEFT_BRACE:
        this.#depth++;
        break;
      case TokenType.RIGHT_BRACKET:
      case TokenType.RIGHT_BRACE:
        if (this.#depth === this.#listDepth) this.inList = false;
        this.#depth--;
        break;
      case TokenType.STRING:
        this.#lastString = value;
        break;
      case TokenType.COLON:
        if (this.#depth === 1) this.#key = this.#lastString;
        break;
      default:
        break;
    }
  }
}

function isRowListKey(key: unknown): boolean {
  return key === 'results' || key === 'data';
}
