/**
 * What a message looks like on the contact's timeline: the text the patient received, then one
 * line the front desk reads at a glance (template and delivery), updated when Twilio reports.
 */
export function timelineBody(
  text: string,
  meta: { templateId?: string; status: string; errorCode?: number },
): string {
  const delivery = meta.errorCode ? `${meta.status} (Twilio error ${meta.errorCode})` : meta.status;
  return `${text}\n\n— Patient reactivation · ${meta.templateId ?? 'message'} · ${delivery}`;
}
