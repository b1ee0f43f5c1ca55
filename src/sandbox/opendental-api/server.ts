import express, { type NextFunction, type Request, type Response } from 'express';
import type { Server } from 'node:http';

/**
 * A stand-in for Open Dental's REST API (https://api.opendental.com/api/v1), enough for the
 * write-back, answering as Open Dental documents it (opendental.com/site/apicommlogs.html,
 * apiappointments.html): `POST /commlogs` → 201 with the commlog (`CommType` the definition's
 * DefNum as a string, `commType` its name); `PUT /appointments/:AptNum/Confirm` with exactly one of
 * `confirmVal` / `defNum` → 200 with no body; 400, 401 and 404 with an explanation (a JSON string).
 * Every request is kept in `requests`, headers included, so a test can check what was sent.
 */
export interface OpenDentalApiSandbox {
  baseUrl: string;
  commlogs: Record<string, unknown>[];
  confirmations: { aptNum: number; confirmVal?: string; defNum?: number }[];
  requests: { method: string; path: string; authorization: string | undefined; body: unknown }[];
  /** Answers every request with `status` (a 5xx: the eConnector down) until called with undefined. */
  setDown(status: number | undefined): void;
  close(): Promise<void>;
}

export interface OpenDentalApiSandboxOptions {
  developerKey?: string;
  customerKey?: string;
  /** PatNums that exist; others get 404. Any PatNum when absent. */
  patients?: number[];
  /** AptNums that exist; others get 404. Any AptNum when absent. */
  appointments?: number[];
}

/** The default commlog types (definition.Category = 27) of a new Open Dental database. */
const COMM_TYPES: Record<string, number> = {
  ApptRelated: 235,
  Insurance: 236,
  Financial: 237,
  Recall: 238,
  Misc: 239,
};
const MODES = [
  'None',
  'Email',
  'Mail',
  'Phone',
  'In Person',
  'Text',
  'Email and Text',
  'Phone and Text',
];
const SENT_OR_RECEIVED = ['Neither', 'Sent', 'Received'];
const CONFIRM_VALS = ['None', 'Sent', 'Confirmed', 'Not Accepted', 'Failed'];
/** The ApptConfirmed definitions (Category 2) `defNum` may name. */
const CONFIRM_DEFS = [19, 20, 21, 22, 23, 209];
const DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

const stamp = (d: Date): string => d.toISOString().replace('T', ' ').slice(0, 19);

export async function startOpenDentalApiSandbox(
  options: OpenDentalApiSandboxOptions = {},
): Promise<OpenDentalApiSandbox> {
  const auth = `ODFHIR ${options.developerKey ?? 'dev-key'}/${options.customerKey ?? 'customer-key'}`;
  const patients = options.patients ? new Set(options.patients) : undefined;
  const appointments = options.appointments ? new Set(options.appointments) : undefined;
  const commlogs: Record<string, unknown>[] = [];
  const confirmations: OpenDentalApiSandbox['confirmations'] = [];
  const requests: OpenDentalApiSandbox['requests'] = [];
  let down: number | undefined;
  const explain = (res: Response, status: number, text: string): void =>
    void res.status(status).json(text);

  const app = express();
  app.use(express.json());
  app.use((req: Request, res: Response, next: NextFunction) => {
    requests.push({
      method: req.method,
      path: req.path,
      authorization: req.get('authorization'),
      body: req.body as unknown,
    });
    if (down !== undefined) return explain(res, down, 'The eConnector could not be reached.');
    if (req.get('authorization') !== auth)
      return explain(res, 401, 'Invalid authorization header.');
    next();
  });
  app.post('/api/v1/commlogs', (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    if (typeof b.PatNum !== 'number' || !Number.isInteger(b.PatNum))
      return explain(res, 400, 'PatNum is required.');
    if (typeof b.Note !== 'string' || b.Note === '') return explain(res, 400, 'Note is required.');
    if (b.CommDateTime !== undefined && !DATE_TIME.test(String(b.CommDateTime)))
      return explain(res, 400, 'CommDateTime must be in yyyy-MM-dd HH:mm:ss format.');
    const mode = b.Mode_ ?? 'Phone';
    if (!MODES.includes(String(mode)))
      return explain(res, 400, `Mode_ is invalid: ${String(mode)}.`);
    const direction = b.SentOrReceived ?? 'Sent';
    if (!SENT_OR_RECEIVED.includes(String(direction)))
      return explain(res, 400, `SentOrReceived is invalid: ${String(direction)}.`);
    // `commType` (the definition's name) wins over `CommType` (its DefNum); Misc by default.
    const byName = typeof b.commType === 'string' ? b.commType : undefined;
    const defNum =
      byName !== undefined
        ? COMM_TYPES[byName]
        : b.CommType !== undefined
          ? Number(b.CommType)
          : COMM_TYPES.Misc;
    const name = Object.entries(COMM_TYPES).find(([, n]) => n === defNum)?.[0];
    if (defNum === undefined || name === undefined)
      return explain(res, 400, 'commType does not match a commlog type definition.');
    if (patients && !patients.has(b.PatNum)) return explain(res, 404, 'Patient not found.');
    const created = {
      CommlogNum: commlogs.length + 1,
      PatNum: b.PatNum,
      CommDateTime: typeof b.CommDateTime === 'string' ? b.CommDateTime : stamp(new Date()),
      CommType: String(defNum),
      commType: name,
      Note: b.Note,
      Mode_: mode,
      SentOrReceived: direction,
    };
    commlogs.push(created);
    res.status(201).location(`/api/v1/commlogs/${created.CommlogNum}`).json(created);
  });
  app.put('/api/v1/appointments/:aptNum/Confirm', (req, res) => {
    const aptNum = Number(req.params.aptNum);
    const b = (req.body ?? {}) as { confirmVal?: unknown; defNum?: unknown };
    const given = Object.keys(b);
    if (given.length !== 1 || (b.confirmVal === undefined && b.defNum === undefined))
      return explain(res, 400, 'Only one field is allowed, either confirmVal or defNum.');
    if (b.confirmVal !== undefined && !CONFIRM_VALS.includes(String(b.confirmVal)))
      return explain(res, 400, `confirmVal is invalid: ${String(b.confirmVal)}.`);
    if (b.defNum !== undefined && !CONFIRM_DEFS.includes(Number(b.defNum)))
      return explain(res, 400, 'defNum does not match an Appt Confirmed definition.');
    if (!Number.isSafeInteger(aptNum) || aptNum <= 0 || (appointments && !appointments.has(aptNum)))
      return explain(res, 404, 'Appointment not found.');
    confirmations.push({
      aptNum,
      ...(b.confirmVal !== undefined ? { confirmVal: String(b.confirmVal) } : {}),
      ...(b.defNum !== undefined ? { defNum: Number(b.defNum) } : {}),
    });
    res.status(200).end();
  });
  const server: Server = await new Promise((ready) => {
    const s = app.listen(0, '127.0.0.1', () => ready(s));
  });
  const address = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${address.port}/api/v1`,
    commlogs,
    confirmations,
    requests,
    setDown(status) {
      down = status;
    },
    close: () => new Promise((done) => server.close(() => done())),
  };
}
