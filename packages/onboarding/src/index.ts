export { maskEmail, maskMobile } from '@linli/core';
export {
  type AdminContact,
  APPLICATION_STATUSES,
  type Application,
  type ApplicationStatus,
  type ApprovalPolicy,
  adminSchema,
  adminUsernameFor,
  approvalPolicySchema,
  DEFAULT_APPROVAL_POLICY,
  type Draft,
  type DraftPatch,
  divisionCodeSchema,
  draftPatchSchema,
  mobileSchema,
  passwordSchema,
  submitSchema,
  tierSchema,
  verifyCheckSchema,
  verifySendSchema,
} from './application.ts';
export { awaitSiloTable, StepFunctionsLauncher } from './aws.ts';
export {
  type CategoryRuleLine,
  computeCategory,
  type Profile,
  profileSchema,
  THRESHOLDS,
} from './category.ts';
export {
  CHECKLIST_KEYS,
  type ChecklistItem,
  checklistFor,
  defaultResidentProbe,
  markChecklistStep,
  markerKey,
  type ResidentProbe,
} from './checklist.ts';
export {
  type CodeCheck,
  checkCode,
  codeMatches,
  hashCode,
  inviteCode,
  MAX_CODE_ATTEMPTS,
  numericCode,
  type StoredCode,
} from './codes.ts';
export { OnboardingErrors } from './errors.ts';
export {
  acceptSchema,
  DEPARTMENTS,
  INVITABLE_ROLES,
  INVITATION_TTL_MS,
  type Invitation,
  Invitations,
  invitationInputSchema,
} from './invitations.ts';
export { GRACE_DAYS, Lifecycle, type OffboardingRecord } from './offboarding.ts';
export { ROLE_LABELS } from './provisioning/catalogue.ts';
export {
  InProcessLauncher,
  markProvisioningFailed,
  type ProvisioningLauncher,
  prepareProvisioning,
  type RunOptions,
  resetFailed,
  runProvisioning,
  runStep,
} from './provisioning/runner.ts';
export {
  type CognitoAdmin,
  loadState,
  type NotifierLike,
  type ProvisioningDeps,
  type ProvisioningState,
  STEPS,
  type StepName,
  type StepStatus,
} from './provisioning/state.ts';
export { STEP_HANDLERS, type StepHandler } from './provisioning/steps.ts';
export { OnboardingRepo, onboardingKeys, type TenantContact } from './repo.ts';
export {
  type OnboardingHost,
  type OnboardingRuntime,
  type OnboardingServices,
  onboardingServices,
} from './runtime.ts';
export { type Actor, type DraftView, Onboarding, type OnboardingDeps, provisioningView } from './service.ts';
