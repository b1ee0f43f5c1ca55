import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { gate, type GateDeps } from './gate.ts';
import { HubSpotApiError, errorBody } from './http-error.ts';
import type { RouteDef } from './route.ts';
import { associationAndOwnerRoutes } from './routes/associations-owners.ts';
import { automationAndPreferenceRoutes } from './routes/automation-preferences.ts';
import { contactBasicRoutes } from './routes/contacts-basic.ts';
import { contactBatchRoutes } from './routes/contacts-batch.ts';
import { contactSearchRoutes } from './routes/contacts-search.ts';
import { engagementRoutes } from './routes/engagements.ts';
import { propertyRoutes } from './routes/properties.ts';
import type { Portal } from './state/portal.ts';

/** Every endpoint of the sandbox, in registration order (specific paths before parameters). */
export const ROUTES: readonly RouteDef[] = [
  ...propertyRoutes,
  ...contactSearchRoutes,
  ...contactBatchRoutes,
  ...contactBasicRoutes,
  ...engagementRoutes,
  ...associationAndOwnerRoutes,
  ...automationAndPreferenceRoutes,
];

/** What a route handler answered, for `onResponse` observers. */
export interface AnsweredRequest {
  method: string;
  /** The route pattern, as in the stats. */
  route: string;
  status: number;
  /** The JSON body sent (undefined for 204). */
  body: unknown;
}

/** The express app answering HubSpot's paths for one portal. */
export function buildApp(options: {
  portal: Portal;
  gate: GateDeps;
  baseUrl: () => string;
  onResponse?: ((answer: AnsweredRequest) => void) | undefined;
}): Express {
  const { portal } = options;
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '10mb' }));

  for (const route of ROUTES) {
    app[route.method](
      route.path,
      gate(route, options.gate),
      async (req: Request, res: Response) => {
        const reply = await route.handle({ req, portal, baseUrl: options.baseUrl() });
        options.onResponse?.({
          method: req.method,
          route: route.path,
          status: reply.status,
          body: reply.body,
        });
        res.status(reply.status);
        if (reply.body === undefined) res.end();
        else res.json(reply.body);
      },
    );
  }

  app.use((req: Request, res: Response) => {
    options.gate.stats.record(req.method, '(unmatched)');
    res.status(404).json(
      errorBody({
        message: `No route for ${req.method} ${req.path}`,
        category: 'OBJECT_NOT_FOUND',
      }),
    );
  });

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof HubSpotApiError) {
      res.status(error.status).set(error.headers).json(error.body);
      return;
    }
    if (isJsonSyntaxError(error)) {
      // HubSpot's wording for unparseable JSON starts "Invalid input JSON on line …".
      res.status(400).json(
        errorBody({
          message: `Invalid input JSON on line 1: ${error.message}`,
          category: 'VALIDATION_ERROR',
        }),
      );
      return;
    }
    res.status(500).json(errorBody({ message: 'internal error', category: 'INTERNAL_ERROR' }));
  });
  return app;
}

function isJsonSyntaxError(error: unknown): error is SyntaxError {
  return (
    error instanceof SyntaxError && (error as { type?: string }).type === 'entity.parse.failed'
  );
}
