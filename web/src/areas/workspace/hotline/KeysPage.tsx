import { Alert, Button, Form, Input, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ChannelKey, useChannelKeys, useIssueKey, useRevokeKey } from '../../../api/hotline';
import { ConfirmButton, CopyText, Panel } from '../../../components/Controls';
import { type DataColumn, DataTable } from '../../../components/DataTable';
import { applyProblem } from '../../../components/formErrors';
import { ErrorState, Loading } from '../../../components/States';
import { chinaDateTime } from '../../../time';

/** The district admin's keys for the telephony system (`calls`) or the SMS provider (`sms`). */
export function KeysPage({ purpose }: { purpose: 'calls' | 'sms' }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<{ label: string; topicArn?: string }>();
  const keys = useChannelKeys(purpose);
  const issue = useIssueKey(purpose);
  const revoke = useRevokeKey(purpose);
  const [secret, setSecret] = useState<string>();
  return (
    <Panel
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
          description={<CopyText text={secret} testId="issued-key" />}
        />
      ) : null}
      {keys.isError ? <ErrorState error={keys.error} onRetry={() => void keys.refetch()} /> : null}
      <div style={{ marginTop: 16 }}>
        <DataTable<ChannelKey>
          rowKey={(k) => k.id}
          label={t(purpose === 'calls' ? 'hotline.keys.title' : 'hotline.keys.smsTitle')}
          busy={keys.isFetching}
          rows={keys.data?.items ?? []}
          empty={keys.isLoading ? <Loading /> : t('hotline.keys.empty')}
          columns={[
            { key: 'label', title: t('hotline.keys.label'), render: (k) => k.label },
            {
              key: 'hint',
              title: t('hotline.keys.hint'),
              render: (k) => <span className="mono">…{k.hint}</span>,
            },
            ...(purpose === 'sms'
              ? [
                  {
                    key: 'topic',
                    title: t('hotline.keys.topic'),
                    render: (k: ChannelKey) =>
                      k.topicArn ? (
                        <span className="mono">{k.topicArn}</span>
                      ) : (
                        <span className="muted">{t('hotline.keys.topicPending')}</span>
                      ),
                  } satisfies DataColumn<ChannelKey>,
                ]
              : []),
            {
              key: 'createdAt',
              title: t('hotline.keys.createdAt'),
              render: (k) => chinaDateTime(k.createdAt),
            },
            {
              key: 'status',
              title: t('hotline.keys.status'),
              render: (k) =>
                k.status === 'active' ? (
                  <ConfirmButton
                    danger
                    title={t('hotline.keys.revokeConfirm')}
                    onConfirm={() => revoke.mutate(k.id)}
                  >
                    {t('hotline.keys.revoke')}
                  </ConfirmButton>
                ) : (
                  <Tag>{t('hotline.keys.revoked')}</Tag>
                ),
            },
          ]}
        />
      </div>
    </Panel>
  );
}
