import { z } from 'zod';

const Rate = z.number().min(0).max(1);
const MsRange = z
  .tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])
  .refine(([min, max]) => min <= max, 'the first bound must not exceed the second');

/**
 * How the simulated patients of the embedded default behave. The rates are per patient reached by
 * a first message (`book` + `question` + `optOut` at most 1; the rest stay silent), then per booked
 * patient (`show`, `confirm`). The defaults are generous so a newcomer sees a funnel in a minute;
 * the README's estimate defaults, not these, are what a real practice should expect.
 */
export const PatientBehaviour = z
  .object({
    book: Rate.default(0.3),
    question: Rate.default(0.06),
    optOut: Rate.default(0.03),
    show: Rate.default(0.85),
    confirm: Rate.default(0.7),
    /** How long a patient takes to react to a message. */
    reactMs: MsRange.default([1_000, 6_000]),
    /** From booking to the (compressed) day of the visit. */
    visitAfterMs: MsRange.default([15_000, 35_000]),
  })
  // A hair over 1 is float rounding (0.34 + 0.56 + 0.1), not a share that does not exist.
  .refine((b) => b.book + b.question + b.optOut <= 1 + 1e-9, {
    message: 'book + question + opt-out rates must add up to at most 1',
  });
export type PatientBehaviour = z.infer<typeof PatientBehaviour>;
