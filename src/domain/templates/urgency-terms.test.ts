import { describe, expect, it } from 'vitest';
import { findDeadline, findPressure } from './urgency-terms.ts';

describe('pressure wording (rejected everywhere)', () => {
  it.each([
    ['Last chance to book!', 'Last chance'],
    ['Act now', 'Act now'],
    ['Hurry!', 'Hurry'],
    ['only today', 'only today'],
    ['Today only: 10% off', 'Today only'],
    ['for a limited time', 'for a limited time'],
    ['a limited-time offer', 'limited-time'],
    ['FINAL NOTICE', 'FINAL NOTICE'],
    ['ends tonight', 'ends tonight'],
    ["before it's too late", "before it's too late"],
    ['before it’s too late', 'before it’s too late'],
    ['only 2 spots left', 'only 2 spots left'],
    ['3 appointments remaining', '3 appointments remaining'],
    ['48 hours left', '48 hours left'],
    ["don't miss out", "don't miss out"],
    ['la última oportunidad', 'última oportunidad'],
    ['¡Actúe ahora!', 'Actúe ahora'],
    ['dese prisa', 'dese prisa'],
    ['sólo hoy', 'sólo hoy'],
    ['por tiempo limitado', 'por tiempo limitado'],
    ['último aviso', 'último aviso'],
    ['termina esta noche', 'termina esta noche'],
    ['antes de que sea tarde', 'antes de que sea tarde'],
    ['quedan solo 2 citas', 'quedan solo 2 citas'],
    ['¡no se lo pierda!', 'no se lo pierda'],
  ])('%s', (text, found) => {
    expect(findPressure(text)).toContain(found);
  });

  it.each([
    'There is no hurry',
    'whenever you are ready',
    'sin prisa',
    'cuando usted quiera',
    'Offer valid until March 31',
  ])('allows "%s"', (text) => {
    expect(findPressure(text)).toEqual([]);
  });
});

describe('deadline wording (rejected in templates, allowed in an offer)', () => {
  it.each([
    ['Offer expires soon', 'expires'],
    ['valid until March 31', 'valid until'],
    ['the deadline', 'deadline'],
    ['la oferta vence el 31', 'vence'],
    ['válido hasta el 31 de marzo', 'válido hasta'],
  ])('%s', (text, found) => {
    expect(findDeadline(text)).toContain(found);
  });
});
