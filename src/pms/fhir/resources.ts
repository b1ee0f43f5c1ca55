import { z } from 'zod';

/**
 * The parts of FHIR R4 resources the connector reads, and nothing more: everything else a
 * resource holds is ignored. Fields are checked for their type only; the mappers decide meaning.
 */

export const Coding = z.object({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});

export const CodeableConcept = z.object({
  coding: z.array(Coding).optional(),
  text: z.string().optional(),
});
export type CodeableConcept = z.infer<typeof CodeableConcept>;

export const Reference = z.object({ reference: z.string().optional() });
export type Reference = z.infer<typeof Reference>;

const Meta = z.object({ lastUpdated: z.string().optional() });

export const HumanName = z.object({
  use: z.string().optional(),
  family: z.string().optional(),
  given: z.array(z.string()).optional(),
});
export type HumanName = z.infer<typeof HumanName>;

export const ContactPoint = z.object({
  system: z.string().optional(),
  value: z.string().optional(),
  use: z.string().optional(),
});
export type ContactPoint = z.infer<typeof ContactPoint>;

export const FhirPatient = z.object({
  resourceType: z.literal('Patient'),
  id: z.string().min(1),
  meta: Meta.optional(),
  active: z.boolean().optional(),
  deceasedBoolean: z.boolean().optional(),
  deceasedDateTime: z.string().optional(),
  name: z.array(HumanName).optional(),
  birthDate: z.string().optional(),
  telecom: z.array(ContactPoint).optional(),
  communication: z
    .array(z.object({ language: CodeableConcept, preferred: z.boolean().optional() }))
    .optional(),
});
export type FhirPatient = z.infer<typeof FhirPatient>;

export const FhirAppointment = z.object({
  resourceType: z.literal('Appointment'),
  id: z.string().min(1),
  status: z.string(),
  start: z.string().optional(),
  serviceType: z.array(CodeableConcept).optional(),
  appointmentType: CodeableConcept.optional(),
  participant: z.array(z.object({ actor: Reference.optional() })).optional(),
});
export type FhirAppointment = z.infer<typeof FhirAppointment>;

export const FhirServiceRequest = z.object({
  resourceType: z.literal('ServiceRequest'),
  id: z.string().min(1),
  status: z.string(),
  subject: Reference,
  authoredOn: z.string().optional(),
  code: CodeableConcept.optional(),
});
export type FhirServiceRequest = z.infer<typeof FhirServiceRequest>;

export const FhirAccount = z.object({
  resourceType: z.literal('Account'),
  id: z.string().min(1),
  status: z.string().optional(),
  subject: z.array(Reference).optional(),
  guarantor: z.array(z.object({ party: Reference, onHold: z.boolean().optional() })).optional(),
});
export type FhirAccount = z.infer<typeof FhirAccount>;

/** A page of search results (or a Bundle file's top level, read in pieces elsewhere). */
export const FhirBundle = z.object({
  resourceType: z.literal('Bundle'),
  total: z.number().optional(),
  link: z.array(z.object({ relation: z.string(), url: z.string() })).optional(),
  entry: z
    .array(
      z.object({
        fullUrl: z.string().optional(),
        resource: z.unknown().optional(),
        search: z.object({ mode: z.string().optional() }).optional(),
      }),
    )
    .optional(),
});
export type FhirBundle = z.infer<typeof FhirBundle>;

/** A resource that could not be mapped; the message names the field, never its content. */
export class ResourceProblem extends Error {}

/** Parses with a resource schema, turning the first issue into a ResourceProblem. */
export function parseResource<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.map(String).join('.') || 'resource';
  // zod's messages say what was expected and what type was found, never the value.
  throw new ResourceProblem(`${path}: ${issue?.message ?? 'invalid'}`);
}

/** A copy without undefined fields: absent stays absent in the canonical record. */
export function defined(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in value) if (value[key] !== undefined) out[key] = value[key];
  return out;
}
