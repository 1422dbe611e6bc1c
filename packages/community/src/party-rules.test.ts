import { describe, expect, it } from 'vitest';
import { branchOverview, linkOf } from './party-rules.ts';

const kind = (o: ReturnType<typeof branchOverview>, k: string) => o.kinds.find((x) => x.kind === k)!;

describe('三会一课 yearly overview', () => {
  it('counts each kind against its cadence: only ended periods are due, the current one is open', () => {
    // Mid-May: January–April have ended (4 months, 1 quarter); May and Q2 are open.
    const o = branchOverview(
      [
        { kind: 'committee', date: '2026-01-08' },
        { kind: 'committee', date: '2026-02-10' },
        { kind: 'committee', date: '2026-02-25' },
        { kind: 'committee', date: '2026-04-02' },
        { kind: 'committee', date: '2026-05-06' },
        { kind: 'congress', date: '2026-03-20' },
        { kind: 'lecture', date: '2026-04-18' },
        { kind: 'theme-day', date: '2026-03-05' },
        { kind: 'other', date: '2026-04-05' },
        { kind: 'committee', date: '2025-12-30' },
      ],
      2026,
      '2026-05-15',
    );
    const committee = kind(o, 'committee');
    expect(committee).toMatchObject({ cadence: 'monthly', held: 5, expected: 12, due: 4, missed: 1 });
    expect(committee.periods.slice(0, 6).map((p) => p.state)).toEqual([
      'held',
      'held',
      'missed',
      'held',
      'held',
      'future',
    ]);
    expect(committee.periods[1]).toEqual({ period: '2026-02', held: 2, state: 'held' });
    expect(kind(o, 'congress')).toMatchObject({
      cadence: 'quarterly',
      held: 1,
      expected: 4,
      due: 1,
      missed: 0,
    });
    // 党课 in April: Q2 is open and already held; Q1 ended without one.
    expect(kind(o, 'lecture')).toMatchObject({ held: 1, due: 1, missed: 1 });
    expect(kind(o, 'lecture').periods.map((p) => p.state)).toEqual(['missed', 'held', 'future', 'future']);
    // No 党小组会 at all: January to April missed, May still open.
    expect(kind(o, 'group')).toMatchObject({ held: 0, due: 4, missed: 4 });
    expect(kind(o, 'group').periods[4]!.state).toBe('open');
    expect(o.otherActivities).toBe(2);
    expect(o.behind).toBe(true);
  });

  it('asks nothing for the periods before the branch was founded; the founding period counts', () => {
    const o = branchOverview([{ kind: 'committee', date: '2026-08-20' }], 2026, '2026-10-03', '2026-08-15');
    const committee = kind(o, 'committee');
    expect(committee.periods.slice(0, 7).every((p) => p.state === 'before-founding')).toBe(true);
    expect(committee).toMatchObject({ expected: 5, due: 2, missed: 1 });
    expect(committee.periods[7]!.state).toBe('held');
    expect(committee.periods[8]!.state).toBe('missed');
    // Founded in Q3: Q3 is asked for (ended, none held), Q4 is open.
    expect(kind(o, 'congress')).toMatchObject({ expected: 2, due: 1, missed: 1 });
  });

  it('a past year is due in full; a branch that kept every meeting is not behind', () => {
    const all = [
      ...Array.from({ length: 12 }, (_, i) => ({
        kind: 'committee',
        date: `2025-${String(i + 1).padStart(2, '0')}-10`,
      })),
      ...Array.from({ length: 12 }, (_, i) => ({
        kind: 'group',
        date: `2025-${String(i + 1).padStart(2, '0')}-12`,
      })),
      ...['02', '05', '08', '11'].flatMap((m) => [
        { kind: 'congress', date: `2025-${m}-15` },
        { kind: 'lecture', date: `2025-${m}-16` },
      ]),
    ];
    const o = branchOverview(all, 2025, '2026-05-15');
    expect(o.kinds.map((k) => [k.kind, k.held, k.due, k.missed])).toEqual([
      ['congress', 4, 4, 0],
      ['committee', 12, 12, 0],
      ['group', 12, 12, 0],
      ['lecture', 4, 4, 0],
    ]);
    expect(o.behind).toBe(false);
  });
});

describe('linking a member to a resident record needs consent', () => {
  const now = new Date('2026-05-15T02:00:00Z');
  it('refuses a link without consent', () => {
    expect(() => linkOf({ residentId: '01J0000000000000000000000A' }, 'worker', now)).toThrow(
      expect.objectContaining({ code: 'PARTY_CONSENT_REQUIRED', status: 400 }),
    );
  });
  it('records who recorded the consent, when and how', () => {
    expect(
      linkOf(
        { residentId: '01J0000000000000000000000A', consent: { method: 'written', givenOn: '2026-05-14' } },
        'worker',
        now,
      ),
    ).toEqual({
      residentId: '01J0000000000000000000000A',
      consent: {
        method: 'written',
        givenOn: '2026-05-14',
        recordedBy: 'worker',
        recordedAt: now.toISOString(),
      },
    });
  });
  it('records a member without a link by name, and keeps no consent without a link', () => {
    expect(linkOf({ name: '张三', consent: { method: 'oral', givenOn: '2026-05-14' } }, 'w', now)).toEqual(
      {},
    );
    expect(() => linkOf({ name: '  ' }, 'w', now)).toThrow(
      expect.objectContaining({ code: 'PARTY_MEMBER_NAME_REQUIRED' }),
    );
  });
});
