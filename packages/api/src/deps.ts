import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ContextResolver, TokenVerifier } from '@linli/auth';
import type { Tenant, TenantRegistry, TenantStores } from '@linli/tenancy';

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
  /** Enforce per-tier request limits in the app (locally; in AWS API Gateway also throttles). */
  readonly throttle?: boolean;
  readonly now?: () => number;
}
