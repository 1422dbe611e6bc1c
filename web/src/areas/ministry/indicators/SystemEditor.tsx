import { Alert, App, Button, Form, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type IndicatorDef,
  useCheckFormula,
  useIndicatorDefinitions,
  useSaveIndicators,
} from '../../../api/indicators';
import { ErrorState, Loading } from '../../../components/States';
import { label } from './IndicatorsConsole';

const GROUPS = [
  'coverage',
  'service',
  'efficiency',
  'satisfaction',
  'adoption',
  'equity',
  'data-quality',
] as const;
const UNITS = ['percent', 'days', 'count', 'per1000', 'per10k'] as const;

const blank: IndicatorDef = {
  code: '',
  labels: { zh: '', en: '' },
  formula: '',
  unit: 'percent',
  betterWhen: 'higher',
  weight: 1,
  group: 'service',
};

/** The indicator system: weights edited and indicators added by the ministry admin; each save a new version. */
export function SystemEditor({ canEdit }: { canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const q = useIndicatorDefinitions();
  const save = useSaveIndicators();
  const check = useCheckFormula();
  const [list, setList] = useState<IndicatorDef[]>([]);
  const [draft, setDraft] = useState<IndicatorDef>(blank);
  const [why, setWhy] = useState('');
  const [checked, setChecked] = useState<string | null>(null);
  useEffect(() => {
    if (q.data) setList(q.data.current.indicators.map((i) => ({ ...i })));
  }, [q.data]);
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const cur = q.data.current;
  const onSave = () =>
    save.mutate(
      { indicators: list, expectedVersion: cur.version, why },
      {
        onSuccess: (s) => {
          void message.success(t('indicators.system.saved', { version: s.version }));
          setWhy('');
        },
        onError: (e) => void message.error(e.message),
      },
    );
  const onCheck = () =>
    check.mutate(draft.formula, {
      onSuccess: (r) => setChecked(t('indicators.system.formulaOk', { reads: r.reads.join(', ') })),
      onError: (e) => setChecked(e.message),
    });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text>
        {t('indicators.system.version', {
          version: cur.version,
          by: cur.savedBy,
          at: cur.savedAt.slice(0, 16).replace('T', ' '),
        })}
      </Typography.Text>
      {canEdit ? null : <Alert type="info" showIcon message={t('indicators.system.readOnly')} />}
      <Table
        rowKey="code"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={list}
        columns={[
          { title: t('indicators.system.code'), dataIndex: 'code', className: 'mono' },
          {
            title: t('indicators.indicator'),
            key: 'l',
            render: (_: unknown, i: IndicatorDef) => label(i18n.language, i.labels),
          },
          {
            title: t('indicators.system.group'),
            dataIndex: 'group',
            render: (g: string) => t(`indicators.groups.${g}`),
          },
          { title: t('indicators.system.formula'), dataIndex: 'formula', className: 'mono' },
          {
            title: t('indicators.system.betterWhen'),
            dataIndex: 'betterWhen',
            render: (b: string) => t(`indicators.better.${b}`),
          },
          {
            title: t('indicators.system.weight'),
            key: 'w',
            render: (_: unknown, i: IndicatorDef) =>
              canEdit ? (
                <InputNumber
                  aria-label={`${t('indicators.system.weight')} ${label(i18n.language, i.labels)}`}
                  min={0}
                  max={100}
                  value={i.weight}
                  onChange={(v) =>
                    setList((l) => l.map((x) => (x.code === i.code ? { ...x, weight: Number(v ?? 0) } : x)))
                  }
                />
              ) : (
                i.weight
              ),
          },
        ]}
      />
      {canEdit ? (
        <>
          <Typography.Title level={3}>{t('indicators.system.add')}</Typography.Title>
          <Form layout="vertical">
            <Space wrap align="end">
              <Form.Item label={t('indicators.system.code')} htmlFor="ind-new-code">
                <Input
                  id="ind-new-code"
                  value={draft.code}
                  onChange={(e) => setDraft({ ...draft, code: e.target.value })}
                />
              </Form.Item>
              <Form.Item label={t('indicators.system.labelZh')} htmlFor="ind-new-zh">
                <Input
                  id="ind-new-zh"
                  value={draft.labels.zh}
                  onChange={(e) => setDraft({ ...draft, labels: { ...draft.labels, zh: e.target.value } })}
                />
              </Form.Item>
              <Form.Item label={t('indicators.system.labelEn')} htmlFor="ind-new-en">
                <Input
                  id="ind-new-en"
                  value={draft.labels.en}
                  onChange={(e) => setDraft({ ...draft, labels: { ...draft.labels, en: e.target.value } })}
                />
              </Form.Item>
              <Form.Item label={t('indicators.system.group')} htmlFor="ind-new-group">
                <Select
                  id="ind-new-group"
                  className="filter-select"
                  value={draft.group}
                  onChange={(g) => setDraft({ ...draft, group: g })}
                  options={GROUPS.map((g) => ({ value: g, label: t(`indicators.groups.${g}`) }))}
                />
              </Form.Item>
              <Form.Item label={t('indicators.system.unit')} htmlFor="ind-new-unit">
                <Select
                  id="ind-new-unit"
                  className="filter-select"
                  value={draft.unit}
                  onChange={(u) => setDraft({ ...draft, unit: u })}
                  options={UNITS.map((u) => ({ value: u, label: t(`indicators.units.${u}`) || u }))}
                />
              </Form.Item>
              <Form.Item label={t('indicators.system.betterWhen')} htmlFor="ind-new-better">
                <Select
                  id="ind-new-better"
                  className="filter-select"
                  value={draft.betterWhen}
                  onChange={(b) => setDraft({ ...draft, betterWhen: b })}
                  options={(['higher', 'lower'] as const).map((b) => ({
                    value: b,
                    label: t(`indicators.better.${b}`),
                  }))}
                />
              </Form.Item>
              <Form.Item label={t('indicators.system.weight')} htmlFor="ind-new-weight">
                <InputNumber
                  id="ind-new-weight"
                  min={0}
                  max={100}
                  value={draft.weight}
                  onChange={(v) => setDraft({ ...draft, weight: Number(v ?? 0) })}
                />
              </Form.Item>
            </Space>
            <Form.Item
              label={t('indicators.system.formula')}
              htmlFor="ind-new-formula"
              help={checked ?? undefined}
            >
              <Space.Compact style={{ width: '100%' }}>
                <Input
                  id="ind-new-formula"
                  className="mono"
                  value={draft.formula}
                  onChange={(e) => {
                    setDraft({ ...draft, formula: e.target.value });
                    setChecked(null);
                  }}
                />
                <Button onClick={onCheck} loading={check.isPending}>
                  {t('indicators.system.check')}
                </Button>
              </Space.Compact>
            </Form.Item>
            <Button
              disabled={!draft.code || !draft.formula || !draft.labels.zh || !draft.labels.en}
              onClick={() => {
                setList((l) => [...l.filter((x) => x.code !== draft.code), draft]);
                setDraft(blank);
                setChecked(null);
              }}
            >
              {t('indicators.system.add')}
            </Button>
          </Form>
          <details>
            <summary>{t('indicators.system.aggregates')}</summary>
            <ul className="mono">
              {q.data.aggregates.map((a) => (
                <li key={a.name}>
                  {a.name} — {label(i18n.language, a.labels)}{' '}
                  {a.collected ? '' : t('indicators.system.notCollected')}
                </li>
              ))}
            </ul>
          </details>
          <Form.Item label={t('indicators.system.why')} htmlFor="ind-why">
            <Input.TextArea id="ind-why" value={why} onChange={(e) => setWhy(e.target.value)} rows={2} />
          </Form.Item>
          <Button type="primary" disabled={!why.trim()} loading={save.isPending} onClick={onSave}>
            {t('indicators.system.save')}
          </Button>
        </>
      ) : null}
    </Space>
  );
}
