import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  type HistoryEntry,
  isParked,
  type Resident,
  useResident,
  useResidentHistory,
  useStateChange,
  useVerifyResident,
} from '../../../api/population';
import { applyProblem } from '../../../components/formErrors';
import { ErrorState, Loading, useErrorMessage } from '../../../components/States';
import { codeLabel } from './codeLabels';
import {
  CommunityBadge,
  chinaToday,
  fmtDate,
  fmtDateTime,
  topField,
  usePopulationScope,
  useValueLabel,
} from './common';
import { ResidentFormModal } from './ResidentForm';
import { RevealModal } from './RevealModal';

/** How long clear values stay on screen before they are masked again. */
export const REVEAL_SECONDS = 60;

function useCountdown(active: boolean, seconds: number, onEnd: () => void) {
  const [left, setLeft] = useState(seconds);
  const end = useRef(onEnd);
  end.current = onEnd;
  useEffect(() => {
    if (!active) return;
    setLeft(seconds);
    const started = Date.now();
    const timer = setInterval(() => {
      const remaining = seconds - Math.floor((Date.now() - started) / 1000);
      setLeft(Math.max(0, remaining));
      if (remaining <= 0) {
        clearInterval(timer);
        end.current();
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [active, seconds]);
  return left;
}

function StateChangeModal({
  kind,
  resident,
  onClose,
  onDone,
}: {
  kind: 'move-out' | 'death';
  resident: Resident;
  onClose: () => void;
  onDone: (text: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorMessage();
  const [form] = Form.useForm<{ date: Dayjs; destination?: string }>();
  const change = useStateChange(resident.id);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async () => {
    const v = await form.validateFields();
    setProblem(null);
    try {
      const r = await change.mutateAsync({
        kind,
        date: v.date.format('YYYY-MM-DD'),
        ...(v.destination?.trim() ? { destination: v.destination.trim() } : {}),
        version: resident.version,
      });
      onDone(isParked(r) ? t('population.detail.parked') : t('population.change.done'));
      onClose();
    } catch (err) {
      applyProblem(form, err, i18n.language, { known: ['date', 'destination'], rename: topField });
      setProblem(errorText(err));
    }
  };
  return (
    <Modal
      open
      title={kind === 'move-out' ? t('population.change.moveOutTitle') : t('population.change.deathTitle')}
      okText={t('population.change.confirm')}
      okButtonProps={{ danger: true }}
      cancelText={t('population.common.cancel')}
      confirmLoading={change.isPending}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('population.change.intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item
          name="date"
          label={t('population.change.date')}
          rules={[{ required: true, message: t('population.change.dateRequired') }]}
        >
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(d) => d.format('YYYY-MM-DD') > chinaToday()}
            inputReadOnly
          />
        </Form.Item>
        {kind === 'move-out' ? (
          <Form.Item name="destination" label={t('population.change.destination')}>
            <Input maxLength={100} placeholder={t('population.change.destinationPlaceholder')} />
          </Form.Item>
        ) : null}
      </Form>
      {problem ? <Alert type="error" role="alert" showIcon message={problem} /> : null}
    </Modal>
  );
}

function History({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const q = useResidentHistory(id);
  const action = (a: string) => {
    const k = `population.actions.${a}`;
    const s = t(k);
    return s === k ? a : s;
  };
  const channel = (c: string) => {
    const k = `population.channels.${c}`;
    const s = t(k);
    return s === k ? c : s;
  };
  const field = (f: string) => {
    const k = `population.fields.${f}`;
    const s = t(k);
    return s === k ? f : s;
  };
  return (
    <Card title={<h2 className="card-title">{t('population.detail.history')}</h2>}>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Table<HistoryEntry>
          rowKey="version"
          size="small"
          pagination={q.data.items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          dataSource={[...q.data.items].sort((a, b) => b.version - a.version)}
          scroll={{ x: 'max-content' }}
          aria-label={t('population.detail.history')}
          locale={{ emptyText: t('population.detail.historyEmpty') }}
          columns={[
            { title: t('population.fields.version'), dataIndex: 'version', width: 64 },
            {
              title: t('population.detail.at'),
              dataIndex: 'at',
              render: (v: string) => fmtDateTime(v, i18n.language),
            },
            {
              title: t('population.detail.actor'),
              dataIndex: 'actor',
              render: (v: string, h) => (
                <span>
                  {v}
                  {h.reviewedBy ? (
                    <Typography.Text type="secondary"> ✓ {h.reviewedBy}</Typography.Text>
                  ) : null}
                </span>
              ),
            },
            { title: t('population.detail.action'), dataIndex: 'action', render: action },
            {
              title: t('population.detail.channel'),
              dataIndex: 'channel',
              render: (v: string, h) => (h.importId ? `${channel('import')} ${h.importId}` : channel(v)),
            },
            {
              title: t('population.detail.changed'),
              dataIndex: 'fields',
              render: (fields: string[], h) =>
                fields.map((f) => {
                  const ch = h.changes[f];
                  const show = (x: unknown) =>
                    x === null || x === undefined ? '∅' : Array.isArray(x) ? x.join('、') : String(x);
                  return (
                    <div key={f}>
                      {field(f)}
                      {ch ? (
                        <Typography.Text type="secondary">
                          {' '}
                          {show(ch.from)} → {show(ch.to)}
                        </Typography.Text>
                      ) : null}
                    </div>
                  );
                }),
            },
          ]}
        />
      )}
    </Card>
  );
}

/** One resident: masked by default, reveal with a reason for a minute, verify, change, move, history. */
export function ResidentDetail() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const label = useValueLabel();
  const errorText = useErrorMessage();
  const { caps } = usePopulationScope();
  const q = useResident(id);
  const verify = useVerifyResident(id);
  const [revealOpen, setRevealOpen] = useState(false);
  const [revealed, setRevealed] = useState<Resident | null>(null);
  const [dialog, setDialog] = useState<'edit' | 'move-out' | 'death' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const left = useCountdown(Boolean(revealed), REVEAL_SECONDS, () => setRevealed(null));

  if (q.isPending) return <Loading />;
  if (q.isError)
    return (
      <div className="stack">
        <Link to="/workspace/population/residents">← {t('population.detail.back')}</Link>
        <ErrorState error={q.error} title={t('population.detail.notFound')} />
      </div>
    );
  const r: Resident = revealed ? { ...q.data, ...revealed } : q.data;
  const active = r.status === 'active';
  const movedOut = typeof r.movedOut === 'object' ? r.movedOut : undefined;
  const deceased = typeof r.deceased === 'object' ? r.deceased : undefined;
  const address = [r.building, r.unit, r.room].filter(Boolean).join(' / ');

  return (
    <div className="stack">
      <Link to="/workspace/population/residents">← {t('population.detail.back')}</Link>
      <Card
        title={
          <h2 className="card-title">
            {t('population.detail.title')} · {r.name ?? '—'}
          </h2>
        }
        extra={<Tag color={active ? 'green' : 'default'}>{label('status', r.status)}</Tag>}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          {revealed ? (
            <Alert
              type="warning"
              showIcon
              role="status"
              message={t('population.detail.revealedNote', { seconds: left })}
              action={
                <Button size="small" onClick={() => setRevealed(null)}>
                  {t('population.detail.hide')}
                </Button>
              }
            />
          ) : null}
          {notice ? (
            <Alert
              type="success"
              showIcon
              role="status"
              message={notice}
              closable
              onClose={() => setNotice(null)}
            />
          ) : null}
          {verify.isError ? (
            <Alert type="error" role="alert" showIcon message={errorText(verify.error)} />
          ) : null}
          <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }} aria-live="polite">
            <Descriptions.Item label={t('population.fields.name')}>{r.name ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('population.fields.idNumber')}>
              <span className="mono" data-testid="resident-id-number">
                {r.idNumber ?? '—'}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('population.fields.sex')}>{label('sex', r.sex)}</Descriptions.Item>
            <Descriptions.Item label={t('population.fields.birthDate')}>
              {r.birthDate ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('population.fields.mobile')}>
              <span className="mono">{r.mobile ?? '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('population.fields.registration')}>
              {label('registration', r.registration)}
            </Descriptions.Item>
            <Descriptions.Item label={t('population.fields.ethnicity')}>
              {codeLabel('ethnicity', r.ethnicity, i18n.language) ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('population.fields.education')}>
              {codeLabel('education', r.education, i18n.language) ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('population.fields.politicalStatus')}>
              {codeLabel('politicalStatus', r.politicalStatus, i18n.language) ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('population.fields.tags')}>
              {r.tags?.length ? r.tags.map((x) => label('tags', x)).join('、') : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('population.fields.communityCode')}>
              <CommunityBadge code={r.communityCode} />
            </Descriptions.Item>
            <Descriptions.Item label={t('population.fields.address')}>{address || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('population.fields.householdRef')}>
              {[r.householdRef, codeLabel('relationship', r.relationship, i18n.language)]
                .filter(Boolean)
                .join(' · ') || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('population.fields.lastVerifiedAt')}>
              {fmtDate(r.lastVerifiedAt, i18n.language)}
            </Descriptions.Item>
          </Descriptions>
          {movedOut ? (
            <Typography.Text>
              {t('population.detail.movedOut', {
                date: movedOut.date ?? '',
                destination: movedOut.destination ?? '',
              })}
            </Typography.Text>
          ) : null}
          {deceased ? (
            <Typography.Text>
              {t('population.detail.deceased', { date: deceased.date ?? '' })}
            </Typography.Text>
          ) : null}
          {r.movedInFrom ? (
            <Typography.Text>{t('population.detail.movedInFrom', { from: r.movedInFrom })}</Typography.Text>
          ) : null}
          {!active ? (
            <Typography.Text type="secondary">
              {t('population.detail.inactive', { status: label('status', r.status) })}
            </Typography.Text>
          ) : null}
          <Space wrap className="actions">
            {caps.reveal && !revealed ? (
              <Button onClick={() => setRevealOpen(true)}>{t('population.detail.reveal')}</Button>
            ) : null}
            {caps.write && active ? (
              <>
                <Button
                  type="primary"
                  loading={verify.isPending}
                  onClick={() =>
                    verify.mutate(undefined, { onSuccess: () => setNotice(t('population.detail.verified')) })
                  }
                >
                  {t('population.detail.verify')}
                </Button>
                <Button onClick={() => setDialog('edit')}>{t('population.detail.edit')}</Button>
                <Button onClick={() => setDialog('move-out')}>{t('population.detail.moveOut')}</Button>
                <Button danger onClick={() => setDialog('death')}>
                  {t('population.detail.death')}
                </Button>
              </>
            ) : null}
          </Space>
        </Space>
      </Card>
      <History id={id} />
      <RevealModal
        residentId={id}
        open={revealOpen}
        onClose={() => setRevealOpen(false)}
        onRevealed={(v) => {
          setRevealOpen(false);
          setRevealed(v);
        }}
      />
      {dialog === 'edit' ? (
        <ResidentFormModal
          mode="edit"
          resident={r}
          onClose={() => setDialog(null)}
          onDone={(text) => {
            setRevealed(null);
            setNotice(text);
          }}
        />
      ) : null}
      {dialog === 'move-out' || dialog === 'death' ? (
        <StateChangeModal kind={dialog} resident={r} onClose={() => setDialog(null)} onDone={setNotice} />
      ) : null}
    </div>
  );
}
