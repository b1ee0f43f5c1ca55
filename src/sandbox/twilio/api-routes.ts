import { Router, type Request } from 'express';
import type { z } from 'zod';
import { createCall, createCallForm } from './call-create.ts';
import { callJson } from './call-json.ts';
import type { SandboxContext } from './context.ts';
import { createMessage, createMessageForm } from './message-create.ts';
import { messageJson } from './message-json.ts';
import { pageV2010 } from './paging.ts';
import type { MessageRecord } from './records.ts';
import { TwilioApiError, twilioErrors } from './twilio-error.ts';

function form<T extends z.ZodType>(schema: T, req: Request): z.infer<T> {
  const parsed = schema.safeParse(req.body ?? {});
  if (!parsed.success) {
    const field = parsed.error.issues[0]?.path.join('.') ?? 'body';
    throw new TwilioApiError(400, 20001, `Invalid parameter: ${field}`);
  }
  return parsed.data;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `DateSent`, `DateSent<`, `DateSent>` (a day or a date-time, inclusive), `To`, `From`. */
function messageFilter(query: Request['query']): {
  filters: URLSearchParams;
  keep: (m: MessageRecord) => boolean;
} {
  const filters = new URLSearchParams();
  for (const key of ['To', 'From', 'DateSent', 'DateSent<', 'DateSent>']) {
    const value = text(query[key]);
    if (value !== undefined) filters.set(key, value);
  }
  const day = (value: string) =>
    value.length === 10 ? value : new Date(value).toISOString().slice(0, 10);
  const keep = (m: MessageRecord) => {
    const sent = m.dateSent?.toISOString().slice(0, 10);
    const on = filters.get('DateSent');
    const before = filters.get('DateSent<');
    const after = filters.get('DateSent>');
    if (filters.has('To') && m.to !== filters.get('To')) return false;
    if (filters.has('From') && m.from !== filters.get('From')) return false;
    if (on && sent !== day(on)) return false;
    if (before && (!sent || sent > day(before))) return false;
    if (after && (!sent || sent < day(after))) return false;
    return true;
  };
  return { filters, keep };
}

/** The 2010-04-01 API: Messages and Calls under the sandbox's one account. */
export function apiRoutes(ctx: SandboxContext): Router {
  const router = Router();
  const base = `/2010-04-01/Accounts/${ctx.accountSid}`;
  router.use('/2010-04-01/Accounts/:accountSid', (req, _res, next) => {
    if (req.params.accountSid !== ctx.accountSid)
      return next(twilioErrors.notFound(req.originalUrl));
    next();
  });

  router.post('/2010-04-01/Accounts/:accountSid/Messages.json', (req, res) => {
    const message = createMessage(ctx, form(createMessageForm, req));
    res.status(201).json(messageJson(ctx.accountSid, message));
  });
  router.get('/2010-04-01/Accounts/:accountSid/Messages.json', (req, res) => {
    const { filters, keep } = messageFilter(req.query);
    const all = [...ctx.messages.values()].filter(keep).reverse();
    res.json(
      pageV2010({
        all,
        query: req.query,
        path: `${base}/Messages.json`,
        key: 'messages',
        filters,
        sidOf: (m) => m.sid,
        render: (m) => messageJson(ctx.accountSid, m),
      }),
    );
  });
  router.get('/2010-04-01/Accounts/:accountSid/Messages/:sid.json', (req, res) => {
    const message = ctx.messages.get(req.params.sid);
    if (!message) throw twilioErrors.notFound(`${base}/Messages/${req.params.sid}.json`);
    res.json(messageJson(ctx.accountSid, message));
  });

  router.post('/2010-04-01/Accounts/:accountSid/Calls.json', (req, res) => {
    const call = createCall(ctx, form(createCallForm, req));
    res.status(201).json(callJson(ctx.accountSid, call));
  });
  router.get('/2010-04-01/Accounts/:accountSid/Calls.json', (req, res) => {
    res.json(
      pageV2010({
        all: [...ctx.calls.values()].reverse(),
        query: req.query,
        path: `${base}/Calls.json`,
        key: 'calls',
        filters: new URLSearchParams(),
        sidOf: (c) => c.sid,
        render: (c) => callJson(ctx.accountSid, c),
      }),
    );
  });
  router.get('/2010-04-01/Accounts/:accountSid/Calls/:sid.json', (req, res) => {
    const call = ctx.calls.get(req.params.sid);
    if (!call) throw twilioErrors.notFound(`${base}/Calls/${req.params.sid}.json`);
    res.json(callJson(ctx.accountSid, call));
  });
  return router;
}
