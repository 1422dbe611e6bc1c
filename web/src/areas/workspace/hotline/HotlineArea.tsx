import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import type { Me } from '../../../api/types';
import { registerStrings } from '../../../i18n';
import casesZh from '../../../i18n/cases.zh-CN';
import hotlineZh from '../../../i18n/hotline.zh-CN';
import serviceDeskZh from '../../../i18n/serviceDesk.zh-CN';
import { FeedbackPage } from '../services/FeedbackPage';
import { ConsolePage } from './ConsolePage';
import { KeysPage } from './KeysPage';
import { has } from './nav';
import { OrdersPage } from './OrdersPage';
import { SmsPage } from './SmsPage';

registerStrings('hotline', hotlineZh);
registerStrings('cases', casesZh);
registerStrings('serviceDesk', serviceDeskZh);

/** 热线: the call-centre console, its work orders and call-backs; the district admin's keys. */
export default function HotlineArea({ me }: { me: Me }) {
  const { t } = useTranslation();
  const calls = me.modules.includes('channel-call-centre');
  const sms = me.modules.includes('channel-sms');
  if (!calls && !sms) return <Result status="404" subTitle={t('workspace.moduleDisabled')} />;
  const operates = calls && has(me, 'call-centre-operator', 'district-admin');
  return (
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
  );
}
