export {
  type Applicant,
  type CaseNote,
  type CaseRecord,
  CaseStore,
  type CaseView,
  type InboxEntry,
  type Submission,
  type TimelineEvent,
} from './cases.ts';
export {
  type CatalogueEntry,
  catalogueSeedItems,
  findCatalogueEntry,
  getCatalogueEntry,
  getDefinitionVersion,
  listCatalogue,
  saveDefinition,
  setServiceEnabled,
} from './catalogue.ts';
export { defVersion, type InboxScope, type SvcKeys, svcKeys } from './keys.ts';
