import { todayIn } from '../../src/cli/today.ts';
import { createHubSpotClient } from '../../src/crm/hubspot-client.ts';
import { runSync, type SyncSummary } from '../../src/crm/sync/run-sync.ts';
import type { PatientRecords } from '../../src/domain/records.ts';
import { reconcileReminders } from '../../src/outreach/reminder-schedule.ts';
import { createOpenDentalApi } from '../../src/pms/opendental-api/client.ts';
import { createOpenDentalWriteBack } from '../../src/pms/opendental-api/write-back.ts';
import {
  startOpenDentalApiSandbox,
  type OpenDentalApiSandbox,
} from '../../src/sandbox/opendental-api/server.ts';
import { samplePracticeFile } from '../../src/sandbox/practice/sample-practice-file.ts';
import { LINK_SECRET, openAllDay, outreachHarness, type OutreachHarness } from './outreach.ts';

export const DEVELOPER_KEY = 'dev-KEY-1234';
export const CUSTOMER_KEY = 'cust-KEY-5678';

export interface OpenDentalHarness {
  h: OutreachHarness;
  od: OpenDentalApiSandbox;
  /**
   * The PMS → HubSpot sync as the Open Dental connector names patients (keys
   * `opendental:<clinic>:<PatNum>`, the only charts the API can write), reminders kept in step.
   */
  syncAsOpenDental(records?: PatientRecords[]): Promise<SyncSummary>;
  close(): Promise<void>;
}

/**
 * The whole service in the sandboxes (open all day, 300 patients, seed 21) with the real Open
 * Dental write-back and HTTP client pointed at the Open Dental API stand-in, wired as `reactivate
 * serve` wires it: the reminder plan knows each patient's appointment. Synced once as Open Dental.
 */
export async function openDentalHarness(): Promise<OpenDentalHarness> {
  const od = await startOpenDentalApiSandbox({
    developerKey: DEVELOPER_KEY,
    customerKey: CUSTOMER_KEY,
  });
  const late: { h?: OutreachHarness } = {};
  const writeBack = createOpenDentalWriteBack({
    api: createOpenDentalApi({
      baseUrl: od.baseUrl,
      developerKey: DEVELOPER_KEY,
      customerKey: CUSTOMER_KEY,
    }),
    timeZone: samplePracticeFile().timeZone,
    appointmentOf: async (key) => (await late.h!.store.reminders.get(key))?.appointmentId,
  });
  const h = await outreachHarness({ practice: openAllDay, patients: 300, seed: 21, writeBack });
  late.h = h;
  const syncAsOpenDental = async (records: PatientRecords[] = h.records) => {
    const summary = await runSync({
      records,
      sourceName: 'opendental',
      practice: h.practice,
      asOf: todayIn(h.practice.timeZone, h.clock),
      now: h.clock.now(),
      client: createHubSpotClient({
        accessToken: h.hubspot.accessToken,
        basePath: h.hubspot.baseUrl,
        limiter: h.store.limiter,
      }),
      store: h.store,
      publicBaseUrl: h.baseUrl,
      linkSecret: LINK_SECRET,
    });
    await reconcileReminders(h.service.deps, summary.appointments);
    return summary;
  };
  await syncAsOpenDental();
  return {
    h,
    od,
    syncAsOpenDental,
    async close() {
      await h.close();
      await od.close();
    },
  };
}
