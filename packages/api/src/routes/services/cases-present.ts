/** Presenters of the request lifecycle: a case as residents and staff see it (forms masked). */
import type { z } from '@hono/zod-openapi';
import {
  type CaseNote,
  type CaseRecord,
  chinaDate,
  clockOf,
  type FormData,
  fieldMaskKind,
  type InboxEntry,
  type ServiceDefinition,
  type TimelineEvent,
  type WorkCalendar,
} from '@linli/services';
import type { FormValues, InboxItem, Step, TimelineEntry } from './cases-schemas.ts';

export const stepsOf = (def: ServiceDefinition): z.infer<typeof Step>[] =>
  def.workflow.map((s, index) => ({
    index,
    key: s.key,
    name: s.name,
    level: s.level,
    timeLimitDays: s.timeLimitDays,
  }));

export const fieldsOf = (def: ServiceDefinition) =>
  def.fields.map((f) => ({
    key: f.key,
    label: f.label,
    type: f.type,
    required: f.required,
    sealed: fieldMaskKind(f) !== undefined,
  }));

/** A stored form as the response schema types it (answers are strings, numbers, lists or uploads). */
export const formOut = (form: FormData): z.infer<typeof FormValues> => {
  const out: z.infer<typeof FormValues> = {};
  for (const [k, v] of Object.entries(form)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[k] = v;
    else if (Array.isArray(v))
      out[k] = v.map((x: Record<string, unknown>) => ({
        uploadId: String(x.uploadId),
        name: String(x.name),
        type: String(x.type),
        size: Number(x.size),
      }));
  }
  return out;
};

export const summaryOf = (def: ServiceDefinition, c: CaseRecord) => {
  const steps = stepsOf(def);
  return {
    id: c.id,
    number: c.number,
    service: { code: c.serviceCode, name: c.serviceName, version: c.serviceVersion },
    status: c.status,
    stepIndex: c.stepIndex,
    step: steps[c.stepIndex] ?? steps[0]!,
    channel: c.channel,
    filedOn: c.filedOn,
    due: c.due,
    provisional: c.provisional,
    ...(c.closedOn ? { closedOn: c.closedOn } : {}),
    updatedAt: c.updatedAt,
  };
};

/** Timeline events; residents do not see who acted, only in which role. */
export const timelineOut = (
  events: TimelineEvent[],
  audience: 'staff' | 'resident',
): z.infer<typeof TimelineEntry>[] =>
  events.map((e) => ({
    at: e.at,
    action: e.action,
    role: e.role,
    ...(audience === 'staff' ? { actor: e.actor } : {}),
    fromStep: e.fromStep,
    toStep: e.toStep,
    status: e.status,
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.to ? { to: e.to } : {}),
  }));

export const notesOut = (notes: CaseNote[], audience: 'staff' | 'resident') =>
  notes.map((n) => ({
    id: n.id,
    at: n.at,
    ...(audience === 'staff' ? { author: n.author } : {}),
    visibility: n.visibility,
    text: n.text,
  }));

/** The step clock at read time (overdue / soon due), absent when the case is not with staff. */
export const clockNow = (c: Parameters<typeof clockOf>[0], now: Date, cal?: WorkCalendar) => {
  const clock = clockOf(c, chinaDate(now), cal);
  return clock ? { clock } : {};
};

export const inboxOut = (e: InboxEntry, now: Date, cal?: WorkCalendar): z.infer<typeof InboxItem> => {
  const clock = clockOf(
    {
      status: e.status,
      stepIndex: e.stepIndex,
      communityCode: e.communityCode,
      streetCode: e.communityCode.slice(0, 9),
      filedOn: e.filedOn,
      due: e.due,
      stepStartedOn: e.filedOn,
      stepDue: e.stepDue,
      provisional: e.provisional,
    },
    chinaDate(now),
    cal,
  );
  return {
    caseId: e.caseId,
    number: e.number,
    serviceCode: e.serviceCode,
    serviceName: e.serviceName,
    status: e.status,
    stepIndex: e.stepIndex,
    stepDue: e.stepDue,
    due: e.due,
    channel: e.channel,
    communityCode: e.communityCode,
    ...(e.department ? { department: e.department } : {}),
    filedOn: e.filedOn,
    provisional: clock?.provisional ?? e.provisional,
    ...(e.assignee ? { assignee: e.assignee } : {}),
    ...(e.escalated ? { escalated: e.escalated } : {}),
    ...(clock ? { remaining: clock.remaining } : {}),
    overdue: clock?.overdue ?? false,
    soonDue: clock?.soonDue ?? false,
  };
};
