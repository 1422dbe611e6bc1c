import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router';
import { useConfig, usePublicDistrict } from '../../api/client';
import { useErrorMessage } from '../../components/States';
import { Notice, Skeleton } from '../../portal/ui';
import { residentKeys } from './residentApi';
import { residentPool } from './residentAuth';
import { returnPath } from './residentSession';

/**
 * What the resident sign-in pages stand on: the district of `/t/:slug/…`, the config and its
 * resident pool. Until both are loaded, or when one failed, `page` is what to show instead.
 * `signedIn` ends a page's sign-in: the profile is fetched afresh and the resident goes back to
 * where they came from, else to 我的.
 */
export function useResidentDistrict() {
  const { slug = '' } = useParams();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const config = useConfig();
  const district = usePublicDistrict(slug);
  const signedIn = () => {
    qc.removeQueries({ queryKey: residentKeys.profile });
    navigate(returnPath(slug, location.search) ?? `/t/${slug}/me`, { replace: true });
  };
  if (config.isPending || district.isPending) return { slug, signedIn, page: <Skeleton /> };
  if (config.isError || district.isError)
    return {
      slug,
      signedIn,
      page: (
        <div className="p-page p-narrow">
          <Notice
            tone="error"
            action={
              <button
                type="button"
                className="p-btn"
                onClick={() => void (config.isError ? config.refetch() : district.refetch())}
              >
                {t('app.retry')}
              </button>
            }
          >
            {errorMessage(config.error ?? district.error)}
          </Notice>
        </div>
      ),
    };
  return {
    slug,
    signedIn,
    page: null,
    district: district.data,
    config: config.data,
    pool: residentPool(config.data),
  };
}
