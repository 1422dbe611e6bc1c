import { useTranslation } from 'react-i18next';
import type { ImportSummary } from '../../../api/population';
import { FactList } from './common';

/**
 * What the importer made of the file (issue 16): the header row it found under any title rows,
 * the communities the rows were matched to (by name or code), the rows given the default
 * community because their cell was blank, the addresses read into building/unit/room, the legacy
 * ID numbers upgraded and the worksheets passed over.
 */
export function ImportFileFacts({ file }: { file: ImportSummary['file'] }) {
  const { t, i18n } = useTranslation();
  if (file.headerRow === undefined) return null;
  const matched = file.communityRows ?? [];
  const skipped = (file.sheets ?? []).filter((s) => s.skipped);
  const items = [
    {
      key: 'header',
      label: t('population.import.headerRow'),
      children: (
        <span data-testid="import-header-row">
          {file.rowsAboveHeader
            ? t('population.import.headerRowBelow', { row: file.headerRow, above: file.rowsAboveHeader })
            : t('population.import.headerRowAt', { row: file.headerRow })}
        </span>
      ),
    },
    {
      key: 'communities',
      label: t('population.import.communitiesMatched'),
      children: matched.length ? (
        <ul className="plain-list" data-testid="import-communities">
          {matched.map((c) => (
            <li key={c.code}>
              {t('population.import.communityRows', { name: c.name ?? c.code, rows: c.rows })}
            </li>
          ))}
        </ul>
      ) : (
        '—'
      ),
    },
    {
      key: 'defaults',
      label: t('population.import.defaultsUsed'),
      children: <span data-testid="import-defaults">{file.communities?.byDefault ?? 0}</span>,
    },
    {
      key: 'addresses',
      label: t('population.import.addresses'),
      children: (
        <span data-testid="import-addresses">
          {t('population.import.addressesParsed', {
            parsed: file.addresses?.parsed ?? 0,
            text: file.addresses?.text ?? 0,
          })}
        </span>
      ),
    },
    ...(file.legacyIdsUpgraded
      ? [
          {
            key: 'legacy',
            label: t('population.import.legacyUpgraded'),
            children: <span data-testid="import-legacy">{file.legacyIdsUpgraded}</span>,
          },
        ]
      : []),
  ];
  return (
    <>
      <FactList title={t('population.import.fileFacts')} items={items} />
      {skipped.map((s) => (
        <p key={s.name} className="muted" style={{ marginTop: 8 }}>
          {t('population.import.sheetSkipped', {
            name: s.name,
            why: i18n.language === 'en' ? s.skipped?.message.en : s.skipped?.message.zh,
          })}
        </p>
      ))}
    </>
  );
}
