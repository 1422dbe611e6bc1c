/**
 * What the applicant is told at each status change: one templated message in Chinese (the SMS)
 * and English (the portal in English), naming the case number and what to do next.
 */
import type { ServiceDefinition } from './catalogue.ts';
import { DEPARTMENTS } from './catalogue-vocabulary.ts';
import type { CaseStatus } from './workflow.ts';

export type CaseEventKind =
  | 'submit'
  | 'accept'
  | 'return'
  | 'approve'
  | 'reject'
  | 'transfer'
  | 'resubmit'
  | 'withdraw';

export interface CaseTextInput {
  readonly action: CaseEventKind;
  readonly number: string;
  readonly status: CaseStatus;
  readonly stepIndex: number;
  readonly due: string;
  readonly reason?: string;
  readonly to?: string;
}

/** A reason quoted in a text message: one line, at most 60 characters. */
const short = (s: string | undefined) => {
  const one = (s ?? '').replace(/\s+/g, ' ').trim();
  return one.length > 60 ? `${one.slice(0, 59)}…` : one;
};

/** The message for an event; `hotline` is the district's service number. */
export const caseText = (
  def: ServiceDefinition,
  e: CaseTextInput,
  hotline = '12345',
): { zh: string; en: string } => {
  const svc = def.name;
  const step = def.workflow[e.stepIndex]?.name ?? { zh: '', en: '' };
  const n = e.number;
  switch (e.action) {
    case 'submit':
      return {
        zh: `您的${svc.zh}申请已提交，办件编号${n}，当前环节：${step.zh}，承诺${e.due}前办结。可在门户“我的办件”查看进度。`,
        en: `Your ${svc.en} application was filed as case ${n}, now at: ${step.en}; due by ${e.due}. Follow it under "My cases" on the portal.`,
      };
    case 'accept':
      return {
        zh: `您的办件${n}（${svc.zh}）已受理，进入“${step.zh}”环节，承诺${e.due}前办结，无需您操作。`,
        en: `Your case ${n} (${svc.en}) was accepted and moved to "${step.en}"; due by ${e.due}. Nothing to do for now.`,
      };
    case 'return':
      return {
        zh: `您的办件${n}（${svc.zh}）需补正材料：${short(e.reason)}。请登录门户“我的办件”补充后重新提交。`,
        en: `Your case ${n} (${svc.en}) needs more materials: ${short(e.reason)}. Add them under "My cases" on the portal and resubmit.`,
      };
    case 'approve':
      return {
        zh: `您的办件${n}（${svc.zh}）已办结：准予办理。欢迎在门户对本次服务进行评价。`,
        en: `Your case ${n} (${svc.en}) is complete: granted. Please rate the service on the portal.`,
      };
    case 'reject':
      return {
        zh: `您的办件${n}（${svc.zh}）不予办理，原因：${short(e.reason)}。如有疑问请拨打${hotline}。`,
        en: `Your case ${n} (${svc.en}) was refused: ${short(e.reason)}. Questions: call ${hotline}.`,
      };
    case 'transfer': {
      const to = e.to && e.to in DEPARTMENTS ? DEPARTMENTS[e.to as keyof typeof DEPARTMENTS] : undefined;
      return {
        zh: `您的办件${n}（${svc.zh}）已转交${to?.zh ?? '其他部门'}办理，承诺${e.due}前办结，无需您操作。`,
        en: `Your case ${n} (${svc.en}) was passed to the ${to?.en ?? 'competent department'}; due by ${e.due}. Nothing to do for now.`,
      };
    }
    case 'resubmit':
      return {
        zh: `您已为办件${n}（${svc.zh}）补正材料，办件回到“${step.zh}”环节，承诺${e.due}前办结。`,
        en: `You added the materials for case ${n} (${svc.en}); it is back at "${step.en}", due by ${e.due}.`,
      };
    case 'withdraw':
      return {
        zh: `您已撤回办件${n}（${svc.zh}）。如需办理请重新申请。`,
        en: `You withdrew case ${n} (${svc.en}). Apply again if you still need it.`,
      };
  }
};

/** What the applicant should do now, for the case page (empty when nothing). */
export const nextForApplicant = (status: CaseStatus): { zh: string; en: string } => {
  switch (status) {
    case 'returned':
      return { zh: '请按要求补正材料后重新提交', en: 'Add the requested materials and resubmit' };
    case 'approved':
      return { zh: '已办结，欢迎评价', en: 'Complete: please rate the service' };
    case 'rejected':
      return { zh: '不予办理，可查看原因或拨打服务热线', en: 'Refused: see the reason or call the hotline' };
    case 'withdrawn':
      return { zh: '已撤回', en: 'Withdrawn' };
    default:
      return { zh: '正在办理，无需操作', en: 'In progress: nothing to do' };
  }
};
