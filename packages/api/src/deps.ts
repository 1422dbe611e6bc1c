import type { Readable } from 'node:stream';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ContextResolver, TokenVerifier } from '@linli/auth';
import type { Lifecycle, OnboardingRuntime } from '@linli/onboarding';
import type { KeyProvider } from '@linli/population';
import type { FlagRuntime } from '@linli/rollout';
import type { Tenant, TenantRegistry, TenantStores } from '@linli/tenancy';
import type { Limiter } from './rate-limit.ts';

/*
 * The ports the HTTP apps consume. Their implementations live in `@linli/adapters` (AWS: SNS/SES,
 * S3, KMS, Lambda; local: the development outbox, the upload folder, the key file, in-process
 * runners); the apps never import one.
 */

/** An HTML-form upload: POST multipart/form-data to `url` with `fields` first, then `file`. */
export interface UploadTarget {
  readonly url: string;
  readonly fields: Record<string, string>;
  readonly expiresAt: string;
}

/** Where uploaded import files are kept until their job has run (S3 in AWS, a folder locally). */
export interface ImportFiles {
  /** A form the browser can upload exactly one file of at most `maxBytes` with. */
  target(
    tenantId: string,
    importId: string,
    opts: { contentType: string; maxBytes: number },
  ): Promise<UploadTarget>;
  /** Whether the file has arrived. */
  exists(tenantId: string, importId: string): Promise<boolean>;
  /** The file as a stream, or undefined when it is not there. */
  open(tenantId: string, importId: string): Promise<Readable | undefined>;
  remove(tenantId: string, importId: string): Promise<void>;
}

/** One background import: the job `importId` of tenant `tenantId`. */
export interface ImportJobEvent {
  readonly tenantId: string;
  readonly importId: string;
}

/** Starts the worker for a queued job (asynchronously: returns before the import runs). */
export interface ImportRunner {
  start(job: ImportJobEvent): Promise<void>;
}

/**
 * The lifecycle operations that read or delete a whole tenant (offboarding export, archive download,
 * erasure). In AWS they run in their own function (`functions/tenant-lifecycle.ts`), the only role
 * that may Scan / BatchWriteItem tenant tables, so the control API's role holds no tenant-table
 * permission at all.
 */
export type TenantDataJobs = Pick<Lifecycle, 'offboard' | 'erase' | 'archive'>;

/** What the browser needs to reach a user pool (public values only). */
export interface PublicPool {
  readonly userPoolId: string;
  readonly clientId: string;
  /** Cognito JSON API base URL as the browser should call it. */
  readonly endpoint: string;
}

export interface OutboxEntry {
  readonly channel: 'sms' | 'email';
  readonly to: string;
  readonly text: string;
  readonly code?: string;
  readonly at: string;
}

/** Sends SMS/e-mail. Locally the development outbox; in AWS SNS / SES. */
export interface Notifier {
  send(entry: Omit<OutboxEntry, 'at'>): Promise<void>;
  list?(): Promise<OutboxEntry[]>;
}

/** What a resident's own Cognito record says about them (read with their access token). */
export interface CognitoUserInfo {
  readonly username: string;
  readonly sub?: string;
  /** E.164, e.g. `+8613812345678`. */
  readonly phone?: string;
  readonly phoneVerified: boolean;
  readonly name?: string;
}

/**
 * Computes the districts' indicator snapshots on the application plane (each district with its
 * own scoped store) and stores the aggregates in the control plane. In AWS the collector function
 * (EventBridge, daily) — invoked on demand by "compute now"; locally the same code in-process.
 */
export interface IndicatorCollector {
  run(opts: { readonly tenantIds?: readonly string[] }): Promise<{
    readonly day: string;
    readonly districts: number;
    readonly failed: readonly string[];
  }>;
}

/** Everything the API apps need, injected: the same apps run in Lambda and locally. */
export interface ApiDeps {
  readonly mode: 'local' | 'aws';
  readonly region: string;
  readonly doc: DynamoDBDocumentClient;
  readonly controlTable: string;
  readonly registry: TenantRegistry;
  readonly stores: TenantStores;
  readonly verifier: TokenVerifier;
  readonly resolver: ContextResolver;
  readonly pools: { readonly staff: PublicPool; readonly residents: PublicPool };
  readonly notifier?: Notifier;
  /** The tenant's enabled modules (the flags engine's evaluated set). */
  readonly modulesFor: (tenant: Tenant) => string[];
  /**
   * Stored flags: distribution (in-memory evaluated sets), governance and district overrides.
   * Absent only in apps built without flags (then `modulesFor` is the tier defaults).
   */
  readonly flags?: FlagRuntime;
  /**
   * Limits of the anonymous and code-sending endpoints, per source address and per recipient
   * (counters in the control table). Absent: not limited in the app (tests that make many drafts).
   */
  readonly limiter?: Limiter;
  /** Enforce per-tier request limits in the app (locally; in AWS API Gateway also throttles). */
  readonly throttle?: boolean;
  readonly now?: () => number;
  /**
   * Reads the caller's own user-pool record with their access token (Cognito `GetUser`: the
   * resident's token cannot call the Admin APIs). Absent: resident registration is unavailable.
   */
  readonly getCognitoUser?: (accessToken: string) => Promise<CognitoUserInfo>;
  /** Self-serve onboarding and provisioning (Cognito admin access, silo tables, code secret). */
  readonly onboarding?: OnboardingRuntime;
  /**
   * Offboarding export, archive download and erasure run elsewhere (in AWS the tenant-lifecycle
   * function, the one role allowed to Scan a tenant table). Absent: they run in-process (local).
   */
  readonly tenantDataJobs?: TenantDataJobs;
  /**
   * Per-tenant data keys for the comprehensive database's field encryption and search hashes
   * (KMS envelope in AWS, a local key file locally). Without it the population routes answer 503.
   */
  readonly keys?: KeyProvider;
  /**
   * Background imports of large files: where uploads land (S3 in AWS, a folder locally) and what
   * runs the job (the import worker function in AWS, this process locally). Absent: only the
   * in-request import is available (`POST /api/t/imports` answers 503).
   */
  readonly importFiles?: ImportFiles;
  readonly importRunner?: ImportRunner;
  /**
   * Materials of service requests (办件), uploaded the same way under `t/<tenantId>/materials/`.
   * Absent: material uploads answer 503 (forms without a file field still work).
   */
  readonly materialFiles?: ImportFiles;
  /** Indicator snapshots on demand ("compute now"). Absent: the console's action answers 503. */
  readonly indicatorCollector?: IndicatorCollector;
  /**
   * Where the inbound SMS webhook fetches SNS signing certificates (only from SNS hosts). Absent:
   * HTTPS in AWS; locally the dev outbox's unsigned envelope is accepted (docs/channels.md).
   */
  readonly snsCerts?: (url: string) => Promise<string>;
}
