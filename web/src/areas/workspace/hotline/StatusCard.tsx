import { Alert, Button, Card, Descriptions, Form, Input, Tag, Timeline } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCaseStatus } from '../../../api/hotline';
import { ErrorState, Loading } from '../../../components/States';
import { pick } from '../services/common';

const NUMBER = /^\d{6}-\d{8}-\d{4}$/;

/** "Where is my case": the status a caller may be told, by case number. */
export function StatusCard({ initial }: { initial?: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [number, setNumber] = useState<string | undefined>(initial);
  const q = useCaseStatus(number);
  const notFound = q.isError && (q.error as { status?: number }).status === 404;
  return (
    <Card title={<h2 className="card-title">{t('hotline.status.title')}</h2>}>
      <Form
        layout="inline"
        initialValues={{ number: initial ?? '' }}
        onFinish={(v: { number: string }) => setNumber(v.number.trim())}
      >
        <Form.Item
          name="number"
          label={t('hotline.status.number')}
          rules={[{ pattern: NUMBER, required: true, message: t('hotline.status.numberInvalid') }]}
        >
          <Input placeholder={t('hotline.status.numberPlaceholder')} autoComplete="off" className="mono" />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit">{t('hotline.status.lookup')}</Button>
        </Form.Item>
      </Form>
      <div style={{ marginTop: 16 }}>
        {!number ? null : q.isLoading ? (
          <Loading />
        ) : notFound ? (
          <Alert type="warning" showIcon message={t('hotline.status.notFound')} />
        ) : q.isError ? (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        ) : q.data ? (
          <div className="stack" data-testid="hotline-status">
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('hotline.status.number')}>
                <span className="mono">{q.data.number}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('hotline.status.service')}>
                {pick(lang, q.data.service.name)}
              </Descriptions.Item>
              <Descriptions.Item label={t('hotline.status.state')}>
                <Tag>{t(`cases.statuses.${q.data.status}`)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('hotline.status.step')}>
                {pick(lang, q.data.step.name)}
              </Descriptions.Item>
              <Descriptions.Item label={t('hotline.status.department')}>
                {t(`serviceDesk.departments.${q.data.department}`, { defaultValue: q.data.department })}
              </Descriptions.Item>
              <Descriptions.Item label={t('hotline.status.channel')}>
                {t(`cases.channels.${q.data.channel}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('hotline.status.filedOn')}>{q.data.filedOn}</Descriptions.Item>
              <Descriptions.Item label={t('hotline.status.due')}>
                {q.data.closedOn ?? q.data.due}
              </Descriptions.Item>
            </Descriptions>
            <h3>{t('hotline.status.history')}</h3>
            <Timeline
              items={q.data.timeline.map((e) => ({
                key: `${e.at}${e.action}`,
                children: `${e.at.slice(0, 16).replace('T', ' ')} · ${t(`cases.actions.${e.action}`)}`,
              }))}
            />
          </div>
        ) : null}
      </div>
    </Card>
  );
}
