import { describe, expect, it } from 'vitest';
import { findElement, findElements, parseTwiml } from './twiml.ts';

describe('parseTwiml', () => {
  it('reads verbs, attributes, text and nesting', () => {
    const root = parseTwiml(`<?xml version="1.0" encoding="UTF-8"?>
      <Response>
        <!-- menu -->
        <Gather action="/voice/menu?step=2" method="POST" numDigits="1">
          <Say voice="alice">Press 1 to book &amp; 2 to stop.</Say>
        </Gather>
        <Redirect method='GET'>/voice/start</Redirect>
        <Hangup/>
      </Response>`);
    expect(root.name).toBe('Response');
    const gather = findElement(root, 'Gather');
    expect(gather?.attributes).toEqual({
      action: '/voice/menu?step=2',
      method: 'POST',
      numDigits: '1',
    });
    expect(findElement(root, 'Say')?.text).toBe('Press 1 to book & 2 to stop.');
    expect(findElement(root, 'Redirect')).toMatchObject({
      text: '/voice/start',
      attributes: { method: 'GET' },
    });
    expect(findElement(root, 'Hangup')?.children).toEqual([]);
    expect(findElements(root, 'Say')).toHaveLength(1);
  });

  it('finds several messages in a messaging response', () => {
    const root = parseTwiml(
      '<Response><Message>One</Message><Message><Body>Two</Body></Message></Response>',
    );
    expect(findElements(root, 'Message').map((m) => m.text || m.children[0]?.text)).toEqual([
      'One',
      'Two',
    ]);
  });

  it.each(['<Response><Say>unclosed</Response>', '<Response>', '', 'not xml <'])(
    'rejects %j',
    (xml) => {
      expect(() => parseTwiml(xml)).toThrow();
    },
  );
});
