/** @jsxRuntime automatic @jsxImportSource react */
import { useI18n } from '../i18n';

/** No such district (or no such portal page): said in words, with the status 404 on the server. */
export default function NotFoundPage({ district }: { district?: boolean }) {
  const { t } = useI18n();
  return (
    <div className="p-page">
      <h1>{district ? t('portal.notFound') : t('app.notFound')}</h1>
    </div>
  );
}
