/**
 * Governance, pure: what changed between two flag sets, which districts gain or lose which flag
 * (dry run), whether a second ministry admin must approve (four eyes), and the audited record.
 */
import { LinliError, parseOrThrow } from '@linli/core';
import { type CompiledFlagSet, compileFlags, evaluateAll, type FlagEvaluation } from './engine.ts';
import {
  type FlagDefinition,
  type FlagSet,
  type FlagSetInput,
  flagSetSchema,
  type TenantContext,
} from './schema.ts';

export interface FieldChange {
  /** Top-level field of the definition, e.g. `rules`, `enabled`. */
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface FlagSetDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly { readonly key: string; readonly fields: readonly FieldChange[] }[];
  readonly segmentsChanged: readonly string[];
}

const stable = (v: unknown): string =>
  JSON.stringify(v, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );

const toSet = (s: FlagSetInput | FlagSet | CompiledFlagSet): FlagSet =>
  'definitions' in s ? s.definitions : parseOrThrow(flagSetSchema, s);

/** Field-level difference between two flag sets (defaults applied before comparing). */
export const diffFlagSets = (
  beforeInput: FlagSetInput | CompiledFlagSet,
  afterInput: FlagSetInput | CompiledFlagSet,
): FlagSetDiff => {
  const before = toSet(beforeInput);
  const after = toSet(afterInput);
  const b = new Map(before.flags.map((f) => [f.key, f]));
  const a = new Map(after.flags.map((f) => [f.key, f]));
  const changed: { key: string; fields: FieldChange[] }[] = [];
  for (const [key, nf] of a) {
    const of = b.get(key);
    if (!of) continue;
    const fields = [...new Set([...Object.keys(of), ...Object.keys(nf)])]
      .filter((f) => stable(of[f as keyof FlagDefinition]) !== stable(nf[f as keyof FlagDefinition]))
      .map((f) => ({
        field: f,
        before: of[f as keyof FlagDefinition],
        after: nf[f as keyof FlagDefinition],
      }));
    if (fields.length > 0) changed.push({ key, fields });
  }
  const segs = new Set([...Object.keys(before.segments), ...Object.keys(after.segments)]);
  return {
    added: [...a.keys()].filter((k) => !b.has(k)),
    removed: [...b.keys()].filter((k) => !a.has(k)),
    changed,
    segmentsChanged: [...segs].filter((s) => stable(before.segments[s]) !== stable(after.segments[s])),
  };
};

export interface DryRunChange {
  readonly tenantId: string;
  readonly flagKey: string;
  readonly before: FlagEvaluation | undefined;
  readonly after: FlagEvaluation | undefined;
}

export interface DryRunResult {
  /** Districts that get a flag they did not have. */
  readonly gains: readonly DryRunChange[];
  /** Districts that lose a flag they had. */
  readonly losses: readonly DryRunChange[];
  /** Same on/off, different variant. */
  readonly variantChanges: readonly DryRunChange[];
  /** Distinct districts with any gain, loss or variant change. */
  readonly affectedTenants: readonly string[];
  /** flag key → tenant ids gaining / losing it. */
  readonly byFlag: Readonly<
    Record<string, { readonly gained: readonly string[]; readonly lost: readonly string[] }>
  >;
}

/**
 * Evaluate both sets for every district at `now` and list exactly who gains or loses what.
 * Definitions are validated and compiled (a cycle in `after` throws before anything is saved).
 */
export const dryRun = (
  before: FlagSetInput | CompiledFlagSet,
  after: FlagSetInput | CompiledFlagSet,
  tenants: readonly TenantContext[],
  now: number | Date,
): DryRunResult => {
  const b = 'byKey' in before ? before : compileFlags(before);
  const a = 'byKey' in after ? after : compileFlags(after);
  const keys = [...new Set([...b.keys, ...a.keys])];
  const gains: DryRunChange[] = [];
  const losses: DryRunChange[] = [];
  const variantChanges: DryRunChange[] = [];
  const byFlag: Record<string, { gained: string[]; lost: string[] }> = {};
  const affected = new Set<string>();
  for (const t of tenants) {
    const eb = evaluateAll(b, t, now).flags;
    const ea = evaluateAll(a, t, now).flags;
    for (const k of keys) {
      const x = eb[k];
      const y = ea[k];
      const was = x?.value ?? false;
      const is = y?.value ?? false;
      const change = { tenantId: t.tenantId, flagKey: k, before: x, after: y };
      if (was === is) {
        if (is && x?.variant !== y?.variant) {
          variantChanges.push(change);
          affected.add(t.tenantId);
        }
        continue;
      }
      const entry = byFlag[k] ?? { gained: [], lost: [] };
      byFlag[k] = entry;
      if (is) {
        gains.push(change);
        entry.gained.push(t.tenantId);
      } else {
        losses.push(change);
        entry.lost.push(t.tenantId);
      }
      affected.add(t.tenantId);
    }
  }
  return { gains, losses, variantChanges, affectedTenants: [...affected], byFlag };
};

