import { Alert, Button, Form, Input, Space, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useParams } from 'react-router';
import {
  type CommunityEvent,
  type EventSignUp,
  useCancelEvent,
  useCheckIn,
  useCommunityEvent,
  useCommunityEvents,
  usePublishEvent,
} from '../../../api/community';
import type { Me } from '../../../api/types';
import { Panel, TabSet, Toggle, Unavailable } from '../../../components/Controls';
import { fieldColumns } from '../../../components/columns';
import { DataTable } from '../../../components/DataTable';
import { DayInput } from '../../../components/DayInput';
import { useDivisionNames } from '../../../components/DivisionName';
import { applyProblem } from '../../../components/formErrors';
import { NumberInput } from '../../../components/NumberInput';
import { EmptyState, ErrorState, Loading, useErrorMessage } from '../../../components/States';
import { useCreateForm } from '../../../components/useCreateForm';
import { registerStrings } from '../../../i18n';
import communityZh from '../../../i18n/community.zh-CN';
import { chinaClock, chinaDateTime } from '../../../time';
import { WorkspaceNotFound } from '../NotFound';
import { CommunityFormField } from './CommunityFormField';
import { ListPanel } from './ListPanel';

registerStrings('community', communityZh);

/** Where the area lives: the module's page under 社区工作. */
export const EVENTS_BASE = '/workspace/m/culture-education-sports';

/** Who manages events (`events:manage`; the server checks the same, by scope). */
export const managesEvents = (me: Me) =>
  ['district-admin', 'street-staff', 'community-worker'].some((r) => me.roles.includes(r));

interface Values {
  communityCode: string;
  title: string;
  description: string;
  place: string;
  startsAt: Dayjs;
  capacity: number;
  waitlist: boolean;
}

