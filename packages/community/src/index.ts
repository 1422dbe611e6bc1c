export { CommunityErrors } from './errors.ts';
export { cycleWorkbook } from './export.ts';
export { type ComKeys, comKeys } from './keys.ts';
export {
  endOfChinaDay,
  type Figures,
  type PrefillResult,
  periodEnd,
  periodStart,
  prefillFigures,
} from './prefill.ts';
export {
  type Cycle,
  type CycleInput,
  type CycleScope,
  editReport,
  fillCounts,
  getCycle,
  getReport,
  getTemplate,
  listCycles,
  listReports,
  listTemplates,
  openCycle,
  prefillReport,
  type Report,
  type ReportEdit,
  type ReportEvent,
  type ReportStatus,
  type ReportValue,
  rollUp,
  saveTemplate,
  transitionReport,
} from './reports.ts';
export {
  type Assignment,
  type AssignmentAction,
  type AssignmentStatus,
  chinaDate,
  communityAssignments,
  createTask,
  getAssignment,
  getTask,
  type Issuer,
  isOverdue,
  listAssignments,
  listTasks,
  moveAssignment,
  type Task,
  type TaskInput,
} from './tasks.ts';
export {
  BINDING_KEYS,
  BINDINGS,
  type Binding,
  boundShare,
  DEFAULT_TEMPLATES,
  type Template,
  type TemplateField,
  type TemplateInput,
  templateFieldSchema,
  templateInputSchema,
} from './templates.ts';
export { dateOnly, plainTextOf } from './text.ts';
