import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import type { Me } from '../../../api/types';
import { Loading } from '../../../components/States';
import { registerStrings } from '../../../i18n';
import casesZh from '../../../i18n/cases.zh-CN';
import serviceDeskZh from '../../../i18n/serviceDesk.zh-CN';
import { has } from './nav';

registerStrings('serviceDesk', serviceDeskZh);
registerStrings('cases', casesZh);

// Each page loads on its own (the route budget counts each): the catalogue's forms are not the notices'.
const CataloguePage = lazy(() => import('./CataloguePage').then((m) => ({ default: m.CataloguePage })));
const FeedbackPage = lazy(() => import('./FeedbackPage').then((m) => ({ default: m.FeedbackPage })));
const NoticesPage = lazy(() => import('./NoticesPage').then((m) => ({ default: m.NoticesPage })));

/** The service desk of the workspace: catalogue (district admin), 好差评 follow-up, 公示. */
export default function ServiceDeskArea({ me }: { me: Me }) {
  const canHandle = has(me, 'district-admin', 'department-staff', 'community-worker', 'street-staff');
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        {has(me, 'district-admin') ? <Route path="catalogue" element={<CataloguePage />} /> : null}
        <Route
          path="feedback"
          element={
            canHandle || has(me, 'call-centre-operator') ? (
              <FeedbackPage
                callbacks={!has(me, 'community-worker', 'street-staff') || has(me, 'district-admin')}
                rectifications={canHandle}
              />
            ) : (
              <Navigate to="/workspace" />
            )
          }
        />
        <Route
          path="notices"
          element={
            <NoticesPage
              district={has(me, 'district-admin')}
              {...(me.scope.communityCode ? { communityCode: me.scope.communityCode } : {})}
            />
          }
        />
        <Route path="*" element={<Navigate to="/workspace" />} />
      </Routes>
    </Suspense>
  );
}
