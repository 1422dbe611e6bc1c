import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import type { Me } from '../../../api/types';
import { Unavailable } from '../../../components/Controls';
import { Loading } from '../../../components/States';
import { registerStrings } from '../../../i18n';
import casesZh from '../../../i18n/cases.zh-CN';
import serviceDeskZh from '../../../i18n/serviceDesk.zh-CN';
import { WorkspaceNotFound } from '../NotFound';
import { caseCaps } from './common';

registerStrings('cases', casesZh);
registerStrings('serviceDesk', serviceDeskZh);

const InboxPage = lazy(() => import('./InboxPage'));
const CaseDetailPage = lazy(() => import('./CaseDetailPage'));

/** The workspace's one-stop services area: the case inbox and one case. */
export default function ServicesArea({ me }: { me: Me }) {
  const { t } = useTranslation();
  if (!caseCaps(me).read) return <Unavailable status="403" text={t('workspace.moduleDisabled')} />;
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route index element={<Navigate to="inbox" replace />} />
        <Route path="inbox" element={<InboxPage me={me} />} />
        <Route path="cases/:id" element={<CaseDetailPage />} />
        <Route path="*" element={<WorkspaceNotFound />} />
      </Routes>
    </Suspense>
  );
}
