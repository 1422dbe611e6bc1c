import { Button, Form, Input, Radio, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Notice, useNotices, usePublishNotice, useWithdrawNotice } from '../../../api/serviceDesk';
import { ConfirmButton, DateInput, Panel } from '../../../components/Controls';
import { DataTable } from '../../../components/DataTable';
import { applyProblem } from '../../../components/formErrors';
import { Loading } from '../../../components/States';
import { chinaDay, chinaEndOfDay } from '../../../time';

interface Values {
  title: string;
  body: string;
  scope: 'district' | 'community';
  /** `YYYY-MM-DD`: the notice is shown until the end of that day. */
  expiresAt?: string;
}

/** 公告公示: publish a district or community notice, see the caller's notices, withdraw one. */
export function NoticesPage({ communityCode, district }: { communityCode?: string; district: boolean }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Values>();
  const notices = useNotices();
  const publish = usePublishNotice();
  const withdraw = useWithdrawNotice();
  const scopes = [
    ...(district ? [{ value: 'district', label: t('serviceDesk.notices.district') }] : []),
    ...(communityCode ? [{ value: 'community', label: t('serviceDesk.notices.community') }] : []),
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Panel title={<h2 className="card-title">{t('serviceDesk.notices.publish')}</h2>}>
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ scope: scopes[0]?.value }}
          onFinish={(v) =>
            publish.mutate(
              {
                title: v.title,
                body: v.body,
                scope:
                  v.scope === 'community' && communityCode
                    ? { kind: 'community', communityCode }
                    : { kind: 'district' },
                ...(v.expiresAt ? { expiresAt: chinaEndOfDay(v.expiresAt) } : {}),
              },
              {
                onSuccess: () => form.resetFields(),
                onError: (e) =>
                  applyProblem(form, e, i18n.language, { known: ['title', 'body', 'expiresAt'] }),
              },
            )
          }
        >
          <Form.Item
            name="title"
            label={t('serviceDesk.notices.noticeTitle')}
            rules={[{ required: true, whitespace: true, message: t('serviceDesk.notices.titleRequired') }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="body"
            label={t('serviceDesk.notices.body')}
            rules={[{ required: true, whitespace: true, message: t('serviceDesk.notices.bodyRequired') }]}
          >
            <Input.TextArea rows={5} maxLength={5000} />
          </Form.Item>
          <Form.Item name="scope" label={t('serviceDesk.notices.scope')}>
            <Radio.Group options={scopes} />
          </Form.Item>
          <Form.Item name="expiresAt" label={t('serviceDesk.notices.expiresAt')}>
            <DateInput />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={publish.isPending} disabled={!scopes.length}>
            {t('serviceDesk.notices.publish')}
          </Button>
        </Form>
      </Panel>
      <Panel title={<h2 className="card-title">{t('serviceDesk.notices.title')}</h2>}>
        <DataTable<Notice>
          rowKey={(n) => n.id}
          label={t('serviceDesk.notices.title')}
          busy={notices.isFetching}
          rows={notices.data?.items ?? []}
          empty={notices.isLoading ? <Loading /> : t('serviceDesk.notices.empty')}
          columns={[
            {
              key: 'title',
              title: t('serviceDesk.notices.noticeTitle'),
              render: (n) => (
                <>
                  {n.title} {n.kind === 'decision' ? <Tag>{t('serviceDesk.notices.decision')}</Tag> : null}
                </>
              ),
            },
            {
              key: 'scope',
              title: t('serviceDesk.notices.scope'),
              render: (n) =>
                n.scope.kind === 'district' ? t('serviceDesk.notices.district') : n.scope.communityCode,
            },
            {
              key: 'publishedAt',
              title: t('serviceDesk.notices.publishedAt'),
              render: (n) => chinaDay(n.publishAt),
            },
            {
              key: 'status',
              title: t('serviceDesk.notices.status'),
              render: (n) =>
                n.status === 'published' ? (
                  <ConfirmButton
                    danger
                    title={t('serviceDesk.notices.withdrawConfirm')}
                    onConfirm={() => withdraw.mutate(n)}
                  >
                    {t('serviceDesk.notices.withdraw')}
                  </ConfirmButton>
                ) : (
                  <Tag>{t('serviceDesk.notices.withdrawn')}</Tag>
                ),
            },
          ]}
        />
      </Panel>
    </Space>
  );
}
