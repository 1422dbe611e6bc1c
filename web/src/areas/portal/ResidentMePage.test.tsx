import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { signIn } from '../../portal/services/fixtures';
import { LEISHAN_PORTAL as DISTRICT } from '../../test/fixtures';
import { json, mockFetch, renderPage } from '../../test/utils';
import ResidentMePage from './ResidentMePage';
import { getResidentSession, resetResidentSessionForTests } from './residentSession';

afterEach(() => {
  sessionStorage.clear();
  resetResidentSessionForTests();
});

const signedIn = () => signIn('leishan-522634');

const renderMe = () => {
  mockFetch({
    'GET /api/t/resident/profile': () =>
      json({
        resident: { name: '杨阿妹', mobile: '+86138****5678', registeredAt: '2026-12-02T17:30:00.000Z' },
        district: { slug: DISTRICT.slug, name: DISTRICT.name },
      }),
  });
  renderPage(<ResidentMePage />, { route: '/t/leishan-522634/me', path: '/t/:slug/me' });
};

describe('我的', () => {
  it("shows the resident's facts, the registration day in China's date", async () => {
    signedIn();
    renderMe();
    expect(await screen.findByTestId('resident-mobile')).toHaveTextContent('+86138****5678');
    expect(screen.getByTestId('resident-district')).toHaveTextContent(DISTRICT.name);
    // 17:30 UTC on the 2nd is 01:30 on the 3rd in Beijing.
    expect(screen.getByText('2026-12-03')).toBeVisible();
  });

  it('signing out forgets the session and goes to the district home, not to the sign-in page', async () => {
    signedIn();
    renderMe();
    fireEvent.click(await screen.findByRole('button', { name: '退出登录' }));
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/t/leishan-522634'));
    expect(getResidentSession()).toBeNull();
  });

  it('without a session, asks to sign in', async () => {
    renderMe();
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/t/leishan-522634/login'));
  });
});
