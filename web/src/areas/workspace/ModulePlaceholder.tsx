import { Alert, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import type { Me } from '../../api/types';
import { moduleLabel } from '../../i18n/labels';

/** An enabled module that has no page of its own yet (its own chunk: Result's illustrations are ~10 KB). */
export default function ModulePlaceholder({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { module = '' } = useParams();
  if (!me.modules.includes(module)) return <Result status="404" subTitle={t('workspace.moduleDisabled')} />;
  return (
    <section className="panel">
      <h2 className="card-title">{moduleLabel(t, module)}</h2>
      <Alert type="info" showIcon message={t('workspace.modulePage')} />
    </section>
  );
}
