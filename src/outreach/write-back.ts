import type { OutreachDeps, PmsWriteBack } from './outreach-deps.ts';

/**
 * Writes to the PMS when the practice turned write-back on. Best effort: the PMS being down must
 * not stop a message or a reply (HubSpot and the service keep the record); a failure is logged.
 */
export async function writeBack(
  deps: OutreachDeps,
  write: (w: PmsWriteBack) => Promise<void>,
): Promise<void> {
  if (!deps.pmsWriteBack) return;
  try {
    await write(deps.pmsWriteBack);
  } catch (error) {
    deps.logger.warn({ error: (error as Error).message }, 'PMS write-back failed');
  }
}
