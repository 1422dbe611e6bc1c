import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { dongchengWorker } from '../../test/fixtures';
import { mockFetch, renderPage, signInStaff } from '../../test/utils';
import CommunityArea from './community/CommunityArea';
import PopulationArea from './population/PopulationArea';
import ServicesArea from './services/ServicesArea';

/** An address an area does not know shows the notice and the way back, not a blank pane. */
describe('an unknown workspace address', () => {
  const me = dongchengWorker({ roles: ['district-admin'], modules: ['street-tasks-reports'] });
  it.each([
    ['services', '/workspace/services/cases', '/workspace/services/*', <ServicesArea key="s" me={me} />],
    [
      'population',
      '/workspace/population/people',
      '/workspace/population/*',
      <PopulationArea key="p" me={me} />,
    ],
    [
      'community work',
      '/workspace/m/street-tasks-reports/nope',
      '/workspace/m/street-tasks-reports/*',
      <CommunityArea key="c" me={me} />,
    ],
  ])('in %s says the page does not exist, with the way to the overview', async (_, route, path, area) => {
    signInStaff();
    renderPage(area, { route, path });
    expect(await screen.findByRole('alert')).toHaveTextContent('页面不存在');
    expect(screen.getByRole('link', { name: '概览' })).toHaveAttribute('href', '/workspace');
  });

  it('community work: the call centre is told the module is not its work, and nothing is asked', async () => {
    signInStaff();
    const { calls } = mockFetch({});
    renderPage(
      <CommunityArea
        me={dongchengWorker({ roles: ['call-centre-operator'], modules: ['street-tasks-reports'] })}
      />,
      { route: '/workspace/m/street-tasks-reports', path: '/workspace/m/street-tasks-reports/*' },
    );
    expect(await screen.findByText(/^您的岗位不办理该模块的业务/)).toBeVisible();
    expect(calls).toEqual([]);
  });
});
