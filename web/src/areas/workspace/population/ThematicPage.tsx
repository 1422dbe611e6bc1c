import { Alert, Button } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ThematicKind,
  type ThematicRecord,
  useThematicKinds,
  useThematicRecords,
} from '../../../api/population';
import { CursorPagedTable, useCursorPages } from '../../../components/CursorPager';
import { EmptyState, ErrorState, Loading } from '../../../components/States';
import { fmtDateTime, Panel, ScopePicker, useLocalized, usePopulationScope } from './common';

// The record form loads when it is opened.
const CreateRecordModal = lazy(() =>
  import('./ThematicRecordForm').then((m) => ({ default: m.CreateRecordModal })),
);

function Records({
  kind,
  community,
  canWrite,
}: {
  kind: ThematicKind;
  community: string;
  canWrite: boolean;
}) {
  const { t } = useTranslation();
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
    <div className="stack">
      {canWrite ? (
        <div>
          <Button type="primary" onClick={() => setCreating(true)} disabled={!kind.enabled}>
            {t('population.thematic.create')}
          </Button>
        </div>
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
            render: (r) => String(r.value.subjectId ?? ''),
          },
          ...kind.fields.map((f) => ({
            title: text(f.labels),
            key: f.key,
            render: (r: ThematicRecord) => show(r.value.data?.[f.key]),
          })),
          {
            title: t('population.thematic.updatedAt'),
            key: 'updatedAt',
            render: (r) => fmtDateTime((r.updatedAt ?? r.createdAt) as string | undefined),
          },
        ]}
      />
      {creating ? (
        <Suspense fallback={null}>
          <CreateRecordModal kind={kind} onClose={() => setCreating(false)} onSaved={() => setSaved(true)} />
        </Suspense>
      ) : null}
    </div>
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
    <Panel title={t('population.thematic.title')}>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : !kind ? (
        <EmptyState text={t('population.thematic.noKinds')} />
      ) : (
        <div className="stack">
          <p>{t('population.thematic.intro')}</p>
          <div className="actions" style={{ alignItems: 'center' }}>
            <label className="inline-field">
              {t('population.thematic.kind')}
              <select
                className="native-select"
                value={kind.key}
                onChange={(e) => setChosen(e.target.value)}
                style={{ minWidth: 220 }}
              >
                {kinds.map((k) => (
                  <option key={k.key} value={k.key}>
                    {`${text(k.labels)}${k.enabled ? '' : ` ${t('population.thematic.off')}`}`}
                  </option>
                ))}
              </select>
            </label>
            <ScopePicker requireCommunity />
          </div>
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
        </div>
      )}
    </Panel>
  );
}
