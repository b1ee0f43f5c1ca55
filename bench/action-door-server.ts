/**
 * The server side of bench/action-door.ts, in its own process so the load generator does not share
 * its event loop: the service's doors built as `reactivate serve --role web` builds them
 * (composeService → doorRoutes, mounted by createApp), on real Redis (idempotency claims, BullMQ
 * enqueue), with no worker; and beside it, on a second port, a bare express route answering 200.
 * Logs at `info` like production, into /dev/null. Prints one JSON line with both ports.
 *
 *   node --import tsx bench/action-door-server.ts --prefix <redis prefix> --secret <client secret>
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import express from 'express';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { HUBSPOT_WINDOW_MS } from '../src/cli/wiring.ts';
import { composeService, twilioLimits } from '../src/cli/compose-service.ts';
import {
  createHubSpotClient,
  HUBSPOT_BUCKET,
  HUBSPOT_SEARCH_BUCKET,
} from '../src/crm/hubspot-client.ts';
import { systemClock } from '../src/lib/clock.ts';
import { createLogger } from '../src/lib/logger.ts';
import { mathRandom } from '../src/lib/random.ts';
import { createTwilioClient } from '../src/messaging/twilio-client.ts';
import { samplePracticeFile } from '../src/sandbox/practice/sample-practice-file.ts';
import { createApp } from '../src/server/app.ts';
import { redisStore } from '../src/store/store.ts';

const { values } = parseArgs({
  options: {
    prefix: { type: 'string' },
    secret: { type: 'string' },
    'public-base-url': { type: 'string', default: 'https://reactivate.example' },
  },
});

const redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
const store = redisStore(redis, values.prefix!, {
  [HUBSPOT_BUCKET]: { limit: 190, windowMs: HUBSPOT_WINDOW_MS },
  [HUBSPOT_SEARCH_BUCKET]: { limit: 4, windowMs: 1_000 },
  ...twilioLimits(75),
});
const logger = createLogger({
  level: 'info',
  destination: pino.destination({ dest: '/dev/null', sync: false }),
});
// Neither client is called on this path (the door only claims and enqueues): no address needed.
const nowhere = 'http://127.0.0.1:9';
const composed = composeService({
  practice: samplePracticeFile(),
  store,
  logger,
  clock: systemClock,
  random: mathRandom,
  hubspot: createHubSpotClient({
    accessToken: 'unused',
    basePath: nowhere,
    limiter: store.limiter,
  }),
  twilio: createTwilioClient({
    accountSid: `AC${'0'.repeat(32)}`,
    authToken: 'unused',
    apiBaseUrl: nowhere,
  }),
  messagingServiceSid: `MG${'0'.repeat(32)}`,
  voiceFrom: '+16175550142',
  publicBaseUrl: values['public-base-url']!,
  linkSecret: 'bench-link-secret',
  hubspotClientSecret: values.secret!,
  twilioAuthToken: 'unused',
});
const door = createApp({
  logger,
  routers: composed.routers,
  checkStore: async () => (await redis.ping()) === 'PONG',
});
const bare = express();
bare.disable('x-powered-by');
bare.post('/bare', (_req, res) => {
  res.sendStatus(200);
});

const listen = (app: express.Express): Promise<Server> =>
  new Promise((ready) => {
    const s = app.listen(0, '127.0.0.1', () => ready(s));
  });
const servers = [await listen(door), await listen(bare)];
const [doorPort, barePort] = servers.map((s) => (s.address() as AddressInfo).port);
process.stdout.write(`${JSON.stringify({ doorPort, barePort })}\n`);

process.once('SIGTERM', () => {
  void (async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((done) => s.close(() => done(undefined)));
    }
    await composed.close();
    redis.disconnect();
    process.exit(0);
  })();
});
