import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Condition,
  type FlagDetail,
  type PlanWave,
  type SetCondition,
  usePromoteWave,
  useSavePlan,
} from '../../../api/flags';
import type { TenantCategory } from '../../../api/types';
import { Button, Notice } from '../../../components/plain';
import { useErrorMessage } from '../../../components/States';
import { categoryValueLabel, tierLabel } from '../../../i18n/labels';
import { chinaDateTime, chinaDay } from '../../../time';
import { CATEGORY_VALUES, DIMENSIONS, TIERS, WAVES } from '../categories';
import { Badge, CheckboxGroup, Panel, WhyField } from '../ui';

/** One wave as the form edits it; conditions the form does not know are kept as they are. */
export interface WaveForm {
  /** Client-only stable key of the row. */
  uid: number;
  id: string;
  tiers: string[];
  waves: string[];
  category: Partial<Record<keyof TenantCategory, string>>;
  startDate: string;
  percentage: number;
  extra: Condition[];
  promotion?: PlanWave['promotion'];
}

const isIn = (c: Condition): c is SetCondition =>
  c.attribute !== 'now' && (c.operator ?? 'in') === 'in' && !c.negate;

let nextUid = 1;

export function toForm(w: PlanWave): WaveForm {
  const form: WaveForm = {
    uid: nextUid++,
    id: w.id,
    tiers: [],
    waves: [],
    category: {},
    // Start dates are meant in Beijing time.
    startDate: chinaDay(w.startsAt),
    percentage: w.percentage ?? 100,
    extra: [],
    ...(w.promotion ? { promotion: w.promotion } : {}),
  };
  for (const c of w.cohort ?? []) {
    if (isIn(c) && c.attribute === 'tier') form.tiers = c.values ?? [];
    else if (isIn(c) && c.attribute === 'wave') form.waves = c.values ?? [];
    else if (isIn(c) && (DIMENSIONS as string[]).includes(c.attribute) && c.values?.length === 1)
      form.category[c.attribute as keyof TenantCategory] = c.values[0];
    else form.extra.push(c);
  }
  return form;
}

export function fromForm(f: WaveForm): Omit<PlanWave, 'promotion'> {
  const cohort: Condition[] = [];
  if (f.tiers.length) cohort.push({ attribute: 'tier', values: f.tiers });
  if (f.waves.length) cohort.push({ attribute: 'wave', values: f.waves });
  for (const d of DIMENSIONS) {
    const v = f.category[d];
    if (v) cohort.push({ attribute: d, values: [v] });
  }
  cohort.push(...f.extra);
  return { id: f.id, cohort, startsAt: `${f.startDate}T00:00:00+08:00`, percentage: f.percentage };
}

