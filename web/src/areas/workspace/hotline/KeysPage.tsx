import { Alert, Button, Card, Form, Input, Popconfirm, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ChannelKey, useChannelKeys, useIssueKey, useRevokeKey } from '../../../api/hotline';
import { applyProblem } from '../../../components/formErrors';
import { ErrorState } from '../../../components/States';

/** The district admin's keys for the telephony system (`calls`) or the SMS provider (`sms`). */
export function KeysPage({ purpose }: { purpose: 'calls' | 'sms' }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<{ label: string; topicArn?: string }>();
  const keys = useChannelKeys(purpose);
  const issue = useIssueKey(purpose);
  const revoke = useRevokeKey(purpose);
  const [secret, setSecret] = useState<string>();
  return (
    <Card
      title={
        <h2 className="card-title">
          {t(purpose === 'calls' ? 'hotline.keys.title' : 'hotline.keys.smsTitle')}
        </h2>
      }
    >
      <p>{t(purpose === 'calls' ? 'hotline.keys.intro' : 'hotline.keys.smsIntro')}</p>
      <Form
        form={form}
        layout="inline"
        onFinish={(v) =>
          issue.mutate(
            {
              label: v.label,
              ...(purpose === 'sms' && v.topicArn?.trim() ? { topicArn: v.topicArn.trim() } : {}),
            },
            {
              onSuccess: (out) => {
                setSecret(out.secret);
                form.resetFields();
              },
              onError: (e) => applyProblem(form, e, i18n.language),
            },
          )
        }
      >
        <Form.Item
          name="label"
          label={t('hotline.keys.label')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={60} placeholder={t('hotline.keys.labelPlaceholder')} />
        </Form.Item>
        {purpose === 'sms' ? (
          <Form.Item name="topicArn" label={t('hotline.keys.topic')} extra={t('hotline.keys.topicHelp')}>
            <Input maxLength={300} placeholder="arn:aws-cn:sns:cn-north-1:123456789012:linli-sms" />
          </Form.Item>
        ) : null}
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={issue.isPending}>
            {t('hotline.keys.issue')}
          </Button>
        </Form.Item>
      </Form>
      {secret ? (
        <Alert
          style={{ marginTop: 16 }}
          type="warning"
          showIcon
          message={t('hotline.keys.secret')}
          description={
            <Typography.Text copyable code data-testid="issued-key">
              {secret}
            </Typography.Text>
          }
        />
      ) : null}
      {keys.isError ? <ErrorState error={keys.error} onRetry={() => void keys.refetch()} /> : null}
      <Table<ChannelKey>
        style={{ marginTop: 16 }}
        rowKey="id"
        loading={keys.isLoading}
        dataSource={keys.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('hotline.keys.empty') }}
        columns={[
          { title: t('hotline.keys.label'), dataIndex: 'label' },
          { title: t('hotline.keys.hint'), render: (_, k) => <span className="mono">…{k.hint}</span> },
          ...(purpose === 'sms'
            ? [
                {
                  title: t('hotline.keys.topic'),
                  render: (_: unknown, k: ChannelKey) =>
                    k.topicArn ? (
                      <span className="mono">{k.topicArn}</span>
                    ) : (
                      <Typography.Text type="secondary">{t('hotline.keys.topicPending')}</Typography.Text>
                    ),
                },
              ]
            : []),
          { title: t('hotline.keys.createdAt'), render: (_, k) => new Date(k.createdAt).toLocaleString() },
          {
            title: t('hotline.keys.status'),
            render: (_, k) =>
              k.status === 'active' ? (
                <Popconfirm title={t('hotline.keys.revokeConfirm')} onConfirm={() => revoke.mutate(k.id)}>
                  <Button danger>{t('hotline.keys.revoke')}</Button>
                </Popconfirm>
              ) : (
                <Tag>{t('hotline.keys.revoked')}</Tag>
              ),
          },
        ]}
      />
    </Card>
  );
}