/** Four eyes: true when more than `threshold` districts are affected. */
export const needsSecondApproval = (result: DryRunResult, threshold: number): boolean =>
  result.affectedTenants.length > threshold;

export type ChangeKind = 'edit' | 'kill-switch' | 'scheduled' | 'promotion';

export interface Approval {
  readonly by: string;
  readonly at: string;
}

/** One audited, versioned change of the flag set. */
export interface ChangeRecord {
  /** Version of the flag set this change produces. */
  readonly version: number;
  readonly previousVersion: number;
  readonly kind: ChangeKind;
  readonly who: string;
  readonly at: string;
  readonly why: string;
  readonly diff: FlagSetDiff;
  readonly affectedTenants: number;
  /** `none` only for the kill switch, which is instant and audited afterwards. */
  readonly approval: 'none' | 'single' | 'four-eyes';
  readonly approvals: readonly Approval[];
}

const refuse = (zh: string, en: string) =>
  new LinliError('CHANGE_NOT_APPROVED', 409, { zh: `变更未获批准：${zh}`, en: `Change not approved: ${en}` });

/**
 * Build the record of a proposed change. Approval needed: none for a kill switch (it skips approval
 * and is only audited), four eyes when the dry run affects more than `threshold` districts, else a
 * single admin (the author).
 */
export const recordChange = (input: {
  readonly before: FlagSetInput | CompiledFlagSet;
  readonly after: FlagSetInput | CompiledFlagSet;
  readonly dryRun: DryRunResult;
  readonly kind: ChangeKind;
  readonly who: string;
  readonly why: string;
  readonly now: number | Date;
  readonly threshold: number;
}): ChangeRecord => {
  if (!input.why.trim()) throw refuse('请填写变更理由', 'a reason is required');
  const before = toSet(input.before);
  const at = new Date(typeof input.now === 'number' ? input.now : input.now.getTime()).toISOString();
  const approval =
    input.kind === 'kill-switch'
      ? 'none'
      : needsSecondApproval(input.dryRun, input.threshold)
        ? 'four-eyes'
        : 'single';
  return {
    version: before.version + 1,
    previousVersion: before.version,
    kind: input.kind,
    who: input.who,
    at,
    why: input.why,
    diff: diffFlagSets(input.before, input.after),
    affectedTenants: input.dryRun.affectedTenants.length,
    approval,
    approvals: approval === 'none' ? [] : [{ by: input.who, at }],
  };
};

/** Add a second approval; the approver must differ from the author. */
export const approveChange = (record: ChangeRecord, by: string, now: number | Date): ChangeRecord => {
  if (record.approvals.some((a) => a.by === by))
    throw refuse('第二位审批人须为其他部委管理员', 'the second approver must be another admin');
  const at = new Date(typeof now === 'number' ? now : now.getTime()).toISOString();
  return { ...record, approvals: [...record.approvals, { by, at }] };
};

/** True when the change may be saved. */
export const isApproved = (record: ChangeRecord): boolean =>
  record.approval === 'none' ||
  (record.approval === 'single' && record.approvals.length >= 1) ||
  (record.approval === 'four-eyes' && new Set(record.approvals.map((a) => a.by)).size >= 2);

/** The kill switch: the same set with `flagKey` disabled and the version bumped. */
export const killSwitch = (setInput: FlagSetInput | FlagSet, flagKey: string): FlagSet => {
  const set = parseOrThrow(flagSetSchema, setInput);
  if (!set.flags.some((f) => f.key === flagKey))
    throw new LinliError('NOT_FOUND', 404, { zh: `开关 ${flagKey} 不存在`, en: `no flag ${flagKey}` });
  return {
    ...set,
    version: set.version + 1,
    flags: set.flags.map((f) => (f.key === flagKey ? { ...f, enabled: false } : f)),
  };
};
