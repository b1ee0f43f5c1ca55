import { z } from 'zod';
import type { ActionExecution, ActionName } from '../src/outreach/doors.ts';

/**
 * The body HubSpot POSTs to a custom action's `actionUrl`:
 * `{ callbackId, origin: { portalId, actionDefinitionId, actionDefinitionVersion },
 *    context: { source, workflowId }, object: { objectId, objectType }, inputFields, fields? }`.
 * Ids may come as numbers or as strings; keys HubSpot adds later are ignored.
 */

/** A HubSpot numeric id, as a JSON number or a string of digits; kept as a string. */
export const NumericId = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/, 'expected digits')])
  .transform(String);

/** A HubSpot numeric id read as a number (portal, definition ids fit in a safe integer). */
export const NumericIdNumber = z
  .union([
    z.number().int().nonnegative(),
    z
      .string()
      .regex(/^\d{1,15}$/, 'expected digits')
      .transform(Number),
  ])
  .pipe(z.number().int().nonnegative());

/** HubSpot's callback id (`ap-102670506-56777914962-11-0`): printable, no spaces, bounded. */
const CallbackId = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[\x21-\x7e]+$/, 'expected printable characters without spaces');

/** Static values and property values: strings, numbers, booleans; null means "no value". */
const InputFields = z.record(
  z.string().max(200),
  z.union([z.string(), z.number(), z.boolean(), z.null()]),
);

export const ActionRequestBody = z.object({
  callbackId: CallbackId,
  origin: z.object({
    portalId: NumericIdNumber.pipe(z.number().positive()),
    actionDefinitionId: NumericIdNumber.nullish(),
    actionDefinitionVersion: NumericIdNumber.nullish(),
  }),
  context: z
    .object({ source: z.string().max(100).nullish(), workflowId: NumericId.nullish() })
    .nullish(),
  object: z.object({ objectId: NumericId, objectType: z.literal('CONTACT') }),
  inputFields: InputFields.nullish(),
  fields: InputFields.nullish(),
});
export type ActionRequestBody = z.infer<typeof ActionRequestBody>;

/** Input values as strings, nulls dropped; `inputFields` wins over the older duplicate `fields`. */
function flatten(
  ...sources: (Record<string, string | number | boolean | null> | null | undefined)[]
) {
  const inputs: Record<string, string> = {};
  for (const source of sources) {
    for (const [key, value] of Object.entries(source ?? {})) {
      if (value === null || key === '__proto__') continue;
      inputs[key] = String(value);
    }
  }
  return inputs;
}

/** The execution the service receives. */
export function toExecution(
  action: ActionName,
  body: ActionRequestBody,
  receivedAt: Date,
): ActionExecution {
  const workflowId = body.context?.workflowId;
  const actionDefinitionId = body.origin.actionDefinitionId;
  return {
    action,
    callbackId: body.callbackId,
    portalId: body.origin.portalId,
    ...(workflowId == null ? {} : { workflowId }),
    ...(actionDefinitionId == null ? {} : { actionDefinitionId }),
    contactId: body.object.objectId,
    inputs: flatten(body.fields, body.inputFields),
    receivedAt: receivedAt.toISOString(),
  };
}
