import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import type { Me } from '../../../api/types';
import { Unavailable } from '../../../components/Controls';
import { Loading } from '../../../components/States';
import { registerStrings } from '../../../i18n';
import casesZh from '../../../i18n/cases.zh-CN';
import hotlineZh from '../../../i18n/hotline.zh-CN';
import serviceDeskZh from '../../../i18n/serviceDesk.zh-CN';
import { has } from './nav';

registerStrings('hotline', hotlineZh);
registerStrings('cases', casesZh);
registerStrings('serviceDesk', serviceDeskZh);

// Each page loads on its own (the route budget counts each): the console's forms are not the keys'.
const ConsolePage = lazy(() => import('./ConsolePage').then((m) => ({ default: m.ConsolePage })));
const OrdersPage = lazy(() => import('./OrdersPage').then((m) => ({ default: m.OrdersPage })));
const FeedbackPage = lazy(() =>
  import('../services/FeedbackPage').then((m) => ({ default: m.FeedbackPage })),
);
const KeysPage = lazy(() => import('./KeysPage').then((m) => ({ default: m.KeysPage })));
const SmsPage = lazy(() => import('./SmsPage').then((m) => ({ default: m.SmsPage })));

/** 热线: the call-centre console, its work orders and call-backs; the district admin's keys. */
export default function HotlineArea({ me }: { me: Me }) {
  const { t } = useTranslation();
  const calls = me.modules.includes('channel-call-centre');
  const sms = me.modules.includes('channel-sms');
  if (!calls && !sms) return <Unavailable status="404" text={t('workspace.moduleDisabled')} />;
  const operates = calls && has(me, 'call-centre-operator', 'district-admin');
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        {operates ? <Route index element={<ConsolePage />} /> : null}
        {operates ? <Route path="orders" element={<OrdersPage />} /> : null}
        {operates ? (
          <Route
            path="callbacks"
            element={<FeedbackPage rectifications={false} title={t('hotline.callbacks.title')} />}
          />
        ) : null}
        {calls && has(me, 'district-admin') ? (
          <Route path="keys" element={<KeysPage purpose="calls" />} />
        ) : null}
        {sms ? <Route path="sms" element={<SmsPage me={me} />} /> : null}
        {sms && has(me, 'district-admin') ? (
          <Route path="sms-keys" element={<KeysPage purpose="sms" />} />
        ) : null}
        <Route path="*" element={<Navigate to="/workspace" />} />
      </Routes>
    </Suspense>
  );
}
