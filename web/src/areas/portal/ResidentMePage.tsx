import { LogoutOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useParams } from 'react-router';
import { LinkButton } from '../../components/LinkButton';
import { ErrorState, Loading, useErrorMessage } from '../../components/States';
import { registerStrings } from '../../i18n';
import residentZh from '../../i18n/resident.zh-CN';
import { residentKeys, useRegisterResident, useResidentProfile, useResidentSession } from './residentApi';
import { clearResidentSession } from './residentSession';

registerStrings('resident', residentZh);

/** `/t/:slug/me` (我的): the signed-in resident's name, masked mobile and district. */
export default function ResidentMePage() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const session = useResidentSession();
  const profile = useResidentProfile(!!session);
  const register = useRegisterResident();
  const errorMessage = useErrorMessage();

  if (!session) return <Navigate to={`/t/${slug}/login`} replace />;

  const signOut = () => {
    clearResidentSession();
    qc.removeQueries({ queryKey: ['resident'] });
    navigate(`/t/${slug}`);
  };

  const signOutButton = (
    <Button icon={<LogoutOutlined aria-hidden />} onClick={signOut} block>
      {t('resident.me.signOut')}
    </Button>
  );

  let body: ReactNode;
  if (profile.isPending) body = <Loading />;
  else if (profile.isError) {
    body =
      profile.error.code === 'NO_MEMBERSHIP' ? (
        <Alert
          type="warning"
          role="alert"
          showIcon
          message={t('resident.me.notRegistered')}
          description={register.isError ? errorMessage(register.error) : undefined}
          action={
            <Button
              size="small"
              loading={register.isPending}
              onClick={() =>
                register.mutate(
                  { slug },
                  { onSuccess: () => void qc.invalidateQueries({ queryKey: residentKeys.profile }) },
                )
              }
            >
              {t('resident.me.registerHere')}
            </Button>
          }
        />
      ) : (
        <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />
      );
  } else {
    const p = profile.data;
    body = (
      <>
        {p.district.slug !== slug ? (
          <Alert
            type="info"
            showIcon
            className="form-alert"
            message={t('resident.me.elsewhere', { district: p.district.name })}
          />
        ) : null}
        <Descriptions column={1} bordered size="middle">
          <Descriptions.Item label={t('resident.me.name')}>{p.resident.name}</Descriptions.Item>
          <Descriptions.Item label={t('resident.me.mobile')}>
            <span data-testid="resident-mobile">{p.resident.mobile ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('resident.me.district')}>
            <span data-testid="resident-district">{p.district.name}</span>
          </Descriptions.Item>
          {p.resident.registeredAt ? (
            <Descriptions.Item label={t('resident.me.registeredAt')}>
              <time dateTime={p.resident.registeredAt}>
                {dayjs(p.resident.registeredAt).format('YYYY-MM-DD')}
              </time>
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </>
    );
  }

  const home = profile.data?.district.slug ?? slug;
  return (
    <div className="page page-narrow">
      <Card>
        <Typography.Title level={1}>{t('resident.me.title')}</Typography.Title>
        {body}
        <Space direction="vertical" style={{ width: '100%', marginTop: 16 }}>
          <LinkButton to={`/t/${home}`} block>
            {t('resident.me.backToPortal')}
          </LinkButton>
          {signOutButton}
        </Space>
      </Card>
    </div>
  );
}
