import { Alert, Button, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  fetchResidents,
  type JsonSchema,
  type KindField,
  type Resident,
  type ThematicKind,
  useCreateThematic,
} from '../../../api/population';
import { Dialog } from '../../../components/Dialog';
import { FormField, fieldProps, useFieldErrors } from '../../../components/FormField';
import { useErrorMessage } from '../../../components/States';
import { topField, useLocalized } from './common';

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

type FieldValue = string | boolean | undefined;

/** A field's native control, by the kind of input its schema calls for. */
function FieldInput({
  field,
  id,
  value,
  onChange,
  errors,
}: {
  field: KindField;
  id: string;
  value: FieldValue;
  onChange: (v: FieldValue) => void;
  errors: readonly string[] | undefined;
}) {
  const { kind, schema } = shapeOf(field.schema);
  const common = fieldProps(id, errors);
  const text = typeof value === 'string' ? value : '';
  switch (kind) {
    case 'bool':
      return (
        <input
          {...common}
          type="checkbox"
          className="native-checkbox"
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
        />
      );
    case 'enum':
      return (
        <select
          {...common}
          className="native-select native-block"
          value={text}
          onChange={(e) => onChange(e.target.value)}
        >
          <option value="">—</option>
          {(schema.enum ?? []).map((v) => (
            <option key={String(v)} value={String(v)}>
              {String(v)}
            </option>
          ))}
        </select>
      );
    case 'integer':
    case 'number':
      return (
        <input
          {...common}
          type="number"
          inputMode={kind === 'integer' ? 'numeric' : 'decimal'}
          className="native-input native-block"
          step={kind === 'integer' ? 1 : 0.01}
          {...(schema.minimum !== undefined ? { min: schema.minimum } : {})}
          {...(schema.maximum !== undefined ? { max: schema.maximum } : {})}
          value={text}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    case 'date':
      return (
        <input
          {...common}
          type="date"
          className="native-input native-block"
          value={text}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    default:
      return (
        <input
          {...common}
          className="native-input native-block"
          maxLength={200}
          value={text}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }
}

/** The kind's form, built from the field list the API describes; the server validates with the kind's schema. */
export function CreateRecordModal({
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
  const [values, setValues] = useState<Record<string, FieldValue>>({});
  const { errors, setErrors, clear, fromProblem } = useFieldErrors();
  const set = (key: string) => (v: FieldValue) => {
    setValues((x) => ({ ...x, [key]: v }));
    clear(key);
  };
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
    const v = values;
    if (kind.subject === 'organization' && !String(v.__subject ?? '').trim()) {
      setErrors({
        __subject: [t('population.form.required', { field: t('population.thematic.orgSubject') })],
      });
      return;
    }
    if (kind.subject === 'resident' && !subject) {
      setProblem(t('population.thematic.subjectRequired'));
      return;
    }
    const subjectId = kind.subject === 'resident' ? subject!.id : String(v.__subject ?? '').trim();
    const data: Record<string, unknown> = {};
    for (const f of kind.fields) {
      const x = v[f.key];
      if (x === undefined || x === null || x === '') continue;
      const k = shapeOf(f.schema).kind;
      // Native number inputs give text: the API validates numbers as numbers.
      data[f.key] = (k === 'number' || k === 'integer') && typeof x === 'string' ? Number(x) : x;
    }
    setProblem(null);
    try {
      await create.mutateAsync({ subjectId, data });
      onSaved();
      onClose();
    } catch (err) {
      fromProblem(err, i18n.language, { known: kind.fields.map((f) => f.key), rename: topField });
      setProblem(errorText(err));
    }
  };
  return (
    <Dialog
      title={`${t('population.thematic.create')} · ${text(kind.labels)}`}
      okText={t('population.form.save')}
      cancelText={t('population.common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => void submit()}
      onCancel={onClose}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {kind.subject === 'resident' ? (
          <FormField id="thematic-subject" label={t('population.thematic.subject')} required>
            <div className="actions" style={{ flexWrap: 'nowrap' }}>
              <input
                id="thematic-subject"
                className="native-input native-block mono"
                maxLength={18}
                value={idNumber}
                placeholder={t('population.thematic.subjectPlaceholder')}
                onChange={(e) => {
                  setIdNumber(e.target.value);
                  setSubject(undefined);
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    void find();
                  }
                }}
              />
              <Button onClick={() => void find()} loading={finding} disabled={idNumber.trim().length < 15}>
                {t('population.thematic.find')}
              </Button>
            </div>
            {subject ? (
              <p className="text-success" role="status">
                {t('population.thematic.subjectFound', {
                  name: subject.name ?? '',
                  id: subject.idNumber ?? '',
                })}
              </p>
            ) : subject === null ? (
              <p className="text-danger" role="alert">
                {t('population.thematic.subjectNotFound')}
              </p>
            ) : null}
          </FormField>
        ) : (
          <FormField
            id="thematic-org-subject"
            label={t('population.thematic.orgSubject')}
            required
            errors={errors.__subject}
          >
            <input
              {...fieldProps('thematic-org-subject', errors.__subject)}
              className="native-input native-block mono"
              maxLength={26}
              value={typeof values.__subject === 'string' ? values.__subject : ''}
              onChange={(e) => set('__subject')(e.target.value)}
            />
          </FormField>
        )}
        {kind.fields.map((f) => (
          <FormField
            key={f.key}
            id={`thematic-${f.key}`}
            errors={errors[f.key]}
            label={
              <span>
                {text(f.labels)}{' '}
                {f.sensitive ? <Tag color="orange">{t('population.thematic.sensitive')}</Tag> : null}
              </span>
            }
          >
            <FieldInput
              field={f}
              id={`thematic-${f.key}`}
              value={values[f.key]}
              onChange={set(f.key)}
              errors={errors[f.key]}
            />
          </FormField>
        ))}
      </form>
      {problem ? <Alert type="error" role="alert" showIcon message={problem} /> : null}
    </Dialog>
  );
}
