import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { queryDefaults } from './api/client';
import { i18n, initI18n } from './i18n';
import { detectKiosk, KioskContext } from './kiosk';

export function makeQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: queryDefaults });
}

/**
 * Everything around the routes: query cache, i18n, kiosk mode. antd's locale and theme are not here
 * but around each antd area (`lazyArea`, src/theme/AntdTheme.tsx), out of the entry.
 */
export function AppProviders({
  children,
  queryClient,
  kiosk,
}: {
  children: ReactNode;
  queryClient?: QueryClient;
  kiosk?: boolean;
}) {
  const [client] = useState(() => queryClient ?? makeQueryClient());
  const [isKiosk] = useState(() => kiosk ?? detectKiosk());
  useState(() => initI18n());
  useEffect(() => {
    document.documentElement.classList.toggle('kiosk', isKiosk);
  }, [isKiosk]);
  return (
    <QueryClientProvider client={client}>
      <I18nextProvider i18n={i18n}>
        <KioskContext.Provider value={isKiosk}>{children}</KioskContext.Provider>
      </I18nextProvider>
    </QueryClientProvider>
  );
}
