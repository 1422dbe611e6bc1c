import { Alert, Button, Card, Form, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Open311Key,
  useIssueOpen311Key,
  useOpen311Keys,
  useRevokeOpen311Key,
} from '../../../api/open311';
import type { Me } from '../../../api/types';
import { applyProblem } from '../../../components/formErrors';
import { ErrorState, Loading } from '../../../components/States';
import { registerStrings } from '../../../i18n';
import open311Zh from '../../../i18n/open311.zh-CN';

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
  const date = (iso: string) => new Date(iso).toLocaleString(i18n.language);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={<h2 className="card-title">{t('open311.title')}</h2>}>
        <Typography.Paragraph>{t('open311.intro')}</Typography.Paragraph>
        <Typography.Paragraph>
          {t('open311.endpoint')}:{' '}
          <Typography.Text code copyable>
            {endpoint}
          </Typography.Text>
        </Typography.Paragraph>
        {!admin ? <Alert type="info" showIcon message={t('open311.adminOnly')} /> : null}
      </Card>
      {admin ? (
        <>
          <Card title={<h2 className="card-title">{t('open311.issue')}</h2>}>
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
                    <Typography.Text code data-testid="open311-new-key">
                      {fresh}
                    </Typography.Text>
                    <Button
                      onClick={() => void navigator.clipboard?.writeText(fresh).then(() => setCopied(true))}
                    >
                      {copied ? t('open311.copied') : t('open311.copy')}
                    </Button>
                  </Space>
                }
              />
            ) : null}
          </Card>
          <Card title={<h2 className="card-title">{t('open311.keys')}</h2>}>
            {keys.isPending ? (
              <Loading />
            ) : keys.isError ? (
              <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />
            ) : (
              <Table<Open311Key>
                rowKey="id"
                dataSource={keys.data.items as Open311Key[]}
                pagination={false}
                scroll={{ x: 'max-content' }}
                locale={{ emptyText: t('open311.empty') }}
                columns={[
                  { title: t('open311.label'), dataIndex: 'label' },
                  { title: t('open311.hint'), dataIndex: 'hint', className: 'mono' },
                  { title: t('open311.createdAt'), dataIndex: 'createdAt', render: date },
                  { title: t('open311.createdBy'), dataIndex: 'createdBy' },
                  {
                    title: t('open311.state'),
                    render: (_, k) =>
                      k.revokedAt ? (
                        <Tag>{`${t('open311.revoked')} ${date(k.revokedAt)}`}</Tag>
                      ) : (
                        <Tag color="green">{t('open311.active')}</Tag>
                      ),
                  },
                  {
                    title: '',
                    render: (_, k) =>
                      k.revokedAt ? null : (
                        <Popconfirm title={t('open311.revokeConfirm')} onConfirm={() => revoke.mutate(k.id)}>
                          <Button danger aria-label={`${t('open311.revoke')} ${k.label}`}>
                            {t('open311.revoke')}
                          </Button>
                        </Popconfirm>
                      ),
                  },
                ]}
              />
            )}
          </Card>
        </>
      ) : null}
    </Space>
  );
}
