import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { VolunteerRow } from '../../../api/volunteers';
import { json, mockFetch, renderPage, signInStaff, staffMe } from '../../../test/utils';
import CivilOrganizationsArea from './CivilOrganizationsArea';

const C1 = '110101001001';
const TEAM = '01JTEAM00000000000000000A1';
const me = (roles: string[], modules = ['civil-organizations']) =>
  staffMe({ name: '社区工作者', roles, scope: { communityCode: C1, streetCode: C1.slice(0, 9) }, modules });

const session = () => signInStaff();

const vol: VolunteerRow = {
  id: '01JVOL000000000000000000A1',
  residentId: '01JRES000000000000000000A1',
  communityCode: C1,
  teams: [TEAM],
  skills: ['急救'],
  status: 'active',
  createdAt: new Date().toISOString(),
  createdBy: 'worker',
  updatedAt: new Date().toISOString(),
  version: 1,
  person: { name: '李**', mobile: '139****0001', active: true },
  minutesThisYear: 150,
};

describe('社区民间组织 (workspace)', () => {
  it('shows the teams from the base data, the volunteers with their hours and the totals', async () => {
    session();
    const { calls } = mockFetch({
      [`GET /api/t/community/civil-organizations?community=${C1}`]: () =>
        json({
          items: [
            {
              id: TEAM,
              communityCode: C1,
              name: '邻里守望志愿服务队',
              type: 'volunteer-team',
              volunteers: 1,
            },
          ],
        }),
      [`GET /api/t/community/volunteers?community=${C1}`]: () => json({ items: [vol] }),
      [`GET /api/t/community/volunteer-activities?community=${C1}`]: () => json({ items: [] }),
      'GET /api/t/community/volunteer-hours ?*': () =>
        json({
          range: { period: 'year', from: '2026-01-01', to: '2026-12-03' },
          minutes: 252,
          entries: 3,
          volunteers: 2,
          communities: [{ communityCode: C1, minutes: 252 }],
          teams: [{ orgId: TEAM, orgName: '邻里守望志愿服务队', communityCode: C1, minutes: 252 }],
          top: [{ volunteerId: vol.id, communityCode: C1, person: vol.person, minutes: 150 }],
        }),
    });
    renderPage(<CivilOrganizationsArea me={me(['community-worker'])} />, {
      route: '/m/civil-organizations',
      path: '/m/civil-organizations/*',
    });
    const orgs = await screen.findByRole('table', { name: '本社区的志愿服务队和民间组织' });
    expect(within(orgs).getByText('邻里守望志愿服务队')).toBeVisible();
    expect(within(orgs).getByText('志愿服务队')).toBeVisible();
    fireEvent.click(screen.getByRole('tab', { name: '志愿者' }));
    const list = await screen.findByRole('table', { name: '志愿者名单' });
    expect(within(list).getByRole('link', { name: '李**' })).toBeVisible();
    expect(within(list).getByText('139****0001')).toBeVisible();
    expect(within(list).getByText('2.5')).toBeVisible();
    fireEvent.click(screen.getByRole('tab', { name: '时长统计' }));
    // The year's total (the figure above the tables) and the one team's total.
    expect(await screen.findAllByText('4.2')).toHaveLength(2);
    const top = await screen.findByRole('table', { name: '服务时长排行' });
    expect(within(top).getByText('2.5')).toBeVisible();
    expect(calls.find((c) => c.url.startsWith('/api/t/community/volunteer-hours'))?.url).toContain(
      'period=year',
    );
  });

  it('answers 404 without the module', () => {
    renderPage(<CivilOrganizationsArea me={me(['community-worker'], [])} />, {
      route: '/m/civil-organizations',
      path: '/m/civil-organizations/*',
    });
    expect(document.querySelector('.unavailable-404')).not.toBeNull();
  });
});
