import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Notice } from '../../components/plain';

/**
 * What every workspace router shows for an address it does not know (an old bookmark, a mistyped
 * address, a module this district has not enabled): a notice and the way back, not a blank pane.
 */
export function WorkspaceNotFound() {
  const { t } = useTranslation();
  return (
    <Notice
      type="warning"
      role="alert"
      title={t('app.notFound')}
      action={<Link to="/workspace">{t('workspace.overview')}</Link>}
    />
  );
}
