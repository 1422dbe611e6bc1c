import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type IndicatorDef,
  useCheckFormula,
  useIndicatorDefinitions,
  useSaveIndicators,
} from '../../../api/indicators';
import { DataTable } from '../../../components/DataTable';
import { Button, Notice } from '../../../components/plain';
import { ErrorState, Loading } from '../../../components/States';
import { chinaDateTime } from '../../../time';
import { InputField, SelectField, useNotice } from '../ui';
import { GROUPS, label } from './IndicatorsConsole';

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
  const [notice, notify] = useNotice();
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
          notify({ type: 'success', text: t('indicators.system.saved', { version: s.version }) });
          setWhy('');
        },
        onError: (e) => notify({ type: 'error', text: e.message }),
      },
    );
  const onCheck = () =>
    check.mutate(draft.formula, {
      onSuccess: (r) => setChecked(t('indicators.system.formulaOk', { reads: r.reads.join(', ') })),
      onError: (e) => setChecked(e.message),
    });
  return (
    <div className="stack">
      <p className="muted">
        {t('indicators.system.version', {
          version: cur.version,
          by: cur.savedBy,
          at: chinaDateTime(cur.savedAt),
        })}
      </p>
      {canEdit ? null : <Notice type="info" title={t('indicators.system.readOnly')} role="status" />}
      <DataTable
        rows={list}
        rowKey={(i) => i.code}
        size="small"
        label={t('indicators.views.system')}
        columns={[
          { key: 'code', title: t('indicators.system.code'), render: (i) => i.code, className: 'mono' },
          { key: 'l', title: t('indicators.indicator'), render: (i) => label(i18n.language, i.labels) },
          { key: 'g', title: t('indicators.system.group'), render: (i) => t(`indicators.groups.${i.group}`) },
          { key: 'f', title: t('indicators.system.formula'), render: (i) => i.formula, className: 'mono' },
          {
            key: 'b',
            title: t('indicators.system.betterWhen'),
            render: (i) => t(`indicators.better.${i.betterWhen}`),
          },
          {
            key: 'w',
            title: t('indicators.system.weight'),
            render: (i) =>
              canEdit ? (
                <input
                  type="number"
                  className="plain-input input-weight"
                  aria-label={`${t('indicators.system.weight')} ${label(i18n.language, i.labels)}`}
                  min={0}
                  max={100}
                  step="any"
                  value={i.weight}
                  onChange={(e) =>
                    setList((l) =>
                      l.map((x) => (x.code === i.code ? { ...x, weight: Number(e.target.value || 0) } : x)),
                    )
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
          <h3>{t('indicators.system.add')}</h3>
          <div className="plan-row">
            <InputField
              id="ind-new-code"
              label={t('indicators.system.code')}
              value={draft.code}
              onChange={(v) => setDraft({ ...draft, code: v })}
            />
            <InputField
              id="ind-new-zh"
              label={t('indicators.system.labelZh')}
              value={draft.labels.zh}
              onChange={(v) => setDraft({ ...draft, labels: { ...draft.labels, zh: v } })}
            />
            <InputField
              id="ind-new-en"
              label={t('indicators.system.labelEn')}
              value={draft.labels.en}
              onChange={(v) => setDraft({ ...draft, labels: { ...draft.labels, en: v } })}
            />
            <SelectField
              id="ind-new-group"
              label={t('indicators.system.group')}
              value={draft.group}
              onChange={(g) => setDraft({ ...draft, group: g as IndicatorDef['group'] })}
              options={GROUPS.map((g) => ({ value: g, label: t(`indicators.groups.${g}`) }))}
            />
            <SelectField
              id="ind-new-unit"
              label={t('indicators.system.unit')}
              value={draft.unit}
              onChange={(u) => setDraft({ ...draft, unit: u as IndicatorDef['unit'] })}
              options={UNITS.map((u) => ({ value: u, label: t(`indicators.units.${u}`) || u }))}
            />
            <SelectField
              id="ind-new-better"
              label={t('indicators.system.betterWhen')}
              value={draft.betterWhen}
              onChange={(b) => setDraft({ ...draft, betterWhen: b as IndicatorDef['betterWhen'] })}
              options={(['higher', 'lower'] as const).map((b) => ({
                value: b,
                label: t(`indicators.better.${b}`),
              }))}
            />
            <InputField
              id="ind-new-weight"
              type="number"
              label={t('indicators.system.weight')}
              min={0}
              max={100}
              step="any"
              value={String(draft.weight)}
              onChange={(v) => setDraft({ ...draft, weight: Number(v || 0) })}
            />
          </div>
          <div className="plan-row">
            <label htmlFor="ind-new-formula" className="plan-select plan-justification">
              <span>{t('indicators.system.formula')}</span>
              <input
                id="ind-new-formula"
                className="plain-input mono"
                value={draft.formula}
                aria-describedby={checked ? 'ind-new-formula-help' : undefined}
                onChange={(e) => {
                  setDraft({ ...draft, formula: e.target.value });
                  setChecked(null);
                }}
              />
            </label>
            <Button onClick={onCheck} loading={check.isPending}>
              {t('indicators.system.check')}
            </Button>
          </div>
          {checked ? (
            <p id="ind-new-formula-help" className="muted" aria-live="polite">
              {checked}
            </p>
          ) : null}
          <div>
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
          </div>
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
          <InputField
            id="ind-why"
            label={t('indicators.system.why')}
            value={why}
            onChange={setWhy}
            rows={2}
            wide
          />
          {notice}
          <div>
            <Button variant="primary" disabled={!why.trim()} loading={save.isPending} onClick={onSave}>
              {t('indicators.system.save')}
            </Button>
          </div>
        </>
      ) : null}
    </div>
  );
}

export default SystemEditor;
