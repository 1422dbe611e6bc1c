import { Alert, Button, Form, Input, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCaseStatus } from '../../../api/hotline';
import { Panel } from '../../../components/Controls';
import { ErrorState, Loading } from '../../../components/States';
import { chinaDateTime } from '../../../time';
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
    <Panel title={<h2 className="card-title">{t('hotline.status.title')}</h2>}>
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
            <table className="facts">
              <tbody>
                <tr>
                  <th scope="row">{t('hotline.status.number')}</th>
                  <td>
                    <span className="mono">{q.data.number}</span>
                  </td>
                </tr>
                <tr>
                  <th scope="row">{t('hotline.status.service')}</th>
                  <td>{pick(lang, q.data.service.name)}</td>
                </tr>
                <tr>
                  <th scope="row">{t('hotline.status.state')}</th>
                  <td>
                    <Tag>{t(`cases.statuses.${q.data.status}`)}</Tag>
                  </td>
                </tr>
                <tr>
                  <th scope="row">{t('hotline.status.step')}</th>
                  <td>{pick(lang, q.data.step.name)}</td>
                </tr>
                <tr>
                  <th scope="row">{t('hotline.status.department')}</th>
                  <td>
                    {t(`serviceDesk.departments.${q.data.department}`, { defaultValue: q.data.department })}
                  </td>
                </tr>
                <tr>
                  <th scope="row">{t('hotline.status.channel')}</th>
                  <td>{t(`cases.channels.${q.data.channel}`)}</td>
                </tr>
                <tr>
                  <th scope="row">{t('hotline.status.filedOn')}</th>
                  <td>{q.data.filedOn}</td>
                </tr>
                <tr>
                  <th scope="row">{t('hotline.status.due')}</th>
                  <td>{q.data.closedOn ?? q.data.due}</td>
                </tr>
              </tbody>
            </table>
            <h3>{t('hotline.status.history')}</h3>
            <ol className="timeline">
              {q.data.timeline.map((e) => (
                <li key={`${e.at}${e.action}`}>
                  {chinaDateTime(e.at)} · {t(`cases.actions.${e.action}`)}
                </li>
              ))}
            </ol>
          </div>
        ) : null}
      </div>
    </Panel>
  );
}
