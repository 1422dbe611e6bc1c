import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Space, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useParams } from 'react-router';
import { useCommunities, useStreets } from '../../../api/client';
import { fetchResidents } from '../../../api/population';
import type { Me } from '../../../api/types';
import {
  type CivilOrganization,
  type HoursPeriod,
  hoursText,
  minutesOf,
  useChangeVolunteer,
  useCivilOrganizations,
  useCorrectHours,
  useHoursTotals,
  useRecordActivity,
  useRegisterVolunteer,
  useVolunteer,
  useVolunteerActivities,
  useVolunteerActivity,
  useVolunteers,
  type VolunteerActivity,
  type VolunteerRow,
} from '../../../api/volunteers';
import {
  CheckboxList,
  NativeSelect,
  Panel,
  RadioList,
  TabSet,
  Unavailable,
} from '../../../components/Controls';
import { fieldColumns } from '../../../components/columns';
import { DataTable } from '../../../components/DataTable';
import { DayInput } from '../../../components/DayInput';
import { useDivisionNames } from '../../../components/DivisionName';
import { applyProblem } from '../../../components/formErrors';
import { NumberInput } from '../../../components/NumberInput';
import { EmptyState, ErrorState, Loading, useErrorMessage } from '../../../components/States';
import { useCreateForm } from '../../../components/useCreateForm';
import { registerStrings } from '../../../i18n';
import volunteersZh from '../../../i18n/volunteers.zh-CN';
import { chinaDay } from '../../../time';
import { WorkspaceNotFound } from '../NotFound';

registerStrings('volunteers', volunteersZh);

export const CIVIL_BASE = '/workspace/m/civil-organizations';

/** Who manages volunteers (`volunteers:manage`; the server checks the same, by scope). */
export const managesVolunteers = (me: Me) =>
  ['district-admin', 'street-staff', 'community-worker'].some((r) => me.roles.includes(r));

const p = (k: string) => `volunteers.${k}`;

/** The community the pages show: the worker's own, else one the street or district picks. */
function CommunityPicker({ me, value, onChange }: { me: Me; value: string; onChange: (c: string) => void }) {
  const { t } = useTranslation();
  const own = me.scope.communityCode;
  const streets = useStreets(!own && !me.scope.streetCode);
  const [street, setStreet] = useState<string | undefined>(me.scope.streetCode);
  const communities = useCommunities(own ? '' : (street ?? ''));
  if (own) return null;
  return (
    <Space wrap className="page-alert">
      {!me.scope.streetCode ? (
        <NativeSelect
          aria-label={t(p('street'))}
          placeholder={t(p('street'))}
          value={street}
          onChange={(s) => {
            setStreet(s);
            onChange('');
          }}
          options={(streets.data ?? []).map((s) => ({ value: s.code, label: s.name }))}
          style={{ minWidth: 200 }}
        />
      ) : null}
      <NativeSelect
        aria-label={t(p('community'))}
        placeholder={t(p('pickCommunity'))}
        value={value || undefined}
        onChange={(c) => onChange(c ?? '')}
        options={(communities.data ?? []).map((c) => ({ value: c.code, label: c.name }))}
        style={{ minWidth: 200 }}
      />
    </Space>
  );
}

function Orgs({ community }: { community: string }) {
  const { t } = useTranslation();
  const q = useCivilOrganizations(community);
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data.items.length === 0) return <EmptyState text={t(p('orgs.empty'))} />;
  return (
    <DataTable<CivilOrganization>
      rowKey={(r) => r.id}
      size="small"
      rows={q.data.items}
      label={t(p('orgs.caption'))}
      columns={fieldColumns<CivilOrganization>([
        { title: t(p('orgs.name')), dataIndex: 'name' },
        { title: t(p('orgs.type')), render: (_, o) => <Tag>{t(p(`orgs.types.${o.type}`))}</Tag> },
        { title: t(p('orgs.members')), align: 'right', render: (_, o) => o.memberCount ?? '—' },
        { title: t(p('orgs.volunteers')), align: 'right', dataIndex: 'volunteers' },
      ])}
    />
  );
}

