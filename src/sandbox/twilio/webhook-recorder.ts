import type { AddressInfo } from 'node:net';
import express from 'express';
import type { WebhookParams } from './signature.ts';

export interface RecordedWebhook {
  method: string;
  /** Path and query, as requested. */
  path: string;
  /** The full URL Twilio (the sandbox) called: what `X-Twilio-Signature` covers. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  signature: string | undefined;
  /** The form parameters (POST) or the query parameters (GET). */
  params: WebhookParams;
}

/** A real HTTP server that records the webhooks it receives and answers them (TwiML or empty). */
export interface WebhookRecorder {
  readonly baseUrl: string;
  readonly received: readonly RecordedWebhook[];
  /** `baseUrl` + `path`. */
  url(path: string): string;
  /** What `path` answers (TwiML by default): a fixed string or one computed from the request. */
  reply(
    path: string,
    answer: string | ((hook: RecordedWebhook) => string),
    contentType?: string,
  ): void;
  /** The webhooks received on `path` (any query string). */
  on(path: string): RecordedWebhook[];
  stop(): Promise<void>;
}

/**
 * Starts a webhook receiver on 127.0.0.1 (port 0) for tests and the demo: it stands where the
 * service's own endpoints would be, so a test can check what the sandbox sent, signatures
 * included (`twilio.validateRequest(token, hook.signature, hook.url, hook.params)`).
 */
export async function startWebhookRecorder(): Promise<WebhookRecorder> {
  const received: RecordedWebhook[] = [];
  const answers = new Map<
    string,
    { answer: string | ((hook: RecordedWebhook) => string); type: string }
  >();
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  let baseUrl = '';
  app.use((req, res) => {
    const params = (req.method === 'GET' ? req.query : (req.body ?? {})) as WebhookParams;
    const hook: RecordedWebhook = {
      method: req.method,
      path: req.originalUrl,
      url: baseUrl + req.originalUrl,
      headers: req.headers,
      signature: req.header('x-twilio-signature'),
      params,
    };
    received.push(hook);
    const configured = answers.get(req.path);
    if (!configured) {
      res.status(204).end();
      return;
    }
    const body =
      typeof configured.answer === 'string' ? configured.answer : configured.answer(hook);
    res.type(configured.type).send(body);
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    received,
    url: (path) => baseUrl + path,
    reply(path, answer, contentType = 'text/xml') {
      answers.set(path, { answer, type: contentType });
    },
    on: (path) => received.filter((hook) => hook.path.split('?')[0] === path),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
