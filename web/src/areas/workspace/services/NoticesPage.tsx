import { Button, Card, DatePicker, Form, Input, Popconfirm, Radio, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { type Notice, useNotices, usePublishNotice, useWithdrawNotice } from '../../../api/serviceDesk';
import { applyProblem } from '../../../components/formErrors';

interface Values {
  title: string;
  body: string;
  scope: 'district' | 'community';
  expiresAt?: Dayjs;
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
      <Card title={<h2 className="card-title">{t('serviceDesk.notices.publish')}</h2>}>
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
                ...(v.expiresAt ? { expiresAt: v.expiresAt.endOf('day').toISOString() } : {}),
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
            <DatePicker />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={publish.isPending} disabled={!scopes.length}>
            {t('serviceDesk.notices.publish')}
          </Button>
        </Form>
      </Card>
      <Card title={<h2 className="card-title">{t('serviceDesk.notices.title')}</h2>}>
        <Table<Notice>
          rowKey="id"
          loading={notices.isLoading}
          dataSource={notices.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('serviceDesk.notices.empty') }}
          columns={[
            {
              title: t('serviceDesk.notices.noticeTitle'),
              render: (_, n) => (
                <>
                  {n.title} {n.kind === 'decision' ? <Tag>{t('serviceDesk.notices.decision')}</Tag> : null}
                </>
              ),
            },
            {
              title: t('serviceDesk.notices.scope'),
              render: (_, n) =>
                n.scope.kind === 'district' ? t('serviceDesk.notices.district') : n.scope.communityCode,
            },
            {
              title: t('serviceDesk.notices.publishedAt'),
              render: (_, n) => new Date(n.publishAt).toLocaleDateString(i18n.language),
            },
            {
              title: t('serviceDesk.notices.status'),
              render: (_, n) =>
                n.status === 'published' ? (
                  <Popconfirm
                    title={t('serviceDesk.notices.withdrawConfirm')}
                    onConfirm={() => withdraw.mutate(n)}
                  >
                    <Button danger>{t('serviceDesk.notices.withdraw')}</Button>
                  </Popconfirm>
                ) : (
                  <Tag>{t('serviceDesk.notices.withdrawn')}</Tag>
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
