/**
 * Materials (申请材料) uploaded for a case. The browser uploads the file straight to object storage
 * with a short-lived, size- and type-pinned form (as imports do); this record is the upload's
 * ticket: whose it is (the uploader), for which service field, the declared type and size. A case
 * may reference an upload only when the ticket is the submitter's own, matches what the form
 * declares and the file has arrived; submitting attaches it to the case in the same transaction
 * (conditional: an upload belongs to one case only).
 */
import { Errors, LinliError, newId } from '@linli/core';
import { type Actor, auditPut, transactRetry } from '@linli/population';
import type { TenantStore, TransactOp } from '@linli/tenancy';
import type { FormField, ServiceDefinition } from '../catalogue.ts';
import type { UploadRef } from '../forms.ts';

export interface UploadTicket {
  readonly id: string;
  /** `R.<sub>` for a resident, `S.<sub>` for a staff member filing at the counter. */
  readonly owner: string;
  readonly serviceCode: string;
  readonly field: string;
  readonly name: string;
  readonly type: string;
  readonly size: number;
  readonly createdAt: string;
  readonly caseId?: string;
}

const err = (code: string, status: number, zh: string, en: string, field?: string) =>
  new LinliError(code, status, { zh, en }, field ? { issues: [{ field, code, message: { zh, en } }] } : {});

export const UploadErrors = {
  notAFileField: (field: string) =>
    err(
      'MATERIAL_FIELD_UNKNOWN',
      400,
      '该服务没有这个材料项',
      'The service has no such material field',
      field,
    ),
  type: (accept: readonly string[]) =>
    err(
      'MATERIAL_TYPE_NOT_ACCEPTED',
      415,
      `不支持的文件类型，请上传 ${accept.join('、')}`,
      `File type not accepted; upload ${accept.join(', ')}`,
      'type',
    ),
  tooLarge: (max: number) =>
    err(
      'MATERIAL_TOO_LARGE',
      413,
      `文件过大（上限 ${Math.floor(max / 1024 / 1024)} MB）`,
      `The file is too large (limit ${Math.floor(max / 1024 / 1024)} MB)`,
      'size',
    ),
  invalid: (field: string) =>
    err(
      'MATERIAL_INVALID',
      400,
      '引用的材料不存在、不属于您、与上传时不符或尚未上传完成',
      'A referenced material does not exist, is not yours, differs from the upload or has not arrived',
      field,
    ),
};

const fileFieldOf = (def: ServiceDefinition, key: string): Extract<FormField, { type: 'file' }> => {
  const f = def.fields.find((x) => x.key === key);
  if (f?.type !== 'file') throw UploadErrors.notAFileField('field');
  return f;
};

export class UploadStore {
  constructor(
    readonly store: TenantStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private key(id: string) {
    return { pk: this.store.keys.pk('SVCUP', id), sk: 'META' };
  }

  /** A ticket for one file of a service's file field: type and size checked against the field. */
  async create(
    def: ServiceDefinition,
    req: { field: string; name: string; type: string; size: number; owner: string },
    actor: Actor,
  ): Promise<{ ticket: UploadTicket; maxBytes: number }> {
    const f = fileFieldOf(def, req.field);
    if (!(f.accept as readonly string[]).includes(req.type)) throw UploadErrors.type(f.accept);
    if (req.size > f.maxBytes) throw UploadErrors.tooLarge(f.maxBytes);
    const ticket: UploadTicket = {
      id: newId(),
      owner: req.owner,
      serviceCode: def.code,
      field: req.field,
      name: req.name,
      type: req.type,
      size: req.size,
      createdAt: this.now().toISOString(),
    };
    await transactRetry(this.store, [
      {
        // `type` names the item kind in this table; the file's media type is `mime`.
        put: { ...this.key(ticket.id), ...ticket, type: 'case-upload', mime: ticket.type },
        condition: 'attribute_not_exists(pk)',
      },
      auditPut(this.store, actor, 'case.material-upload', `upload:${ticket.id}`, {
        detail: { service: def.code, field: req.field, type: req.type, size: req.size },
      }),
    ]);
    return { ticket, maxBytes: req.size };
  }

  async get(id: string): Promise<UploadTicket | undefined> {
    const it = await this.store.get<Record<string, unknown>>(this.key(id).pk, 'META', true);
    if (!it) return undefined;
    return {
      id: String(it.id),
      owner: String(it.owner),
      serviceCode: String(it.serviceCode),
      field: String(it.field),
      name: String(it.name),
      type: String(it.mime),
      size: Number(it.size),
      createdAt: String(it.createdAt),
      ...(typeof it.caseId === 'string' ? { caseId: it.caseId } : {}),
    };
  }

  /**
   * Check every upload a form references: the owner's own ticket for this service and field, the
   * same type, size and name, not yet attached to a case, and the file arrived (`arrived`).
   * Answers the steps that attach them to the case `caseId` (for the submission's transaction).
   */
  async verify(
    def: ServiceDefinition,
    form: Record<string, unknown>,
    owner: string,
    arrived: (uploadId: string) => Promise<boolean>,
    attachedTo?: string,
  ): Promise<(caseId: string) => TransactOp[]> {
    const refs: { field: string; ref: UploadRef }[] = [];
    for (const f of def.fields)
      if (f.type === 'file' && Array.isArray(form[f.key]))
        for (const ref of form[f.key] as UploadRef[]) refs.push({ field: f.key, ref });
    const ids = new Set<string>();
    for (const [i, { field, ref }] of refs.entries()) {
      const t = await this.get(ref.uploadId);
      const ok =
        !!t &&
        !ids.has(ref.uploadId) &&
        t.owner === owner &&
        t.serviceCode === def.code &&
        t.field === field &&
        t.type === ref.type &&
        t.size === ref.size &&
        (!t.caseId || t.caseId === attachedTo) &&
        (await arrived(ref.uploadId));
      if (!ok) throw UploadErrors.invalid(`form.${field}.${i}`);
      ids.add(ref.uploadId);
    }
    return (caseId) =>
      [...ids].map((id) => ({
        update: this.key(id),
        expression: 'SET caseId = :c',
        condition: 'attribute_exists(pk) AND (attribute_not_exists(caseId) OR caseId = :c)',
        values: { ':c': caseId },
      }));
  }
}

export const assertUploadId = (id: string) => {
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(id)) throw Errors.notFound();
};
