import express, { type Express, type Router } from 'express';
import type { Logger } from '../lib/logger.ts';
import { errorHandler } from './error-handler.ts';

export interface AppOptions {
  logger: Logger;
  /** Reports whether shared state (Redis) answers; absent in the in-memory mode. */
  checkStore?: () => Promise<boolean>;
  /** Routers mounted in order (webhook doors, dashboard…). */
  routers?: { path: string; router: Router }[];
}

/** The express app of `reactivate serve`: health, the mounted doors, one error handler. */
export function createApp(o: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.get('/healthz', async (_req, res) => {
    const redis = o.checkStore ? await o.checkStore().catch(() => false) : undefined;
    res.status(200).json({
      status: 'ok',
      ...(redis === undefined
        ? { store: 'memory' }
        : { redis: redis ? 'reachable' : 'unreachable' }),
    });
  });
  for (const { path, router } of o.routers ?? []) app.use(path, router);
  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found', message: 'no such route' });
  });
  app.use(errorHandler(o.logger));
  return app;
}
