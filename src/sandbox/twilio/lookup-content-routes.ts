import { Router } from 'express';
import { z } from 'zod';
import { approvalFetchJson, contentAndApprovalsJson, contentJson } from './content.ts';
import type { SandboxContext } from './context.ts';
import { lookupJson } from './lookup.ts';
import { pageWithMeta } from './paging.ts';
import type { TemplateRecord } from './templates.ts';
import { TwilioApiError, twilioErrors } from './twilio-error.ts';

const lookupQuery = z.looseObject({
  Fields: z.string().optional(),
  CountryCode: z.string().optional(),
});

/** Lookup v2 (`lookups.twilio.com`). */
export function lookupRoutes(ctx: SandboxContext): Router {
  const router = Router();
  router.get('/v2/PhoneNumbers/:phoneNumber', (req, res) => {
    const query = lookupQuery.safeParse(req.query);
    if (!query.success) throw new TwilioApiError(400, 20001, 'Invalid parameter: Fields');
    res.json(lookupJson(ctx, req.params.phoneNumber, query.data));
  });
  return router;
}

/** Content API v1 (`content.twilio.com`): the seeded WhatsApp templates, read-only. */
export function contentRoutes(ctx: SandboxContext): Router {
  const router = Router();
  const template = (sid: string, path: string): TemplateRecord => {
    const found = ctx.templates.find(sid);
    if (!found) throw twilioErrors.notFound(path);
    return found;
  };
  const list =
    (url: string, render: (t: TemplateRecord) => unknown) =>
    (req: { query: Record<string, unknown> }, res: { json: (body: unknown) => void }) =>
      res.json(
        pageWithMeta({
          all: ctx.templates.list(),
          query: req.query,
          url,
          key: 'contents',
          sidOf: (t) => t.sid,
          render,
        }),
      );
  router.get(
    '/v1/Content',
    list('https://content.twilio.com/v1/Content', (t) => contentJson(ctx.accountSid, t)),
  );
  router.get(
    '/v1/ContentAndApprovals',
    list('https://content.twilio.com/v1/ContentAndApprovals', (t) =>
      contentAndApprovalsJson(ctx.accountSid, t),
    ),
  );
  router.get('/v1/Content/:sid', (req, res) => {
    res.json(contentJson(ctx.accountSid, template(req.params.sid, req.originalUrl)));
  });
  router.get('/v1/Content/:sid/ApprovalRequests', (req, res) => {
    res.json(approvalFetchJson(ctx.accountSid, template(req.params.sid, req.originalUrl)));
  });
  return router;
}
