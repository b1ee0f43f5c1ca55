import { describe, expect, it } from 'vitest';
import { optOutType } from './keywords.ts';

describe("Twilio's Advanced Opt-Out keywords", () => {
  it.each([
    ['STOP', 'STOP'],
    ['stop', 'STOP'],
    ['  Stop \n', 'STOP'],
    ['STOPALL', 'STOP'],
    ['unsubscribe', 'STOP'],
    ['cancel', 'STOP'],
    ['END', 'STOP'],
    ['quit', 'STOP'],
    ['REVOKE', 'STOP'],
    ['optout', 'STOP'],
    ['START', 'START'],
    ['unstop', 'START'],
    ['yes', 'START'],
    ['HELP', 'HELP'],
    ['info', 'HELP'],
  ])('%j is %s', (body, type) => {
    expect(optOutType(body)).toBe(type);
  });

  it.each(['please stop texting me', 'stop.', 'STOP NOW', 'yes please', 'help me book', ''])(
    '%j is not a keyword (Twilio matches single words only)',
    (body) => {
      expect(optOutType(body)).toBeUndefined();
    },
  );
});
