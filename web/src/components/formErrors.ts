import type { FormInstance } from 'antd';
import { ApiError } from '../api/errors';

export type NamePath = (string | number)[];

export interface ProblemFields {
  /** antd `form.setFields` entries: each message under its field, in the UI language. */
  readonly fields: { name: NamePath; errors: string[] }[];
  /** Messages of fields the form does not have (and every message when `err` has no field errors). */
  readonly rest: string[];
}

export interface ProblemFieldOptions {
  /**
   * Which errors land on the form: the fields' first path segments, or a test of the API field
   * path. The others go to `rest`. All when absent.
   */
  readonly known?: readonly string[] | ((field: string) => boolean);
  /** The form's path for an API field path (`data.tags.0` → `tags`, `tier` → `tierRequested`). */
  readonly rename?: (field: string) => string;
}

const pathOf = (field: string): NamePath => field.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));

/**
 * The one problem+json → form mapper: `errors[].field` (`members.1.idNumber`) becomes the antd
 * name path (`['members', 1, 'idNumber']`) with the message in `lang`; repeated fields collect
 * their messages.
 */
export function problemFields(err: unknown, lang: string, opts: ProblemFieldOptions = {}): ProblemFields {
  const fields: { name: NamePath; errors: string[] }[] = [];
  const rest: string[] = [];
  if (!(err instanceof ApiError)) return { fields, rest };
  const en = lang.startsWith('en');
  for (const e of err.fieldErrors) {
    const name = pathOf(opts.rename ? opts.rename(e.field) : e.field);
    const msg = en ? e.message.en : e.message.zh;
    const known =
      typeof opts.known === 'function'
        ? opts.known(e.field)
        : typeof name[0] === 'string' && (!opts.known || opts.known.includes(name[0]));
    if (known) {
      const key = JSON.stringify(name);
      const f = fields.find((x) => JSON.stringify(x.name) === key);
      if (f) f.errors.push(msg);
      else fields.push({ name, errors: [msg] });
    } else rest.push(msg);
  }
  return { fields, rest };
}

/** `problemFields`, put on `form` at once; returns what did not land on a field. */
export function applyProblem(
  // biome-ignore lint/suspicious/noExplicitAny: any form's values: the paths come from the API
  form: FormInstance<any>,
  err: unknown,
  lang: string,
  opts: ProblemFieldOptions = {},
): ProblemFields {
  const out = problemFields(err, lang, opts);
  if (out.fields.length) form.setFields(out.fields);
  return out;
}
