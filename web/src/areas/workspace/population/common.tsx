/** Shared pieces of the population area: what the user may do, the street → community scope, labels. */
import { Tag } from 'antd';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommunities, useStreets } from '../../../api/client';
import type { Me } from '../../../api/types';
import { useDivisionNames } from '../../../components/DivisionName';
import { chinaDateTime, chinaDay } from '../../../time';
import { type Caps, capsOf } from './nav';

export { type Caps, capsOf };

export interface Scope {
  street?: string | undefined;
  community?: string | undefined;
}

interface ScopeState {
  me: Me;
  caps: Caps;
  scope: Scope;
  setScope: (s: Scope) => void;
}

const ScopeContext = createContext<ScopeState | null>(null);
const STORAGE_KEY = 'linli.population.scope';

/** Remembers the chosen street/community for the tab (a worker switching pages keeps their place). */
export function ScopeProvider({ me, children }: { me: Me; children: ReactNode }) {
  const caps = useMemo(() => capsOf(me), [me]);
  const [chosen, setChosen] = useState<Scope>(() => {
    try {
      return JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '{}') as Scope;
    } catch {
      return {};
    }
  });
  const scope: Scope = {
    street: caps.fixedStreet ?? chosen.street,
    community: caps.fixedCommunity ?? chosen.community,
  };
  const setScope = (s: Scope) => {
    setChosen(s);
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(s));
    } catch {
      // storage may be unavailable on a locked-down kiosk
    }
  };
  return <ScopeContext.Provider value={{ me, caps, scope, setScope }}>{children}</ScopeContext.Provider>;
}

export function usePopulationScope(): ScopeState {
  const v = useContext(ScopeContext);
  if (!v) throw new Error('usePopulationScope outside ScopeProvider');
  return v;
}

/** Street → community choosers, shown only where the user's scope leaves a choice. */
export function ScopePicker({ requireCommunity = false }: { requireCommunity?: boolean }) {
  const { t } = useTranslation();
  const { caps, scope, setScope } = usePopulationScope();
  const streets = useStreets(!caps.fixedStreet);
  const communities = useCommunities(caps.fixedCommunity ? undefined : scope.street);
  const communityOptions = scope.street ? (communities.data ?? []) : [];
  // A single street (or community) in scope needs no choice: take it.
  useEffect(() => {
    if (!caps.fixedStreet && !scope.street && streets.data?.length === 1)
      setScope({ street: streets.data[0]!.code });
  }, [caps.fixedStreet, scope.street, streets.data, setScope]);
  if (caps.fixedCommunity) return <CommunityBadge code={caps.fixedCommunity} />;
  const busy = (pending: boolean) => (pending ? { 'aria-busy': true as const } : {});
  return (
    <div className="actions filters">
      {caps.fixedStreet ? null : (
        <label className="inline-field">
          {t('population.scope.street')}
          <select
            className="native-select filter-select"
            value={scope.street ?? ''}
            onChange={(e) => setScope({ street: e.target.value || undefined })}
            {...busy(streets.isPending)}
          >
            {requireCommunity && scope.street ? null : (
              <option value="">
                {requireCommunity ? t('population.scope.chooseStreet') : t('population.scope.allStreets')}
              </option>
            )}
            {(streets.data ?? []).map((s) => (
              <option key={s.code} value={s.code}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="inline-field">
        {t('population.scope.community')}
        <select
          className="native-select filter-select"
          disabled={!scope.street}
          value={scope.community ?? ''}
          onChange={(e) => setScope({ street: scope.street, community: e.target.value || undefined })}
          {...busy(Boolean(scope.street) && communities.isPending)}
        >
          {requireCommunity && scope.community ? null : (
            <option value="">
              {requireCommunity
                ? t('population.scope.chooseCommunity')
                : t('population.scope.allCommunities')}
            </option>
          )}
          {communityOptions.map((c) => (
            <option key={c.code} value={c.code}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

/** A plain panel in antd Card's look (styles.css `.panel`): a heading, actions beside it, the body. */
export function Panel({
  title,
  extra,
  children,
  className,
  role,
  label,
}: {
  title: ReactNode;
  extra?: ReactNode;
  children?: ReactNode;
  className?: string;
  role?: 'region';
  /** The section's accessible name (with `role`). */
  label?: string;
}) {
  return (
    <section className={className ? `panel ${className}` : 'panel'} role={role} aria-label={label}>
      <div className="card-head">
        <h2 className="card-title">{title}</h2>
        {extra}
      </div>
      {children}
    </section>
  );
}

/** A choice of views or filters as native radios in antd Segmented's look (styles.css `.segmented`). */
export function Segmented<V extends string>({
  label,
  name,
  value,
  options,
  onChange,
}: {
  /** The group's accessible name. */
  label: string;
  name: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange: (v: V) => void;
}) {
  return (
    <fieldset className="form-fieldset segmented-group">
      <legend className="visually-hidden">{label}</legend>
      <div className="segmented">
        {options.map((o) => (
          <label key={o.value} className={value === o.value ? 'segmented-item checked' : 'segmented-item'}>
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
            />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** One label / value pair of a `.fact-list` (`<dl>`). */
export function Fact({ label, children }: { label: ReactNode; children?: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Label / value pairs in antd Descriptions' bordered look (styles.css `.fact-list`), a heading above. */
export function FactList({
  title,
  items,
  className,
}: {
  title?: string;
  items: readonly { key: string; label: ReactNode; children: ReactNode }[];
  className?: string;
}) {
  return (
    <div className={className}>
      {title ? <h3 className="fact-list-title">{title}</h3> : null}
      <dl className="fact-list">
        {items.map((i) => (
          <div key={i.key}>
            <dt>{i.label}</dt>
            <dd>{i.children}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** The community by name, its code on hover (the code itself until the name is known). */
export function CommunityBadge({ code }: { code: string }) {
  const name = useDivisionNames([code])(code);
  return (
    <Tag className="community-badge" title={name ? code : undefined}>
      {name ?? <span className="mono">{code}</span>}
    </Tag>
  );
}

/** `{zh, en}` in the UI language. */
export function useLocalized() {
  const { i18n } = useTranslation();
  return (l: { zh: string; en: string } | undefined) => (l ? (i18n.language === 'en' ? l.en : l.zh) : '');
}

/** A coded value's label (status, tag, sex, registration); masked values (`***`) are shown as they are. */
export function useValueLabel() {
  const { t } = useTranslation();
  return (group: 'status' | 'tags' | 'sex' | 'registration', value: unknown): string => {
    if (value === undefined || value === null || value === '') return t('population.common.none');
    const s = String(value);
    if (s.includes('*')) return s;
    const key = `population.${group}.${s}`;
    const out = t(key);
    return out === key ? s : out;
  };
}

export const fmtDate = (iso: string | undefined) => (iso ? chinaDay(iso) : '—');

export const fmtDateTime = (iso: string | undefined) => (iso ? chinaDateTime(iso) : '—');

/** A resident form's field for an API field path: `data.tags.0` → `tags` (the whole control). */
export const topField = (field: string): string => field.replace(/^data\./, '').split('.')[0] ?? field;
