import { Alert, Button, Tag } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportField, ImportMapping, ImportPreview } from '../../../api/population';
import { DataTable } from '../../../components/DataTable';
import { codeLabel } from './codeLabels';
import { FactList, useValueLabel } from './common';
import { ImportFileFacts } from './ImportFileFacts';
import { IssuesTable } from './ImportSummary';

/** Columns of the sample, in this order, each shown when some row has a value for it. */
const SAMPLE_FIELDS = [
  'name',
  'idNumber',
  'sex',
  'birthDate',
  'ethnicity',
  'registration',
  'mobile',
  'communityCode',
  'address',
  'building',
  'unit',
  'room',
  'legacyIdNumber',
  'verify',
] as const;

type SampleRow = ImportPreview['sample'][number];

/** A select's value for "not imported" (a column mapped to no field). */
const IGNORE = '__ignore__';

export interface ImportPreviewProps {
  preview: ImportPreview;
  /** Headers mapped by hand in this preview (sent with the preview and the import). */
  mapping: ImportMapping;
  onMap: (header: string, field: ImportField | null) => void;
  /** The worksheets of the workbook (when it has more than one), and the one chosen. */
  sheets: readonly { name: string; rows: number }[];
  sheet: string | undefined;
  onSheet: (sheet: string | undefined) => void;
  /** A new preview is being read (after a change of mapping, sheet or option). */
  checking: boolean;
  committing: boolean;
  onCommit: () => void;
  onBack: () => void;
}

/**
 * The preview step of an import (issue 16): what the whole file would import, nothing written —
 * the header row found, each column and the field it is taken as (changeable by hand), the first
 * rows as they would be stored (masked as the API gives them), the errors the file would produce,
 * how communities and addresses were read; then 确认导入 or 返回修改.
 */
