import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { body, type TenantSchemas, tenantApi } from '../../../api/http';
import { Panel } from '../../../components/Controls';
import { DataTable } from '../../../components/DataTable';
import { DivisionName } from '../../../components/DivisionName';
import { ErrorState } from '../../../components/States';

type Resident = TenantSchemas['MaskedResident'];

/** Who the case is for: a resident of the record (masked) or a caller known only by mobile. */
export interface Applicant {
  readonly mobile: string;
  readonly communityCode?: string;
  /** Masked name of the resident chosen; absent for an unidentified caller. */
  readonly residentName?: string;
}

const MOBILE = /^1[3-9]\d{9}$/;
const ID = /^\d{17}[\dXx]$/;

/** The caller's number as the telephony system gave it, as an 11-digit mainland mobile if it is one. */
export const mobileOf = (from: string | undefined) => {
  const m = from?.replace(/^\+?86/, '');
  return m && MOBILE.test(m) ? m : undefined;
};

/** Find the caller by mobile or ID number (masked by the operator's role), or note them by mobile. */
export function CallerCard({
  callNumber,
  applicant,
  onChoose,
}: {
  callNumber: string | undefined;
  applicant: Applicant | undefined;
  onChoose: (a: Applicant | undefined) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ q: string }>();
  const [q, setQ] = useState<string | undefined>(callNumber);
  useEffect(() => {
    setQ(callNumber);
    form.setFieldsValue({ q: callNumber ?? '' });
  }, [callNumber, form]);
  const isId = !!q && ID.test(q);
  const found = useQuery({
    queryKey: ['hotline', 'caller', q],
    enabled: !!q,
    queryFn: ({ signal }) =>
      body(
        tenantApi.GET('/api/t/residents', {
          params: { query: isId ? { idNumber: q!.toUpperCase(), limit: 10 } : { mobile: q!, limit: 10 } },
          signal,
        }),
      ),
  });
  const mobile = q && MOBILE.test(q) ? q : callNumber;
  return (
    <Panel title={<h2 className="card-title">{t('hotline.caller.title')}</h2>}>
      <Form
        form={form}
        layout="inline"
        initialValues={{ q: callNumber ?? '' }}
        onFinish={(v) => {
          onChoose(undefined);
          setQ(v.q.trim());
        }}
      >
        <Form.Item
          name="q"
          label={t('hotline.caller.query')}
          extra={t('hotline.caller.queryHelp')}
          rules={[
            {
              validator: (_, v: string) =>
                MOBILE.test((v ?? '').trim()) || ID.test((v ?? '').trim())
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('hotline.caller.queryInvalid'))),
            },
          ]}
        >
          <Input inputMode="numeric" autoComplete="off" maxLength={18} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            {t('hotline.caller.search')}
          </Button>
        </Form.Item>
      </Form>
      {found.isError ? <ErrorState error={found.error} onRetry={() => void found.refetch()} /> : null}
      {q && found.data ? (
        <div className="stack" style={{ marginTop: 16 }}>
          {found.data.items.length ? (
            <DataTable<Resident>
              size="small"
              rowKey={(r) => r.id}
              label={t('hotline.caller.found')}
              rows={found.data.items}
              columns={[
                { key: 'name', title: t('hotline.caller.name'), render: (r) => r.name },
                {
                  key: 'idNumber',
                  title: t('hotline.caller.idNumber'),
                  className: 'mono',
                  render: (r) => r.idNumber,
                },
                {
                  key: 'mobile',
                  title: t('hotline.caller.mobile'),
                  className: 'mono',
                  render: (r) => r.mobile,
                },
                {
                  key: 'community',
                  title: t('hotline.caller.community'),
                  render: (r) => <DivisionName code={r.communityCode} />,
                },
                {
                  key: 'choose',
                  title: t('hotline.caller.choose'),
                  render: (r) =>
                    applicant?.residentName === r.name && applicant?.communityCode === r.communityCode ? (
                      <Tag color="green">{t('hotline.caller.chosen')}</Tag>
                    ) : (
                      <Button
                        onClick={() =>
                          onChoose({
                            mobile: mobile ?? '',
                            communityCode: r.communityCode,
                            ...(r.name ? { residentName: r.name } : {}),
                          })
                        }
                      >
                        {t('hotline.caller.choose')}
                      </Button>
                    ),
                },
              ]}
            />
          ) : (
            <Alert type="info" showIcon message={t('hotline.caller.none')} />
          )}
          {mobile ? (
            <Space>
              <Button
                onClick={() => onChoose({ mobile })}
                aria-pressed={!!applicant && !applicant.residentName}
              >
                {t('hotline.caller.unidentified')}
              </Button>
              {applicant && !applicant.residentName ? (
                <Tag color="blue">{t('hotline.caller.unidentifiedAs', { mobile: applicant.mobile })}</Tag>
              ) : null}
            </Space>
          ) : null}
        </div>
      ) : null}
    </Panel>
  );
}
