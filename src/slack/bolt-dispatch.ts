import type { ServerResponse } from 'node:http';
import { type App, HTTPModuleFunctions, HTTPResponseAck, type Logger } from '@slack/bolt';
import type { BufferedRequest, SlackBody } from './http-front.ts';

/**
 * What Bolt's HTTPReceiver does with a request once it has read and parsed the body
 * (`handleIncomingEvent`, with Scout's settings: no signature check there, the response sent when
 * ack() is called, the default handlers), given the body the HTTP front already parsed: the
 * receiver would route the URL and parse the body a second time before the ack.
 */
export function dispatchParsed(
  app: App,
  logger: Logger,
  req: BufferedRequest,
  res: ServerResponse,
  body: SlackBody,
): void {
  if (body.ssl_check === '1') {
    HTTPModuleFunctions.buildSSLCheckResponse(res);
    return;
  }
  if (body.type === 'url_verification') {
    HTTPModuleFunctions.buildUrlVerificationResponse(res, body);
    return;
  }
  const ack = new HTTPResponseAck({
    logger,
    processBeforeResponse: false,
    unhandledRequestHandler: HTTPModuleFunctions.defaultUnhandledRequestHandler,
    unhandledRequestTimeoutMillis: UNHANDLED_REQUEST_TIMEOUT_MS,
    httpRequest: req,
    httpRequestBody: body,
    httpResponse: res,
  });
  app
    .processEvent({
      body,
      ack: ack.bind(),
      retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
      retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
      customProperties: {},
    })
    .catch(async (error: unknown) => {
      const acknowledged = await HTTPModuleFunctions.defaultProcessEventErrorHandler({
        error: error as Error,
        logger,
        request: req,
        response: res,
        storedResponse: ack.storedResponse,
      });
      if (acknowledged) ack.ack();
    });
}

/** HTTPReceiver's default: a request no listener acked gets an error response after this long. */
const UNHANDLED_REQUEST_TIMEOUT_MS = 3001;
