import { beforeEach, describe, expect, it } from 'vitest';
import type { MessageRecord } from '../store/message-log.ts';
import { createMemoryStore, type Store } from '../store/store.ts';
import { creditBooking, recordAutomaticTrial } from './bandit-reward.ts';

const BOOKED_AT = new Date('2026-11-20T15:00:00.000Z');
const DAY = 86_400_000;
const before = (ms: number) => new Date(BOOKED_AT.getTime() - ms).toISOString();

let seq = 0;
function message(fields: Partial<MessageRecord> & Pick<MessageRecord, 'sentAt'>): MessageRecord {
  return {
    sid: `SM${++seq}`,
    patientKey: 'od:0:1',
    contactId: '7',
    channel: 'sms',
    templateId: 'overdue_recall.sms.b',
    variant: 'b',
    chosenBy: 'automatic',
    status: 'delivered',
    rank: 3,
    ...fields,
  };
}

let store: Store;
beforeEach(() => {
  store = createMemoryStore({});
});

async function put(...records: MessageRecord[]): Promise<void> {
  for (const r of records) await store.messages.put(r);
}
const credit = () => creditBooking(store, { patientKey: 'od:0:1', bookedAt: BOOKED_AT });

describe('creditBooking: the 14-day window', () => {
  it.each([
    ['sent an hour before', before(3_600_000), true],
    ['sent exactly 14 days before', before(14 * DAY), true],
    ['sent 14 days and a second before', before(14 * DAY + 1000), false],
    ['sent at the booking instant', before(0), true],
    ['sent after the booking', before(-60_000), false],
  ])('%s → credited: %s', async (_name, sentAt, credited) => {
    await put(message({ sentAt }));
    expect((await credit()).credited).toBe(credited);
    const expected = credited ? [{ variant: 'b', trials: 0, successes: 1 }] : [];
    expect(await store.bandit.arms('overdue_recall|sms')).toEqual(expected);
  });

  it('no message at all: nothing to credit', async () => {
    expect(await credit()).toEqual({ credited: false, reason: 'no-message-in-window' });
  });
});

describe('creditBooking: which message earns it', () => {
  it('skips appointment reminders and credits the reactivation message before them', async () => {
    const outreach = message({
      sentAt: before(5 * DAY),
      templateId: 'dormant.voice.a',
      variant: 'a',
      channel: 'call',
    });
    await put(
      outreach,
      message({ sentAt: before(DAY), templateId: 'reminder.1d', chosenBy: undefined }),
    );
    expect(await credit()).toEqual({
      credited: true,
      sid: outreach.sid,
      key: 'dormant|voice',
      variant: 'a',
    });
    expect(await store.bandit.arms('dormant|voice')).toEqual([
      { variant: 'a', trials: 0, successes: 1 },
    ]);
  });

  it('the latest message was the marketer’s choice: no credit, not even to an earlier automatic one', async () => {
    const chosen = message({
      sentAt: before(2 * DAY),
      variant: 'a',
      templateId: 'overdue_recall.sms.a',
      chosenBy: undefined,
    });
    await put(message({ sentAt: before(6 * DAY) }), chosen);
    expect(await credit()).toEqual({ credited: false, reason: 'not-automatic', sid: chosen.sid });
    expect((await store.bandit.all()).size).toBe(0);
  });

  it('an automatic message whose template id is not a reactivation template is not counted', async () => {
    await put(message({ sentAt: before(DAY), templateId: undefined }));
    expect(await credit()).toMatchObject({ credited: false, reason: 'not-a-template' });
  });

  it('credits each message once, however often the booking is seen', async () => {
    const m = message({ sentAt: before(3 * DAY) });
    await put(m);
    expect((await credit()).credited).toBe(true);
    expect(await credit()).toEqual({ credited: false, reason: 'already-credited', sid: m.sid });
    const later = new Date(BOOKED_AT.getTime() + DAY);
    expect((await creditBooking(store, { patientKey: 'od:0:1', bookedAt: later })).credited).toBe(
      false,
    );
    expect(await store.bandit.arms('overdue_recall|sms')).toEqual([
      { variant: 'b', trials: 0, successes: 1 },
    ]);
  });

  it('a second booking after a new automatic message credits that message too', async () => {
    await put(message({ sentAt: before(3 * DAY) }));
    await credit();
    await put(
      message({
        sentAt: new Date(BOOKED_AT.getTime() + 30 * DAY).toISOString(),
        templateId: 'overdue_recall.sms.c',
        variant: 'c',
      }),
    );
    const second = new Date(BOOKED_AT.getTime() + 31 * DAY);
    expect(await creditBooking(store, { patientKey: 'od:0:1', bookedAt: second })).toMatchObject({
      credited: true,
      variant: 'c',
    });
    expect(await store.bandit.arms('overdue_recall|sms')).toEqual([
      { variant: 'b', trials: 0, successes: 1 },
      { variant: 'c', trials: 0, successes: 1 },
    ]);
  });
});

describe('recordAutomaticTrial', () => {
  it('counts an automatic message once, even when called again for the same sid', async () => {
    const m = message({ sentAt: before(0) });
    expect(await recordAutomaticTrial(store, m)).toBe(true);
    expect(await recordAutomaticTrial(store, m)).toBe(false);
    expect(await recordAutomaticTrial(store, message({ sentAt: before(0) }))).toBe(true);
    expect(await store.bandit.arms('overdue_recall|sms')).toEqual([
      { variant: 'b', trials: 2, successes: 0 },
    ]);
  });

  it.each([
    ['the marketer’s letter', { chosenBy: undefined }],
    ['a reminder', { templateId: 'reminder.3d' }],
    ['no template id', { templateId: undefined }],
  ])('ignores %s', async (_name, fields) => {
    expect(await recordAutomaticTrial(store, message({ sentAt: before(0), ...fields }))).toBe(
      false,
    );
    expect((await store.bandit.all()).size).toBe(0);
  });
});
