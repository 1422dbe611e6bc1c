/**
 * 居民会议 (`/workspace/m/self-governance/meetings/*`): plan a meeting with its agenda, record who
 * attended, confirm it was held (a 居民会议 only with more than half present), write the minutes per
 * agenda item, publish them — optionally as a notice to the community's residents — and correct
 * them afterwards with a reason.
 */
import { Alert, Button, Form, Input, Space, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useParams } from 'react-router';
import { useConsultations } from '../../../api/community';
import {
  findResident,
  type Meeting,
  type MeetingAttendee,
  type MeetingInput,
  type MinutesItemInput,
  useMeeting,
  useMeetingActions,
  useMeetings,
  usePlanMeeting,
} from '../../../api/meetings';
import type { Me } from '../../../api/types';
import { Check, NativeSelect, Panel, TabSet } from '../../../components/Controls';
import { fieldColumns } from '../../../components/columns';
import { DataTable } from '../../../components/DataTable';
import { DayInput } from '../../../components/DayInput';
import { useDivisionNames } from '../../../components/DivisionName';
import { NumberInput } from '../../../components/NumberInput';
import { EmptyState, ErrorState, Loading, useErrorMessage } from '../../../components/States';
import { useCreateForm } from '../../../components/useCreateForm';
import { chinaDateTime } from '../../../time';
import { WorkspaceNotFound } from '../NotFound';
import { CommunityFormField } from './CommunityFormField';
import { ListPanel } from './ListPanel';

const BASE = '/workspace/m/self-governance/meetings';
const KINDS = ['residents', 'representatives', 'group', 'building', 'hearing'] as const;
const BASES = ['adults', 'households', 'representatives'] as const;
const AS = ['resident', 'household', 'representative'] as const;

interface PlanValues {
  communityCode: string;
  kind: MeetingInput['kind'];
  title: string;
  startsAt: Dayjs;
  place: string;
  convener: string;
  agenda: string;
  basis?: MeetingInput['basis'];
  expected?: number;
  building?: string;
  consultationId?: string;
}

