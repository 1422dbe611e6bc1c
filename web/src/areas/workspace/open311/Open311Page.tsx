import { Alert, Button, Form, Input, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Open311Key,
  useIssueOpen311Key,
  useOpen311Keys,
  useRevokeOpen311Key,
} from '../../../api/open311';
import type { Me } from '../../../api/types';
import { ConfirmButton, CopyText, Panel } from '../../../components/Controls';
import { DataTable } from '../../../components/DataTable';
import { applyProblem } from '../../../components/formErrors';
import { ErrorState, Loading } from '../../../components/States';
import { registerStrings } from '../../../i18n';
import open311Zh from '../../../i18n/open311.zh-CN';
import { chinaDateTime } from '../../../time';

registerStrings('open311', open311Zh);

/**
 * 开放接口 (module `data-exchange`): the district's Open311 endpoint, and its API keys — issue one
 * (shown once), see them, revoke one. District admin only; docs/open311.md.
 */
export default function Open311Page({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const admin = me.roles.includes('district-admin');
  const keys = useOpen311Keys(admin);
  const issue = useIssueOpen311Key();
  const revoke = useRevokeOpen311Key();
  const [form] = Form.useForm<{ label: string }>();
  const [fresh, setFresh] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const endpoint = `${window.location.origin}/open311/v2/${me.tenant?.slug ?? ''}/`;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Panel title={<h2 className="card-title">{t('open311.title')}</h2>}>
        <p>{t('open311.intro')}</p>
        <p>
          {t('open311.endpoint')}: <CopyText text={endpoint} />
        </p>
        {!admin ? <Alert type="info" showIcon message={t('open311.adminOnly')} /> : null}
      </Panel>
      {admin ? (
        <>
          <Panel title={<h2 className="card-title">{t('open311.issue')}</h2>}>
            <Form
              form={form}
              layout="inline"
              onFinish={(v) =>
                issue.mutate(v.label.trim(), {
                  onSuccess: (k) => {
                    setFresh(k.apiKey);
                    setCopied(false);
                    form.resetFields();
                  },
                  onError: (e) => applyProblem(form, e, i18n.language, { known: ['label'] }),
                })
              }
            >
              <Form.Item
                name="label"
                label={t('open311.label')}
                extra={t('open311.labelHelp')}
                rules={[{ required: true, whitespace: true, message: t('open311.labelRequired') }]}
              >
                <Input maxLength={60} />
              </Form.Item>
              <Form.Item>
                <Button type="primary" htmlType="submit" loading={issue.isPending}>
                  {t('open311.issue')}
                </Button>
              </Form.Item>
            </Form>
            {fresh ? (
              <Alert
                className="page-alert"
                type="success"
                showIcon
                message={t('open311.issued')}
                description={
                  <Space wrap>
                    <code className="mono copy-code" data-testid="open311-new-key">
                      {fresh}
                    </code>
                    <Button
                      onClick={() => void navigator.clipboard?.writeText(fresh).then(() => setCopied(true))}
                    >
                      {copied ? t('open311.copied') : t('open311.copy')}
                    </Button>
                  </Space>
                }
              />
            ) : null}
          </Panel>
          <Panel title={<h2 className="card-title">{t('open311.keys')}</h2>}>
            {keys.isPending ? (
              <Loading />
            ) : keys.isError ? (
              <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />
            ) : (
              <DataTable<Open311Key>
                rowKey={(k) => k.id}
                label={t('open311.keys')}
                busy={keys.isFetching}
                rows={keys.data.items as Open311Key[]}
                empty={t('open311.empty')}
                columns={[
                  { key: 'label', title: t('open311.label'), render: (k) => k.label },
                  { key: 'hint', title: t('open311.hint'), className: 'mono', render: (k) => k.hint },
                  {
                    key: 'createdAt',
                    title: t('open311.createdAt'),
                    render: (k) => chinaDateTime(k.createdAt),
                  },
                  { key: 'createdBy', title: t('open311.createdBy'), render: (k) => k.createdBy },
                  {
                    key: 'state',
                    title: t('open311.state'),
                    render: (k) =>
                      k.revokedAt ? (
                        <Tag>{`${t('open311.revoked')} ${chinaDateTime(k.revokedAt)}`}</Tag>
                      ) : (
                        <Tag color="green">{t('open311.active')}</Tag>
                      ),
                  },
                  {
                    key: 'revoke',
                    title: t('open311.actions'),
                    render: (k) =>
                      k.revokedAt ? null : (
                        <ConfirmButton
                          danger
                          ariaLabel={`${t('open311.revoke')} ${k.label}`}
                          title={t('open311.revokeConfirm')}
                          onConfirm={() => revoke.mutate(k.id)}
                        >
                          {t('open311.revoke')}
                        </ConfirmButton>
                      ),
                  },
                ]}
              />
            )}
          </Panel>
        </>
      ) : null}
    </Space>
  );
}
