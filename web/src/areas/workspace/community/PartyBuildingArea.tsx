import { Alert, Button, Form, Input, Space, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes } from 'react-router';
import { type BranchOverview, useCreateBranch, usePartyOverview } from '../../../api/party';
import type { Me } from '../../../api/types';
import { NativeSelect, Panel, RadioList, Unavailable } from '../../../components/Controls';
import { fieldColumns } from '../../../components/columns';
import { DataTable } from '../../../components/DataTable';
import { DayInput } from '../../../components/DayInput';
import { useDivisionNames } from '../../../components/DivisionName';
import { EmptyState, ErrorState, Loading } from '../../../components/States';
import { useCreateForm } from '../../../components/useCreateForm';
import { chinaYear } from '../../../time';
import { WorkspaceNotFound } from '../NotFound';
import { CommunityFormField } from './CommunityFormField';
import PartyBranchPage from './PartyBranchPage';
import { HeldOfDue, managesParty, PARTY_BASE } from './partyCommon';

interface BranchValues {
  communityCode: string;
  name: string;
  kind: 'branch' | 'general-branch';
  secretary: string;
  foundedOn: Dayjs;
}

function NewBranch({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { form, done, setDone, saved } = useCreateForm<BranchValues>([
    'communityCode',
    'name',
    'kind',
    'secretary',
    'foundedOn',
  ]);
  const own = me.scope.communityCode;
  const create = useCreateBranch();
  return (
    <Panel title={<h2 className="card-title">{t('party.branch.new')}</h2>}>
      {done ? (
        <Alert
          type="success"
          showIcon
          role="status"
          message={t('party.branch.created')}
          className="page-alert"
        />
      ) : null}
      <Form<BranchValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'branch', ...(own ? { communityCode: own } : {}) }}
        onValuesChange={() => setDone(false)}
        onFinish={(v) =>
          create.mutate(
            {
              communityCode: v.communityCode,
              name: v.name.trim(),
              kind: v.kind,
              secretary: v.secretary.trim(),
              foundedOn: v.foundedOn.format('YYYY-MM-DD'),
            },
            saved,
          )
        }
      >
        <CommunityFormField
          me={me}
          id="party-street"
          labels={{
            street: t('party.branch.street'),
            community: t('party.branch.community'),
            required: t('party.branch.communityRequired'),
          }}
        />
        <Form.Item
          name="name"
          label={t('party.branch.name')}
          rules={[{ required: true, whitespace: true, message: t('party.branch.nameRequired') }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="kind" label={t('party.branch.kind')}>
          <RadioList
            label={t('party.branch.kind')}
            options={(['branch', 'general-branch'] as const).map((k) => ({
              value: k,
              label: t(`party.kinds.${k}`),
            }))}
          />
        </Form.Item>
        <Space wrap align="start" size="large">
          <Form.Item
            name="secretary"
            label={t('party.branch.secretary')}
            rules={[{ required: true, whitespace: true, message: t('party.branch.secretaryRequired') }]}
          >
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item
            name="foundedOn"
            label={t('party.branch.foundedOn')}
            rules={[{ required: true, message: t('party.branch.foundedRequired') }]}
          >
            <DayInput max="today" />
          </Form.Item>
        </Space>
        <div>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            {t('party.branch.create')}
          </Button>
        </div>
      </Form>
    </Panel>
  );
}

function Overview() {
  const { t } = useTranslation();
  const [year, setYear] = useState(chinaYear());
  const q = usePartyOverview(year);
  const rows = q.data?.branches ?? [];
  const nameOf = useDivisionNames(rows.map((r) => r.branch.communityCode));
  const years = Array.from({ length: 4 }, (_, i) => chinaYear() - i);
  return (
    <Panel
      title={<h2 className="card-title">{t('party.overview.title')}</h2>}
      extra={
        <NativeSelect
          aria-label={t('party.overview.year')}
          value={String(year)}
          onChange={(y) => y && setYear(Number(y))}
          options={years.map((y) => ({ value: String(y), label: String(y) }))}
          style={{ width: 96 }}
        />
      }
    >
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState text={t('party.overview.empty')} />
      ) : (
        <>
          <p className="muted">{t('party.overview.heldOfDueHint')}</p>
          <DataTable<BranchOverview>
            rowKey={(r) => r.branch.id}
            rows={rows}
            pageSize={20}
            label={t('party.overview.title')}
            columns={fieldColumns<BranchOverview>([
              {
                title: t('party.overview.branch'),
                render: (_, r) => <Link to={`${PARTY_BASE}/${r.branch.id}`}>{r.branch.name}</Link>,
              },
              {
                title: t('party.overview.community'),
                render: (_, r) => nameOf(r.branch.communityCode) ?? r.branch.communityCode,
              },
              { title: t('party.branch.members'), align: 'right', render: (_, r) => r.branch.members },
              ...(['congress', 'committee', 'group', 'lecture'] as const).map((kind) => ({
                title: t(`party.meetingKinds.${kind}`),
                render: (_: unknown, r: BranchOverview) => {
                  const k = r.kinds.find((x) => x.kind === kind);
                  return k ? <HeldOfDue k={k} /> : null;
                },
              })),
              { title: t('party.overview.others'), align: 'right', render: (_, r) => r.otherActivities },
              {
                title: t('party.overview.state'),
                render: (_, r) => {
                  const missed = r.kinds.reduce((n, k) => n + k.missed, 0);
                  return r.behind ? (
                    <Tag color="error">{t('party.overview.behind', { count: missed })}</Tag>
                  ) : (
                    <Tag color="success">{t('party.overview.onTrack')}</Tag>
                  );
                },
              },
            ])}
          />
        </>
      )}
    </Panel>
  );
}

/** 社区党建 (`/workspace/m/party-building/*`): branches, members, 三会一课 and the yearly overview. */
export default function PartyBuildingArea({ me }: { me: Me }) {
  const { t } = useTranslation();
  if (!me.modules.includes('party-building'))
    return <Unavailable status="404" text={t('workspace.moduleDisabled')} />;
  if (!managesParty(me)) return <Unavailable status="403" text={t('workspace.noAccess')} />;
  return (
    <div>
      <h2>{t('party.title')}</h2>
      <Routes>
        <Route
          index
          element={
            <Space direction="vertical" style={{ width: '100%' }} size="large">
              <Overview />
              <NewBranch me={me} />
            </Space>
          }
        />
        <Route path=":id" element={<PartyBranchPage />} />
        <Route path="*" element={<WorkspaceNotFound />} />
      </Routes>
    </div>
  );
}
