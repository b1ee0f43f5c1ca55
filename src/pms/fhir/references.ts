import type { Reference } from './resources.ts';

/**
 * The key a reference to a Patient is filed under: the Patient's id for `Patient/123`,
 * `https://server/fhir/Patient/123` or `Patient/123/_history/2`; the reference itself for a
 * `urn:uuid:` (what transaction Bundles such as Synthea's use), which is matched against the
 * Patient entry's fullUrl. Undefined when the reference is to something other than a Patient.
 */
export function patientKey(reference: Reference | undefined): string | undefined {
  const ref = reference?.reference?.trim();
  if (!ref) return undefined;
  if (ref.startsWith('urn:uuid:') || ref.startsWith('urn:oid:')) return ref;
  const m = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(ref);
  return m?.[1];
}
