import { Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { downloadCycle, type ReportRow, useCycle } from '../../../api/community';
import type { Me } from '../../../api/types';
import { Panel } from '../../../components/Controls';
import { fieldColumns } from '../../../components/columns';
import { DataTable } from '../../../components/DataTable';
import { useDivisionNames } from '../../../components/DivisionName';
import { ErrorState, Loading } from '../../../components/States';
import { BASE, StatusTag } from './common';

/** One cycle: each community's report and where it came from, and the roll-up of the accepted ones. */
export default function CycleDetailPage(_: { me: Me }) {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const q = useCycle(id);
  const nameOf = useDivisionNames(q.data?.reports.map((r) => r.communityCode) ?? []);
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const { cycle, reports, rollUp } = q.data;
  const zh = i18n.language.startsWith('zh');
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Link to={`${BASE}/reports`}>{t('community:reports.back')}</Link>
      <Panel
        title={
          <h2 className="card-title">
            {zh ? cycle.name.zh : cycle.name.en} · {cycle.period}
          </h2>
        }
        extra={
          <Button onClick={() => void downloadCycle(cycle.id, `report-${cycle.period}.xlsx`)}>
            {t('community:reports.export')}
          </Button>
        }
      >
        <table className="facts">
          <tbody>
            <tr>
              <th scope="row">{t('community:reports.cutoff')}</th>
              <td>{cycle.cutoff}</td>
            </tr>
            <tr>
              <th scope="row">{t('community:reports.due')}</th>
              <td>{cycle.due}</td>
            </tr>
            <tr>
              <th scope="row">{t('community:reports.progress')}</th>
              <td>
                {q.data.progress.accepted}/{q.data.progress.communities}
              </td>
            </tr>
          </tbody>
        </table>
        <DataTable<ReportRow>
          rowKey={(r) => r.communityCode}
          rows={reports}
          label={t('community:reports.progress')}
          columns={fieldColumns<ReportRow>([
            {
              title: t('community:reports.community'),
              render: (_, r) => (
                <Link to={`${BASE}/cycles/${cycle.id}/${r.communityCode}`}>
                  {nameOf(r.communityCode) ?? r.communityCode}
                </Link>
              ),
            },
            {
              title: t('community:reports.status'),
              render: (_, r) => <StatusTag status={r.status} report />,
            },
            {
              title: t('community:reports.source'),
              render: (_, r) => (r.status === 'not-started' ? '—' : t('community:reports.counts', r.counts)),
            },
          ])}
        />
      </Panel>
      <Panel title={<h2 className="card-title">{t('community:reports.rollUp')}</h2>}>
        {rollUp.communities.length === 0 ? (
          <p>{t('community:reports.rollUpEmpty')}</p>
        ) : (
          <>
            <p>{t('community:reports.rollUpOf', { count: rollUp.communities.length })}</p>
            <DataTable
              rowKey={(r) => r.key}
              size="small"
              label={t('community:reports.rollUp')}
              rows={cycle.fields
                .filter((f) => f.kind === 'number')
                .map((f) => ({
                  key: f.key,
                  label: zh ? f.label.zh : f.label.en,
                  value: rollUp.totals[f.key] ?? 0,
                  bound: !!f.bind,
                }))}
              columns={fieldColumns<{ key: string; label: string; value: number; bound: boolean }>([
                { title: t('community:reports.field'), dataIndex: 'label' },
                { title: t('community:reports.value'), dataIndex: 'value', align: 'right' },
                {
                  title: t('community:reports.source'),
                  render: (_, f) =>
                    f.bound ? t('community:reports.fromDatabase') : t('community:reports.typed'),
                },
              ])}
            />
          </>
        )}
      </Panel>
    </Space>
  );
}
