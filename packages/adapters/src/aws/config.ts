import { loadConfig } from '@linli/core';
import * as z from 'zod/mini';

/** A variable that must be set and not empty. */
const set = () => z.string().check(z.minLength(1));
const arn = () => z.string().check(z.startsWith('arn:'));
const count = (min: number, fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.gte(min)), fallback);

/** The rules of the variables more than one kind of function reads beyond being set (one each). */
const shared = {
  ONBOARDING_CODE_PEPPER: () => z.optional(z.string().check(z.minLength(32))),
  /** Notifier: verified SES sender; without it e-mail is refused (SMS needs no setting). */
  SES_FROM_ADDRESS: () => z.optional(z.email()),
  /** SNS SMS sender id, where the destination country supports one. */
  SMS_SENDER_ID: () => z.optional(z.string().check(z.minLength(1), z.maxLength(11))),
  FLAG_REFRESH_MS: () => count(1_000, 30_000),
  FLAG_APPROVAL_THRESHOLD: () => count(0, 2),
};

/**
 * The environment of Linli's functions (the variable names the CDK stacks set). Written with
 * `zod/mini`, as every schema a scheduled function reads is (docs/benchmarks.md). Each schema is
 * built by the loader that reads it, so a function builds only its own.
 */
const apiSchema = () =>
  z.object({
    AWS_REGION: set(),
    STAGE: set(),
    CONTROL_TABLE: set(),
    TENANT_TABLE: set(),
    /** Comma-separated ARNs of the tables this function may reach. */
    TENANT_TABLE_ARNS: set(),
    TENANT_DATA_ROLE_ARN: arn(),
    STAFF_POOL_ID: set(),
    STAFF_CLIENT_ID: set(),
    RESIDENT_POOL_ID: set(),
    RESIDENT_CLIENT_ID: set(),
    /** Onboarding (control API only): the provisioning state machine and the code-hash secret. */
    PROVISIONING_STATE_MACHINE_ARN: z.optional(arn()),
    ONBOARDING_CODE_PEPPER: shared.ONBOARDING_CODE_PEPPER(),
    /** The tenant-lifecycle function (control API only): offboarding export, archive download, erasure. */
    TENANT_LIFECYCLE_FUNCTION: z.optional(set()),
    /** KMS key wrapping the tenants' data keys (comprehensive database field encryption). */
    KMS_KEY_ID: z.optional(set()),
    SES_FROM_ADDRESS: shared.SES_FROM_ADDRESS(),
    SMS_SENDER_ID: shared.SMS_SENDER_ID(),
    /** Background imports: the upload bucket and the worker function (both or neither). */
    IMPORT_BUCKET: z.optional(z.string().check(z.minLength(3))),
    IMPORT_WORKER_FUNCTION: z.optional(set()),
    /**
     * Page-cursor HMAC key, generated at deploy (Secrets Manager, dynamic reference). Every API
     * function has it; without it (workers) cursors are signed with a per-instance key.
     */
    CURSOR_SECRET: z.optional(z.string().check(z.minLength(16))),
    FLAG_REFRESH_MS: shared.FLAG_REFRESH_MS(),
    FLAG_APPROVAL_THRESHOLD: shared.FLAG_APPROVAL_THRESHOLD(),
  });
export type AwsConfig = z.infer<ReturnType<typeof apiSchema>>;

/** The API functions' configuration, validated at cold start (a missing variable fails the init). */
export const apiConfig = (env: Record<string, string | undefined> = process.env): AwsConfig =>
  loadConfig(apiSchema(), env);

/** What the control-plane workers (provisioning steps, tenant lifecycle) read. */
const controlPlaneSchema = () =>
  z.object({
    AWS_REGION: set(),
    STAGE: set(),
    CONTROL_TABLE: set(),
    STAFF_POOL_ID: set(),
    /** The lifecycle function only: the pooled table, the code-hash secret. */
    TENANT_TABLE: z.optional(set()),
    ONBOARDING_CODE_PEPPER: shared.ONBOARDING_CODE_PEPPER(),
    /** The activate step e-mails the district admin (SES); absent → no e-mail. */
    SES_FROM_ADDRESS: shared.SES_FROM_ADDRESS(),
    SMS_SENDER_ID: shared.SMS_SENDER_ID(),
  });
export type ControlPlaneConfig = z.infer<ReturnType<typeof controlPlaneSchema>>;

export const controlPlaneConfig = (
  env: Record<string, string | undefined> = process.env,
): ControlPlaneConfig => loadConfig(controlPlaneSchema(), env);

/** What the flag scheduler reads: the control table and the flag settings. */
export const flagsConfig = (env: Record<string, string | undefined> = process.env) =>
  loadConfig(
    z.object({
      AWS_REGION: set(),
      CONTROL_TABLE: set(),
      FLAG_REFRESH_MS: shared.FLAG_REFRESH_MS(),
      FLAG_APPROVAL_THRESHOLD: shared.FLAG_APPROVAL_THRESHOLD(),
    }),
    env,
  );

/** `aws-cn` in the China regions, `aws` elsewhere. */
export const partitionOf = (region: string) => (region.startsWith('cn-') ? 'aws-cn' : 'aws');
