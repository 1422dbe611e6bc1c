import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../../../api/flags';
import type { TenantCategory } from '../../../api/types';
import { json, mockFetch, renderPage, signInStaff } from '../../../test/utils';
import { ModuleMatrix } from './ModuleMatrix';

const cat: TenantCategory = {
  areaType: 'suburban',
  development: 'developed',
  migrantShare: 'high',
  infrastructure: 'strong',
  hardship: 'normal',
};

const MATRIX: Matrix = {
  version: 7,
  modules: [
    { key: 'channel-portal', labels: { zh: '门户网站', en: 'Web portal' }, group: 'channels' },
    {
      key: 'migrant-population',
      labels: { zh: '流动人口服务', en: 'Migrant population services' },
      group: 'public-services',
    },
  ],
  districts: [
    {
      id: 'T1',
      name: '余杭区',
      slug: 'yuhang-330110',
      divisionCode: '330110',
      tier: 'standard',
      wave: 'wave-2',
      category: cat,
      overrides: {},
      cells: {
        'channel-portal': {
          value: true,
          reason: 'TARGETING_MATCH',
          ruleId: 'tier-default',
          detail: { zh: '基础版、标准版、示范版 → 开启', en: 'basic, standard, demonstration → on' },
        },
        'migrant-population': {
          value: true,
          reason: 'TARGETING_MATCH',
          ruleId: 'plan:wave-2',
          detail: {
            zh: '标准版且外来人口较多 → 第2批 2027年3月1日起',
            en: 'standard and high migrant share → wave 2',
          },
        },
      },
    },
  ],
};

describe('districts × modules matrix', () => {
  it('shows on/off cells with the reason, and refetches with the tier / category / wave filters', async () => {
    signInStaff();
    const { calls } = mockFetch({
      'GET /api/ministry/flags/matrix': () => json(MATRIX),
      'GET /api/ministry/flags/matrix?migrantShare=high': () => json(MATRIX),
      'GET /api/ministry/flags/matrix?migrantShare=high&wave=wave-3': () =>
        json({ ...MATRIX, districts: [] }),
    });
    renderPage(<ModuleMatrix />);

    const table = await screen.findByRole('table');
    expect(within(table).getByRole('rowheader', { name: /余杭区/ })).toBeVisible();
    const cell = within(table).getByRole('button', {
      name: /余杭区 · 流动人口服务：开（命中规则）标准版且外来人口较多/,
    });
    expect(cell.getAttribute('data-state')).toBe('on');

    // tooltip on hover shows reason and tooltip text
    fireEvent.mouseEnter(cell);
    expect(await screen.findByText(/命中规则 · 标准版且外来人口较多 → 第2批/)).toHaveAttribute(
      'role',
      'tooltip',
    );

    fireEvent.change(screen.getByLabelText('外来人口'), { target: { value: 'high' } });
    await waitFor(() => expect(calls.some((c) => c.url.endsWith('?migrantShare=high'))).toBe(true));
    fireEvent.change(screen.getByLabelText('按批次筛选'), { target: { value: 'wave-3' } });
    expect(await screen.findByText('没有符合条件的区县。')).toBeVisible();
  });
});
