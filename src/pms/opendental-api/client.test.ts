import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, UpstreamError } from '../../lib/errors.ts';
import {
  startOpenDentalApiSandbox,
  type OpenDentalApiSandbox,
} from '../../sandbox/opendental-api/server.ts';
import { createOpenDentalApi } from './client.ts';

/**
 * The Open Dental API client against the stand-in: what it sends, and which failures the write-back
 * queue retries (temporary) and which end the write at once (permanent).
 */
describe('Open Dental API client', () => {
  let od: OpenDentalApiSandbox;
  beforeAll(async () => {
    od = await startOpenDentalApiSandbox({ patients: [15], appointments: [34] });
  });
  afterAll(async () => {
    await od.close();
  });
  const api = (keys = { developerKey: 'dev-key', customerKey: 'customer-key' }) =>
    createOpenDentalApi({ baseUrl: od.baseUrl, ...keys });

  it('creates a commlog and confirms an appointment as Open Dental documents them', async () => {
    const num = await api().createCommlog({
      patNum: 15,
      commDateTime: '2026-03-04 10:00:00',
      mode: 'Text',
      sentOrReceived: 'Sent',
      note: 'Riverside Family Dental: time for a visit?',
    });
    expect(od.commlogs.find((c) => c.CommlogNum === num)).toEqual({
      CommlogNum: num,
      PatNum: 15,
      CommDateTime: '2026-03-04 10:00:00',
      CommType: '235',
      commType: 'ApptRelated',
      Note: 'Riverside Family Dental: time for a visit?',
      Mode_: 'Text',
      SentOrReceived: 'Sent',
    });
    await api().confirmAppointment(34);
    expect(od.confirmations).toEqual([{ aptNum: 34, confirmVal: 'Confirmed' }]);
    expect(od.requests.at(-1)).toMatchObject({
      method: 'PUT',
      path: '/api/v1/appointments/34/Confirm',
      authorization: 'ODFHIR dev-key/customer-key',
    });
  });

  it.each([
    [
      'refused keys (401)',
      () => api({ developerKey: 'dev-key', customerKey: 'old' }).confirmAppointment(34),
      'opendental_api_auth',
    ],
    ['an unknown appointment (404)', () => api().confirmAppointment(35), 'opendental_api_rejected'],
  ])('%s: permanent, never retried', async (_name, call, code) => {
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code, permanent: true });
  });

  it('a 5xx or no answer at all: temporary, retried by the queue', async () => {
    od.setDown(503);
    const down = await api()
      .confirmAppointment(34)
      .catch((e: unknown) => e);
    od.setDown(undefined);
    expect(down).toBeInstanceOf(UpstreamError);
    expect(down).toMatchObject({ permanent: false });
    const nowhere = createOpenDentalApi({
      baseUrl: 'http://127.0.0.1:9/api/v1',
      developerKey: 'dev-key',
      customerKey: 'customer-key',
    });
    const unreachable = await nowhere.confirmAppointment(34).catch((e: unknown) => e);
    expect(unreachable).toBeInstanceOf(UpstreamError);
    expect(unreachable).toMatchObject({ permanent: false });
  });
});
