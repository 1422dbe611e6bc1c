import { Alert, Button, Form, Input, Space, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useLocation, useParams } from 'react-router';
import {
  type Consultation,
  useConsultation,
  useConsultationActions,
  useConsultations,
  useOpenConsultation,
} from '../../../api/community';
import type { Me } from '../../../api/types';
import { ConfirmButton, NativeSelect, Panel, Toggle, Unavailable } from '../../../components/Controls';
import { fieldColumns } from '../../../components/columns';
import { DataTable } from '../../../components/DataTable';
import { DayInput } from '../../../components/DayInput';
import { useDivisionNames } from '../../../components/DivisionName';
import { NumberInput } from '../../../components/NumberInput';
import { ErrorState, Loading, useErrorMessage } from '../../../components/States';
import { useCreateForm } from '../../../components/useCreateForm';
import { registerStrings } from '../../../i18n';
import communityZh from '../../../i18n/community.zh-CN';
import { moduleLabel } from '../../../i18n/labels';
import { chinaDateTime, chinaDay, chinaEndOfDay } from '../../../time';
import { WorkspaceNotFound } from '../NotFound';
import { CommunityFormField } from './CommunityFormField';
import { ListPanel } from './ListPanel';
// In the area's own chunk: a lazy page would count as a staff route of its own (web/scripts/budgets.ts).
import MeetingsPage from './MeetingsPage';

registerStrings('community', communityZh);

const BASE = '/workspace/m/self-governance';

const scopeText = (t: (k: string, o?: Record<string, unknown>) => string, c: Consultation) =>
  c.scope.kind === 'building'
    ? t('community:consultations.scopeBuilding', { building: c.scope.building })
    : c.scope.kind === 'grid'
      ? t('community:consultations.scopeGrid', { grid: c.scope.grid })
      : t('community:consultations.scopeCommunity');

interface Values {
  communityCode: string;
  title: string;
  description: string;
  options: string;
  anonymous: boolean;
  quorumPercent: number;
  closesAt: Dayjs;
  building?: string;
}

