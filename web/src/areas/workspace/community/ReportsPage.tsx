import { Alert, Button, Form, Input, Space, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type ReportCycleRow, useCycles, useOpenCycle, useTemplates } from '../../../api/community';
import type { Me } from '../../../api/types';
import { NativeSelect, Panel } from '../../../components/Controls';
import { fieldColumns } from '../../../components/columns';
import { DataTable } from '../../../components/DataTable';
import { DayInput } from '../../../components/DayInput';
import { useCreateForm } from '../../../components/useCreateForm';
import { communityCaps } from './caps';
import { BASE } from './common';
import { ListPanel } from './ListPanel';

interface Values {
  templateCode: string;
  period: string;
  cutoff?: Dayjs;
  due: Dayjs;
}

function OpenCycle() {
  const { t, i18n } = useTranslation();
  const { form, done, saved } = useCreateForm<Values>(['templateCode', 'period', 'cutoff', 'due']);
  const templates = useTemplates();
  const open = useOpenCycle();
  const zh = i18n.language.startsWith('zh');
  return (
    <Panel title={<h2 className="card-title">{t('community:reports.open')}</h2>}>
      {done ? (
        <Alert type="success" showIcon message={t('community:reports.created')} className="page-alert" />
      ) : null}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) =>
          open.mutate(
            {
              templateCode: v.templateCode,
              period: v.period.trim(),
              due: v.due.format('YYYY-MM-DD'),
              ...(v.cutoff ? { cutoff: v.cutoff.format('YYYY-MM-DD') } : {}),
            },
            saved,
          )
        }
      >
        <Form.Item
          name="templateCode"
          label={t('community:reports.template')}
          rules={[{ required: true, message: t('community:reports.templateRequired') }]}
        >
          <NativeSelect
            style={{ maxWidth: 480 }}
            options={(templates.data?.items ?? []).map((tp) => ({
              value: tp.code,
              label: `${zh ? tp.name.zh : tp.name.en}（${t('community:reports.share', tp.share)}）`,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="period"
          label={t('community:reports.period')}
          extra={t('community:reports.periodHint')}
          rules={[{ required: true, whitespace: true, message: t('community:reports.periodRequired') }]}
        >
          <Input style={{ maxWidth: 200 }} placeholder="2026-11" />
        </Form.Item>
        <Form.Item
          name="cutoff"
          label={t('community:reports.cutoff')}
          extra={t('community:reports.cutoffHint')}
        >
          <DayInput />
        </Form.Item>
        <Form.Item
          name="due"
          label={t('community:reports.due')}
          rules={[{ required: true, message: t('community:reports.dueRequired') }]}
        >
          <DayInput />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={open.isPending}>
          {t('community:reports.create')}
        </Button>
      </Form>
    </Panel>
  );
}

/** 报表: the cycles reaching the caller's communities, with their progress. */
export default function ReportsPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const caps = communityCaps(me);
  const q = useCycles();
  const items = q.data?.items ?? [];
  const zh = i18n.language.startsWith('zh');
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      {caps.assign ? <OpenCycle /> : null}
      <ListPanel title={t('community:reports.title')} q={q} empty={t('community:reports.empty')}>
        {() => (
          <DataTable<ReportCycleRow>
            rowKey={(r) => r.cycle.id}
            rows={items}
            pageSize={20}
            label={t('community:reports.title')}
            columns={fieldColumns<ReportCycleRow>([
              {
                title: t('community:reports.template'),
                render: (_, r) => (
                  <Link
                    to={
                      caps.community && !caps.assign
                        ? `${BASE}/cycles/${r.cycle.id}/${caps.community}`
                        : `${BASE}/cycles/${r.cycle.id}`
                    }
                  >
                    {zh ? r.cycle.name.zh : r.cycle.name.en}
                  </Link>
                ),
              },
              { title: t('community:reports.period'), render: (_, r) => r.cycle.period },
              { title: t('community:reports.cutoff'), render: (_, r) => r.cycle.cutoff },
              {
                title: t('community:reports.due'),
                render: (_, r) => (
                  <Space size={4}>
                    {r.cycle.due}
                    {r.progress.overdue ? <Tag color="red">{t('community:tasks.overdue')}</Tag> : null}
                  </Space>
                ),
              },
              {
                title: t('community:reports.progress'),
                render: (_, r) => (
                  <ReportProgress
                    accepted={r.progress.accepted}
                    submitted={r.progress.submitted}
                    communities={r.progress.communities}
                    label={`${t('community:reports.accepted')} ${r.progress.accepted}/${r.progress.communities}`}
                  />
                ),
              },
            ])}
          />
        )}
      </ListPanel>
    </Space>
  );
}

/** How far a cycle is: submitted or accepted (the bar) and accepted (its darker part), of all communities. */
function ReportProgress({
  accepted,
  submitted,
  communities,
  label,
}: {
  accepted: number;
  submitted: number;
  communities: number;
  label: string;
}) {
  const of = Math.max(1, communities);
  const percent = Math.round(((submitted + accepted) / of) * 100);
  return (
    <div className="progress" style={{ minWidth: 140 }}>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div className="progress-fill" style={{ width: `${percent}%`, position: 'relative' }}>
          <div
            className="progress-fill done"
            style={{
              width: `${percent ? Math.round((accepted / of / ((submitted + accepted) / of)) * 100) : 0}%`,
            }}
          />
        </div>
      </div>
      <span>
        {accepted}/{communities}
      </span>
    </div>
  );
}
