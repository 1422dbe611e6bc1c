import { Alert, Button, Card, Descriptions, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportField, ImportMapping, ImportPreview } from '../../../api/population';
import { codeLabel } from './codeLabels';
import { useValueLabel } from './common';
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
    <Card
      role="region"
      aria-label={t('population.importPreview.title')}
      title={
        <h2 className="card-title" ref={heading} tabIndex={-1}>
          {t('population.importPreview.title')}
        </h2>
      }
      extra={checking ? <Spin size="small" aria-label={t('population.importPreview.checking')} /> : null}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
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

        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 2, md: 4 }}
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
          <div className="import-sheet">
            <span aria-hidden="true">{t('population.importPreview.sheet')}</span>
            <Select
              aria-label={t('population.importPreview.sheet')}
              value={sheet ?? IGNORE}
              onChange={(v: string) => onSheet(v === IGNORE ? undefined : v)}
              style={{ minWidth: 200 }}
              options={[
                { value: IGNORE, label: t('population.importPreview.allSheets', { count: sheets.length }) },
                ...sheets.map((s) => ({
                  value: s.name,
                  label: t('population.importPreview.sheetRows', { name: s.name, rows: s.rows }),
                })),
              ]}
            />
          </div>
        ) : null}

        <ImportFileFacts file={file} />

        {file.mapping?.length ? (
          <section aria-labelledby="import-mapping-title">
            <h3 id="import-mapping-title" className="import-section-title">
              {t('population.importPreview.mapping')}
            </h3>
            <Typography.Paragraph type="secondary">
              {t('population.importPreview.mappingHelp')}
            </Typography.Paragraph>
            <Table
              size="small"
              rowKey="index"
              pagination={false}
              aria-label={t('population.importPreview.mapping')}
              dataSource={file.mapping}
              scroll={{ x: 'max-content' }}
              columns={[
                {
                  title: t('population.importPreview.column'),
                  dataIndex: 'header',
                  render: (header: string, m) => (
                    <span>
                      {header}
                      {header in mapping ? (
                        <Tag color="blue" style={{ marginInlineStart: 8 }}>
                          {t('population.importPreview.manual')}
                        </Tag>
                      ) : header in saved ? (
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
                  title: t('population.importPreview.fieldColumn'),
                  dataIndex: 'field',
                  render: (field: ImportField | undefined, m) => (
                    <Select
                      aria-label={t('population.importPreview.columnField', { header: m.header })}
                      value={field ?? IGNORE}
                      disabled={committing}
                      onChange={(v: string) => onMap(m.header, v === IGNORE ? null : (v as ImportField))}
                      options={fieldOptions}
                      style={{ minWidth: 160 }}
                      showSearch
                      optionFilterProp="label"
                    />
                  ),
                },
              ]}
            />
          </section>
        ) : null}

        {preview.sample.length ? (
          <SampleTable preview={preview} fieldName={fieldName} />
        ) : refused ? null : (
          <Typography.Text type="secondary">{t('population.importPreview.sampleEmpty')}</Typography.Text>
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
          <Typography.Text type="secondary">
            {valid > 0
              ? t('population.importPreview.commitHint', { valid })
              : t('population.importPreview.nothingToImport')}
          </Typography.Text>
        )}
        <Space wrap className="actions">
          <Button type="primary" onClick={onCommit} disabled={!canCommit} loading={committing}>
            {t('population.importPreview.commit')}
          </Button>
          <Button onClick={onBack} disabled={committing}>
            {t('population.importPreview.back')}
          </Button>
        </Space>
      </Space>
    </Card>
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
    <Table<SampleRow & { key: string }>
      size="small"
      pagination={false}
      scroll={{ x: 'max-content' }}
      aria-label={t('population.importPreview.sampleTitle')}
      title={() => t('population.importPreview.sample', { count: preview.sample.length })}
      dataSource={preview.sample.map((s) => ({ ...s, key: `${s.sheet ?? ''}#${s.row}` }))}
      columns={[
        {
          title: t('population.import.row'),
          dataIndex: 'row',
          align: 'right',
          render: (row: number, s) => (s.sheet ? `${s.sheet} · ${row}` : row),
        },
        ...present.map((f) => ({
          title: f === 'legacyIdNumber' ? t('population.importPreview.legacyColumn') : fieldName(f),
          key: f,
          render: (_: unknown, s: SampleRow) => show(f, s.values[f]),
        })),
      ]}
    />
  );
}
