import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { dongchengWorker } from '../../../test/fixtures';
import { json, mockFetch, renderPage, signInStaff } from '../../../test/utils';
import { ScopeProvider } from './common';
import { ResidentsPage } from './ResidentsPage';

const COMMUNITY = '110101001001';
const me = dongchengWorker();

describe('residents search', () => {
  it('an empty answer says what was searched, where, and what to try', async () => {
    signInStaff();
    const { calls } = mockFetch({
      'GET /api/t/org/streets': () => json([{ code: '110101001', name: '东华门街道', communityCount: 1 }]),
      'GET /api/t/org/streets/110101001/communities': () => json([{ code: COMMUNITY, name: '多福巷社区' }]),
      [`GET /api/t/residents?community=${COMMUNITY}&limit=20`]: () => json({ items: [] }),
      [`GET /api/t/residents?community=${COMMUNITY}&name=${encodeURIComponent('张')}&limit=20`]: () =>
        json({ items: [] }),
    });
    renderPage(
      <ScopeProvider me={me}>
        <ResidentsPage />
      </ScopeProvider>,
    );

    expect(await screen.findByText(/多福巷社区没有居民。/)).toBeVisible();
    fireEvent.change(screen.getByLabelText('查询内容'), { target: { value: '张' } });
    fireEvent.click(screen.getByRole('button', { name: '查询' }));

    const text = await screen.findByText(/多福巷社区没有姓名以“张”开头的居民/);
    expect(text.textContent).toContain('可以只输入姓氏');
    expect(text.textContent).toContain('改用身份证号、手机号查找');
    expect(calls.some((c) => c.url.includes(`name=${encodeURIComponent('张')}`))).toBe(true);
  });
});
