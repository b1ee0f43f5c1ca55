import { describe, expect, it } from 'vitest';
import { fillBody, parseBody, staticText, tidy } from './template-body.ts';

const fill = (body: string, values: Record<string, string | undefined>) =>
  fillBody(parseBody(body).nodes, values, () => '');

describe('optional sections', () => {
  it.each([
    [
      'offer present',
      'Hi.[[ {offer}]] Book: {bookingLink}',
      { offer: '10% off.', bookingLink: 'L' },
      'Hi. 10% off. Book: L',
    ],
    [
      'offer absent: the section and its space go',
      'Hi.[[ {offer}]] Book: {bookingLink}',
      { bookingLink: 'L' },
      'Hi. Book: L',
    ],
    [
      'offer blank counts as absent',
      'Hi.[[ {offer}]] Book: {bookingLink}',
      { offer: '   ', bookingLink: 'L' },
      'Hi. Book: L',
    ],
    ['a section at the end', 'Book: {bookingLink}[[ {offer}]]', { bookingLink: 'L' }, 'Book: L'],
    [
      'a section with text around its placeholder',
      'Hi.[[ Today: {offer} Enjoy!]] Bye',
      { offer: 'cake.' },
      'Hi. Today: cake. Enjoy! Bye',
    ],
    [
      'a section goes if any of its placeholders is missing',
      'Hi[[ {firstName} at {locationName}]], bye',
      { firstName: 'Ana' },
      'Hi, bye',
    ],
    ['a missing value outside a section takes the fallback', 'Hi {firstName}, bye', {}, 'Hi, bye'],
    ['text without placeholders', 'Hello', {}, 'Hello'],
  ])('%s', (_what, body, values, expected) => {
    expect(fill(body, values)).toBe(expected);
  });

  it('inserts values literally: an offer cannot inject a placeholder', () => {
    expect(fill('A[[ {offer}]] {bookingLink}', { offer: '{bookingLink}!', bookingLink: 'L' })).toBe(
      'A {bookingLink}! L',
    );
  });
});

describe('parsing', () => {
  it('lists placeholders, unknown ones and those outside sections', () => {
    const p = parseBody('Hi {firstName}, {first_name}.[[ {offer}]] {bookingLink} {firstName}');
    expect(p.placeholders).toEqual(['firstName', 'first_name', 'offer', 'bookingLink']);
    expect(p.unknown).toEqual(['first_name']);
    expect(p.outsideSections).toEqual(['firstName', 'first_name', 'bookingLink']);
    expect(p.syntaxErrors).toEqual([]);
  });

  it.each([
    ['nested sections', 'a [[ b [[ c ]] ]]', /cannot contain another/],
    ['a stray closing', 'a ]] b', /closes no optional section/],
    ['an unclosed section', 'a [[ b {offer}', /never closed/],
    ['a lone brace', 'a { b', /lone "\{"/],
    ['a lone closing brace', 'a } b', /lone "\}"/],
  ])('%s', (_what, body, message) => {
    expect(parseBody(body).syntaxErrors.join(' ')).toMatch(message);
  });

  it('reads the literal words only for lint', () => {
    expect(staticText(parseBody('Hi {firstName}.[[ Get {offer} now]] Bye').nodes)).toBe(
      'Hi  . Get   now Bye',
    );
  });
});

describe('tidy', () => {
  it.each([
    ['doubled spaces', 'a  b   c', 'a b c'],
    ['space before punctuation', 'Hi , there .', 'Hi, there.'],
    [
      'keeps a link intact',
      'Book: https://x.example/b/a.b?c=1 .',
      'Book: https://x.example/b/a.b?c=1.',
    ],
    ['trims each line and keeps line breaks', ' a \n b ', 'a\nb'],
  ])('%s', (_what, text, expected) => {
    expect(tidy(text)).toBe(expected);
  });
});