function NewVolunteer({ community, orgs }: { community: string; orgs: CivilOrganization[] }) {
  const { t } = useTranslation();
  const { form, done, setDone, saved } = useCreateForm<{
    residentId: string;
    teams: string[];
    skills?: string;
  }>(['residentId', 'teams', 'skills'], () => {
    setFound([]);
  });
  const register = useRegisterVolunteer();
  const [found, setFound] = useState<{ value: string; label: string }[]>([]);
  const search = async (term: string) => {
    const s = term.trim();
    if (!s) return setFound([]);
    const byId = /^\d{17}[\dXx]$/.test(s);
    const page = await fetchResidents({
      community,
      status: 'active',
      ...(byId ? { idNumber: s } : { name: s }),
    });
    const options = page.items.map((r) => ({
      value: r.id,
      label: `${r.name ?? '—'} ${r.mobile ?? ''} ${r.building ?? ''}`.trim(),
    }));
    setFound(options);
    form.setFieldValue('residentId', options.length === 1 ? options[0]?.value : undefined);
  };
  return (
    <Panel title={<h3 className="card-title">{t(p('volunteers.new'))}</h3>}>
      {done ? <Alert type="success" showIcon role="status" message={t(p('volunteers.registered'))} /> : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ skills: '' }}
        onValuesChange={() => setDone(false)}
        onFinish={(v) =>
          register.mutate(
            {
              residentId: v.residentId,
              teams: v.teams,
              skills: (v.skills ?? '')
                .split(/[,，、;；\s]+/)
                .map((x) => x.trim())
                .filter(Boolean),
            },
            saved,
          )
        }
      >
        <Form.Item
          label={t(p('volunteers.find'))}
          htmlFor="volunteer-find"
          extra={t(p('volunteers.findHint'))}
        >
          <Input.Search
            id="volunteer-find"
            enterButton={t(p('volunteers.search'))}
            onSearch={(s) => void search(s)}
            style={{ maxWidth: 360 }}
          />
        </Form.Item>
        <Form.Item
          name="residentId"
          label={t(p('volunteers.pick'))}
          rules={[{ required: true, message: t(p('volunteers.residentRequired')) }]}
        >
          <NativeSelect
            placeholder={found.length ? t(p('volunteers.pickFound')) : t(p('volunteers.noneFound'))}
            options={found}
            style={{ maxWidth: 360 }}
          />
        </Form.Item>
        <Form.Item
          name="teams"
          label={t(p('volunteers.teams'))}
          rules={[{ required: true, message: t(p('volunteers.teamsRequired')) }]}
        >
          <CheckboxList
            label={t(p('volunteers.teams'))}
            options={orgs.map((o) => ({ value: o.id, label: o.name }))}
          />
        </Form.Item>
        <Form.Item name="skills" label={t(p('volunteers.skills'))} extra={t(p('volunteers.skillsHint'))}>
          <Input maxLength={200} style={{ maxWidth: 360 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={register.isPending}>
          {t(p('volunteers.register'))}
        </Button>
      </Form>
    </Panel>
  );
}

/** A community's records (or why there are none to show), then the form that adds one. */
function ListAndForm<T>({
  q,
  empty,
  form,
  children,
}: {
  q: UseQueryResult<{ items: T[] }>;
  empty: string;
  /** Only once a community is chosen. */
  form: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <EmptyState text={empty} />
      ) : (
        children(q.data.items)
      )}
      {form}
    </Space>
  );
}

function Volunteers({ community }: { community: string }) {
  const { t } = useTranslation();
  const q = useVolunteers(community);
  const orgs = useCivilOrganizations(community);
  const names = new Map((orgs.data?.items ?? []).map((o) => [o.id, o.name]));
  return (
    <ListAndForm
      q={q}
      empty={t(p('volunteers.empty'))}
      form={community ? <NewVolunteer community={community} orgs={orgs.data?.items ?? []} /> : null}
    >
      {(items) => (
        <DataTable<VolunteerRow>
          rowKey={(r) => r.id}
          size="small"
          rows={items}
          pageSize={50}
          label={t(p('volunteers.caption'))}
          columns={fieldColumns<VolunteerRow>([
            {
              title: t(p('volunteers.name')),
              render: (_, v) => <Link to={`${CIVIL_BASE}/volunteers/${v.id}`}>{v.person.name ?? '—'}</Link>,
            },
            { title: t(p('volunteers.mobile')), className: 'mono', render: (_, v) => v.person.mobile ?? '—' },
            {
              title: t(p('volunteers.teams')),
              render: (_, v) => v.teams.map((id) => names.get(id) ?? id).join('、'),
            },
            { title: t(p('volunteers.skills')), render: (_, v) => v.skills.join('、') || '—' },
            { title: t(p('volunteers.status')), render: (_, v) => <StatusTag v={v} /> },
            {
              title: t(p('volunteers.hoursThisYear')),
              align: 'right',
              render: (_, v) => hoursText(v.minutesThisYear),
            },
          ])}
        />
      )}
    </ListAndForm>
  );
}

