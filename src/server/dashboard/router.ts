import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type Response, type Router } from 'express';
import { DateTime } from 'luxon';
import { AuditReport } from '../../domain/audit.ts';
import type { PracticeFile } from '../../domain/practice.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import { AUDIT_SNAPSHOT } from '../../store/snapshots.ts';
import { SYNC_SNAPSHOT, SyncStatus } from '../../store/sync-status.ts';
import type { Store } from '../../store/store.ts';
import { dashboardPage } from './dashboard-page.ts';
import { loginPage, unconfiguredPage } from './html.ts';
import { computeDashboard } from './metrics.ts';
import { parseDashboardQuery } from './query.ts';
import {
  DEFAULT_SESSION_TTL_MS,
  issueSession,
  readCookie,
  SESSION_COOKIE,
  sessionCookie,
  sessionKey,
  tokenMatches,
  verifySession,
} from './session.ts';
import type { BanditArm } from './variant-rates.ts';

export { AUDIT_SNAPSHOT };

export interface DashboardRouterOptions {
  store: Store;
  practice: PracticeFile;
  /** DASHBOARD_TOKEN. Undefined (or empty): the dashboard refuses to serve anything but a notice. */
  token: string | undefined;
  clock: Clock;
  logger: Logger;
  /**
   * The bandit's all-time arm counts by `segment|channel`, shown under the variant rates. Default:
   * `store.bandit.all()`.
   */
  bandit?: () => Promise<ReadonlyMap<string, readonly Omit<BanditArm, 'key'>[]>>;
  sessionTtlMs?: number;
}

const ASSETS_DIR = fileURLToPath(new URL('./assets/', import.meta.url));
/** Chart.js's UMD build, from the installed package (its exports map only the module builds). */
export const CHART_JS_FILE = join(
  dirname(createRequire(import.meta.url).resolve('chart.js')),
  'chart.umd.min.js',
);

/** Same origin only: no inline script or style, no framing, forms post back here only. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/** Every answer of the dashboard carries the security headers; pages and data are never cached. */
function secure<R extends Pick<Response, 'setHeader'>>(res: R, cache = 'no-store'): R {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  res.setHeader('Cache-Control', cache);
  return res;
}

function html(res: Response, status: number, body: string): void {
  secure(res).status(status).type('html').send(body);
}

/**
 * The practice dashboard: login, the page and its assets, and `GET /api/dashboard`. Mount it at
 * the root (`routers: [{ path: '/', router }]`); it answers only its own paths, so the webhook
 * doors mounted beside it are untouched.
 */
export function createDashboardRouter(o: DashboardRouterOptions): Router {
  const router = express.Router();
  const log = o.logger.child({ module: 'dashboard' });
  const key = o.token ? sessionKey(o.token) : undefined;
  const ttlMs = o.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
  const practiceName = o.practice.name;
  const readBandit = async (): Promise<BanditArm[]> => {
    const byKey = await (o.bandit ?? (() => o.store.bandit.all()))();
    return [...byKey].flatMap(([key, arms]) => arms.map((arm) => ({ key, ...arm })));
  };
  const signedIn = (req: Request): boolean =>
    key !== undefined &&
    verifySession(key, readCookie(req.headers.cookie, SESSION_COOKIE), o.clock.now());

  router.get('/assets/chart.umd.js', (_req, res, next) => {
    secure(res, 'no-cache').sendFile(CHART_JS_FILE, (error) => error && next(error));
  });
  router.use(
    '/assets',
    express.static(ASSETS_DIR, {
      index: false,
      dotfiles: 'ignore',
      setHeaders: (res) => secure(res, 'no-cache'),
    }),
  );

  router.get('/', (req, res) => {
    if (!key) return html(res, 503, unconfiguredPage({ base: req.baseUrl }));
    if (!signedIn(req)) return html(res, 200, loginPage({ base: req.baseUrl, practiceName }));
    html(res, 200, dashboardPage({ base: req.baseUrl, practiceName }));
  });

  router.post('/login', express.urlencoded({ extended: false, limit: '4kb' }), (req, res) => {
    if (!key || !o.token) return html(res, 503, unconfiguredPage({ base: req.baseUrl }));
    const given: unknown = req.body?.token;
    if (typeof given !== 'string' || !tokenMatches(given, o.token)) {
      log.warn({ event: 'dashboard_login_refused' }, 'dashboard sign-in refused');
      return html(
        res,
        401,
        loginPage({ base: req.baseUrl, practiceName, error: 'That token is not right.' }),
      );
    }
    const value = issueSession(key, o.clock.now(), ttlMs);
    const cookie = {
      path: `${req.baseUrl}/`,
      secure: req.secure,
      maxAge: Math.floor(ttlMs / 1000),
    };
    log.info({ event: 'dashboard_login' }, 'dashboard sign-in');
    secure(res).set('Set-Cookie', sessionCookie(value, cookie)).redirect(303, `${req.baseUrl}/`);
  });

  router.post('/logout', (req, res) => {
    const cookie = { path: `${req.baseUrl}/`, secure: req.secure, maxAge: 0 };
    secure(res).set('Set-Cookie', sessionCookie('', cookie)).redirect(303, `${req.baseUrl}/`);
  });

  router.get('/api/dashboard', async (req, res) => {
    if (!key) {
      secure(res)
        .status(503)
        .json({ error: 'dashboard_not_configured', message: 'set DASHBOARD_TOKEN' });
      return;
    }
    if (!signedIn(req)) {
      secure(res).status(401).json({ error: 'unauthenticated', message: 'sign in first' });
      return;
    }
    const today = DateTime.fromJSDate(o.clock.now()).setZone(o.practice.timeZone).toISODate()!;
    const q = parseDashboardQuery(req.query, today);
    const [rows, audit, sync, bandit] = await Promise.all([
      o.store.events.query({ from: q.from, to: q.to }),
      readAudit(o.store, log),
      readSyncStatus(o.store, log),
      readBandit().catch((error: unknown) => {
        log.warn({ error: (error as Error).message }, 'bandit counts unavailable');
        return undefined;
      }),
    ]);
    const data = computeDashboard({
      ...q,
      rows,
      audit,
      sync,
      currency: o.practice.currency,
      locations: o.practice.locations.map((l) => l.name),
      ...(bandit ? { bandit } : {}),
    });
    secure(res).json(data);
  });

  return router;
}

/** How the last sync ended, or null before the first one (or if the stored one no longer parses). */
async function readSyncStatus(store: Store, log: Logger): Promise<SyncStatus | null> {
  const raw = await store.snapshots.get<unknown>(SYNC_SNAPSHOT);
  if (raw === undefined) return null;
  const parsed = SyncStatus.safeParse(raw);
  if (!parsed.success) {
    log.warn({ snapshot: SYNC_SNAPSHOT }, 'stored sync status does not match the schema; ignored');
    return null;
  }
  return parsed.data;
}

/** The latest audit, or null before the first sync (or if the stored one no longer parses). */
async function readAudit(store: Store, log: Logger): Promise<AuditReport | null> {
  const raw = await store.snapshots.get<unknown>(AUDIT_SNAPSHOT);
  if (raw === undefined) return null;
  const parsed = AuditReport.safeParse(raw);
  if (!parsed.success) {
    log.warn({ snapshot: AUDIT_SNAPSHOT }, 'stored audit does not match the schema; ignored');
    return null;
  }
  return parsed.data;
}
