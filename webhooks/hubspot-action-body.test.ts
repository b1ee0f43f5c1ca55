import { describe, expect, it } from 'vitest';
import { ActionRequestBody, toExecution } from './hubspot-action-body.ts';
import { validate } from './validate.ts';

const at = new Date('2025-06-02T14:00:00.000Z');

describe('the workflow action body', () => {
  it("becomes an execution: ids as HubSpot's types, inputs as strings, inputFields over fields", () => {
    const body = validate(ActionRequestBody, {
      callbackId: 'ap-1-2-3',
      origin: { portalId: '42', actionDefinitionId: 7 },
      object: { objectId: 614, objectType: 'CONTACT' },
      inputFields: { template: 'b', n: 2, flag: true, gone: null },
      fields: { template: 'a', older: 'x' },
    });
    expect(toExecution('send-sms', body, at)).toEqual({
      action: 'send-sms',
      callbackId: 'ap-1-2-3',
      portalId: 42,
      actionDefinitionId: 7,
      contactId: '614',
      inputs: { template: 'b', n: '2', flag: 'true', older: 'x' },
      receivedAt: '2025-06-02T14:00:00.000Z',
    });
  });

  it('names the offending field', () => {
    const valid = {
      callbackId: 'ap-1',
      origin: { portalId: 1 },
      object: { objectId: 1, objectType: 'CONTACT' },
    };
    const cases: [unknown, string][] = [
      [{ ...valid, object: { objectId: -1, objectType: 'CONTACT' } }, 'object.objectId'],
      [{ ...valid, origin: { portalId: 1.5 } }, 'origin.portalId'],
      [{ ...valid, inputFields: { offer: [1] } }, 'inputFields.offer'],
      ['text', '(body)'],
    ];
    for (const [body, field] of cases) {
      expect(() => validate(ActionRequestBody, body)).toThrow(expect.objectContaining({ field }));
    }
  });
});
