import { Navigate, Route, Routes } from 'react-router';
import type { Me } from '../../../api/types';
import { registerStrings } from '../../../i18n';
import casesZh from '../../../i18n/cases.zh-CN';
import serviceDeskZh from '../../../i18n/serviceDesk.zh-CN';
import { CataloguePage } from './CataloguePage';
import { FeedbackPage } from './FeedbackPage';
import { NoticesPage } from './NoticesPage';
import { has } from './nav';

registerStrings('serviceDesk', serviceDeskZh);
registerStrings('cases', casesZh);

/** The service desk of the workspace: catalogue (district admin), 好差评 follow-up, 公示. */
export default function ServiceDeskArea({ me }: { me: Me }) {
  const canHandle = has(me, 'district-admin', 'department-staff', 'community-worker', 'street-staff');
  return (
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
  );
}
