import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderPage, signInStaff } from '../test/utils';
import { useCommunities } from './client';

function Names({ street }: { street: string | undefined }) {
  const q = useCommunities(street);
  return <p>{q.data ? q.data.map((c) => c.name).join('、') : q.isLoading ? '…' : '（无需列表）'}</p>;
}

describe('useCommunities', () => {
  it('asks for a street’s communities only once the street is known', async () => {
    signInStaff();
    const { calls } = mockFetch({
      'GET /api/t/org/streets/110101001/communities': () =>
        json([{ code: '110101001001', name: '多福巷社区', streetCode: '110101001', kind: 'residents' }]),
    });
    const { unmount } = renderPage(<Names street="" />);
    expect(await screen.findByText('（无需列表）')).toBeVisible();
    unmount();
    renderPage(<Names street="110101001" />);
    expect(await screen.findByText('多福巷社区')).toBeVisible();
    expect(calls.map((c) => c.url)).toEqual(['/api/t/org/streets/110101001/communities']);
  });
});
