/**
 * A catalogue service as an Open311 service: its typed form fields become the definition's
 * attributes, and the `attribute[code]` values of a POST become the form again. File fields have
 * no Open311 form (the spec carries one `media_url`), so a service with a required file field is not
 * offered through Open311. The community the case belongs to is one more attribute (`community`),
 * a list of the district's communities: the case's intake desk is that community's.
 */
import type { FormData, FormField, ServiceDefinition } from '@linli/services';
import type { CommunityRecord } from '@linli/tenancy';
import type { Node } from './format.ts';

/** The attribute naming the community a request belongs to. */
export const COMMUNITY_ATTRIBUTE = 'community';

/** Whether Open311 can file this service: offered in the `open311` channel, no required upload. */
export const open311Ready = (def: ServiceDefinition): boolean =>
  def.channels.includes('open311') && !def.fields.some((f) => f.type === 'file' && f.required);

const datatypeOf = (f: FormField): string => {
  switch (f.type) {
    case 'number':
      return 'number';
    case 'date':
      return 'datetime';
    case 'choice':
      return f.multiple ? 'multivaluelist' : 'singlevaluelist';
    case 'text':
      return f.multiline ? 'text' : 'string';
    default:
      return 'string';
  }
};

const describeType = (f: FormField): string | null => {
  switch (f.type) {
    case 'date':
      return 'YYYY-MM-DD';
    case 'idNumber':
      return '18位公民身份号码 / 18-character citizen ID number';
    case 'mobile':
      return '11位手机号 / 11-digit mobile number';
    case 'number':
      return f.integer ? 'integer' : 'number';
    case 'text':
    case 'address':
      return `≤ ${f.maxLength} characters`;
    default:
      return null;
  }
};

/** The service definition's attributes, in the form's order, then the community. */
export const attributesOf = (def: ServiceDefinition, communities: readonly CommunityRecord[]): Node[] => {
  const fields = def.fields.filter((f) => f.type !== 'file');
  const attrs: Node[] = fields.map((f, i) => ({
    variable: true,
    code: f.key,
    datatype: datatypeOf(f),
    required: f.required,
    datatype_description: describeType(f),
    order: i + 1,
    description: `${f.label.zh} / ${f.label.en}`,
    ...(f.type === 'choice'
      ? { values: f.options.map((o) => ({ key: o.value, name: `${o.label.zh} / ${o.label.en}` })) }
      : {}),
  }));
  attrs.push({
    variable: true,
    code: COMMUNITY_ATTRIBUTE,
    datatype: 'singlevaluelist',
    required: true,
    datatype_description: null,
    order: fields.length + 1,
    description: '所在社区 / Community',
    values: communities.map((c) => ({ key: c.code, name: c.name })),
  });
  return attrs;
};

/** One `attribute[...]` value as posted: a string, or several for a multi-value list. */
export type Posted = string | string[];

/** The form from posted attributes and the standard fields that have a matching form field. */
export const formFrom = (
  def: ServiceDefinition,
  attributes: Record<string, Posted>,
  standard: { description?: string | undefined; address?: string | undefined; phone?: string | undefined },
): FormData => {
  const form: FormData = {};
  const first = (v: Posted) => (Array.isArray(v) ? v[0] : v);
  for (const f of def.fields) {
    if (f.type === 'file') continue;
    let v: Posted | undefined = attributes[f.key];
    if (v === undefined && f.key === 'description') v = standard.description;
    if (v === undefined && (f.key === 'location' || f.type === 'address')) v = standard.address;
    if (v === undefined && f.type === 'mobile') v = standard.phone;
    if (v === undefined || v === '') continue;
    if (f.type === 'choice') form[f.key] = f.multiple ? (Array.isArray(v) ? v : [v]) : first(v);
    else if (f.type === 'number') {
      const raw = first(v) ?? '';
      form[f.key] = raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    } else if (f.type === 'date') form[f.key] = (first(v) ?? '').slice(0, 10);
    else form[f.key] = first(v);
  }
  return form;
};