function PlanMeeting({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { form, done, saved } = useCreateForm<PlanValues>([
    'communityCode',
    'title',
    'startsAt',
    'place',
    'convener',
    'agenda',
    'expected',
  ]);
  const own = me.scope.communityCode;
  const consultations = useConsultations();
  const plan = usePlanMeeting();
  const kind = Form.useWatch('kind', form);
  const community = Form.useWatch('communityCode', form);
  const quorum = kind === 'residents' || kind === 'representatives';
  return (
    <Panel title={<h2 className="card-title">{t('community:meetings.new')}</h2>}>
      {done ? (
        <Alert type="success" showIcon message={t('community:meetings.planned')} className="page-alert" />
      ) : null}
      <Form<PlanValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'residents', basis: 'households', ...(own ? { communityCode: own } : {}) }}
        onFinish={(v) =>
          plan.mutate(
            {
              communityCode: v.communityCode,
              kind: v.kind,
              title: v.title,
              startsAt: v.startsAt.toISOString(),
              place: v.place,
              convener: v.convener,
              agenda: v.agenda
                .split('\n')
                .map((a) => a.trim())
                .filter(Boolean),
              ...(quorum && v.basis ? { basis: v.basis } : {}),
              ...(quorum && v.expected ? { expected: v.expected } : {}),
              ...(v.building?.trim() ? { building: v.building.trim() } : {}),
              ...(v.consultationId ? { consultationId: v.consultationId } : {}),
            },
            saved,
          )
        }
      >
        <CommunityFormField
          me={me}
          id="meeting-street"
          labels={{
            street: t('community:meetings.street'),
            community: t('community:meetings.community'),
            required: t('community:meetings.communityRequired'),
          }}
        />
        <Form.Item name="kind" label={t('community:meetings.kind')}>
          <NativeSelect
            style={{ maxWidth: 320 }}
            options={KINDS.map((k) => ({ value: k, label: t(`community:meetings.kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('community:meetings.meetingTitle')}
          rules={[{ required: true, whitespace: true, message: t('community:meetings.titleRequired') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="startsAt"
          label={t('community:meetings.startsAt')}
          rules={[{ required: true, message: t('community:meetings.startsAtRequired') }]}
        >
          <DayInput withTime />
        </Form.Item>
        <Form.Item
          name="place"
          label={t('community:meetings.place')}
          rules={[{ required: true, whitespace: true, message: t('community:meetings.placeRequired') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="convener"
          label={t('community:meetings.convener')}
          rules={[{ required: true, whitespace: true, message: t('community:meetings.convenerRequired') }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item
          name="agenda"
          label={t('community:meetings.agenda')}
          rules={[{ required: true, whitespace: true, message: t('community:meetings.agendaRequired') }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
        {quorum ? (
          <>
            <Form.Item name="basis" label={t('community:meetings.basis')}>
              <NativeSelect
                style={{ maxWidth: 320 }}
                options={BASES.map((b) => ({ value: b, label: t(`community:meetings.bases.${b}`) }))}
              />
            </Form.Item>
            <Form.Item
              name="expected"
              label={t('community:meetings.expected')}
              extra={t('community:meetings.expectedHint')}
              rules={[{ required: true, message: t('community:meetings.expectedRequired') }]}
            >
              <NumberInput min={1} max={100000} />
            </Form.Item>
          </>
        ) : null}
        <Form.Item name="building" label={t('community:meetings.building')}>
          <Input maxLength={20} style={{ maxWidth: 200 }} />
        </Form.Item>
        <Form.Item name="consultationId" label={t('community:meetings.consultation')}>
          <NativeSelect
            allowClear
            style={{ maxWidth: 320 }}
            options={(consultations.data?.items ?? [])
              .filter((c) => !community || c.communityCode === community)
              .map((c) => ({ value: c.id, label: c.title }))}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={plan.isPending}>
          {t('community:meetings.plan')}
        </Button>
      </Form>
    </Panel>
  );
}

function MeetingTable({ items, empty }: { items: Meeting[]; empty: string }) {
  const { t } = useTranslation();
  const nameOf = useDivisionNames(items.map((m) => m.communityCode));
  if (!items.length) return <EmptyState text={empty} />;
  return (
    <DataTable<Meeting>
      rowKey={(r) => r.id}
      rows={items}
      pageSize={20}
      label={t('community:meetings.title')}
      columns={fieldColumns<Meeting>([
        {
          title: t('community:meetings.meetingTitle'),
          render: (_, m) => <Link to={`${BASE}/${m.id}`}>{m.title}</Link>,
        },
        { title: t('community:meetings.kind'), render: (_, m) => t(`community:meetings.kinds.${m.kind}`) },
        {
          title: t('community:meetings.community'),
          render: (_, m) => nameOf(m.communityCode) ?? m.communityCode,
        },
        { title: t('community:meetings.startsAt'), render: (_, m) => chinaDateTime(m.startsAt) },
        {
          title: t('community:meetings.statusLabel'),
          render: (_, m) => <Tag>{t(`community:meetings.status.${m.status}`)}</Tag>,
        },
        {
          title: t('community:meetings.present'),
          render: (_, m) => t('community:meetings.presentCount', { count: m.present }),
        },
      ])}
    />
  );
}

function MeetingList({ me }: { me: Me }) {
  const { t } = useTranslation();
  const q = useMeetings();
  const items = q.data?.items ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <PlanMeeting me={me} />
      <ListPanel title={t('community:meetings.title')} q={q}>
        {() => (
          <TabSet
            items={[
              {
                key: 'upcoming',
                label: t('community:meetings.upcoming'),
                children: (
                  <MeetingTable
                    items={items.filter((m) => m.status === 'planned')}
                    empty={t('community:meetings.emptyUpcoming')}
                  />
                ),
              },
              {
                key: 'held',
                label: t('community:meetings.held'),
                children: (
                  <MeetingTable
                    items={items.filter((m) => m.status !== 'planned')}
                    empty={t('community:meetings.emptyHeld')}
                  />
                ),
              },
            ]}
          />
        )}
      </ListPanel>
    </Space>
  );
}

function Attendance({ m, attendees }: { m: Meeting; attendees: MeetingAttendee[] }) {
  const { t } = useTranslation();
  const act = useMeetingActions(m.id);
  const errorText = useErrorMessage();
  const [rows, setRows] = useState<MeetingAttendee[]>(attendees);
  const [headCount, setHeadCount] = useState<number>(m.headCount);
  const [idNumber, setIdNumber] = useState('');
  const [as, setAs] = useState<MeetingAttendee['as']>('resident');
  const [error, setError] = useState<string>();
  const editable = m.status === 'planned';
  const add = async () => {
    setError(undefined);
    try {
      const r = await findResident(idNumber.trim(), m.communityCode);
      if (!rows.some((x) => x.residentId === r.residentId))
        setRows([...rows, { residentId: r.residentId, as, ...(r.name ? { name: r.name } : {}) }]);
      setIdNumber('');
    } catch (e) {
      setError(
        e instanceof Error && e.message === 'resident-not-found'
          ? t('community:meetings.notFound')
          : errorText(e),
      );
    }
  };
  return (
    <Panel title={<h2 className="card-title">{t('community:meetings.attendance')}</h2>}>
      {editable ? <p>{t('community:meetings.attendanceHint')}</p> : null}
      {editable ? (
        <Space wrap align="start">
          <Input
            aria-label={t('community:meetings.idNumber')}
            placeholder={t('community:meetings.idNumber')}
            value={idNumber}
            onChange={(e) => setIdNumber(e.target.value)}
            onPressEnter={() => idNumber.trim() && void add()}
            maxLength={18}
            style={{ width: 220 }}
          />
          <NativeSelect
            aria-label={t('community:meetings.as')}
            value={as}
            onChange={(a) => a && setAs(a as (typeof AS)[number])}
            options={AS.map((a) => ({ value: a, label: t(`community:meetings.asValues.${a}`) }))}
            style={{ width: 140 }}
          />
          <Button onClick={() => void add()} disabled={!idNumber.trim()}>
            {t('community:meetings.add')}
          </Button>
        </Space>
      ) : null}
      {error ? <p className="text-danger">{error}</p> : null}
      <DataTable<MeetingAttendee>
        rowKey={(r) => r.residentId}
        size="small"
        label={t('community:meetings.attendance')}
        empty={t('community:meetings.noAttendees')}
        rows={rows}
        columns={fieldColumns<MeetingAttendee>([
          { title: t('community:meetings.name'), render: (_, a) => a.name ?? '—' },
          { title: t('community:meetings.as'), render: (_, a) => t(`community:meetings.asValues.${a.as}`) },
          ...(editable
            ? [
                {
                  title: t('community:meetings.remove'),
                  render: (_: unknown, a: MeetingAttendee) => (
                    <Button
                      size="small"
                      aria-label={t('community:meetings.removeOf', { name: a.name ?? '' })}
                      onClick={() => setRows(rows.filter((x) => x.residentId !== a.residentId))}
                    >
                      {t('community:meetings.remove')}
                    </Button>
                  ),
                },
              ]
            : []),
        ])}
      />
      <Space wrap align="center" style={{ marginTop: 12 }}>
        <label htmlFor="meeting-headcount">{t('community:meetings.headCount')}</label>
        <NumberInput
          id="meeting-headcount"
          min={0}
          max={100000}
          value={headCount}
          disabled={!editable}
          onChange={(v) => setHeadCount(v ?? 0)}
        />
        {editable ? (
          <Button
            loading={act.attendance.isPending}
            onClick={() =>
              act.attendance.mutate({
                version: m.version,
                attendees: rows.map(({ residentId, as: a }) => ({ residentId, as: a })),
                headCount,
              })
            }
          >
            {t('community:meetings.saveAttendance')}
          </Button>
        ) : null}
      </Space>
      {act.attendance.isSuccess ? (
        <p className="text-success" role="status">
          {t('community:meetings.attendanceSaved')}
        </p>
      ) : null}
      {act.attendance.error ? <p className="text-danger">{errorText(act.attendance.error)}</p> : null}
      {editable ? (
        <Space direction="vertical" style={{ marginTop: 12 }}>
          <Button type="primary" loading={act.hold.isPending} onClick={() => act.hold.mutate(m.version)}>
            {t('community:meetings.hold')}
          </Button>
          {act.hold.error ? <p className="text-danger">{errorText(act.hold.error)}</p> : null}
        </Space>
      ) : null}
    </Panel>
  );
}

type ItemDraft = { discussion: string; decision: string; for?: number; against?: number; abstain?: number };

const toInput = (agendaId: string, d: ItemDraft): MinutesItemInput => ({
  agendaId,
  discussion: d.discussion.trim(),
  ...(d.decision.trim() ? { decision: d.decision.trim() } : {}),
  ...(d.for !== undefined || d.against !== undefined || d.abstain !== undefined
    ? { votes: { for: d.for ?? 0, against: d.against ?? 0, abstain: d.abstain ?? 0 } }
    : {}),
});

function ItemFields({
  prefix,
  draft,
  onChange,
}: {
  prefix: string;
  draft: ItemDraft;
  onChange: (d: ItemDraft) => void;
}) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.TextArea
        aria-label={`${prefix} ${t('community:meetings.discussion')}`}
        placeholder={t('community:meetings.discussion')}
        rows={2}
        maxLength={4000}
        value={draft.discussion}
        onChange={(e) => onChange({ ...draft, discussion: e.target.value })}
      />
      <Input
        aria-label={`${prefix} ${t('community:meetings.decision')}`}
        placeholder={t('community:meetings.decision')}
        maxLength={2000}
        value={draft.decision}
        onChange={(e) => onChange({ ...draft, decision: e.target.value })}
      />
      <Space wrap>
        {(['for', 'against', 'abstain'] as const).map((k) => (
          <NumberInput
            key={k}
            min={0}
            aria-label={`${prefix} ${t(`community:meetings.votes${k === 'for' ? 'For' : k === 'against' ? 'Against' : 'Abstain'}`)}`}
            placeholder={t(
              `community:meetings.votes${k === 'for' ? 'For' : k === 'against' ? 'Against' : 'Abstain'}`,
            )}
            value={draft[k] ?? null}
            onChange={(v) => onChange({ ...draft, [k]: v ?? undefined })}
          />
        ))}
      </Space>
    </Space>
  );
}

function Minutes({ m }: { m: Meeting }) {
  const { t } = useTranslation();
  const act = useMeetingActions(m.id);
  const errorText = useErrorMessage();
  const draftOf = (agendaId: string): ItemDraft => {
    const it = m.minutes.find((x) => x.agendaId === agendaId);
    return {
      discussion: it?.discussion ?? '',
      decision: it?.decision ?? '',
      ...(it?.votes ? { for: it.votes.for, against: it.votes.against, abstain: it.votes.abstain } : {}),
    };
  };
  const [drafts, setDrafts] = useState<Record<string, ItemDraft>>(() =>
    Object.fromEntries(m.agenda.map((a) => [a.id, draftOf(a.id)])),
  );
  const [summary, setSummary] = useState(m.summary ?? '');
  const [notice, setNotice] = useState(true);
  const [fix, setFix] = useState<{ agendaId?: string; draft: ItemDraft; reason: string }>({
    draft: { discussion: '', decision: '' },
    reason: '',
  });
  if (m.status === 'planned')
    return (
      <Panel title={<h2 className="card-title">{t('community:meetings.minutes')}</h2>}>
        <p className="muted">{t('community:meetings.notHeldYet')}</p>
      </Panel>
    );
  const editable = m.status === 'held';
  const items = m.agenda.map((a) => ({ a, d: drafts[a.id] ?? draftOf(a.id) }));
  return (
    <Panel title={<h2 className="card-title">{t('community:meetings.minutes')}</h2>}>
      {editable ? (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Input.TextArea
            aria-label={t('community:meetings.summary')}
            placeholder={t('community:meetings.summary')}
            rows={2}
            maxLength={2000}
            value={summary}
            onChange={(e) => setSummary(e.target.value)}
          />
          <span className="muted">{t('community:meetings.votesHint')}</span>
          {items.map(({ a, d }, i) => (
            <fieldset key={a.id} style={{ minWidth: 0, border: '1px solid #f0f0f0', padding: 12 }}>
              <legend>{`${i + 1}. ${a.title}`}</legend>
              <ItemFields
                prefix={`${i + 1}. ${a.title}`}
                draft={d}
                onChange={(nd) => setDrafts({ ...drafts, [a.id]: nd })}
              />
            </fieldset>
          ))}
          <Button
            loading={act.minutes.isPending}
            onClick={() =>
              act.minutes.mutate({
                version: m.version,
                summary: summary.trim(),
                items: items.filter(({ d }) => d.discussion.trim()).map(({ a, d }) => toInput(a.id, d)),
              })
            }
          >
            {t('community:meetings.saveMinutes')}
          </Button>
          {act.minutes.isSuccess ? (
            <span className="text-success" role="status">
              {t('community:meetings.minutesSaved')}
            </span>
          ) : null}
          {act.minutes.error ? (
            <span className="text-danger" role="alert">
              {errorText(act.minutes.error)}
            </span>
          ) : null}
          <Check checked={notice} onChange={(e) => setNotice(e.target.checked)}>
            {t('community:meetings.asNotice')}
          </Check>
          <Button
            type="primary"
            disabled={!m.minutes.length}
            loading={act.publish.isPending}
            onClick={() => act.publish.mutate({ version: m.version, notice })}
          >
            {t('community:meetings.publish')}
          </Button>
          {act.publish.error ? (
            <span className="text-danger" role="alert">
              {errorText(act.publish.error)}
            </span>
          ) : null}
        </Space>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Alert
            type="success"
            showIcon
            message={t('community:meetings.publishedAt', {
              time: chinaDateTime(m.publishedAt ?? m.createdAt),
            })}
            description={m.noticeId ? t('community:meetings.publishedNotice') : undefined}
          />
          {m.summary ? <p>{m.summary}</p> : null}
          <table className="facts">
            <tbody>
              {m.agenda.map((a, i) => {
                const it = m.minutes.find((x) => x.agendaId === a.id);
                return (
                  <tr key={a.id}>
                    <th scope="row">{`${i + 1}. ${a.title}`}</th>
                    <td>
                      <div>{it?.discussion ?? '—'}</div>
                      {it?.decision ? (
                        <div>{`${t('community:meetings.decision')}：${it.decision}`}</div>
                      ) : null}
                      {it?.votes ? (
                        <div>
                          {`${t('community:meetings.votesFor')} ${it.votes.for} · ${t('community:meetings.votesAgainst')} ${it.votes.against} · ${t('community:meetings.votesAbstain')} ${it.votes.abstain} — ${t(it.passed ? 'community:meetings.passed' : 'community:meetings.notPassed')}`}
                        </div>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {m.corrections.length ? (
            <>
              <h3>{t('community:meetings.corrections')}</h3>
              <ul>
                {m.corrections.map((c) => (
                  <li key={`${c.at}${c.agendaId}`}>
                    {t('community:meetings.correctionOf', {
                      time: chinaDateTime(c.at),
                      by: c.by,
                      item: m.agenda.find((a) => a.id === c.agendaId)?.title ?? c.agendaId,
                      reason: c.reason,
                    })}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h3>{t('community:meetings.correction')}</h3>
          <span className="muted">{t('community:meetings.correctionHint')}</span>
          <NativeSelect
            aria-label={t('community:meetings.agendaItem')}
            placeholder={t('community:meetings.agendaItem')}
            value={fix.agendaId}
            onChange={(agendaId) => agendaId && setFix({ ...fix, agendaId, draft: draftOf(agendaId) })}
            options={m.agenda.map((a, i) => ({ value: a.id, label: `${i + 1}. ${a.title}` }))}
            style={{ maxWidth: 320 }}
          />
          {fix.agendaId ? (
            <>
              <ItemFields
                prefix={t('community:meetings.correction')}
                draft={fix.draft}
                onChange={(draft) => setFix({ ...fix, draft })}
              />
              <Input
                aria-label={t('community:meetings.reason')}
                placeholder={t('community:meetings.reason')}
                maxLength={500}
                value={fix.reason}
                onChange={(e) => setFix({ ...fix, reason: e.target.value })}
              />
              <Button
                disabled={!fix.reason.trim() || !fix.draft.discussion.trim()}
                loading={act.correct.isPending}
                onClick={() =>
                  act.correct.mutate(
                    {
                      version: m.version,
                      item: toInput(fix.agendaId!, fix.draft),
                      reason: fix.reason.trim(),
                    },
                    { onSuccess: () => setFix({ draft: { discussion: '', decision: '' }, reason: '' }) },
                  )
                }
              >
                {t('community:meetings.correct')}
              </Button>
            </>
          ) : null}
          {act.correct.error ? (
            <span className="text-danger" role="alert">
              {errorText(act.correct.error)}
            </span>
          ) : null}
        </Space>
      )}
    </Panel>
  );
}

function MeetingDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useMeeting(id);
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const { meeting: m, attendees } = q.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Link to={BASE}>{t('community:meetings.back')}</Link>
      <Panel
        title={<h2 className="card-title">{m.title}</h2>}
        extra={<Tag>{t(`community:meetings.status.${m.status}`)}</Tag>}
      >
        <table className="facts">
          <tbody>
            <tr>
              <th scope="row">{t('community:meetings.kind')}</th>
              <td>{t(`community:meetings.kinds.${m.kind}`)}</td>
            </tr>
            <tr>
              <th scope="row">{t('community:meetings.startsAt')}</th>
              <td>{chinaDateTime(m.startsAt)}</td>
            </tr>
            <tr>
              <th scope="row">{t('community:meetings.place')}</th>
              <td>{m.place}</td>
            </tr>
            <tr>
              <th scope="row">{t('community:meetings.convener')}</th>
              <td>{m.convener}</td>
            </tr>
            <tr>
              <th scope="row">{t('community:meetings.agendaItem')}</th>
              <td>
                <ol className="meeting-agenda">
                  {m.agenda.map((a) => (
                    <li key={a.id}>{a.title}</li>
                  ))}
                </ol>
              </td>
            </tr>
            {m.basis ? (
              <tr>
                <th scope="row">{t('community:meetings.basis')}</th>
                <td>{t(`community:meetings.bases.${m.basis}`)}</td>
              </tr>
            ) : null}
            <tr>
              <th scope="row">{t('community:meetings.present')}</th>
              <td>{t('community:meetings.presentCount', { count: m.present })}</td>
            </tr>
            {m.quorum ? (
              <tr>
                <th scope="row">{t('community:meetings.quorum')}</th>
                <td>
                  {t('community:meetings.quorumText', m.quorum)}
                  {' · '}
                  <span className={m.quorum.reached ? 'text-success' : 'text-warning'}>
                    {t(
                      m.quorum.reached
                        ? 'community:meetings.quorumReached'
                        : 'community:meetings.quorumNotReached',
                    )}
                  </span>
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </Panel>
      <Attendance key={`a${m.version}`} m={m} attendees={attendees} />
      <Minutes key={`m${m.version}`} m={m} />
    </Space>
  );
}

/** The meetings section of 居民自治. */
export default function MeetingsPage({ me }: { me: Me }) {
  return (
    <Routes>
      <Route index element={<MeetingList me={me} />} />
      <Route path=":id" element={<MeetingDetailPage />} />
      <Route path="*" element={<WorkspaceNotFound />} />
    </Routes>
  );
}
