import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearResidentSession } from '../../areas/portal/residentSession';
import { json, mockFetch } from '../../test/utils';
import type { CaseSummary } from './api';
import CasesPage from './CasesPage';
import { CASE, signIn } from './fixtures';

const PARAMS = { slug: 'dongcheng-110101' };
const summary = (i: number): CaseSummary => {
  const {
    form: _f,
    fields: _d,
    steps: _s,
    timeline: _t,
    ...rest
  } = CASE as CaseSummary & Record<string, unknown>;
  return { ...rest, id: `c${i}`, number: `110101-20261202-${String(i).padStart(4, '0')}` } as CaseSummary;
};

beforeEach(() => signIn());
afterEach(() => {
  clearResidentSession();
  vi.unstubAllGlobals();
});

describe('我的办件', () => {
  it('shows the first 50 cases, then older ones page by page until there are no more', async () => {
    const { calls } = mockFetch({
      'GET /api/t/resident/cases?limit=50': () =>
        json({ items: Array.from({ length: 50 }, (_, i) => summary(i + 1)), cursor: 'page2' }),
      'GET /api/t/resident/cases?limit=50&cursor=page2': () => json({ items: [summary(51), summary(52)] }),
    });
    render(<CasesPage data={undefined} params={PARAMS} search="" />);
    expect(await screen.findByText('110101-20261202-0050')).toBeVisible();
    expect(screen.queryByText('110101-20261202-0051')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '查看更早的办件' }));
    expect(await screen.findByText('110101-20261202-0052')).toBeVisible();
    expect(screen.getByText('110101-20261202-0001')).toBeVisible();
    await waitFor(() => expect(screen.queryByRole('button', { name: '查看更早的办件' })).toBeNull());
    expect(calls.map((c) => c.url).filter((u) => u.startsWith('/api/t/'))).toEqual([
      '/api/t/resident/cases?limit=50',
      '/api/t/resident/cases?limit=50&cursor=page2',
    ]);
  });
});
