import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import './styles.css';
import { preloadLanguage } from './i18n';
import { AppProviders } from './providers';
import { AppRoutes } from './routes';

// English users get their strings before the first render (a chunk of its own, not in this entry).
void preloadLanguage().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <AppProviders>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </AppProviders>
    </StrictMode>,
  ),
);
