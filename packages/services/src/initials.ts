/**
 * Pinyin initials of service names, computed when a service is saved. Kept apart from the
 * catalogue schema so that code which only reads definitions never bundles the dictionary.
 */
import { type ServiceDefinition, type ServiceDefinitionInput, serviceDefinitionSchema } from './catalogue.ts';

/**
 * `低保申请` → `dbsq`: letters only, so the portal matches initials without a pinyin dictionary.
 * The dictionary (~320 KB) is loaded on first use, only by the code paths that save a service.
 */
export const pinyinInitials = async (zh: string): Promise<string> => {
  const { pinyin } = await import('pinyin-pro');
  return pinyin(zh, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
};

/** Validate a definition and compute what is derived on save (the pinyin initials). */
export const prepareDefinition = async (input: ServiceDefinitionInput): Promise<ServiceDefinition> => {
  const def = serviceDefinitionSchema.parse(input);
  return { ...def, initials: await pinyinInitials(def.name.zh) };
};
