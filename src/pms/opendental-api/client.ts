import { z } from 'zod';
import { AppError, UpstreamError } from '../../lib/errors.ts';

/**
 * Open Dental's REST API (https://api.opendental.com/api/v1), the only way the service writes to
 * the PMS: never its database. Authorization is `ODFHIR <developer key>/<customer key>`.
 */
export interface OpenDentalApiOptions {
  baseUrl: string;
  developerKey: string;
  customerKey: string;
  fetch?: typeof fetch;
}

export interface CommlogInput {
  patNum: number;
  /** Local date-time, `YYYY-MM-DD HH:mm:ss`, as Open Dental writes it. */
  commDateTime: string;
  mode: 'Text' | 'Phone' | 'Email';
  sentOrReceived: 'Sent' | 'Received';
  note: string;
}

const Commlog = z.object({ CommlogNum: z.coerce.number() }).passthrough();

export function createOpenDentalApi(o: OpenDentalApiOptions) {
  const fetcher = o.fetch ?? fetch;
  const base = o.baseUrl.replace(/\/$/, '');
  const call = async (method: string, path: string, body: unknown): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetcher(`${base}${path}`, {
        method,
        headers: {
          Authorization: `ODFHIR ${o.developerKey}/${o.customerKey}`,
          'Content-Type': 'application/json',
          Accept: 'application/json',
        },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw new UpstreamError(`Open Dental API unreachable at ${base}`, { cause: error });
    }
    const text = await response.text();
    if (response.status === 401 || response.status === 403)
      throw new AppError(
        'Open Dental API refused the keys (check OPENDENTAL_DEVELOPER_KEY / OPENDENTAL_CUSTOMER_KEY)',
        { status: 502, code: 'opendental_api_auth', permanent: true },
      );
    if (response.status >= 500 || response.status === 429)
      throw new UpstreamError(`Open Dental API answered ${response.status}`);
    if (!response.ok)
      throw new AppError(
        `Open Dental API refused ${method} ${path.replace(/\d+/g, ':id')} (${response.status})`,
        { status: 502, code: 'opendental_api_rejected', permanent: true },
      );
    return text ? JSON.parse(text) : undefined;
  };
  return {
    /** A commlog on the patient's chart. */
    async createCommlog(c: CommlogInput): Promise<number> {
      const created = Commlog.parse(
        await call('POST', '/commlogs', {
          PatNum: c.patNum,
          CommDateTime: c.commDateTime,
          Mode_: c.mode,
          SentOrReceived: c.sentOrReceived,
          Note: c.note,
          commType: 'ApptRelated',
        }),
      );
      return created.CommlogNum;
    },
    /** Sets an appointment's confirmation status (`Confirmed`, as named in the practice's definitions). */
    async confirmAppointment(aptNum: number, confirmVal = 'Confirmed'): Promise<void> {
      await call('PUT', `/appointments/${aptNum}/Confirm`, { confirmVal });
    },
  };
}

export type OpenDentalApi = ReturnType<typeof createOpenDentalApi>;
