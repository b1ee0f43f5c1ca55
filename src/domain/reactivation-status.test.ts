import { describe, expect, it } from 'vitest';
import {
  mergeStatus,
  statusFromPms,
  type PmsStatus,
  type ReactivationStatus,
} from './reactivation-status.ts';
import type { Segmentation } from './segment.ts';

const seg = (
  outcome: Segmentation['outcome'],
  extra: Partial<Segmentation> = {},
): Segmentation => ({ outcome, ...extra });

describe('the status the PMS implies', () => {
  it.each<[string, Segmentation, { lastVisit?: string } | undefined, PmsStatus]>([
    ['in a segment', seg('overdue_recall', { lastVisit: '2026-01-01' }), undefined, 'eligible'],
    [
      'scheduled',
      seg('excluded', { exclusion: 'scheduled' }),
      { lastVisit: '2026-01-01' },
      'booked',
    ],
    [
      'came back: a visit after the one they had when last in a segment',
      seg('active', { lastVisit: '2026-10-01' }),
      { lastVisit: '2025-01-01' },
      'recovered',
    ],
    [
      'came back after never having visited',
      seg('active', { lastVisit: '2026-10-01' }),
      {},
      'recovered',
    ],
    [
      'current again without a new visit (recall date moved)',
      seg('active', { lastVisit: '2025-01-01' }),
      { lastVisit: '2025-01-01' },
      'not_eligible',
    ],
    [
      'current, never seen in a segment',
      seg('active', { lastVisit: '2026-10-01' }),
      undefined,
      'not_eligible',
    ],
    [
      'inactive',
      seg('excluded', { exclusion: 'inactive' }),
      { lastVisit: '2025-01-01' },
      'not_eligible',
    ],
    ['deceased', seg('excluded', { exclusion: 'deceased' }), undefined, 'not_eligible'],
    ['lost', seg('excluded', { exclusion: 'lost' }), undefined, 'not_eligible'],
    ['never visited', seg('excluded', { exclusion: 'never_visited' }), undefined, 'not_eligible'],
  ])('%s', (_name, s, seen, expected) => {
    expect(statusFromPms(s, seen)).toBe(expected);
  });
});

describe('what the sync writes over what HubSpot holds', () => {
  it.each<[PmsStatus, ReactivationStatus | undefined, ReactivationStatus | undefined]>([
    ['eligible', undefined, 'eligible'],
    ['eligible', 'in_sequence', undefined],
    ['eligible', 'contacted', undefined],
    ['eligible', 'replied', undefined],
    ['eligible', 'booked', 'eligible'], // the appointment was cancelled
    ['eligible', 'recovered', 'eligible'], // lapsed again
    ['booked', 'contacted', 'booked'],
    ['booked', 'replied', 'booked'],
    ['booked', 'confirmed', undefined],
    ['recovered', 'booked', 'recovered'],
    ['recovered', 'confirmed', 'recovered'],
    ['not_eligible', 'eligible', 'not_eligible'],
    ['booked', 'booked', undefined],
    ...(['opted_out', 'do_not_contact', 'paused'] as const).flatMap((kept) =>
      (['eligible', 'booked', 'recovered', 'not_eligible'] as const).map(
        (pms): [PmsStatus, ReactivationStatus, undefined] => [pms, kept, undefined],
      ),
    ),
  ])('PMS says %s, HubSpot holds %s → %s', (pms, current, expected) => {
    expect(mergeStatus(pms, current)).toBe(expected);
  });
});
