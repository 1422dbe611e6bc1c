/**
 * The community comprehensive database in the staff workspace (issue 6), one lazily loaded chunk:
 * residents, base data (households, buildings and units, organizations, grids), import/export,
 * four-eyes review, freshness, analytics, departments' thematic records.
 */
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import type { Me } from '../../../api/types';
import { Loading } from '../../../components/States';
import { registerStrings } from '../../../i18n';
import populationZh from '../../../i18n/population.zh-CN';
import { WorkspaceNotFound } from '../NotFound';
import { capsOf, ScopeProvider } from './common';
import { ResidentsPage } from './ResidentsPage';

registerStrings('population', populationZh);

// The daily work (find) loads at once; a resident's page and the rest of the area on first use.
const ResidentDetail = lazy(() => import('./ResidentDetail').then((m) => ({ default: m.ResidentDetail })));
const BaseDataPage = lazy(() => import('./base/BaseDataPage').then((m) => ({ default: m.BaseDataPage })));
const AnalyticsPage = lazy(() => import('./AnalyticsPage').then((m) => ({ default: m.AnalyticsPage })));
const ImportExportPage = lazy(() =>
  import('./ImportExportPage').then((m) => ({ default: m.ImportExportPage })),
);
const ReviewsPage = lazy(() => import('./ReviewsPage').then((m) => ({ default: m.ReviewsPage })));
const StalePage = lazy(() => import('./StalePage').then((m) => ({ default: m.StalePage })));
const ThematicPage = lazy(() => import('./ThematicPage').then((m) => ({ default: m.ThematicPage })));

export default function PopulationArea({ me }: { me: Me }) {
  const { t } = useTranslation();
  const caps = capsOf(me);
  const denied = (
    <div className="panel" role="alert">
      <p className="lead">403</p>
      <p>{t('population.detail.notFound')}</p>
    </div>
  );
  return (
    <ScopeProvider me={me}>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route index element={<Navigate to={caps.read ? 'residents' : 'thematic'} replace />} />
          <Route path="residents" element={caps.read ? <ResidentsPage /> : denied} />
          <Route path="residents/:id" element={caps.read ? <ResidentDetail /> : denied} />
          <Route path="base-data" element={caps.read ? <BaseDataPage /> : denied} />
          <Route path="import" element={caps.importExport ? <ImportExportPage /> : denied} />
          <Route path="reviews" element={caps.review ? <ReviewsPage /> : denied} />
          <Route path="stale" element={caps.write ? <StalePage /> : denied} />
          <Route path="analytics" element={caps.analytics ? <AnalyticsPage /> : denied} />
          <Route path="thematic" element={caps.thematic ? <ThematicPage /> : denied} />
          <Route path="*" element={<WorkspaceNotFound />} />
        </Routes>
      </Suspense>
    </ScopeProvider>
  );
}
