import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  fetchResidents,
  type JsonSchema,
  type KindField,
  type Resident,
  type ThematicKind,
  type ThematicRecord,
  useCreateThematic,
  useThematicKinds,
  useThematicRecords,
} from '../../../api/population';
import { CursorPagedTable, useCursorPages } from '../../../components/CursorPager';
import { applyProblem } from '../../../components/formErrors';
import { EmptyState, ErrorState, Loading, useErrorMessage } from '../../../components/States';
import { fmtDateTime, ScopePicker, topField, useLocalized, usePopulationScope } from './common';

const DATE_RE = '^\\d{4}-\\d{2}-\\d{2}$';

/** What input a field's JSON Schema calls for (optional fields come as `anyOf` with null). */
function shapeOf(schema: JsonSchema): {
  kind: 'bool' | 'enum' | 'number' | 'integer' | 'date' | 'text';
  schema: JsonSchema;
} {
  const s = schema.anyOf?.find((x) => x.type !== 'null') ?? schema;
  if (s.type === 'boolean') return { kind: 'bool', schema: s };
  if (Array.isArray(s.enum)) return { kind: 'enum', schema: s };
  if (s.type === 'integer') return { kind: 'integer', schema: s };
  if (s.type === 'number') return { kind: 'number', schema: s };
  if (s.type === 'string' && (s.pattern === DATE_RE || s.format === 'date'))
    return { kind: 'date', schema: s };
  return { kind: 'text', schema: s };
}

function FieldInput({ field }: { field: KindField }) {
  const { kind, schema } = shapeOf(field.schema);
  switch (kind) {
    case 'bool':
      return <Switch />;
    case 'enum':
      return (
        <Select
          allowClear
          options={(schema.enum ?? []).map((v) => ({ value: v as string, label: String(v) }))}
        />
      );
    case 'integer':
    case 'number':
      return (
        <InputNumber
          style={{ width: '100%' }}
          {...(schema.minimum !== undefined ? { min: schema.minimum } : {})}
          {...(schema.maximum !== undefined ? { max: schema.maximum } : {})}
          precision={kind === 'integer' ? 0 : 2}
        />
      );
    case 'date':
      return <DatePicker style={{ width: '100%' }} inputReadOnly />;
    default:
      return <Input maxLength={200} />;
  }
}

/** The kind's form, built from the field list the API describes; the server validates with the kind's schema. */
function CreateRecordModal({
  kind,
  onClose,
  onSaved,
}: {
  kind: ThematicKind;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t, i18n } = useTranslation();
  const text = useLocalized();
  const errorText = useErrorMessage();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [idNumber, setIdNumber] = useState('');
  const [subject, setSubject] = useState<Resident | null | undefined>(undefined);
  const [finding, setFinding] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const create = useCreateThematic(kind.key);
  const find = async () => {
    setFinding(true);
    setProblem(null);
    try {
      const r = await fetchResidents({ idNumber: idNumber.trim().toUpperCase(), limit: 1 });
      setSubject(r.items[0] ?? null);
    } catch (err) {
      setProblem(errorText(err));
    } finally {
      setFinding(false);
    }
  };
  const submit = async () => {
    const v = await form.validateFields();
    if (kind.subject === 'resident' && !subject) {
      setProblem(t('population.thematic.subjectRequired'));
      return;
    }
    const subjectId = kind.subject === 'resident' ? subject!.id : String(v.__subject ?? '').trim();
    const data: Record<string, unknown> = {};
    for (const f of kind.fields) {
      const x = v[f.key];
      if (x === undefined || x === null || x === '') continue;
      data[f.key] = dayjs.isDayjs(x) ? (x as Dayjs).format('YYYY-MM-DD') : x;
    }
    setProblem(null);
    try {
      await create.mutateAsync({ subjectId, data });
      onSaved();
      onClose();
    } catch (err) {
      applyProblem(form, err, i18n.language, { known: kind.fields.map((f) => f.key), rename: topField });
      setProblem(errorText(err));
    }
  };
  return (
    <Modal
      open
      title={`${t('population.thematic.create')} · ${text(kind.labels)}`}
      okText={t('population.form.save')}
      cancelText={t('population.common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        {kind.subject === 'resident' ? (
          <Form.Item label={t('population.thematic.subject')} required>
            <Space.Compact style={{ width: '100%' }}>
              <Input
                aria-label={t('population.thematic.subject')}
                className="mono"
                maxLength={18}
                value={idNumber}
                placeholder={t('population.thematic.subjectPlaceholder')}
                onChange={(e) => {
                  setIdNumber(e.target.value);
                  setSubject(undefined);
                }}
                onPressEnter={() => void find()}
              />
              <Button onClick={() => void find()} loading={finding} disabled={idNumber.trim().length < 15}>
                {t('population.thematic.find')}
              </Button>
            </Space.Compact>
            {subject ? (
              <Typography.Text type="success" role="status">
                {t('population.thematic.subjectFound', {
                  name: subject.name ?? '',
                  id: subject.idNumber ?? '',
                })}
              </Typography.Text>
            ) : subject === null ? (
              <Typography.Text type="danger" role="alert">
                {t('population.thematic.subjectNotFound')}
              </Typography.Text>
            ) : null}
          </Form.Item>
        ) : (
          <Form.Item
            name="__subject"
            label={t('population.thematic.orgSubject')}
            rules={[{ required: true }]}
          >
            <Input className="mono" maxLength={26} />
          </Form.Item>
        )}
        {kind.fields.map((f) => (
          <Form.Item
            key={f.key}
            name={f.key}
            label={
              <span>
                {text(f.labels)}{' '}
                {f.sensitive ? <Tag color="orange">{t('population.thematic.sensitive')}</Tag> : null}
              </span>
            }
            valuePropName={shapeOf(f.schema).kind === 'bool' ? 'checked' : 'value'}
          >
            <FieldInput field={f} />
          </Form.Item>
        ))}
      </Form>
      {problem ? <Alert type="error" role="alert" showIcon message={problem} /> : null}
    </Modal>
  );
}