function StatusTag({ v }: { v: Pick<VolunteerRow, 'status' | 'person'> }) {
  const { t } = useTranslation();
  if (!v.person.active) return <Tag>{t(p('volunteers.left'))}</Tag>;
  return v.status === 'active' ? (
    <Tag color="success">{t(p('volunteers.active'))}</Tag>
  ) : (
    <Tag>{t(p('volunteers.inactive'))}</Tag>
  );
}

interface ActivityValues {
  orgId: string;
  date: Dayjs;
  title: string;
  place: string;
  description?: string;
  participants: number;
  hours: { volunteerId: string; hours: number }[];
}

function NewActivity({ community }: { community: string }) {
  const { t } = useTranslation();
  const { form, done, setDone, saved } = useCreateForm<ActivityValues>([
    'orgId',
    'date',
    'title',
    'place',
    'participants',
  ]);
  const orgs = useCivilOrganizations(community);
  const vols = useVolunteers(community);
  const record = useRecordActivity();
  const active = (vols.data?.items ?? []).filter((v) => v.status === 'active' && v.person.active);
  const nameOf = (id: string) => active.find((v) => v.id === id)?.person.name ?? '';
  return (
    <Panel title={<h3 className="card-title">{t(p('activities.new'))}</h3>}>
      {done ? <Alert type="success" showIcon role="status" message={t(p('activities.saved'))} /> : null}
      <Form<ActivityValues>
        form={form}
        layout="vertical"
        initialValues={{ date: dayjs(chinaDay()), participants: 1, hours: [] }}
        onValuesChange={() => setDone(false)}
        onFinish={(v) =>
          record.mutate(
            {
              orgId: v.orgId,
              date: v.date.format('YYYY-MM-DD'),
              title: v.title.trim(),
              place: v.place.trim(),
              ...(v.description?.trim() ? { description: v.description.trim() } : {}),
              participants: v.participants,
              hours: (v.hours ?? []).map((h) => ({
                volunteerId: h.volunteerId,
                minutes: minutesOf(h.hours),
              })),
            },
            saved,
          )
        }
      >
        <Form.Item
          name="orgId"
          label={t(p('activities.team'))}
          rules={[{ required: true, message: t(p('activities.teamRequired')) }]}
        >
          <NativeSelect
            options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
            style={{ maxWidth: 360 }}
          />
        </Form.Item>
        <Space wrap align="start" size="large">
          <Form.Item
            name="date"
            label={t(p('activities.date'))}
            rules={[{ required: true, message: t(p('activities.dateRequired')) }]}
          >
            <DayInput max="today" />
          </Form.Item>
          <Form.Item
            name="participants"
            label={t(p('activities.participants'))}
            rules={[{ required: true, message: t(p('activities.participantsRequired')) }]}
          >
            <NumberInput min={0} max={100000} precision={0} />
          </Form.Item>
        </Space>
        <Form.Item
          name="title"
          label={t(p('activities.title'))}
          rules={[{ required: true, whitespace: true, message: t(p('activities.titleRequired')) }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="place"
          label={t(p('activities.place'))}
          rules={[{ required: true, whitespace: true, message: t(p('activities.placeRequired')) }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="description" label={t(p('activities.description'))}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.List name="hours">
          {(fields, { add, remove }) => (
            <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
              <legend style={{ fontSize: 14, fontWeight: 600 }}>{t(p('activities.who'))}</legend>
              {fields.map((f) => (
                <Space key={f.key} wrap align="start">
                  <Form.Item
                    name={[f.name, 'volunteerId']}
                    label={t(p('activities.volunteer'))}
                    rules={[{ required: true, message: t(p('volunteers.residentRequired')) }]}
                  >
                    <NativeSelect
                      style={{ minWidth: 160 }}
                      options={active.map((v) => ({ value: v.id, label: v.person.name ?? v.id }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'hours']}
                    label={t(p('activities.hours'))}
                    extra={t(p('activities.hoursHint'))}
                    rules={[{ required: true, message: t(p('activities.hoursHint')) }]}
                  >
                    <NumberInput min={0.1} max={24} step={0.5} precision={1} />
                  </Form.Item>
                  <Button
                    onClick={() => remove(f.name)}
                    aria-label={t(p('activities.removeOf'), {
                      name: nameOf(form.getFieldValue(['hours', f.name, 'volunteerId'])),
                    })}
                    style={{ marginTop: 30 }}
                  >
                    {t(p('activities.remove'))}
                  </Button>
                </Space>
              ))}
              <div>
                <Button onClick={() => add({ hours: 2 })}>{t(p('activities.addVolunteer'))}</Button>
              </div>
            </fieldset>
          )}
        </Form.List>
        <Button type="primary" htmlType="submit" loading={record.isPending} style={{ marginTop: 16 }}>
          {t(p('activities.save'))}
        </Button>
      </Form>
    </Panel>
  );
}

function Activities({ community }: { community: string }) {
  const { t } = useTranslation();
  const q = useVolunteerActivities(community);
  return (
    <ListAndForm
      q={q}
      empty={t(p('activities.empty'))}
      form={community ? <NewActivity community={community} /> : null}
    >
      {(items) => (
        <DataTable<VolunteerActivity>
          rowKey={(r) => r.id}
          size="small"
          rows={items}
          pageSize={20}
          label={t(p('activities.caption'))}
          columns={fieldColumns<VolunteerActivity>([
            { title: t(p('activities.date')), dataIndex: 'date' },
            {
              title: t(p('activities.title')),
              render: (_, a) => <Link to={`${CIVIL_BASE}/activities/${a.id}`}>{a.title}</Link>,
            },
            { title: t(p('activities.team')), dataIndex: 'orgName' },
            { title: t(p('activities.place')), dataIndex: 'place' },
            { title: t(p('activities.participants')), align: 'right', dataIndex: 'participants' },
          ])}
        />
      )}
    </ListAndForm>
  );
}

function Totals({ community }: { community: string }) {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<HoursPeriod>('year');
  const q = useHoursTotals(community, period);
  const nameOf = useDivisionNames(q.data?.communities.map((c) => c.communityCode) ?? []);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <RadioList
        label={t(p('totals.period'))}
        value={period}
        onChange={(v) => setPeriod(v as HoursPeriod)}
        options={[
          { value: 'year', label: t(p('totals.year')) },
          { value: '12m', label: t(p('totals.12m')) },
        ]}
      />
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <>
          <span className="muted">{t(p('totals.range'), q.data.range)}</span>
          <Space wrap size="large">
            <Stat title={t(p('totals.total'))} value={hoursText(q.data.minutes)} />
            <Stat title={t(p('totals.people'))} value={q.data.volunteers} />
            <Stat title={t(p('totals.entries'))} value={q.data.entries} />
          </Space>
          {q.data.minutes === 0 ? <EmptyState text={t(p('totals.empty'))} /> : null}
          <h3 className="card-title">{t(p('totals.byTeam'))}</h3>
          <DataTable
            rowKey={(r) => r.orgId}
            size="small"
            rows={q.data.teams}
            label={t(p('totals.byTeam'))}
            columns={fieldColumns<(typeof q.data.teams)[number]>([
              { title: t(p('activities.team')), dataIndex: 'orgName' },
              { title: t(p('entries.hours')), align: 'right', render: (_, r) => hoursText(r.minutes) },
            ])}
          />
          {q.data.communities.length > 1 ? (
            <div>
              <h3 className="card-title">{t(p('totals.byCommunity'))}</h3>
              <DataTable
                rowKey={(r) => r.communityCode}
                size="small"
                rows={q.data.communities}
                label={t(p('totals.byCommunity'))}
                columns={fieldColumns<(typeof q.data.communities)[number]>([
                  { title: t(p('community')), render: (_, r) => nameOf(r.communityCode) ?? r.communityCode },
                  { title: t(p('entries.hours')), align: 'right', render: (_, r) => hoursText(r.minutes) },
                ])}
              />
            </div>
          ) : null}
          <h3 className="card-title">{t(p('totals.top'))}</h3>
          <DataTable
            rowKey={(r) => r.volunteerId}
            size="small"
            rows={q.data.top}
            label={t(p('totals.top'))}
            columns={fieldColumns<(typeof q.data.top)[number]>([
              { title: t(p('totals.rank')), render: (_, r) => q.data.top.indexOf(r) + 1 },
              {
                title: t(p('volunteers.name')),
                render: (_, r) => (
                  <Link to={`${CIVIL_BASE}/volunteers/${r.volunteerId}`}>{r.person.name ?? '—'}</Link>
                ),
              },
              { title: t(p('entries.hours')), align: 'right', render: (_, r) => hoursText(r.minutes) },
            ])}
          />
        </>
      )}
    </Space>
  );
}

function Home({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState('');
  const community = me.scope.communityCode ?? picked;
  return (
    <Panel>
      <CommunityPicker me={me} value={picked} onChange={setPicked} />
      <TabSet
        items={[
          { key: 'orgs', label: t(p('tabs.orgs')), children: <Orgs community={community} /> },
          {
            key: 'volunteers',
            label: t(p('tabs.volunteers')),
            children: <Volunteers community={community} />,
          },
          {
            key: 'activities',
            label: t(p('tabs.activities')),
            children: <Activities community={community} />,
          },
          { key: 'totals', label: t(p('tabs.totals')), children: <Totals community={community} /> },
        ]}
      />
    </Panel>
  );
}

function VolunteerPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useVolunteer(id);
  const change = useChangeVolunteer(id);
  const errorText = useErrorMessage();
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const { volunteer: v, entries, totals } = q.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Link to={CIVIL_BASE}>{t(p('volunteers.back'))}</Link>
      <Panel
        title={<h2 className="card-title">{v.person.name ?? '—'}</h2>}
        extra={
          <Button
            loading={change.isPending}
            onClick={() =>
              change.mutate({
                status: v.status === 'active' ? 'inactive' : 'active',
                expectedVersion: v.version,
              })
            }
          >
            {v.status === 'active' ? t(p('volunteers.deactivate')) : t(p('volunteers.activate'))}
          </Button>
        }
      >
        {change.error ? <Alert type="error" showIcon role="alert" message={errorText(change.error)} /> : null}
        <table className="facts">
          <tbody>
            <tr>
              <th scope="row">{t(p('volunteers.mobile'))}</th>
              <td>{v.person.mobile ?? '—'}</td>
            </tr>
            <tr>
              <th scope="row">{t(p('volunteers.status'))}</th>
              <td>
                <StatusTag v={v} />
              </td>
            </tr>
            <tr>
              <th scope="row">{t(p('volunteers.skills'))}</th>
              <td>{v.skills.join('、') || '—'}</td>
            </tr>
          </tbody>
        </table>
        <p className="muted" style={{ marginTop: 8 }}>
          {t(p('volunteers.revealHint'))}
        </p>
        <Space wrap size="large">
          <Stat title={t(p('volunteers.totalYear'))} value={hoursText(totals.year)} />
          <Stat title={t(p('volunteers.total12m'))} value={hoursText(totals.last12Months)} />
          <Stat title={t(p('volunteers.totalAll'))} value={hoursText(totals.all)} />
        </Space>
      </Panel>
      <Panel title={<h3 className="card-title">{t(p('volunteers.history'))}</h3>}>
        {entries.length === 0 ? (
          <EmptyState text={t(p('volunteers.historyEmpty'))} />
        ) : (
          <DataTable
            rowKey={(r) => r.id}
            size="small"
            pageSize={50}
            rows={[...entries].reverse()}
            label={t(p('volunteers.history'))}
            columns={fieldColumns<(typeof entries)[number]>([
              { title: t(p('entries.date')), dataIndex: 'date' },
              { title: t(p('entries.activity')), dataIndex: 'activityTitle' },
              { title: t(p('entries.hours')), align: 'right', render: (_, e) => hoursText(e.minutes) },
              {
                title: t(p('entries.kind')),
                render: (_, e) =>
                  e.kind === 'correction' ? (
                    <Tag color="warning">{t(p('entries.correction'))}</Tag>
                  ) : (
                    t(p('entries.record'))
                  ),
              },
              { title: t(p('entries.reason')), render: (_, e) => e.reason ?? '—' },
              { title: t(p('entries.by')), dataIndex: 'recordedBy' },
            ])}
          />
        )}
      </Panel>
    </Space>
  );
}

function Correction({
  activityId,
  row,
}: {
  activityId: string;
  row: { volunteerId: string; minutes: number; version: number; name: string };
}) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ hours: number; reason: string }>();
  const correct = useCorrectHours(activityId);
  if (!open)
    return (
      <Button
        size="small"
        onClick={() => setOpen(true)}
        aria-label={t(p('activities.correctOf'), { name: row.name })}
      >
        {t(p('activities.correct'))}
      </Button>
    );
  return (
    <Form
      form={form}
      layout="inline"
      initialValues={{ hours: row.minutes / 60 }}
      aria-label={t(p('activities.correctOf'), { name: row.name })}
      onFinish={(v) =>
        correct.mutate(
          {
            volunteerId: row.volunteerId,
            minutes: minutesOf(v.hours),
            reason: v.reason.trim(),
            expectedVersion: row.version,
          },
          {
            onSuccess: () => setOpen(false),
            onError: (e) => applyProblem(form, e, i18n.language, { known: ['reason'] }),
          },
        )
      }
    >
      <Form.Item name="hours" label={t(p('activities.newHours'))} rules={[{ required: true }]}>
        <NumberInput min={0} max={24} step={0.5} precision={1} />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t(p('activities.reason'))}
        rules={[{ required: true, whitespace: true, message: t(p('activities.reasonRequired')) }]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={correct.isPending}>
        {t(p('activities.submitCorrection'))}
      </Button>
    </Form>
  );
}

function ActivityPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useVolunteerActivity(id);
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const { activity: a, participants } = q.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Link to={CIVIL_BASE}>{t(p('activities.back'))}</Link>
      <Panel title={<h2 className="card-title">{a.title}</h2>}>
        <table className="facts">
          <tbody>
            <tr>
              <th scope="row">{t(p('activities.date'))}</th>
              <td>{a.date}</td>
            </tr>
            <tr>
              <th scope="row">{t(p('activities.team'))}</th>
              <td>{a.orgName}</td>
            </tr>
            <tr>
              <th scope="row">{t(p('activities.place'))}</th>
              <td>{a.place}</td>
            </tr>
            <tr>
              <th scope="row">{t(p('activities.participants'))}</th>
              <td>{a.participants}</td>
            </tr>
            {a.description ? (
              <tr>
                <th scope="row">{t(p('activities.description'))}</th>
                <td>{a.description}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </Panel>
      <Panel title={<h3 className="card-title">{t(p('activities.who'))}</h3>}>
        {participants.length === 0 ? (
          <EmptyState text={t(p('activities.noVolunteers'))} />
        ) : (
          <DataTable
            rowKey={(r) => r.volunteerId}
            size="small"
            rows={participants}
            label={t(p('activities.who'))}
            columns={fieldColumns<(typeof participants)[number]>([
              {
                title: t(p('volunteers.name')),
                render: (_, r) => (
                  <Link to={`${CIVIL_BASE}/volunteers/${r.volunteerId}`}>{r.person.name ?? '—'}</Link>
                ),
              },
              { title: t(p('entries.hours')), align: 'right', render: (_, r) => hoursText(r.minutes) },
              {
                title: t(p('activities.correct')),
                render: (_, r) => (
                  <Correction activityId={a.id} row={{ ...r, name: r.person.name ?? r.volunteerId }} />
                ),
              },
            ])}
          />
        )}
      </Panel>
    </Space>
  );
}

/** 社区民间组织 (`/workspace/m/civil-organizations/*`): teams, volunteers, activities and hours. */
export default function CivilOrganizationsArea({ me }: { me: Me }) {
  const { t } = useTranslation();
  if (!me.modules.includes('civil-organizations'))
    return <Unavailable status="404" text={t('workspace.moduleDisabled')} />;
  if (!managesVolunteers(me)) return <Unavailable status="403" text={t('workspace.noAccess')} />;
  return (
    <div>
      <h2>{t(p('title'))}</h2>
      <Routes>
        <Route index element={<Home me={me} />} />
        <Route path="volunteers/:id" element={<VolunteerPage />} />
        <Route path="activities/:id" element={<ActivityPage />} />
        <Route path="*" element={<WorkspaceNotFound />} />
      </Routes>
    </div>
  );
}

/** A figure with its name (antd Statistic's look). */
function Stat({ title, value }: { title: string; value: string | number }) {
  return (
    <div className="stat">
      <div className="muted">{title}</div>
      <div className="stat-value">{value}</div>
    </div>
  );
}