function NewConsultation({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { form, done, saved } = useCreateForm<Values>([
    'communityCode',
    'title',
    'description',
    'options',
    'quorumPercent',
    'closesAt',
    'building',
  ]);
  const own = me.scope.communityCode;
  const open = useOpenConsultation();
  return (
    <Panel title={<h2 className="card-title">{t('community:consultations.new')}</h2>}>
      {done ? (
        <Alert
          type="success"
          showIcon
          message={t('community:consultations.created')}
          className="page-alert"
        />
      ) : null}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ anonymous: true, quorumPercent: 50, ...(own ? { communityCode: own } : {}) }}
        onFinish={(v) =>
          open.mutate(
            {
              communityCode: v.communityCode,
              title: v.title,
              description: v.description,
              options: v.options
                .split('\n')
                .map((o) => o.trim())
                .filter(Boolean),
              anonymous: v.anonymous,
              quorumPercent: v.quorumPercent,
              closesAt: chinaEndOfDay(v.closesAt.format('YYYY-MM-DD')),
              ...(v.building?.trim() ? { building: v.building.trim() } : {}),
            },
            saved,
          )
        }
      >
        <CommunityFormField
          me={me}
          id="cons-street"
          labels={{
            street: t('community:tasks.street'),
            community: t('community:consultations.community'),
            required: t('community:consultations.communityRequired'),
          }}
        />
        <Form.Item
          name="title"
          label={t('community:consultations.topic')}
          rules={[{ required: true, whitespace: true, message: t('community:consultations.topicRequired') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('community:consultations.description')}
          rules={[
            { required: true, whitespace: true, message: t('community:consultations.descriptionRequired') },
          ]}
        >
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item
          name="options"
          label={t('community:consultations.options')}
          extra={t('community:consultations.optionsHint')}
          rules={[
            {
              validator: (_, v: string | undefined) =>
                (v ?? '').split('\n').filter((x) => x.trim()).length >= 2
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('community:consultations.optionsRequired'))),
            },
          ]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="anonymous" label={t('community:consultations.anonymous')} valuePropName="checked">
          <Toggle />
        </Form.Item>
        <Form.Item
          name="quorumPercent"
          label={t('community:consultations.quorum')}
          extra={t('community:consultations.quorumHint')}
        >
          <NumberInput min={1} max={100} />
        </Form.Item>
        <Form.Item
          name="closesAt"
          label={t('community:consultations.closesAt')}
          rules={[{ required: true, message: t('community:consultations.closesAtRequired') }]}
        >
          <DayInput />
        </Form.Item>
        <Form.Item
          name="building"
          label={t('community:consultations.building')}
          extra={t('community:consultations.buildingHint')}
        >
          <Input maxLength={20} style={{ maxWidth: 200 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={open.isPending}>
          {t('community:consultations.open')}
        </Button>
      </Form>
    </Panel>
  );
}

function ConsultationList({ me }: { me: Me }) {
  const { t } = useTranslation();
  const q = useConsultations();
  const items = q.data?.items ?? [];
  const nameOf = useDivisionNames(items.map((c) => c.communityCode));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <NewConsultation me={me} />
      <ListPanel title={t('community:consultations.title')} q={q} empty={t('community:consultations.empty')}>
        {() => (
          <DataTable<Consultation>
            rowKey={(r) => r.id}
            rows={items}
            pageSize={20}
            label={t('community:consultations.title')}
            columns={fieldColumns<Consultation>([
              {
                title: t('community:consultations.topic'),
                render: (_, c) => <Link to={`${BASE}/${c.id}`}>{c.title}</Link>,
              },
              {
                title: t('community:consultations.community'),
                render: (_, c) => `${nameOf(c.communityCode) ?? c.communityCode} · ${scopeText(t, c)}`,
              },
              {
                title: t('community:consultations.status'),
                render: (_, c) => (
                  <Tag color={c.status === 'open' ? 'processing' : 'default'}>
                    {t(`community:status.${c.status}`)}
                  </Tag>
                ),
              },
              {
                title: t('community:consultations.votes'),
                render: (_, c) =>
                  t('community:consultations.turnout', { votes: c.votes, eligible: c.eligible }),
              },
              { title: t('community:consultations.closesAt'), render: (_, c) => chinaDay(c.closesAt) },
            ])}
          />
        )}
      </ListPanel>
    </Space>
  );
}

function ConsultationDetail() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useConsultation(id);
  const act = useConsultationActions(id);
  const errorText = useErrorMessage();
  const [idNumber, setIdNumber] = useState('');
  const [option, setOption] = useState<string | undefined>();
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  const label = (o: string | undefined) => c.options.find((x) => x.id === o)?.label ?? '';
  const paperError = act.paperVote.error;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Link to={BASE}>{t('community:consultations.back')}</Link>
      <Panel
        title={<h2 className="card-title">{c.title}</h2>}
        extra={
          <Tag color={c.status === 'open' ? 'processing' : 'default'}>
            {t(`community:status.${c.status}`)}
          </Tag>
        }
      >
        <table className="facts">
          <tbody>
            <tr>
              <th scope="row">{t('community:consultations.description')}</th>
              <td>{c.description}</td>
            </tr>
            <tr>
              <th scope="row">{t('community:consultations.community')}</th>
              <td>{scopeText(t, c)}</td>
            </tr>
            <tr>
              <th scope="row">{t('community:consultations.anonymous')}</th>
              <td>{c.anonymous ? '✓' : '—'}</td>
            </tr>
            <tr>
              <th scope="row">{t('community:consultations.quorum')}</th>
              <td>{c.quorumPercent}</td>
            </tr>
            <tr>
              <th scope="row">{t('community:consultations.closesAt')}</th>
              <td>{chinaDateTime(c.closesAt)}</td>
            </tr>
            <tr>
              <th scope="row">{t('community:consultations.votes')}</th>
              <td>
                {t('community:consultations.turnout', { votes: c.votes, eligible: c.eligible })} ·{' '}
                {t('community:consultations.paperVotes', { count: c.paperVotes })}
              </td>
            </tr>
          </tbody>
        </table>
      </Panel>
      <Panel title={<h2 className="card-title">{t('community:consultations.tally')}</h2>}>
        {c.status === 'open' ? <p className="muted">{t('community:consultations.hiddenTally')}</p> : null}
        <DataTable
          rowKey={(r) => r.id}
          size="small"
          label={t('community:consultations.tally')}
          rows={c.options.map((o) => ({ ...o, count: c.tally[o.id] ?? 0 }))}
          columns={fieldColumns([
            { title: t('community:consultations.option'), dataIndex: 'label' },
            { title: t('community:consultations.count'), dataIndex: 'count', align: 'right' },
          ])}
        />
        {c.result ? (
          <Alert
            className="page-alert"
            type={c.result.quorumReached ? 'success' : 'warning'}
            showIcon
            message={
              c.result.quorumReached
                ? `${t('community:consultations.quorumReached', { turnout: c.result.turnoutPercent })}；${
                    c.result.tie
                      ? t('community:consultations.tie')
                      : t('community:consultations.winner', { option: label(c.result.winner) })
                  }`
                : t('community:consultations.quorumNotReached', {
                    turnout: c.result.turnoutPercent,
                    quorum: c.quorumPercent,
                  })
            }
            description={c.noticeId ? t('community:consultations.published') : undefined}
          />
        ) : null}
      </Panel>
      {c.status === 'open' ? (
        <Panel title={<h2 className="card-title">{t('community:consultations.paper')}</h2>}>
          <p>{t('community:consultations.paperHint')}</p>
          <Space wrap align="start">
            <Input
              aria-label={t('community:consultations.idNumber')}
              placeholder={t('community:consultations.idNumber')}
              value={idNumber}
              onChange={(e) => setIdNumber(e.target.value)}
              maxLength={18}
              style={{ width: 220 }}
            />
            <NativeSelect
              aria-label={t('community:consultations.option')}
              placeholder={t('community:consultations.option')}
              value={option}
              onChange={setOption}
              options={c.options.map((o) => ({ value: o.id, label: o.label }))}
              style={{ width: 160 }}
            />
            <Button
              onClick={() =>
                act.paperVote.mutate(
                  { idNumber: idNumber.trim(), community: c.communityCode, option: option! },
                  { onSuccess: () => setIdNumber('') },
                )
              }
              disabled={!idNumber.trim() || !option}
              loading={act.paperVote.isPending}
            >
              {t('community:consultations.paperSubmit')}
            </Button>
          </Space>
          {act.paperVote.isSuccess ? (
            <p className="text-success" role="status">
              {t('community:consultations.paperDone')}
            </p>
          ) : null}
          {paperError ? (
            <p className="text-danger">
              {paperError instanceof Error && paperError.message === 'resident-not-found'
                ? t('community:consultations.notFound')
                : errorText(paperError)}
            </p>
          ) : null}
          <ConfirmButton
            danger
            loading={act.close.isPending}
            title={t('community:consultations.closeConfirm')}
            onConfirm={() => act.close.mutate(c.version)}
          >
            {t('community:consultations.close')}
          </ConfirmButton>
          {act.close.error ? <p className="text-danger">{errorText(act.close.error)}</p> : null}
        </Panel>
      ) : null}
    </Space>
  );
}

