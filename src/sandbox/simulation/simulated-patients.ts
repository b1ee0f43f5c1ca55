import { DateTime } from 'luxon';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import { randomInt, type Random } from '../../lib/random.ts';
import type { LivePractice } from '../practice/live-practice.ts';
import type { TwilioSandbox } from '../twilio/index.ts';
import { PatientBehaviour, type PatientBehaviour as Behaviour } from './behaviour.ts';

/**
 * The sample practice's patients, answering what the service sends them through the Twilio
 * sandbox, for the embedded default. Each patient reached by a first message decides once, at the
 * configured rates: tap the booking link and book, say "yes" first and tap the link they get back,
 * ask a question (a hand-off), opt out, or stay silent. A booked patient answers reminders with
 * "C" at the confirm rate, and on the (compressed) day of the visit comes in or does not; the
 * front desk records each in the live PMS, which the next sync reads.
 */

type Plan = 'book' | 'yes_then_book' | 'question' | 'opt_out' | 'silent';

const LINK = /https?:\/\/\S+?\/b\/[\w.-]+/;
const REMINDER = /Reply C to confirm|Responda C para confirmar/;
const QUESTIONS = [
  'Can someone call me? I have a question about my insurance.',
  'Do you have anything on Saturdays?',
  '¿Me pueden llamar por favor?',
];

export interface SimulatedPatientsStats {
  reached: number;
  tapped: number;
  booked: number;
  cameIn: number;
  missed: number;
  asked: number;
  optedOut: number;
  confirmed: number;
}

export interface SimulatedPatients {
  stats(): SimulatedPatientsStats;
  stop(): Promise<void>;
}

interface PatientState {
  plan: Plan;
  stage: 'reached' | 'said_yes' | 'booked' | 'done';
  confirmed?: boolean;
}

export function startSimulatedPatients(o: {
  twilio: TwilioSandbox;
  practice: LivePractice;
  timeZone: string;
  behaviour?: Partial<Behaviour>;
  random: Random;
  clock: Clock;
  logger: Logger;
  pollMs?: number;
}): SimulatedPatients {
  const b = PatientBehaviour.parse(o.behaviour ?? {});
  const log = o.logger.child({ module: 'sandbox/patients' });
  const patients = new Map<string, PatientState>();
  const stats: SimulatedPatientsStats = {
    reached: 0,
    tapped: 0,
    booked: 0,
    cameIn: 0,
    missed: 0,
    asked: 0,
    optedOut: 0,
    confirmed: 0,
  };
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let cursor = 0;
  let stopped = false;

  const today = () => DateTime.fromJSDate(o.clock.now()).setZone(o.timeZone);
  const after = (ms: number, step: () => Promise<void>) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stopped) return;
      const done = step()
        .catch((error: unknown) => {
          log.warn({ error: (error as Error).message }, 'simulated patient step failed');
        })
        .finally(() => running.delete(done));
      running.add(done);
    }, ms);
    timers.add(timer);
  };
  const soon = (step: () => Promise<void>) =>
    after(randomInt(o.random, b.reactMs[0], b.reactMs[1]), step);

  const reply = (phone: string, channel: 'sms' | 'whatsapp', body: string, from: string | null) =>
    o.twilio
      .inbound({ from: phone, to: from ?? '+15017122661', body, channel })
      .then(() => undefined);

  function choosePlan(): Plan {
    const r = o.random.next();
    let edge = b.optOut;
    if (r < edge) return 'opt_out';
    if (r < (edge += b.question)) return 'question';
    if (r < (edge += b.book)) return o.random.next() < 0.35 ? 'yes_then_book' : 'book';
    return 'silent';
  }

  async function tapAndBook(patientId: string, link: string): Promise<void> {
    const state = patients.get(patientId)!;
    const follow = await fetch(link, { redirect: 'manual' });
    stats.tapped++;
    if (follow.status !== 302) return;
    const day = today()
      .plus({ days: randomInt(o.random, 1, 6) })
      .set({ hour: randomInt(o.random, 9, 16), minute: 0 });
    if (!o.practice.book(patientId, day)) return;
    state.stage = 'booked';
    stats.booked++;
    // The visit's day arrives (compressed): they come in, or they do not.
    after(randomInt(o.random, b.visitAfterMs[0], b.visitAfterMs[1]), async () => {
      state.stage = 'done';
      if (o.random.next() < b.show) {
        if (o.practice.attend(patientId, today())) stats.cameIn++;
      } else if (o.practice.miss(patientId, today())) stats.missed++;
    });
  }

  function onMessage(m: {
    to: string;
    body: string;
    from: string | null;
    channel: 'sms' | 'whatsapp';
  }): void {
    const phone = m.to.replace(/^whatsapp:/, '');
    const patientId = o.practice.patientIdOfPhone(phone);
    if (!patientId) return;
    const state = patients.get(patientId);
    if (REMINDER.test(m.body)) {
      if (state?.stage === 'booked' && !state.confirmed && o.random.next() < b.confirm) {
        state.confirmed = true;
        soon(async () => {
          await reply(phone, m.channel, 'C', m.from);
          stats.confirmed++;
        });
      }
      return;
    }
    const link = LINK.exec(m.body)?.[0];
    if (!link) return;
    if (state?.stage === 'said_yes') {
      soon(() => tapAndBook(patientId, link));
      return;
    }
    if (state) return;
    const plan = choosePlan();
    patients.set(patientId, { plan, stage: 'reached' });
    stats.reached++;
    if (plan === 'book') soon(() => tapAndBook(patientId, link));
    if (plan === 'yes_then_book')
      soon(async () => {
        patients.get(patientId)!.stage = 'said_yes';
        await reply(phone, m.channel, 'Yes please! What times do you have?', m.from);
      });
    if (plan === 'question')
      soon(async () => {
        stats.asked++;
        await reply(phone, m.channel, QUESTIONS[randomInt(o.random, 0, 2)]!, m.from);
      });
    if (plan === 'opt_out')
      soon(async () => {
        stats.optedOut++;
        const words = o.random.next() < 0.5 ? 'STOP' : 'please stop texting me';
        await reply(phone, m.channel, words, m.from);
      });
  }

  const poll = setInterval(() => {
    const outbox = o.twilio.outbox;
    for (; cursor < outbox.length; cursor++) {
      const entry = outbox[cursor]!;
      if (entry.kind !== 'message') continue;
      onMessage({
        to: entry.to,
        body: entry.body,
        from: entry.from,
        channel: entry.channel === 'whatsapp' ? 'whatsapp' : 'sms',
      });
    }
  }, o.pollMs ?? 250);

  return {
    stats: () => ({ ...stats }),
    async stop() {
      stopped = true;
      clearInterval(poll);
      for (const t of timers) clearTimeout(t);
      await Promise.all(running);
    },
  };
}
