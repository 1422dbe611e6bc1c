import { Alert, Button, Form, Input, Space, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  findResidents,
  type PartyBranch,
  type PartyMeeting,
  type PartyMember,
  usePartyActions,
  usePartyBranch,
  usePartyMeetings,
  usePartyMembers,
  usePartyOverview,
} from '../../../api/party';
import { Check, NativeSelect, Panel, RadioList, TabSet } from '../../../components/Controls';
import { fieldColumns } from '../../../components/columns';
import { DataTable } from '../../../components/DataTable';
import { DayInput } from '../../../components/DayInput';
import { Dialog } from '../../../components/Dialog';
import { useDivisionNames } from '../../../components/DivisionName';
import { applyProblem } from '../../../components/formErrors';
import { EmptyState, ErrorState, Loading, useErrorMessage } from '../../../components/States';
import { useCreateForm } from '../../../components/useCreateForm';
import { chinaDay, chinaYear } from '../../../time';
import { HeldOfDue, PARTY_BASE } from './partyCommon';

const day = (d: Dayjs) => d.format('YYYY-MM-DD');
type Actions = ReturnType<typeof usePartyActions>;
type Found = Awaited<ReturnType<typeof findResidents>>[number];

function TransferOut({ m, actions, onClose }: { m: PartyMember; actions: Actions; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<{ date: Dayjs; to: string }>();
  const name = m.name ?? '';
  return (
    <Dialog
      title={t('party.members.transferOutOf', { name })}
      okText={t('party.members.confirm')}
      cancelText={t('party.members.cancel')}
      confirmLoading={actions.change.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ date: dayjs(chinaDay()) }}
        onFinish={(v) =>
          actions.change.mutate(
            {
              member: m.id,
              change: { version: m.version, transferOut: { date: day(v.date), to: v.to.trim() } },
            },
            { onSuccess: onClose, onError: (e) => applyProblem(form, e, i18n.language, { known: [] }) },
          )
        }
      >
        <Form.Item name="date" label={t('party.members.transferDate')} rules={[{ required: true }]}>
          <DayInput />
        </Form.Item>
        <Form.Item
          name="to"
          label={t('party.members.transferTo')}
          rules={[{ required: true, whitespace: true, message: t('party.members.transferToRequired') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Dialog>
  );
}

function Members({ branch, actions }: { branch: PartyBranch; actions: Actions }) {
  const { t } = useTranslation();
  const q = usePartyMembers(branch.id);
  const errorText = useErrorMessage();
  const [moving, setMoving] = useState<PartyMember | undefined>();
  const err = actions.change.error;
  return (
    <Panel title={<h3 className="card-title">{t('party.members.title')}</h3>}>
      <p className="muted">{t('party.members.maskedHint')}</p>
      {err ? (
        <Alert type="error" showIcon role="alert" message={errorText(err)} className="page-alert" />
      ) : null}
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <EmptyState text={t('party.members.empty')} />
      ) : (
        <DataTable<PartyMember>
          rowKey={(r) => r.id}
          size="small"
          rows={q.data.items}
          pageSize={50}
          label={t('party.members.title')}
          columns={fieldColumns<PartyMember>([
            { title: t('party.members.name'), render: (_, m) => m.name ?? '—' },
            {
              title: t('party.members.standing'),
              render: (_, m) => (
                <Tag color={m.standing === 'full' ? 'red' : 'gold'}>{t(`party.standing.${m.standing}`)}</Tag>
              ),
            },
            { title: t('party.members.joinedOn'), dataIndex: 'joinedOn' },
            {
              title: t('party.members.link'),
              render: (_, m) =>
                m.consent
                  ? t('party.members.linked', {
                      method: t(`party.consentMethod.${m.consent.method}`),
                      date: m.consent.givenOn,
                    })
                  : t('party.members.notLinked'),
            },
            {
              title: t('party.members.status'),
              render: (_, m) =>
                m.transferredOut
                  ? t('party.members.transferredOut', m.transferredOut)
                  : [
                      t('party.members.active'),
                      m.transferredIn ? t('party.members.transferredIn', m.transferredIn) : '',
                    ]
                      .filter(Boolean)
                      .join(' · '),
            },
            {
              title: t('party.members.actions'),
              render: (_, m) =>
                m.status !== 'active' ? null : (
                  <Space wrap size="small">
                    {m.standing === 'probationary' ? (
                      <Button
                        size="small"
                        aria-label={t('party.members.promoteOf', { name: m.name })}
                        onClick={() =>
                          actions.change.mutate({
                            member: m.id,
                            change: { version: m.version, standing: 'full' },
                          })
                        }
                      >
                        {t('party.members.promote')}
                      </Button>
                    ) : null}
                    {m.linked ? (
                      <Button
                        size="small"
                        aria-label={t('party.members.unlinkOf', { name: m.name })}
                        onClick={() =>
                          actions.change.mutate({
                            member: m.id,
                            change: { version: m.version, unlink: true },
                          })
                        }
                      >
                        {t('party.members.unlink')}
                      </Button>
                    ) : null}
                    <Button
                      size="small"
                      aria-label={t('party.members.transferOutOf', { name: m.name })}
                      onClick={() => setMoving(m)}
                    >
                      {t('party.members.transferOut')}
                    </Button>
                  </Space>
                ),
            },
          ])}
        />
      )}
      {moving ? <TransferOut m={moving} actions={actions} onClose={() => setMoving(undefined)} /> : null}
    </Panel>
  );
}

interface MemberValues {
  mode: 'link' | 'name';
  name?: string;
  consentMethod?: 'written' | 'oral';
  consentDate?: Dayjs;
  standing: 'full' | 'probationary';
  joinedOn: Dayjs;
  transferredIn?: boolean;
  inDate?: Dayjs;
  inFrom?: string;
}

function RecordMember({ branch, actions }: { branch: PartyBranch; actions: Actions }) {
  const { t } = useTranslation();
  const { form, done, setDone, saved } = useCreateForm<MemberValues>(['name', 'joinedOn', 'standing'], () => {
    setPicked(undefined);
    setFound(undefined);
    setTerm('');
  });
  const mode = Form.useWatch('mode', form) ?? 'link';
  const movedIn = Form.useWatch('transferredIn', form);
  const [term, setTerm] = useState('');
  const [found, setFound] = useState<Found[] | undefined>();
  const [picked, setPicked] = useState<Found | undefined>();
  const [searching, setSearching] = useState(false);
  const search = async () => {
    setSearching(true);
    try {
      setFound(await findResidents(branch.communityCode, term));
    } finally {
      setSearching(false);
    }
  };
  return (
    <Panel title={<h3 className="card-title">{t('party.record.title')}</h3>}>
      {done ? (
        <Alert
          type="success"
          showIcon
          role="status"
          message={t('party.record.done')}
          className="page-alert"
        />
      ) : null}
      <Form<MemberValues>
        form={form}
        layout="vertical"
        initialValues={{
          mode: 'link',
          standing: 'full',
          consentMethod: 'written',
          consentDate: dayjs(chinaDay()),
        }}
        onValuesChange={() => setDone(false)}
        onFinish={(v) => {
          if (v.mode === 'link' && !picked) {
            form.setFields([{ name: 'mode', errors: [t('party.record.pickRequired')] }]);
            return;
          }
          actions.record.mutate(
            {
              ...(v.mode === 'link' && picked
                ? {
                    residentId: picked.id,
                    consent: {
                      method: v.consentMethod ?? 'written',
                      givenOn: v.consentDate ? day(v.consentDate) : chinaDay(),
                    },
                  }
                : { name: (v.name ?? '').trim() }),
              standing: v.standing,
              joinedOn: day(v.joinedOn),
              ...(v.transferredIn && v.inDate && v.inFrom
                ? { transferredIn: { date: day(v.inDate), from: v.inFrom.trim() } }
                : {}),
            },
            saved,
          );
        }}
      >
        <Form.Item name="mode" label={t('party.record.mode')}>
          <RadioList
            label={t('party.record.mode')}
            options={[
              { value: 'link', label: t('party.record.modeLink') },
              { value: 'name', label: t('party.record.modeName') },
            ]}
          />
        </Form.Item>
        {mode === 'link' ? (
          <>
            <Space.Compact style={{ maxWidth: 420, width: '100%', marginBottom: 12 }}>
              <Input
                aria-label={t('party.record.find')}
                placeholder={t('party.record.find')}
                value={term}
                onChange={(e) => setTerm(e.target.value)}
                onPressEnter={(e) => {
                  e.preventDefault();
                  void search();
                }}
              />
              <Button onClick={() => void search()} loading={searching}>
                {t('party.record.findButton')}
              </Button>
            </Space.Compact>
            {found && found.length === 0 ? (
              <Alert type="info" showIcon message={t('party.record.noResult')} />
            ) : null}
            {found && found.length > 0 ? (
              <DataTable<Found>
                rowKey={(r) => r.id}
                size="small"
                rows={found}
                label={t('party.record.results')}
                columns={fieldColumns<Found>([
                  { title: t('party.record.name'), render: (_, r) => r.name ?? '—' },
                  {
                    title: t('party.record.idNumber'),
                    render: (_, r) => <span className="mono">{r.idNumber ?? ''}</span>,
                  },
                  {
                    title: '',
                    render: (_, r) => (
                      <Button
                        size="small"
                        type={picked?.id === r.id ? 'primary' : 'default'}
                        aria-pressed={picked?.id === r.id}
                        aria-label={t('party.record.pick', { name: r.name })}
                        onClick={() => setPicked(r)}
                      >
                        {t('party.record.pickButton')}
                      </Button>
                    ),
                  },
                ])}
              />
            ) : null}
            {picked ? (
              <p role="status" style={{ marginTop: 8 }}>
                {t('party.record.picked', { name: picked.name, id: picked.idNumber })}
              </p>
            ) : null}
            <p className="muted">{t('party.record.consentHint')}</p>
            <Space wrap align="start" size="large">
              <Form.Item
                name="consentMethod"
                label={t('party.record.consentMethod')}
                rules={[{ required: true, message: t('party.record.consentMethodRequired') }]}
              >
                <RadioList
                  label={t('party.record.consentMethod')}
                  options={(['written', 'oral'] as const).map((m) => ({
                    value: m,
                    label: t(`party.consentMethod.${m}`),
                  }))}
                />
              </Form.Item>
              <Form.Item
                name="consentDate"
                label={t('party.record.consentDate')}
                rules={[{ required: true, message: t('party.record.consentDateRequired') }]}
              >
                <DayInput max="today" />
              </Form.Item>
            </Space>
          </>
        ) : (
          <Form.Item
            name="name"
            label={t('party.record.name')}
            rules={[{ required: true, whitespace: true, message: t('party.record.nameRequired') }]}
          >
            <Input maxLength={50} style={{ maxWidth: 240 }} />
          </Form.Item>
        )}
        <Space wrap align="start" size="large">
          <Form.Item name="standing" label={t('party.record.standing')}>
            <RadioList
              label={t('party.record.standing')}
              options={(['full', 'probationary'] as const).map((s) => ({
                value: s,
                label: t(`party.standing.${s}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="joinedOn"
            label={t('party.record.joinedOn')}
            rules={[{ required: true, message: t('party.record.joinedRequired') }]}
          >
            <DayInput max="today" />
          </Form.Item>
        </Space>
        <Form.Item name="transferredIn" valuePropName="checked">
          <Check>{t('party.record.transferredIn')}</Check>
        </Form.Item>
        {movedIn ? (
          <Space wrap align="start" size="large">
            <Form.Item name="inDate" label={t('party.record.transferredInDate')} rules={[{ required: true }]}>
              <DayInput />
            </Form.Item>
            <Form.Item
              name="inFrom"
              label={t('party.record.transferredInFrom')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input maxLength={100} />
            </Form.Item>
          </Space>
        ) : null}
        <Button type="primary" htmlType="submit" loading={actions.record.isPending}>
          {t('party.record.submit')}
        </Button>
      </Form>
    </Panel>
  );
}

interface MeetingValues {
  kind: PartyMeeting['kind'];
  date: Dayjs;
  topic: string;
  place: string;
  host: string;
  notes?: string;
}

const KINDS = ['congress', 'committee', 'group', 'lecture', 'theme-day', 'other'] as const;

function RecordMeeting({ branch, actions }: { branch: PartyBranch; actions: Actions }) {
  const { t } = useTranslation();
  const { form, done, setDone, saved } = useCreateForm<MeetingValues>(
    ['kind', 'date', 'topic', 'place', 'host', 'notes'],
    () => {
      setAbsent({});
    },
  );
  const members = usePartyMembers(branch.id);
  const active = (members.data?.items ?? []).filter((m) => m.status === 'active');
  const [absent, setAbsent] = useState<Record<string, string | undefined>>({});
  return (
    <Panel title={<h3 className="card-title">{t('party.meetings.new')}</h3>}>
      {done ? (
        <Alert
          type="success"
          showIcon
          role="status"
          message={t('party.meetings.done')}
          className="page-alert"
        />
      ) : null}
      <Form<MeetingValues>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'committee', date: dayjs(chinaDay()) }}
        onValuesChange={() => setDone(false)}
        onFinish={(v) =>
          actions.meeting.mutate(
            {
              kind: v.kind,
              date: day(v.date),
              topic: v.topic.trim(),
              place: v.place.trim(),
              host: v.host.trim(),
              notes: (v.notes ?? '').trim(),
              attendance: active.map((m) =>
                m.id in absent
                  ? {
                      memberId: m.id,
                      present: false,
                      ...(absent[m.id]?.trim() ? { reason: absent[m.id]!.trim() } : {}),
                    }
                  : { memberId: m.id, present: true },
              ),
            },
            saved,
          )
        }
      >
        <Space wrap align="start" size="large">
          <Form.Item name="kind" label={t('party.meetings.kind')}>
            <NativeSelect
              style={{ minWidth: 200 }}
              options={KINDS.map((k) => ({ value: k, label: t(`party.meetingKinds.${k}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="date"
            label={t('party.meetings.date')}
            rules={[{ required: true, message: t('party.meetings.dateRequired') }]}
          >
            <DayInput max="today" />
          </Form.Item>
        </Space>
        <Form.Item
          name="topic"
          label={t('party.meetings.topic')}
          rules={[{ required: true, whitespace: true, message: t('party.meetings.topicRequired') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Space wrap align="start" size="large">
          <Form.Item
            name="place"
            label={t('party.meetings.place')}
            rules={[{ required: true, whitespace: true, message: t('party.meetings.placeRequired') }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="host"
            label={t('party.meetings.host')}
            rules={[{ required: true, whitespace: true, message: t('party.meetings.hostRequired') }]}
          >
            <Input maxLength={30} />
          </Form.Item>
        </Space>
        <Form.Item name="notes" label={t('party.meetings.notes')}>
          <Input.TextArea rows={4} maxLength={5000} />
        </Form.Item>
        <fieldset className="party-attendance">
          <legend>{t('party.meetings.attendance')}</legend>
          {active.length === 0 ? (
            <p className="muted">{t('party.meetings.noMembers')}</p>
          ) : (
            active.map((m) => (
              <Space key={m.id} wrap style={{ display: 'flex', marginBottom: 8 }}>
                <Check
                  checked={!(m.id in absent)}
                  aria-label={t('party.meetings.presentOf', { name: m.name })}
                  onChange={(e) =>
                    setAbsent(({ [m.id]: _, ...rest }) => (e.target.checked ? rest : { ...rest, [m.id]: '' }))
                  }
                >
                  {m.name}
                </Check>
                {m.id in absent ? (
                  <Input
                    size="small"
                    maxLength={100}
                    aria-label={t('party.meetings.reasonOf', { name: m.name })}
                    placeholder={t('party.meetings.reason')}
                    value={absent[m.id]}
                    onChange={(e) => setAbsent((a) => ({ ...a, [m.id]: e.target.value }))}
                    style={{ width: 200 }}
                  />
                ) : null}
              </Space>
            ))
          )}
        </fieldset>
        <Button type="primary" htmlType="submit" loading={actions.meeting.isPending}>
          {t('party.meetings.submit')}
        </Button>
      </Form>
    </Panel>
  );
}

function Meetings({ branch, year }: { branch: PartyBranch; year: number }) {
  const { t } = useTranslation();
  const q = usePartyMeetings(branch.id, year);
  const members = usePartyMembers(branch.id);
  const nameOf = (id: string) => members.data?.items.find((m) => m.id === id)?.name ?? '—';
  return (
    <Panel title={<h3 className="card-title">{t('party.meetings.title')}</h3>}>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.items.length === 0 ? (
        <EmptyState text={t('party.meetings.empty')} />
      ) : (
        <DataTable<PartyMeeting>
          rowKey={(r) => r.id}
          size="small"
          rows={q.data.items}
          pageSize={20}
          label={t('party.meetings.title')}
          expand={{
            render: (m) => (
              <table className="facts">
                <tbody>
                  <tr>
                    <th scope="row">{t('party.meetings.place')}</th>
                    <td>{m.place}</td>
                  </tr>
                  <tr>
                    <th scope="row">{t('party.meetings.host')}</th>
                    <td>{m.host}</td>
                  </tr>
                  <tr>
                    <th scope="row">{t('party.meetings.notes')}</th>
                    <td>
                      <span style={{ whiteSpace: 'pre-wrap' }}>{m.notes || '—'}</span>
                    </td>
                  </tr>
                  <tr>
                    <th scope="row">{t('party.meetings.attendance')}</th>
                    <td>
                      {m.attendance
                        .map((a) =>
                          a.present
                            ? `${nameOf(a.memberId)} ${t('party.meetings.present')}`
                            : `${nameOf(a.memberId)}（${a.reason ?? t('party.meetings.noReason')}）`,
                        )
                        .join('；') || '—'}
                    </td>
                  </tr>
                </tbody>
              </table>
            ),
          }}
          columns={fieldColumns<PartyMeeting>([
            { title: t('party.meetings.date'), dataIndex: 'date' },
            { title: t('party.meetings.kind'), render: (_, m) => t(`party.meetingKinds.${m.kind}`) },
            { title: t('party.meetings.topic'), dataIndex: 'topic' },
            {
              title: t('party.meetings.attendance'),
              render: (_, m) => t('party.meetings.attendanceCount', { present: m.present, absent: m.absent }),
            },
          ])}
        />
      )}
    </Panel>
  );
}

function YearOverview({ branch, year }: { branch: PartyBranch; year: number }) {
  const { t } = useTranslation();
  const q = usePartyOverview(year);
  const mine = q.data?.branches.find((b) => b.branch.id === branch.id);
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!mine) return null;
  return (
    <Panel title={<h3 className="card-title">{t('party.overview.title')}</h3>}>
      <DataTable
        rowKey={(r) => r.kind}
        size="small"
        rows={mine.kinds}
        label={`${branch.name} ${t('party.overview.title')}`}
        columns={fieldColumns<(typeof mine.kinds)[number]>([
          { title: t('party.overview.kind'), render: (_, k) => t(`party.meetingKinds.${k.kind}`) },
          { title: t('party.overview.cadenceCol'), render: (_, k) => t(`party.cadence.${k.cadence}`) },
          { title: t('party.overview.held'), render: (_, k) => <HeldOfDue k={k} /> },
          { title: t('party.overview.missed'), align: 'right', dataIndex: 'missed' },
          {
            title: t('party.overview.state'),
            render: (_, k) => {
              const missed = k.periods.filter((p) => p.state === 'missed').map((p) => p.period);
              return missed.length
                ? t('party.overview.missedPeriods', { periods: missed.join('、') })
                : t('party.overview.onTrack');
            },
          },
        ])}
      />
    </Panel>
  );
}

/** One branch: its members (masked), its meetings and activities, and its year of 三会一课. */
export default function PartyBranchPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = usePartyBranch(id);
  const actions = usePartyActions(id);
  const nameOf = useDivisionNames(q.data ? [q.data.communityCode] : []);
  const year = chinaYear();
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const b = q.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Link to={PARTY_BASE}>{t('party.back')}</Link>
      <Panel title={<h2 className="card-title">{b.name}</h2>} extra={<Tag>{t(`party.kinds.${b.kind}`)}</Tag>}>
        <table className="facts">
          <tbody>
            <tr>
              <th scope="row">{t('party.branch.community')}</th>
              <td>{nameOf(b.communityCode) ?? b.communityCode}</td>
            </tr>
            <tr>
              <th scope="row">{t('party.branch.secretary')}</th>
              <td>{b.secretary}</td>
            </tr>
            <tr>
              <th scope="row">{t('party.branch.foundedOn')}</th>
              <td>{b.foundedOn}</td>
            </tr>
            <tr>
              <th scope="row">{t('party.branch.members')}</th>
              <td>{b.members}</td>
            </tr>
          </tbody>
        </table>
      </Panel>
      <TabSet
        items={[
          {
            key: 'members',
            label: t('party.tabs.members'),
            children: (
              <Space direction="vertical" style={{ width: '100%' }} size="large">
                <Members branch={b} actions={actions} />
                <RecordMember branch={b} actions={actions} />
              </Space>
            ),
          },
          {
            key: 'meetings',
            label: t('party.tabs.meetings'),
            children: (
              <Space direction="vertical" style={{ width: '100%' }} size="large">
                <Meetings branch={b} year={year} />
                <RecordMeeting branch={b} actions={actions} />
              </Space>
            ),
          },
          {
            key: 'overview',
            label: t('party.tabs.overview'),
            children: <YearOverview branch={b} year={year} />,
          },
        ]}
      />
    </Space>
  );
}
