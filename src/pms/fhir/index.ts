/**
 * The FHIR R4 connector: `openFhir({ location, timeZone, bearerToken, pageSize })` streams
 * canonical records from a Bundle file, an NDJSON export or a FHIR server.
 */
export { openFhir, type FhirOptions } from './fhir-source.ts';
