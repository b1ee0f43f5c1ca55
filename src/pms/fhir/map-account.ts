import { patientKey } from './references.ts';
import { FhirAccount, parseResource } from './resources.ts';

export interface Guarantorship {
  /** Patient keys of the account's subjects. */
  subjects: string[];
  /** The Patient key of the party responsible for the account. */
  guarantor: string;
}

/**
 * An Account whose guarantor is a Patient: its subjects get that patient as their guarantor (who
 * is contacted for a minor). Accounts entered in error, inactive ones, and those whose guarantor is
 * not a Patient (a RelatedPerson, an Organization) or is on hold give null.
 */
export function mapAccount(resource: unknown): Guarantorship | null {
  const account = parseResource(FhirAccount, resource);
  if (account.status === 'entered-in-error' || account.status === 'inactive') return null;
  let guarantor: string | undefined;
  for (const g of account.guarantor ?? []) {
    if (g.onHold === true) continue;
    guarantor = patientKey(g.party);
    if (guarantor !== undefined) break;
  }
  if (guarantor === undefined) return null;
  const subjects = (account.subject ?? [])
    .map((s) => patientKey(s))
    .filter((k): k is string => k !== undefined);
  return { subjects, guarantor };
}
