/** What provisioning needs to give a new district its catalogue, without the rest of the package. */
export { type CatalogueEntry, catalogueSeedItems } from './store/catalogue.ts';
export { SERVICE_TEMPLATES } from './templates.ts';
