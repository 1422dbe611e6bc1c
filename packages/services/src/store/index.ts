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
  getCatalogueEntry,
  getDefinitionVersion,
  listCatalogue,
  saveDefinition,
} from './catalogue.ts';
export { defVersion, type InboxScope, type SvcKeys, svcKeys } from './keys.ts';