function Records({
  kind,
  community,
  canWrite,
}: {
  kind: ThematicKind;
  community: string;
  canWrite: boolean;
}) {
  const { t, i18n } = useTranslation();
  const text = useLocalized();
  const pages = useCursorPages();
  const [creating, setCreating] = useState(false);
  const [saved, setSaved] = useState(false);
  const q = useThematicRecords(kind.key, community, pages.cursor);
  const show = (v: unknown) =>
    v === undefined || v === null
      ? '—'
      : typeof v === 'boolean'
        ? t(v ? 'population.thematic.yes' : 'population.thematic.no')
        : String(v);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {canWrite ? (
        <Button type="primary" onClick={() => setCreating(true)} disabled={!kind.enabled}>
          {t('population.thematic.create')}
        </Button>
      ) : null}
      {saved ? (
        <Alert type="success" role="status" showIcon message={t('population.thematic.saved')} closable />
      ) : null}
      <CursorPagedTable<ThematicRecord>
        query={q}
        pages={pages}
        label={text(kind.labels)}
        empty={t('population.thematic.empty')}
        columns={[
          {
            title: t('population.reviews.resident'),
            key: 'subject',
            className: 'mono',
            render: (_: unknown, r) => String(r.value.subjectId ?? ''),
          },
          ...kind.fields.map((f) => ({
            title: text(f.labels),
            key: f.key,
            render: (_: unknown, r: ThematicRecord) => show(r.value.data?.[f.key]),
          })),
          {
            title: t('population.thematic.updatedAt'),
            key: 'updatedAt',
            render: (_: unknown, r) =>
              fmtDateTime((r.updatedAt ?? r.createdAt) as string | undefined, i18n.language),
          },
        ]}
      />
      {creating ? (
        <CreateRecordModal kind={kind} onClose={() => setCreating(false)} onSaved={() => setSaved(true)} />
      ) : null}
    </Space>
  );
}

/** A department's thematic records of its kinds, one schema-driven list and form for every kind. */
export function ThematicPage() {
  const { t } = useTranslation();
  const text = useLocalized();
  const { me, scope } = usePopulationScope();
  const q = useThematicKinds();
  const department = me.scope.department;
  const canWrite = me.roles.includes('department-staff');
  const kinds = (q.data?.items ?? []).filter((k) => !department || k.department === department);
  const [chosen, setChosen] = useState<string | undefined>();
  const kind = kinds.find((k) => k.key === chosen) ?? kinds.find((k) => k.enabled) ?? kinds[0];
  return (
    <Card title={<h2 className="card-title">{t('population.thematic.title')}</h2>}>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : !kind ? (
        <EmptyState text={t('population.thematic.noKinds')} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph>{t('population.thematic.intro')}</Typography.Paragraph>
          <Space wrap>
            <Select
              aria-label={t('population.thematic.kind')}
              value={kind.key}
              onChange={setChosen}
              style={{ minWidth: 220 }}
              options={kinds.map((k) => ({
                value: k.key,
                label: `${text(k.labels)}${k.enabled ? '' : ` ${t('population.thematic.off')}`}`,
              }))}
            />
            <ScopePicker requireCommunity />
          </Space>
          {scope.community ? (
            <Records
              key={`${kind.key}-${scope.community}`}
              kind={kind}
              community={scope.community}
              canWrite={canWrite}
            />
          ) : (
            <Alert type="info" showIcon message={t('population.scope.pickCommunity')} />
          )}
        </Space>
      )}
    </Card>
  );
}
