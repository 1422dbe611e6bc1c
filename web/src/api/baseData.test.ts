import { describe, expect, it } from 'vitest';
import { json, mockFetch, problem, signInStaff } from '../test/utils';
import {
  createOrganization,
  fetchAllBuildings,
  fetchBuildings,
  fetchGridResidents,
  fetchGrids,
  fetchHousehold,
  fetchHouseholds,
  fetchOrganization,
  fetchOrganizations,
  fetchUnits,
  type Grid,
  householdType,
  saveBuilding,
  saveGrid,
  saveHousehold,
  saveUnit,
  updateOrganization,
} from './baseData';
import { ApiError } from './errors';

const COMMUNITY = '110101001001';
const ORG = '01JBORG0000000000000000000';

const signIn = () => signInStaff();

const stored = <T>(value: T, extra: Record<string, unknown> = {}) => ({
  id: 'X',
  communityCode: COMMUNITY,
  version: 1,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  lastVerifiedAt: '2026-01-01T00:00:00Z',
  value,
  ...extra,
});

describe('base-data API helpers', () => {
  it('lists each kind of record of one community, by cursor, with the bearer token', async () => {
    signIn();
    const { calls } = mockFetch({
      [`GET /api/t/households?community=${COMMUNITY}&limit=50&cursor=abc%3D`]: () => json({ items: [] }),
      'GET /api/t/households/H%2F01': () =>
        json(stored({ householdRef: 'H/01', communityCode: COMMUNITY, kind: 'collective', members: [] })),
      [`GET /api/t/buildings?community=${COMMUNITY}&limit=50`]: () => json({ items: [] }),
      [`GET /api/t/buildings/${COMMUNITY}/3%E5%8F%B7%E6%A5%BC/units?limit=50&cursor=c2`]: () =>
        json({ items: [] }),
      [`GET /api/t/organizations?community=${COMMUNITY}&type=volunteer-team&limit=50`]: () =>
        json({ items: [] }),
      [`GET /api/t/organizations?community=${COMMUNITY}&limit=50`]: () => json({ items: [] }),
      [`GET /api/t/organizations/${ORG}`]: () =>
        json(stored({ communityCode: COMMUNITY, name: '志愿队', type: 'volunteer-team' })),
      [`GET /api/t/grids?community=${COMMUNITY}&limit=50`]: () => json({ items: [], cursor: 'n' }),
      [`GET /api/t/grids/${COMMUNITY}/01/residents?limit=50`]: () => json({ items: [] }),
    });

    await fetchHouseholds(COMMUNITY, 'abc=');
    const h = await fetchHousehold('H/01');
    await fetchBuildings(COMMUNITY);
    await fetchUnits(COMMUNITY, '3号楼', 'c2');
    await fetchOrganizations(COMMUNITY, 'volunteer-team');
    await fetchOrganizations(COMMUNITY);
    await fetchOrganization(ORG);
    expect(await fetchGrids(COMMUNITY)).toEqual({ items: [], cursor: 'n' });
    await fetchGridResidents(COMMUNITY, '01');

    expect(calls.every((c) => c.method === 'GET' && c.headers.authorization === 'Bearer a')).toBe(true);
    expect(calls).toHaveLength(9);
    // The store keeps the household type as `kind`; the UI reads either.
    expect(householdType(h.value)).toBe('collective');
  });

  it('reads every page of the buildings for the grid form (200 a page)', async () => {
    signIn();
    const b = (n: string) => stored({ communityCode: COMMUNITY, number: n, use: 'residential' });
    const { calls } = mockFetch({
      [`GET /api/t/buildings?community=${COMMUNITY}&limit=200`]: () =>
        json({ items: [b('1'), b('2')], cursor: 'p2' }),
      [`GET /api/t/buildings?community=${COMMUNITY}&limit=200&cursor=p2`]: () => json({ items: [b('3')] }),
    });
    const all = await fetchAllBuildings(COMMUNITY);
    expect(all.map((x) => x.value.number)).toEqual(['1', '2', '3']);
    expect(calls).toHaveLength(2);
  });

  it('posts households, buildings, units, organizations and grids as the API expects', async () => {
    signIn();
    const { calls } = mockFetch({
      'POST /api/t/households': (c) => json(stored(c.body), 201),
      'POST /api/t/buildings': (c) => json(stored(c.body), 201),
      'POST /api/t/housing-units': (c) => json(stored(c.body), 201),
      'POST /api/t/organizations': (c) => json(stored(c.body), 201),
      [`PATCH /api/t/organizations/${ORG}`]: (c) => json(stored(c.body)),
      'POST /api/t/grids': (c) => json(stored(c.body), 200),
    });
    const household = {
      householdRef: 'H001',
      communityCode: COMMUNITY,
      type: 'family' as const,
      building: '3',
      members: [
        { idNumber: '11010519491231002X', relationship: '02' },
        { idNumber: '110105195001010018', relationship: '10' },
      ],
      version: 2,
    };
    await saveHousehold(household);
    await saveBuilding({ communityCode: COMMUNITY, number: '3', use: 'residential', floors: 6 });
    await saveUnit({
      communityCode: COMMUNITY,
      building: '3',
      unit: '2',
      room: '301',
      use: 'residential',
      tenure: 'rented',
      occupancy: 'vacant',
    });
    await createOrganization({ communityCode: COMMUNITY, name: '志愿队', type: 'volunteer-team' });
    await updateOrganization(ORG, { memberCount: 12, version: 3 });
    const grid: Grid & { version: number } = {
      communityCode: COMMUNITY,
      code: '01',
      name: '第一网格',
      buildings: ['1', '3'],
      workerName: '李四',
      version: 4,
    };
    await saveGrid(grid);

    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST /api/t/households',
      'POST /api/t/buildings',
      'POST /api/t/housing-units',
      'POST /api/t/organizations',
      `PATCH /api/t/organizations/${ORG}`,
      'POST /api/t/grids',
    ]);
    expect(calls[0]!.body).toEqual(household);
    expect(calls[0]!.headers['content-type']).toBe('application/json');
    expect(calls[1]!.body).toEqual({ communityCode: COMMUNITY, number: '3', use: 'residential', floors: 6 });
    expect(calls[2]!.body).toMatchObject({
      building: '3',
      room: '301',
      tenure: 'rented',
      occupancy: 'vacant',
    });
    expect(calls[3]!.body).toEqual({ communityCode: COMMUNITY, name: '志愿队', type: 'volunteer-team' });
    expect(calls[4]!.body).toEqual({ memberCount: 12, version: 3 });
    expect(calls[5]!.body).toEqual(grid);
  });

  it('turns a field-level 400 into an ApiError with the fields', async () => {
    signIn();
    mockFetch({
      'POST /api/t/households': () =>
        problem({
          status: 400,
          code: 'VALIDATION',
          message: { zh: '数据有误', en: 'Invalid data' },
          errors: [
            {
              field: 'members.1.idNumber',
              code: 'HOUSEHOLD_MEMBER_UNKNOWN',
              message: { zh: '该成员尚未登记为居民', en: 'This member is not a registered resident' },
            },
          ],
        }),
    });
    const err = await saveHousehold({
      householdRef: 'H1',
      communityCode: COMMUNITY,
      type: 'family',
      members: [],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).fieldErrors[0]?.field).toBe('members.1.idNumber');
  });
});
