import { isLocalDate } from '../../domain/dates.ts';
import { Procedure } from '../../domain/records.ts';
import type { ZoneConverter } from '../../domain/zoned-time.ts';
import { patientKey } from './references.ts';
import { FhirServiceRequest, ResourceProblem, defined, parseResource } from './resources.ts';

const PLANNED = new Set(['active', 'draft']);
const SERVICE_REQUEST_STATUSES = new Set([
  'draft',
  'active',
  'on-hold',
  'revoked',
  'completed',
  'entered-in-error',
  'unknown',
]);

/**
 * A FHIR dateTime as a calendar date: a date stays as it is; a date-time with an offset is taken
 * in the practice's zone. `2026` or `2026-04` (legal FHIR) is not a date, and not guessed at.
 */
function plannedDate(value: string, zone: ZoneConverter): string {
  if (isLocalDate(value)) return value;
  const local = zone.instantToLocal(value);
  if (local === undefined) {
    throw new ResourceProblem('authoredOn is not a full date or a date-time with an offset');
  }
  return local.slice(0, 10);
}

export interface MappedProcedure {
  patientKey: string;
  procedure: Procedure;
}

/**
 * A ServiceRequest that is `active` or `draft` is treatment planned and not yet done: a planned
 * procedure dated `authoredOn`, without a fee (FHIR keeps none here). Other statuses are not
 * planned treatment and give null; a request that cannot be read is a ResourceProblem.
 */
export function mapServiceRequest(resource: unknown, zone: ZoneConverter): MappedProcedure | null {
  const r = parseResource(FhirServiceRequest, resource);
  if (!SERVICE_REQUEST_STATUSES.has(r.status)) {
    throw new ResourceProblem('status is not an R4 ServiceRequest status');
  }
  if (!PLANNED.has(r.status)) return null;
  const key = patientKey(r.subject);
  if (key === undefined) throw new ResourceProblem('subject does not reference a Patient');
  const procedure = parseResource(
    Procedure,
    defined({
      id: r.id,
      patientId: key,
      status: 'planned',
      plannedDate: r.authoredOn === undefined ? undefined : plannedDate(r.authoredOn, zone),
      code: r.code?.coding?.find((c) => c.code)?.code?.trim() || undefined,
    }),
  );
  return { patientKey: key, procedure };
}
