import type { ServerResponse } from 'node:http';

/** What a route handler answers; `server.ts` turns it into bytes. */
export type Reply =
  | { kind: 'json'; status: number; body: unknown; headers?: Record<string, string> }
  /** 200 with the JSON cut short: the fault_malformed hook (data was sent, so it was charged). */
  | { kind: 'truncated-json'; status: number; body: unknown }
  | { kind: 'text'; status: number; text: string; contentType: string; headers?: Record<string, string> }
  | { kind: 'stream'; status: number; contentType: string; write: (out: ServerResponse) => Promise<void> };

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return headers === undefined ? { kind: 'json', status, body } : { kind: 'json', status, body, headers };
}

export function detail(status: number, message: string, headers?: Record<string, string>): Reply {
  return json(status, { detail: message }, headers);
}

export interface FieldError {
  field: string;
  error: string;
}

/** The observed validation shape (api-ref#errors): `{"error": [{"field": "gender", "error": "…"}]}`. */
export function unprocessable(errors: FieldError[]): Reply {
  return json(422, { error: errors });
}

export function fieldError(field: string, error: string): Reply {
  return unprocessable([{ field, error }]);
}

/** Wrong paths answer Django's HTML 404 page, not JSON (api-ref#transport, observed in S7). */
export const NOT_FOUND_HTML = `<!doctype html>
<html lang="en">
<head><title>Not Found</title></head>
<body>
  <h1>Not Found</h1><p>The requested resource was not found on this server.</p>
</body>
</html>
`;

export function htmlNotFound(): Reply {
  return { kind: 'text', status: 404, text: NOT_FOUND_HTML, contentType: 'text/html; charset=utf-8' };
}

/** api-ref#open-questions q2: the real status for "nothing found" is not recorded; users report 404 "No data found". */
export function noData(): Reply {
  return detail(404, 'No data found');
}

/** api-ref#open-questions q3: the real status/body for an empty balance on synchronous calls is unknown; 402 is a guess. */
export function insufficientCredits(): Reply {
  return detail(402, 'Insufficient credits');
}

export function throttled(retryAfterSec: number): Reply {
  return detail(429, 'Request was throttled.', { 'retry-after': String(retryAfterSec) });
}

export function sendReply(res: ServerResponse, reply: Reply): Promise<void> {
  switch (reply.kind) {
    case 'json': {
      const text = JSON.stringify(reply.body);
      res.writeHead(reply.status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
        ...reply.headers,
      });
      res.end(text);
      return Promise.resolve();
    }
    case 'truncated-json': {
      const full = JSON.stringify(reply.body);
      const text = full.slice(0, Math.max(1, Math.floor(full.length / 2)));
      res.writeHead(reply.status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
      return Promise.resolve();
    }
    case 'text':
      res.writeHead(reply.status, {
        'content-type': reply.contentType,
        'content-length': Buffer.byteLength(reply.text),
        ...reply.headers,
      });
      res.end(reply.text);
      return Promise.resolve();
    case 'stream':
      res.writeHead(reply.status, { 'content-type': reply.contentType });
      return reply.write(res).then(() => {
        res.end();
      });
  }
}

/** Writes `chunk`, waiting for the socket to drain when its buffer is full. */
export function writeChunk(out: ServerResponse, chunk: string): Promise<void> | undefined {
  if (out.write(chunk)) return undefined;
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      out.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      out.off('drain', onDrain);
      reject(new Error('client went away'));
    };
    out.once('drain', onDrain);
    out.once('close', onClose);
  });
}
