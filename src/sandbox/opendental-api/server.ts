import express from 'express';
import type { Server } from 'node:http';

/**
 * A stand-in for Open Dental's REST API, enough for the write-back: `POST /commlogs` and
 * `PUT /appointments/:AptNum/Confirm`, with the `ODFHIR <developer>/<customer>` authorization and
 * Open Dental's answers (201 with the object, 200, 400/401 with an explanation).
 */
export interface OpenDentalApiSandbox {
  baseUrl: string;
  commlogs: Record<string, unknown>[];
  confirmations: { aptNum: number; confirmVal: string }[];
  close(): Promise<void>;
}

export async function startOpenDentalApiSandbox(
  options: { developerKey?: string; customerKey?: string } = {},
): Promise<OpenDentalApiSandbox> {
  const auth = `ODFHIR ${options.developerKey ?? 'dev-key'}/${options.customerKey ?? 'customer-key'}`;
  const commlogs: Record<string, unknown>[] = [];
  const confirmations: { aptNum: number; confirmVal: string }[] = [];
  const app = express();
  app.use(express.json());
  app.use((req, res, next) => {
    if (req.get('authorization') !== auth)
      return void res.status(401).json('Invalid authorization header.');
    next();
  });
  app.post('/api/v1/commlogs', (req, res) => {
    const b = req.body as Record<string, unknown>;
    if (
      typeof b.PatNum !== 'number' ||
      typeof b.Note !== 'string' ||
      !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(String(b.CommDateTime))
    ) {
      return void res.status(400).json('PatNum, CommDateTime and Note are required.');
    }
    const created = {
      CommlogNum: commlogs.length + 1,
      ...b,
      DateTEntry: new Date().toISOString().replace('T', ' ').slice(0, 19),
    };
    commlogs.push(created);
    res.status(201).location(`/api/v1/commlogs/${created.CommlogNum}`).json(created);
  });
  app.put('/api/v1/appointments/:aptNum/Confirm', (req, res) => {
    const aptNum = Number(req.params.aptNum);
    const confirmVal = (req.body as { confirmVal?: string }).confirmVal;
    if (!confirmVal) return void res.status(400).json('confirmVal or defNum is required.');
    confirmations.push({ aptNum, confirmVal });
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
    close: () => new Promise((done) => server.close(() => done())),
  };
}