/** 居民自治 (`/workspace/m/self-governance/*`): consultations and votes, residents' meetings. */
export default function SelfGovernanceArea({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  if (!me.modules.includes('self-governance'))
    return <Unavailable status="404" text={t('workspace.moduleDisabled')} />;
  const manages = ['district-admin', 'street-staff', 'community-worker'].some((r) => me.roles.includes(r));
  if (!manages) return <Unavailable status="403" text={t('workspace.noAccess')} />;
  const tab = pathname.includes('/self-governance/meetings') ? 'meetings' : 'consultations';
  return (
    <div>
      <h2>{moduleLabel(t, 'self-governance')}</h2>
      <nav className="tab-list" aria-label={moduleLabel(t, 'self-governance')}>
        <Link className="tab" to={BASE} aria-current={tab === 'consultations' ? 'page' : undefined}>
          {t('community:meetings.consultationsTab')}
        </Link>
        <Link className="tab" to={`${BASE}/meetings`} aria-current={tab === 'meetings' ? 'page' : undefined}>
          {t('community:meetings.tab')}
        </Link>
      </nav>
      <Routes>
        <Route index element={<ConsultationList me={me} />} />
        <Route path="meetings/*" element={<MeetingsPage me={me} />} />
        <Route path=":id" element={<ConsultationDetail />} />
        <Route path="*" element={<WorkspaceNotFound />} />
      </Routes>
    </div>
  );
}