function NewEvent({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { form, done, setDone, saved } = useCreateForm<Values>([
    'communityCode',
    'title',
    'description',
    'place',
    'startsAt',
    'capacity',
  ]);
  const own = me.scope.communityCode;
  const publish = usePublishEvent();
  return (
    <Panel title={<h2 className="card-title">{t('community:activities.new')}</h2>}>
      {done ? (
        <Alert
          type="success"
          showIcon
          role="status"
          message={t('community:activities.published')}
          className="page-alert"
        />
      ) : null}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ capacity: 30, waitlist: true, ...(own ? { communityCode: own } : {}) }}
        onValuesChange={() => setDone(false)}
        onFinish={(v) =>
          publish.mutate(
            {
              communityCode: v.communityCode,
              title: v.title.trim(),
              description: v.description.trim(),
              place: v.place.trim(),
              startsAt: v.startsAt.second(0).millisecond(0).toISOString(),
              capacity: v.capacity,
              waitlist: v.waitlist,
            },
            saved,
          )
        }
      >
        <CommunityFormField
          me={me}
          id="event-street"
          labels={{
            street: t('community:activities.street'),
            community: t('community:activities.community'),
            required: t('community:activities.communityRequired'),
          }}
        />
        <Form.Item
          name="title"
          label={t('community:activities.eventTitle')}
          rules={[{ required: true, whitespace: true, message: t('community:activities.titleRequired') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('community:activities.description')}
          rules={[
            { required: true, whitespace: true, message: t('community:activities.descriptionRequired') },
          ]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Form.Item
          name="place"
          label={t('community:activities.place')}
          rules={[{ required: true, whitespace: true, message: t('community:activities.placeRequired') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Space wrap align="start" size="large">
          <Form.Item
            name="startsAt"
            label={t('community:activities.startsAt')}
            extra={t('community:activities.startsAtHint')}
            rules={[{ required: true, message: t('community:activities.startsAtRequired') }]}
          >
            <DayInput withTime min="today" />
          </Form.Item>
          <Form.Item name="capacity" label={t('community:activities.capacity')} rules={[{ required: true }]}>
            <NumberInput min={1} max={5000} precision={0} />
          </Form.Item>
          <Form.Item name="waitlist" label={t('community:activities.waitlist')} valuePropName="checked">
            <Toggle />
          </Form.Item>
        </Space>
        <div>
          <Button type="primary" htmlType="submit" loading={publish.isPending}>
            {t('community:activities.publish')}
          </Button>
        </div>
      </Form>
    </Panel>
  );
}

function StateTag({ e }: { e: CommunityEvent }) {
  const { t } = useTranslation();
  if (e.status === 'cancelled') return <Tag>{t('community:activities.cancelled')}</Tag>;
  return Date.parse(e.startsAt) > Date.now() ? (
    <Tag color="processing">{t('community:activities.open')}</Tag>
  ) : (
    <Tag>{t('community:activities.started')}</Tag>
  );
}

function EventTable({ items, empty }: { items: CommunityEvent[]; empty: string }) {
  const { t } = useTranslation();
  const nameOf = useDivisionNames(items.map((e) => e.communityCode));
  if (items.length === 0) return <EmptyState text={empty} />;
  return (
    <DataTable<CommunityEvent>
      rowKey={(r) => r.id}
      rows={items}
      pageSize={20}
      label={t('community:activities.title')}
      columns={fieldColumns<CommunityEvent>([
        {
          title: t('community:activities.eventTitle'),
          render: (_, e) => <Link to={`${EVENTS_BASE}/${e.id}`}>{e.title}</Link>,
        },
        { title: t('community:activities.startsAt'), render: (_, e) => chinaDateTime(e.startsAt) },
        {
          title: t('community:activities.community'),
          render: (_, e) => nameOf(e.communityCode) ?? e.communityCode,
        },
        { title: t('community:activities.place'), dataIndex: 'place' },
        {
          title: t('community:activities.seats'),
          align: 'right',
          render: (_, e) =>
            t('community:activities.seatsTaken', { confirmed: e.confirmed, capacity: e.capacity }),
        },
        {
          title: t('community:activities.waiting'),
          align: 'right',
          render: (_, e) => (e.waitlist ? t('community:activities.waitingCount', { count: e.waiting }) : '—'),
        },
        { title: t('community:activities.checkedIn'), align: 'right', dataIndex: 'checkedIn' },
        { title: '', render: (_, e) => <StateTag e={e} /> },
      ])}
    />
  );
}

function EventList({ me }: { me: Me }) {
  const { t } = useTranslation();
  const q = useCommunityEvents();
  const now = Date.now();
  const all = q.data?.items ?? [];
  // Upcoming soonest first; past most recent first.
  const upcoming = all
    .filter((e) => Date.parse(e.startsAt) > now)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const past = all
    .filter((e) => Date.parse(e.startsAt) <= now)
    .sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <ListPanel title={t('community:activities.title')} q={q}>
        {() => (
          <TabSet
            items={[
              {
                key: 'upcoming',
                label: `${t('community:activities.upcoming')} (${upcoming.length})`,
                children: <EventTable items={upcoming} empty={t('community:activities.emptyUpcoming')} />,
              },
              {
                key: 'past',
                label: `${t('community:activities.past')} (${past.length})`,
                children: <EventTable items={past} empty={t('community:activities.emptyPast')} />,
              },
            ]}
          />
        )}
      </ListPanel>
      <NewEvent me={me} />
    </Space>
  );
}

function SignUpTable({
  rows,
  caption,
  empty,
  checkIn,
}: {
  rows: EventSignUp[];
  caption: string;
  empty: string;
  checkIn?: { run: (rid: string) => void; pending: string | undefined };
}) {
  const { t } = useTranslation();
  if (rows.length === 0) return <EmptyState text={empty} />;
  return (
    <DataTable<EventSignUp>
      rowKey={(r) => r.residentId}
      size="small"
      rows={rows}
      pageSize={50}
      label={caption}
      columns={fieldColumns<EventSignUp>([
        { title: t('community:activities.order'), render: (_, __, i) => i + 1, width: 64 },
        { title: t('community:activities.name'), render: (_, s) => s.name ?? '—' },
        { title: t('community:activities.mobile'), render: (_, s) => s.mobile ?? '—', className: 'mono' },
        { title: t('community:activities.signedUpAt'), render: (_, s) => chinaDateTime(s.at) },
        ...(checkIn
          ? [
              {
                title: t('community:activities.checkIn'),
                render: (_: unknown, s: EventSignUp) =>
                  s.checkedInAt ? (
                    <Tag color="success">
                      {t('community:activities.checkedInAt', { time: chinaClock(s.checkedInAt) })}
                    </Tag>
                  ) : (
                    <Button
                      size="small"
                      type="primary"
                      aria-label={t('community:activities.checkInOf', { name: s.name ?? s.residentId })}
                      loading={checkIn.pending === s.residentId}
                      onClick={() => checkIn.run(s.residentId)}
                    >
                      {t('community:activities.checkIn')}
                    </Button>
                  ),
              },
            ]
          : []),
      ])}
    />
  );
}

/** 取消活动: the reason is required and is what the residents are texted. */
function CancelEvent({ e: event }: { e: CommunityEvent }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [form] = Form.useForm<{ reason: string }>();
  const cancel = useCancelEvent(event.id);
  const errorText = useErrorMessage();
  const { i18n } = useTranslation();
  // The outcome stays on screen after the page shows the event as cancelled.
  if (done) return <Alert type="success" showIcon role="status" className="page-alert" message={done} />;
  if (event.status !== 'open' || Date.parse(event.startsAt) <= Date.now()) return null;
  if (!open)
    return (
      <div style={{ marginTop: 16 }}>
        <Button danger onClick={() => setOpen(true)}>
          {t('community:activities.cancel')}
        </Button>
      </div>
    );
  return (
    <Form
      form={form}
      layout="vertical"
      style={{ marginTop: 16, maxWidth: 560 }}
      aria-label={t('community:activities.cancelTitle')}
      onFinish={(v) =>
        cancel.mutate(v.reason.trim(), {
          onSuccess: (out) => {
            const extra = [
              out.told.noMobile ? t('community:activities.cancelNoMobile', { count: out.told.noMobile }) : '',
              out.told.failed ? t('community:activities.cancelFailed', { count: out.told.failed }) : '',
            ].join('');
            setDone(t('community:activities.cancelDone', { texted: out.told.texted, extra }));
          },
          onError: (e) => {
            const out = applyProblem(form, e, i18n.language);
            setProblem(out.fields.length ? undefined : (out.rest[0] ?? errorText(e)));
          },
        })
      }
    >
      <h3 className="card-title">{t('community:activities.cancelTitle')}</h3>
      <Form.Item
        name="reason"
        label={t('community:activities.cancelReason')}
        extra={t('community:activities.cancelReasonHint')}
        rules={[
          {
            required: true,
            whitespace: true,
            min: 2,
            message: t('community:activities.cancelReasonRequired'),
          },
        ]}
      >
        <Input.TextArea rows={2} maxLength={200} showCount />
      </Form.Item>
      {problem ? <Alert type="error" showIcon role="alert" className="page-alert" message={problem} /> : null}
      <Space wrap>
        <Button danger type="primary" htmlType="submit" loading={cancel.isPending}>
          {t('community:activities.cancelConfirm')}
        </Button>
        <Button onClick={() => setOpen(false)}>{t('community:activities.cancelKeep')}</Button>
      </Space>
    </Form>
  );
}

function EventDetail() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useCommunityEvent(id);
  const check = useCheckIn(id);
  const errorText = useErrorMessage();
  const [find, setFind] = useState('');
  const nameOf = useDivisionNames(q.data ? [q.data.event.communityCode] : []);
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const { event: e, signUps } = q.data;
  const term = find.trim();
  const match = (s: EventSignUp) =>
    !term || (s.name ?? '').startsWith(term) || (s.mobile ?? '').replace(/\D/g, '').endsWith(term);
  const seated = signUps.filter((s) => s.status === 'confirmed');
  const waiting = signUps.filter((s) => s.status === 'waiting');
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Link to={EVENTS_BASE}>{t('community:activities.back')}</Link>
      <Panel title={<h2 className="card-title">{e.title}</h2>} extra={<StateTag e={e} />}>
        {e.status === 'cancelled' && e.cancelReason ? (
          <Alert
            type="warning"
            showIcon
            className="page-alert"
            message={t('community:activities.cancelledWhy', {
              time: e.cancelledAt ? chinaDateTime(e.cancelledAt) : '',
              reason: e.cancelReason,
            })}
          />
        ) : null}
        <table className="facts">
          <tbody>
            <tr>
              <th scope="row">{t('community:activities.startsAt')}</th>
              <td>{chinaDateTime(e.startsAt)}</td>
            </tr>
            <tr>
              <th scope="row">{t('community:activities.place')}</th>
              <td>{e.place}</td>
            </tr>
            <tr>
              <th scope="row">{t('community:activities.community')}</th>
              <td>{nameOf(e.communityCode) ?? e.communityCode}</td>
            </tr>
            <tr>
              <th scope="row">{t('community:activities.seats')}</th>
              <td>
                {t('community:activities.seatsTaken', { confirmed: e.confirmed, capacity: e.capacity })}
              </td>
            </tr>
            <tr>
              <th scope="row">{t('community:activities.waiting')}</th>
              <td>
                {e.waitlist
                  ? t('community:activities.waitingCount', { count: e.waiting })
                  : t('community:activities.waitlistNo')}
              </td>
            </tr>
            <tr>
              <th scope="row">{t('community:activities.checkedIn')}</th>
              <td>{e.checkedIn}</td>
            </tr>
            <tr>
              <th scope="row">{t('community:activities.description')}</th>
              <td>
                <p style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{e.description}</p>
              </td>
            </tr>
          </tbody>
        </table>
        <CancelEvent e={e} />
      </Panel>
      <Panel
        title={
          <h2 className="card-title">
            {t('community:activities.signUps')} ({seated.length})
          </h2>
        }
      >
        <Input.Search
          aria-label={t('community:activities.find')}
          placeholder={t('community:activities.find')}
          value={find}
          onChange={(ev) => setFind(ev.target.value)}
          allowClear
          style={{ maxWidth: 320, marginBottom: 12 }}
        />
        {check.error ? (
          <Alert type="error" showIcon role="alert" message={errorText(check.error)} className="page-alert" />
        ) : null}
        <SignUpTable
          rows={seated.filter(match)}
          caption={t('community:activities.signUps')}
          empty={t('community:activities.noSignUps')}
          checkIn={{
            run: (rid) => check.mutate(rid),
            pending: check.isPending ? check.variables : undefined,
          }}
        />
      </Panel>
      {e.waitlist ? (
        <Panel
          title={
            <h2 className="card-title">
              {t('community:activities.waitingList')} ({waiting.length})
            </h2>
          }
        >
          <SignUpTable
            rows={waiting.filter(match)}
            caption={t('community:activities.waitingList')}
            empty={t('community:activities.noWaiting')}
          />
        </Panel>
      ) : null}
    </Space>
  );
}

/** 社区活动 (`/workspace/m/culture-education-sports/*`): publish events, sign-ups, check-in. */
export default function EventsArea({ me }: { me: Me }) {
  const { t } = useTranslation();
  if (!me.modules.includes('culture-education-sports'))
    return <Unavailable status="404" text={t('workspace.moduleDisabled')} />;
  if (!managesEvents(me)) return <Unavailable status="403" text={t('workspace.noAccess')} />;
  return (
    <div>
      <h2>{t('community:activities.title')}</h2>
      <Routes>
        <Route index element={<EventList me={me} />} />
        <Route path=":id" element={<EventDetail />} />
        <Route path="*" element={<WorkspaceNotFound />} />
      </Routes>
    </div>
  );
}