/** The wave plan editor: cohorts, start dates, percentages; guarded promotion of each wave. */
export function PlanEditor({ detail, canWrite }: { detail: FlagDetail; canWrite: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorMessage();
  const key = detail.definition.key;
  const [waves, setWaves] = useState<WaveForm[]>(() => (detail.plan?.waves ?? []).map(toForm));
  const [why, setWhy] = useState('');
  const [justification, setJustification] = useState<Record<string, string>>({});
  const save = useSavePlan(key);
  const promote = usePromoteWave(key);
  const [notice, setNotice] = useState<{ type: 'success' | 'info' | 'error'; text: string } | null>(null);

  useEffect(() => {
    setWaves((detail.plan?.waves ?? []).map(toForm));
  }, [detail.plan]);

  const update = (i: number, patch: Partial<WaveForm>) =>
    setWaves((ws) => ws.map((w, j) => (j === i ? { ...w, ...patch } : w)));

  const outcomeText = (status: 'applied' | 'pending', version: number) =>
    status === 'applied' ? t('flags.editor.applied', { version }) : t('flags.editor.pendingCreated');

  const onSave = () => {
    if (!why.trim()) {
      setNotice({ type: 'error', text: t('flags.editor.whyRequired') });
      return;
    }
    save.mutate(
      { plan: { waves: waves.map(fromForm) }, expectedVersion: detail.version, why },
      {
        onSuccess: (o) => {
          setNotice({
            type: o.status === 'applied' ? 'success' : 'info',
            text: outcomeText(o.status, o.version),
          });
          setWhy('');
        },
        onError: (e) => setNotice({ type: 'error', text: errorText(e) }),
      },
    );
  };

  const onPromote = (waveId: string) =>
    promote.mutate(
      { waveId, expectedVersion: detail.version, justification: justification[waveId] ?? '' },
      {
        onSuccess: (o) => {
          setNotice({
            type: o.status === 'applied' ? 'success' : 'info',
            text: outcomeText(o.status, o.version),
          });
        },
        onError: (e) => setNotice({ type: 'error', text: errorText(e) }),
      },
    );

  const stored = new Set((detail.plan?.waves ?? []).map((w) => w.id));

  return (
    <Panel title={t('flags.plan.title')}>
      {notice ? (
        <Notice
          type={notice.type}
          role={notice.type === 'error' ? 'alert' : 'status'}
          title={notice.text}
          className="page-alert"
        />
      ) : null}
      {waves.length === 0 ? <p>{t('flags.plan.empty')}</p> : null}
      <ol className="plan-waves">
        {waves.map((w, i) => {
          const prefix = `plan-${i}`;
          const locked = !canWrite || w.promotion !== undefined;
          return (
            <li key={w.uid}>
              <fieldset className="plan-wave" aria-label={`${t('flags.plan.wave')} ${w.id}`}>
                <legend>
                  {w.id}{' '}
                  {w.promotion ? (
                    <Badge tone="green">{t('flags.plan.promoted')}</Badge>
                  ) : (
                    <Badge>{t('flags.plan.notPromoted')}</Badge>
                  )}
                </legend>
                <div className="plan-row">
                  <span id={`${prefix}-tier-label`}>{t('flags.plan.tier')}</span>
                  <CheckboxGroup
                    labelledBy={`${prefix}-tier-label`}
                    value={w.tiers}
                    disabled={locked}
                    onChange={(v) => update(i, { tiers: v })}
                    options={TIERS.map((x) => ({ value: x, label: tierLabel(t, x) }))}
                  />
                </div>
                <div className="plan-row">
                  <span id={`${prefix}-wave-label`}>{t('flags.plan.waves')}</span>
                  <CheckboxGroup
                    labelledBy={`${prefix}-wave-label`}
                    value={w.waves}
                    disabled={locked}
                    onChange={(v) => update(i, { waves: v })}
                    options={WAVES.map((x) => ({ value: x, label: x }))}
                  />
                </div>
                <div className="plan-row plan-categories">
                  {DIMENSIONS.map((d) => (
                    <label key={d} htmlFor={`${prefix}-${d}`} className="plan-select">
                      <span>{t(`category.${d}`)}</span>
                      <select
                        id={`${prefix}-${d}`}
                        value={w.category[d] ?? ''}
                        disabled={locked}
                        onChange={(e) =>
                          update(i, { category: { ...w.category, [d]: e.target.value || undefined } })
                        }
                      >
                        <option value="">{t('flags.plan.any')}</option>
                        {CATEGORY_VALUES[d].map((v) => (
                          <option key={v} value={v}>
                            {categoryValueLabel(t, v)}
                          </option>
                        ))}
                      </select>
                    </label>
                  ))}
                </div>
                <div className="plan-row">
                  <label htmlFor={`${prefix}-start`} className="plan-select">
                    <span>{t('flags.plan.startsAt')}</span>
                    <input
                      id={`${prefix}-start`}
                      type="date"
                      value={w.startDate}
                      disabled={locked}
                      onChange={(e) => update(i, { startDate: e.target.value })}
                    />
                  </label>
                  <label htmlFor={`${prefix}-pct`} className="plan-select">
                    <span>{t('flags.plan.percentage')}</span>
                    <input
                      id={`${prefix}-pct`}
                      type="number"
                      className="plain-input input-weight"
                      min={0}
                      max={100}
                      value={w.percentage}
                      disabled={locked}
                      onChange={(e) =>
                        update(i, { percentage: e.target.value === '' ? 100 : Number(e.target.value) })
                      }
                    />
                  </label>
                  {!locked ? (
                    <Button
                      className="ui-btn-danger"
                      onClick={() => setWaves((ws) => ws.filter((_, j) => j !== i))}
                    >
                      {t('flags.plan.removeWave')}
                    </Button>
                  ) : null}
                </div>
                {w.promotion ? (
                  <p className="muted">
                    {t('flags.plan.by', {
                      who: w.promotion.confirmedBy,
                      at: chinaDateTime(w.promotion.at),
                    })}
                    {w.promotion.justification ? ` — ${w.promotion.justification}` : ''}
                  </p>
                ) : canWrite && stored.has(w.id) ? (
                  <div className="plan-row plan-promote">
                    <label htmlFor={`${prefix}-justification`} className="plan-justification">
                      <span>{t('flags.plan.justification')}</span>
                      <textarea
                        id={`${prefix}-justification`}
                        className="plain-input"
                        rows={2}
                        value={justification[w.id] ?? ''}
                        onChange={(e) => setJustification((j) => ({ ...j, [w.id]: e.target.value }))}
                      />
                    </label>
                    <Button variant="primary" loading={promote.isPending} onClick={() => onPromote(w.id)}>
                      {t('flags.plan.promote')} {w.id}
                    </Button>
                  </div>
                ) : null}
              </fieldset>
            </li>
          );
        })}
      </ol>
      {canWrite ? (
        <div className="stack plan-actions">
          <Button
            onClick={() =>
              setWaves((ws) => [
                ...ws,
                {
                  uid: nextUid++,
                  id: `wave-${ws.length + 1}`,
                  tiers: [],
                  waves: [`wave-${Math.min(ws.length + 1, 3)}`],
                  category: {},
                  startDate: chinaDay(),
                  percentage: 100,
                  extra: [],
                },
              ])
            }
          >
            {t('flags.plan.addWave')}
          </Button>
          <WhyField id="plan-why" label={t('flags.editor.why')} value={why} onChange={setWhy} />
          <div>
            <Button variant="primary" loading={save.isPending} onClick={onSave}>
              {t('flags.plan.save')}
            </Button>
          </div>
        </div>
      ) : null}
    </Panel>
  );
}
