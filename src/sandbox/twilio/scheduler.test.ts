import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/clock.ts';
import { Scheduler } from './scheduler.ts';
import { SenderQueue } from './sender-queue.ts';

describe('Scheduler on an injected clock', () => {
  it('runs only what is due, in due order, and what flush forces', async () => {
    const clock = new ManualClock('2026-03-02T15:00:00Z');
    const scheduler = new Scheduler(clock, false);
    const ran: string[] = [];
    const start = clock.now().getTime();
    scheduler.schedule('a', start + 2000, async () => void ran.push('a2'));
    scheduler.schedule('b', start + 1000, async () => {
      ran.push('b1');
      // A step can schedule the next one (sent → delivered).
      scheduler.schedule('b', start + 5000, async () => void ran.push('b5'));
    });
    await scheduler.runDue();
    expect(ran).toEqual([]);
    clock.advance(2000);
    await scheduler.runDue();
    expect(ran).toEqual(['b1', 'a2']);
    expect(scheduler.pendingFor('b')).toBe(1);
    await scheduler.flush();
    expect(ran).toEqual(['b1', 'a2', 'b5']);
    expect(scheduler.size).toBe(0);
  });

  it('cancel drops the pending steps of one key', async () => {
    const clock = new ManualClock('2026-03-02T15:00:00Z');
    const scheduler = new Scheduler(clock, false);
    const ran: string[] = [];
    scheduler.schedule('x', 0, async () => void ran.push('x'));
    scheduler.schedule('y', 0, async () => void ran.push('y'));
    scheduler.cancel('x');
    await scheduler.flush();
    expect(ran).toEqual(['y']);
    await scheduler.stop();
  });

  it('on the system clock, a real timer runs steps as they fall due', async () => {
    const scheduler = new Scheduler({ now: () => new Date() }, true);
    const done = new Promise<number>((resolve) =>
      scheduler.schedule('t', Date.now() + 30, async () => resolve(Date.now())),
    );
    expect(await done).toBeGreaterThan(0);
    await scheduler.stop();
  });
});

describe('SenderQueue', () => {
  it('spaces one sender at its rate and refuses what would wait beyond the limit', () => {
    const queue = new SenderQueue({ perSecond: 2, maxQueueSeconds: 1 });
    expect(queue.reserve('MG1', 0)).toBe(0);
    expect(queue.reserve('MG1', 0)).toBe(500);
    expect(queue.reserve('MG1', 0)).toBe(1000);
    expect(queue.reserve('MG1', 0)).toBe('full');
    expect(queue.reserve('+15005550006', 0)).toBe(0);
    expect(queue.reserve('MG1', 10_000)).toBe(10_000);
  });

  it('without a rate, everything leaves at once', () => {
    const queue = new SenderQueue();
    expect(queue.reserve('MG1', 5)).toBe(5);
    expect(queue.reserve('MG1', 5)).toBe(5);
  });
});
