import { describe, expect, it } from 'vitest';
import { mapAccount } from './map-account.ts';

describe('Account', () => {
  const account = (fields: Record<string, unknown>) => ({
    resourceType: 'Account',
    id: 'acc',
    status: 'active',
    subject: [{ reference: 'Patient/child' }, { reference: 'Device/d1' }],
    guarantor: [{ party: { reference: 'Patient/parent' } }],
    ...fields,
  });

  it('gives its Patient subjects the guarantor Patient', () => {
    expect(mapAccount(account({}))).toEqual({ subjects: ['child'], guarantor: 'parent' });
  });

  it('skips a guarantor on hold for the next one', () => {
    const guarantor = [
      { party: { reference: 'Patient/held' }, onHold: true },
      { party: { reference: 'Patient/parent' } },
    ];
    expect(mapAccount(account({ guarantor }))?.guarantor).toBe('parent');
  });

  it.each([
    [{ guarantor: [{ party: { reference: 'RelatedPerson/r1' } }] }],
    [{ guarantor: [] }],
    [{ status: 'inactive' }],
    [{ status: 'entered-in-error' }],
  ])('%j gives no guarantor', (fields) => {
    expect(mapAccount(account(fields))).toBeNull();
  });
});
