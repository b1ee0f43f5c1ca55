import { describe, expect, it } from 'vitest';
import { REPLY_CORPUS } from '../../test/fixtures/reply-corpus.ts';
import { classifyReply, REPLY_INTENTS } from './reply-classifier.ts';

/**
 * The misses by class; their words only with REPLY_MISSES=1 (a developer's run): the words are
 * made-up replies, but test logs carry no message text.
 */
function misses(wrong: { text: string; language: string; got: string; intent: string }[]): string {
  if (process.env.REPLY_MISSES === '1')
    return wrong
      .map((w) => `  miss: "${w.text}" (${w.language}) → ${w.got}, labelled ${w.intent}`)
      .join('\n');
  const counts = new Map<string, number>();
  for (const w of wrong)
    counts.set(`${w.intent} → ${w.got}`, (counts.get(`${w.intent} → ${w.got}`) ?? 0) + 1);
  return [...counts].map(([k, n]) => `  ${n} × ${k}`).join('\n');
}

describe('the reply classifier on its corpus', () => {
  const results = REPLY_CORPUS.map((r) => ({ ...r, got: classifyReply(r.text, r.context) }));
  const wrong = results.filter((r) => r.got !== r.intent);

  it('has at least 200 labelled replies, in both languages, of every class', () => {
    expect(REPLY_CORPUS.length).toBeGreaterThanOrEqual(200);
    for (const language of ['en', 'es'] as const) {
      for (const intent of REPLY_INTENTS) {
        expect(
          REPLY_CORPUS.some((r) => r.language === language && r.intent === intent),
          `${language} ${intent}`,
        ).toBe(true);
      }
    }
  });

  it('reports its accuracy, and is right on at least 97% of them', () => {
    const rows = REPLY_INTENTS.map((intent) => {
      const labelled = results.filter((r) => r.intent === intent);
      const predicted = results.filter((r) => r.got === intent);
      const hits = labelled.filter((r) => r.got === intent).length;
      return `${intent.padEnd(13)} n=${String(labelled.length).padStart(3)}  recall ${(hits / labelled.length).toFixed(3)}  precision ${(predicted.length ? predicted.filter((r) => r.intent === intent).length / predicted.length : 1).toFixed(3)}`;
    });
    const accuracy = 1 - wrong.length / results.length;
    console.log(
      `reply classifier: ${results.length} replies, accuracy ${(accuracy * 100).toFixed(1)}%\n${rows.join('\n')}\n${misses(wrong)}`,
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.97);
  });

  it('never misses an opt-out, and never reads one where there is none', () => {
    expect(
      results.filter((r) => r.intent === 'opt_out' && r.got !== 'opt_out').map((r) => r.text),
    ).toEqual([]);
    expect(
      results.filter((r) => r.intent !== 'opt_out' && r.got === 'opt_out').map((r) => r.text),
    ).toEqual([]);
  });

  it.each([
    ['Can I stop by tomorrow to book?', 'book'],
    ['I will stop by next week', 'book'],
    ['stop', 'opt_out'],
    ['STOP', 'opt_out'],
  ] as const)('"%s" → %s', (text, intent) => {
    expect(classifyReply(text)).toBe(intent);
  });
});

/*
 * Corpora written by people who never saw the classifier. The first two were then used to improve
 * it, so their scores now flatter it: before those changes the first scored 81.9% (opt-out recall
 * 84.2%) and the second 84.0% (76.3%), the third 87.5% (88.1%), the fourth 81.0% (81.8%). The last ("final") was written
 * after the changes and never used to change anything: its score is the honest one.
 */
describe.each([
  [
    'development corpus 1 (written independently, then used to improve the classifier)',
    'reply-corpus-heldout.ts',
    'HELDOUT_REPLIES',
    0.97,
    0.97,
  ],
  [
    'development corpus 2 (written independently, then used to improve the classifier)',
    'reply-corpus-fresh.ts',
    'FRESH_REPLIES',
    0.97,
    0.97,
  ],
  // Measured once as the held-out corpus: 87.5% right, 37 of 42 opt-outs caught. Its five missed
  // opt-outs were then fixed (Spanish "ya no nos manden", "favor de no enviar", "I do not consent",
  // a reply of stop signs; one had read as an opt-in), so it became a development corpus.
  [
    'development corpus 3 (the previous held-out corpus, then used to fix the opt-outs it missed)',
    'reply-corpus-final.ts',
    'FINAL_REPLIES',
    0.9,
    0.97,
  ],
  // Written blind, after the fixes above: 81.0% right, opt-out recall 81.8% (45 of 55) on its
  // first run. Its misses were then fixed in general form (a leading STOP sentence, "take us off",
  // "remove her from your list", Spanish "sáquenos", "favor de no enviarme", "who is this",
  // "I'm not Jorge", a thumbs-up to a reminder), so it became a development corpus too.
  [
    'development corpus 4 (written blind after the previous fixes, then used to fix its misses)',
    'reply-corpus-final-2.ts',
    'FINAL_2_REPLIES',
    0.95,
    0.97,
  ],
  // Written by someone who never saw the classifier or the other corpora, after the last change;
  // the thresholds were set before it was first run. Its score is the honest one.
  [
    'final held-out corpus (written after the last change, never used to change it)',
    'reply-corpus-final-3.ts',
    'FINAL_3_REPLIES',
    0.8,
    0.85,
  ],
] as const)(
  'the reply classifier on a %s',
  (name, file, exported, minAccuracy, minOptOutRecall) => {
    it(`reports its accuracy (at least ${minAccuracy * 100}%, opt-out recall at least ${minOptOutRecall * 100}%)`, async () => {
      const corpus = (await import(`../../test/fixtures/${file}`))[exported] as typeof REPLY_CORPUS;
      const results = corpus.map((r) => ({ ...r, got: classifyReply(r.text, r.context) }));
      const wrong = results.filter((r) => r.got !== r.intent);
      const optOuts = results.filter((r) => r.intent === 'opt_out');
      const optOutRecall = optOuts.filter((r) => r.got === 'opt_out').length / optOuts.length;
      const accuracy = 1 - wrong.length / results.length;
      console.log(
        `${name}: ${results.length} replies, accuracy ${(accuracy * 100).toFixed(1)}%, opt-out recall ${(optOutRecall * 100).toFixed(1)}%\n${misses(wrong)}`,
      );
      expect(optOutRecall).toBeGreaterThanOrEqual(minOptOutRecall);
      expect(accuracy).toBeGreaterThanOrEqual(minAccuracy);
    });
  },
);