export function ImportPreviewView(props: ImportPreviewProps) {
  const { preview, mapping, onMap, sheets, sheet, onSheet, checking, committing, onCommit, onBack } = props;
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const heading = useRef<HTMLHeadingElement>(null);
  // Keyboard and screen-reader users land on the preview when it appears.
  useEffect(() => heading.current?.focus(), []);
  const file = preview.file;
  const refused = preview.fileError;
  const fields = preview.fields;
  const zhOf = new Map(fields.map((f) => [f.field, f.zh]));
  const fieldName = (f: string) => {
    const key = `population.fields.${f}`;
    const s = t(key);
    return s === key ? (zhOf.get(f as ImportField) ?? f) : s;
  };
  const saved = preview.savedMapping ?? {};
  const valid = preview.imported;
  const canCommit = !refused && valid > 0 && !checking;

  const fieldOptions = [
    { value: IGNORE, label: t('population.importPreview.ignore') },
    ...fields.map((f) => ({
      value: f.field,
      label: f.required
        ? `${fieldName(f.field)}${t('population.importPreview.required')}`
        : fieldName(f.field),
    })),
  ];

  return (
    <section className="panel" aria-label={t('population.importPreview.title')}>
      <div className="card-head">
        <h2 className="card-title" ref={heading} tabIndex={-1}>
          {t('population.importPreview.title')}
        </h2>
        {checking ? (
          <span className="state-loading" role="status" aria-busy="true">
            <span className="spinner" aria-hidden="true">
              <i />
              <i />
              <i />
              <i />
            </span>
            <span>{t('population.importPreview.checking')}</span>
          </span>
        ) : null}
      </div>
      <div className="stack">
        {refused ? (
          <Alert
            type="error"
            role="alert"
            showIcon
            message={t('population.importPreview.refused', {
              why: lang === 'en' ? refused.message.en : refused.message.zh,
            })}
            description={file.mapping?.length ? t('population.importPreview.refusedHint') : undefined}
          />
        ) : (
          <Alert
            type={preview.failed ? 'warning' : 'success'}
            showIcon
            message={
              <span data-testid="preview-summary">
                {t('population.importPreview.summary', {
                  rows: preview.rows,
                  valid,
                  failed: preview.failed,
                  issues: preview.issues,
                })}
              </span>
            }
            description={t('population.importPreview.notWritten')}
          />
        )}

        <FactList
          items={[
            {
              key: 'rows',
              label: t('population.import.rows'),
              children: <span data-testid="preview-rows">{preview.rows}</span>,
            },
            {
              key: 'valid',
              label: t('population.importPreview.valid'),
              children: <strong data-testid="preview-valid">{valid}</strong>,
            },
            {
              key: 'failed',
              label: t('population.importPreview.failedRows'),
              children: <strong data-testid="preview-failed">{preview.failed}</strong>,
            },
            {
              key: 'issues',
              label: t('population.import.issues'),
              children: <span data-testid="preview-issues">{preview.issues}</span>,
            },
          ]}
        />

        {sheets.length > 1 ? (
          <label className="import-sheet inline-field">
            {t('population.importPreview.sheet')}
            <select
              className="native-select"
              value={sheet ?? IGNORE}
              onChange={(e) => onSheet(e.target.value === IGNORE ? undefined : e.target.value)}
              style={{ minWidth: 200 }}
            >
              <option value={IGNORE}>
                {t('population.importPreview.allSheets', { count: sheets.length })}
              </option>
              {sheets.map((s) => (
                <option key={s.name} value={s.name}>
                  {t('population.importPreview.sheetRows', { name: s.name, rows: s.rows })}
                </option>
              ))}
            </select>
          </label>
        ) : null}

        <ImportFileFacts file={file} />

        {file.mapping?.length ? (
          <section aria-labelledby="import-mapping-title">
            <h3 id="import-mapping-title" className="import-section-title">
              {t('population.importPreview.mapping')}
            </h3>
            <p className="muted">{t('population.importPreview.mappingHelp')}</p>
            <DataTable
              size="small"
              rowKey={(m) => m.index}
              label={t('population.importPreview.mapping')}
              rows={file.mapping}
              columns={[
                {
                  key: 'header',
                  title: t('population.importPreview.column'),
                  render: (m) => (
                    <span>
                      {m.header}
                      {m.header in mapping ? (
                        <Tag color="blue" style={{ marginInlineStart: 8 }}>
                          {t('population.importPreview.manual')}
                        </Tag>
                      ) : m.header in saved ? (
                        <Tag style={{ marginInlineStart: 8 }}>{t('population.importPreview.remembered')}</Tag>
                      ) : !m.field ? (
                        <Tag color="orange" style={{ marginInlineStart: 8 }}>
                          {t('population.importPreview.unknown')}
                        </Tag>
                      ) : null}
                    </span>
                  ),
                },
                {
                  key: 'field',
                  title: t('population.importPreview.fieldColumn'),
                  render: (m) => (
                    <select
                      className="native-select"
                      aria-label={t('population.importPreview.columnField', { header: m.header })}
                      value={m.field ?? IGNORE}
                      disabled={committing}
                      onChange={(e) =>
                        onMap(m.header, e.target.value === IGNORE ? null : (e.target.value as ImportField))
                      }
                      style={{ minWidth: 160 }}
                    >
                      {fieldOptions.map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </select>
                  ),
                },
              ]}
            />
          </section>
        ) : null}

        {preview.sample.length ? (
          <SampleTable preview={preview} fieldName={fieldName} />
        ) : refused ? null : (
          <p className="muted">{t('population.importPreview.sampleEmpty')}</p>
        )}

        {preview.errors.length ? (
          <IssuesTable
            issues={preview.errors}
            total={preview.issues}
            title={
              preview.issues > preview.errors.length
                ? t('population.importPreview.errorsFirst', {
                    shown: preview.errors.length,
                    total: preview.issues,
                  })
                : t('population.importPreview.errorsAll', { total: preview.issues })
            }
          />
        ) : null}

        {refused ? null : (
          <p className="muted">
            {valid > 0
              ? t('population.importPreview.commitHint', { valid })
              : t('population.importPreview.nothingToImport')}
          </p>
        )}
        <div className="actions">
          <Button type="primary" onClick={onCommit} disabled={!canCommit} loading={committing}>
            {t('population.importPreview.commit')}
          </Button>
          <Button onClick={onBack} disabled={committing}>
            {t('population.importPreview.back')}
          </Button>
        </div>
      </div>
    </section>
  );
}

/** The first rows as they would be stored (masked by the API), values shown by their labels. */
function SampleTable({ preview, fieldName }: { preview: ImportPreview; fieldName: (f: string) => string }) {
  const { t, i18n } = useTranslation();
  const valueLabel = useValueLabel();
  const names = new Map((preview.file.communityRows ?? []).map((c) => [c.code, c.name ?? c.code]));
  const present = SAMPLE_FIELDS.filter((f) =>
    preview.sample.some((s) => s.values[f] !== undefined && s.values[f] !== ''),
  );
  const show = (f: (typeof SAMPLE_FIELDS)[number], v: SampleRow['values'][string] | undefined) => {
    if (v === undefined || v === '') return '';
    if (f === 'sex' || f === 'registration') return valueLabel(f, v);
    if (f === 'ethnicity') return codeLabel('ethnicity', String(v), i18n.language) ?? '';
    if (f === 'communityCode') return names.get(String(v)) ?? String(v);
    if (f === 'verify') return t('population.importPreview.verify');
    return Array.isArray(v) ? v.join('、') : String(v);
  };
  return (
    <DataTable<SampleRow & { key: string }>
      size="small"
      label={t('population.importPreview.sampleTitle')}
      caption={t('population.importPreview.sample', { count: preview.sample.length })}
      rowKey={(s) => s.key}
      rows={preview.sample.map((s) => ({ ...s, key: `${s.sheet ?? ''}#${s.row}` }))}
      columns={[
        {
          key: 'row',
          title: t('population.import.row'),
          align: 'right',
          render: (s) => (s.sheet ? `${s.sheet} · ${s.row}` : s.row),
        },
        ...present.map((f) => ({
          key: f,
          title: f === 'legacyIdNumber' ? t('population.importPreview.legacyColumn') : fieldName(f),
          render: (s: SampleRow) => show(f, s.values[f]),
        })),
      ]}
    />
  );
}
