import express, { type Express } from 'express';
import { accountRoutes, messagingRoutes } from './account-service-routes.ts';
import { apiRoutes } from './api-routes.ts';
import type { SandboxContext } from './context.ts';
import { guard, twilioErrorHandler, type Faults } from './guard.ts';
import { contentRoutes, lookupRoutes } from './lookup-content-routes.ts';
import { twilioErrors } from './twilio-error.ts';

/**
 * The sandbox's HTTP face. Each Twilio host is a path prefix (`/api.twilio.com/2010-04-01/…`,
 * `/lookups.twilio.com/v2/…`, `/content.twilio.com/v1/…`, `/messaging.twilio.com/v1/…`), which
 * is where the local HTTP client in src/messaging sends twilio-node's requests.
 */
export function buildApp(ctx: SandboxContext, faults: Faults, maxConcurrent: number): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(express.urlencoded({ extended: false, limit: '1mb' }));
  app.use(guard(ctx, faults, maxConcurrent));
  // The account itself before the routes under it (its `{Sid}.json` is not an account prefix).
  app.use('/api.twilio.com', accountRoutes(ctx));
  app.use('/api.twilio.com', apiRoutes(ctx));
  app.use('/messaging.twilio.com', messagingRoutes(ctx));
  app.use('/lookups.twilio.com', lookupRoutes(ctx));
  app.use('/content.twilio.com', contentRoutes(ctx));
  app.use((req, _res, next) => next(twilioErrors.notFound(req.originalUrl)));
  app.use(twilioErrorHandler(ctx));
  return app;
}
