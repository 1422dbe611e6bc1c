import { loadConfig } from '@linli/core';
import { z } from 'zod';

/** The environment of Linli's functions (the variable names the CDK stacks set). */
const configSchema = z.object({
  AWS_REGION: z.string().min(1),
  STAGE: z.string().min(1),
  CONTROL_TABLE: z.string().min(1),
  TENANT_TABLE: z.string().min(1),
  TENANT_TABLE_ARNS: z.string().min(1).describe('comma-separated ARNs of the tables this function may reach'),
  TENANT_DATA_ROLE_ARN: z.string().startsWith('arn:'),
  STAFF_POOL_ID: z.string().min(1),
  STAFF_CLIENT_ID: z.string().min(1),
  RESIDENT_POOL_ID: z.string().min(1),
  RESIDENT_CLIENT_ID: z.string().min(1),
  /** Onboarding (control API only): the provisioning state machine and the code-hash secret. */
  PROVISIONING_STATE_MACHINE_ARN: z.string().startsWith('arn:').optional(),
  ONBOARDING_CODE_PEPPER: z.string().min(32).optional(),
  /** The tenant-lifecycle function (control API only): offboarding export, archive download, erasure. */
  TENANT_LIFECYCLE_FUNCTION: z.string().min(1).optional(),
  /** KMS key wrapping the tenants' data keys (comprehensive database field encryption). */
  KMS_KEY_ID: z.string().min(1).optional(),
  /** Notifier: verified SES sender; without it e-mail is refused (SMS needs no setting). */
  SES_FROM_ADDRESS: z.string().email().optional(),
  /** SNS SMS sender id, where the destination country supports one. */
  SMS_SENDER_ID: z.string().min(1).max(11).optional(),
  /** Background imports: the upload bucket and the worker function (both or neither). */
  IMPORT_BUCKET: z.string().min(3).optional(),
  IMPORT_WORKER_FUNCTION: z.string().min(1).optional(),
  /**
   * Page-cursor HMAC key, generated at deploy (Secrets Manager, dynamic reference). Every API
   * function has it; without it (workers) cursors are signed with a per-instance key.
   */
  CURSOR_SECRET: z.string().min(16).optional(),
  FLAG_REFRESH_MS: z.coerce.number().int().min(1_000).default(30_000),
  FLAG_APPROVAL_THRESHOLD: z.coerce.number().int().min(0).default(2),
});
export type AwsConfig = z.infer<typeof configSchema>;

/** The API functions' configuration, validated at cold start (a missing variable fails the init). */
export const apiConfig = (env: Record<string, string | undefined> = process.env): AwsConfig =>
  loadConfig(configSchema, env);

/** What the control-plane workers (provisioning steps, tenant lifecycle) read. */
const controlPlaneSchema = z.object({
  AWS_REGION: z.string().min(1),
  STAGE: z.string().min(1),
  CONTROL_TABLE: z.string().min(1),
  STAFF_POOL_ID: z.string().min(1),
  /** The lifecycle function only: the pooled table, the code-hash secret. */
  TENANT_TABLE: z.string().min(1).optional(),
  ONBOARDING_CODE_PEPPER: z.string().min(32).optional(),
  /** The activate step e-mails the district admin (SES); absent → no e-mail. */
  SES_FROM_ADDRESS: z.string().email().optional(),
  SMS_SENDER_ID: z.string().min(1).max(11).optional(),
});
export type ControlPlaneConfig = z.infer<typeof controlPlaneSchema>;

export const controlPlaneConfig = (
  env: Record<string, string | undefined> = process.env,
): ControlPlaneConfig => loadConfig(controlPlaneSchema, env);

/** `aws-cn` in the China regions, `aws` elsewhere. */
export const partitionOf = (region: string) => (region.startsWith('cn-') ? 'aws-cn' : 'aws');
