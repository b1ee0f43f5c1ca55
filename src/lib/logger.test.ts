import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

/** Lines a logger writes, parsed. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger({ destination: destination as never }) };
}

describe('logger', () => {
  it('censors names, phones, emails and message text wherever they appear, keeps the ids', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        patientKey: 'csv:1:42',
        contactId: '901',
        firstName: 'Maria',
        lastName: 'Lopez',
        phone: '+16175550142',
        email: 'maria@example.com',
        body: 'my crown hurts',
        message: { to: '+16175550142', From: '+15017122661', Body: 'STOP', text: 'hi' },
        patient: { contact: { mobilePhone: '+16175550143', words: 'call me' } },
      },
      'reply received',
    );
    const text = JSON.stringify(lines);
    for (const secret of [
      'Maria',
      'Lopez',
      '6175550142',
      '6175550143',
      'maria@example.com',
      'crown',
      'STOP',
      'call me',
    ])
      expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({
      patientKey: 'csv:1:42',
      contactId: '901',
      msg: 'reply received',
    });
    expect(lines[0]!.email).toBe('[redacted]');
  });
});
