import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../lib/errors.ts';
import { createLocalTwilioHttpClient, rewriteTwilioUrl } from './local-http-client.ts';

describe('rewriteTwilioUrl', () => {
  it.each([
    [
      'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json',
      'http://127.0.0.1:9/api.twilio.com/2010-04-01/Accounts/AC1/Messages.json',
    ],
    [
      'https://lookups.twilio.com/v2/PhoneNumbers/+14155552671?Fields=line_type_intelligence',
      'http://127.0.0.1:9/lookups.twilio.com/v2/PhoneNumbers/+14155552671?Fields=line_type_intelligence',
    ],
    [
      'https://content.twilio.com/v1/Content?PageSize=50',
      'http://127.0.0.1:9/content.twilio.com/v1/Content?PageSize=50',
    ],
    // Region and edge hosts go to their product.
    [
      'https://api.sydney.au1.twilio.com/2010-04-01/x',
      'http://127.0.0.1:9/api.twilio.com/2010-04-01/x',
    ],
    // Not Twilio: untouched.
    ['https://example.com/hook', 'https://example.com/hook'],
  ])('%s', (from, to) => {
    expect(rewriteTwilioUrl('http://127.0.0.1:9/', from)).toBe(to);
  });

  it('keeps a base URL path (a stand-in mounted below the root)', () => {
    expect(
      rewriteTwilioUrl(
        'http://localhost:3000/sandbox/twilio',
        'https://api.twilio.com/2010-04-01/a',
      ),
    ).toBe('http://localhost:3000/sandbox/twilio/api.twilio.com/2010-04-01/a');
  });

  it('refuses a base URL that is not http(s)', () => {
    expect(() => createLocalTwilioHttpClient('ftp://x')).toThrow(ValidationError);
    expect(() => createLocalTwilioHttpClient('not a url')).toThrow(ValidationError);
  });
});

interface Seen {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  userAgent: string | undefined;
  body: Record<string, unknown>;
}

describe('the real twilio client through LocalTwilioHttpClient', () => {
  const seen: Seen[] = [];
  let server: Server;
  let baseUrl: string;
  let failuresLeft = 0;

  beforeAll(async () => {
    const app = express();
    app.use(express.urlencoded({ extended: false }));
    app.use('/api.twilio.com/slow', async (_req, res) => {
      await new Promise((done) => setTimeout(done, 500));
      res.json({});
    });
    app.use((req, res) => {
      seen.push({
        method: req.method,
        path: req.originalUrl,
        authorization: req.header('authorization'),
        contentType: req.header('content-type'),
        userAgent: req.header('user-agent'),
        body: req.body ?? {},
      });
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        res
          .status(429)
          .json({ code: 20429, message: 'Too Many Requests', more_info: '', status: 429 });
        return;
      }
      if (req.originalUrl.includes('/Messages.json') && req.method === 'POST') {
        res.status(201).json({ sid: 'SM' + '0'.repeat(32), status: 'queued', to: req.body.To });
        return;
      }
      res.status(404).type('text/plain').send('nothing here');
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
  });

  const accountSid = 'AC' + 'a'.repeat(32);

  it('sends form-encoded bodies with basic auth and twilio-node headers to <base>/<host>/…', async () => {
    const client = twilio(accountSid, 'token123', {
      httpClient: createLocalTwilioHttpClient(baseUrl),
    });
    const message = await client.messages.create({
      to: '+14155552671',
      from: '+15005550006',
      body: 'Hi & welcome',
      persistentAction: ['mailto:a@example.com', 'geo:1,2'],
    });
    expect(message.sid).toBe('SM' + '0'.repeat(32));
    const request = seen.at(-1) as Seen;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/api.twilio.com/2010-04-01/Accounts/${accountSid}/Messages.json`);
    expect(request.authorization).toBe(
      'Basic ' + Buffer.from(`${accountSid}:token123`).toString('base64'),
    );
    expect(request.contentType).toBe('application/x-www-form-urlencoded');
    expect(request.userAgent).toMatch(/^twilio-node\//);
    expect(request.body).toEqual({
      To: '+14155552671',
      From: '+15005550006',
      Body: 'Hi & welcome',
      PersistentAction: ['mailto:a@example.com', 'geo:1,2'],
    });
  });

  it('passes query parameters and turns a non-2xx answer into a RestException', async () => {
    const client = twilio(accountSid, 'token123', {
      httpClient: createLocalTwilioHttpClient(baseUrl),
    });
    const error = await client.lookups.v2
      .phoneNumbers('+14155552671')
      .fetch({ fields: 'line_type_intelligence' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(twilio.RestException);
    expect((error as InstanceType<typeof twilio.RestException>).status).toBe(404);
    expect(seen.at(-1)?.path).toBe(
      '/lookups.twilio.com/v2/PhoneNumbers/+14155552671?Fields=line_type_intelligence',
    );
  });

  it('retries 429 with backoff when autoRetry is on, as RequestClient does', async () => {
    failuresLeft = 2;
    const before = seen.length;
    const client = twilio(accountSid, 'token123', {
      httpClient: createLocalTwilioHttpClient(baseUrl, {
        autoRetry: true,
        maxRetries: 3,
        maxRetryDelay: 50,
      }),
    });
    const message = await client.messages.create({
      to: '+14155552671',
      from: '+15005550006',
      body: 'x',
    });
    expect(message.status).toBe('queued');
    expect(seen.length - before).toBe(3);
  });

  it('times out like RequestClient', async () => {
    const client = createLocalTwilioHttpClient(baseUrl, { timeout: 100 });
    await expect(
      client.request({
        method: 'get',
        uri: 'https://api.twilio.com/slow',
        username: 'a',
        password: 'b',
      }),
    ).rejects.toThrow(/timeout/i);
  });
});
