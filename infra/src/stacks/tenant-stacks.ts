import { TIERS, type Tier, tableNames, tenantTable, tierThrottle } from '@linli/tables';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { LinliIdentity } from '../constructs/identity.ts';
import { LinliTable } from '../constructs/table.ts';
import { TenantApi } from '../constructs/tenant-api.ts';

interface TenantStackProps extends StackProps {
  readonly stage: string;
  readonly identity: LinliIdentity;
  readonly controlTable: dynamodb.ITable;
  /** KMS key wrapping the tenants' data keys (control-plane stack). */
  readonly dataKey: kms.IKey;
  /** HMAC key of page cursors (control-plane stack), CURSOR_SECRET of the tenant functions. */
  readonly cursorSecret: secretsmanager.ISecret;
  /** Keep the tenant table and the import-upload bucket on stack deletion. @default true */
  readonly retainData?: boolean;
}

/**
 * Throttle of the pooled API: the highest tier's limits. An HTTP API stage cannot vary its limits
 * by tenant, so the gateway only caps the whole pool; each tenant's own tier limit is enforced in
 * the app (`tierThrottle`, per tenant id). Silo stacks get their tier's limits at the gateway.
 */
export const pooledThrottle = (): { rate: number; burst: number } =>
  TIERS.map((t) => tierThrottle[t]).reduce((a, b) => (b.rate > a.rate ? b : a));

export type PooledTenantStackProps = TenantStackProps;

/** Application plane for pooled districts: one shared table with tenant-prefixed partitions. */
export class PooledTenantStack extends Stack {
  readonly table: dynamodb.Table;
  readonly tenantApi: TenantApi;

  constructor(scope: Construct, id: string, props: PooledTenantStackProps) {
    super(scope, id, props);
    this.table = new LinliTable(this, 'TenantTable', {
      def: tenantTable,
      tableName: tableNames(props.stage).pooledTenant,
      retain: props.retainData ?? true,
    }).table;
    this.tenantApi = new TenantApi(this, 'TenantApi', {
      stage: props.stage,
      apiName: `linli-${props.stage}-tenant-api`,
      table: this.table,
      controlTable: props.controlTable,
      dataKey: props.dataKey,
      cursorSecret: props.cursorSecret,
      identity: props.identity,
      retainData: props.retainData ?? true,
      throttle: pooledThrottle(),
    });
    new CfnOutput(this, 'TenantApiUrl', { value: this.tenantApi.http.api.apiEndpoint });
  }
}

export interface SiloTenantStackProps extends TenantStackProps {
  /** The district's tenant id (ULID). */
  readonly tenantId: string;
  readonly tier: Tier;
}

/** One district's dedicated instance: its own table, tenant API and scoped role, its tier's limits. */
export class SiloTenantStack extends Stack {
  readonly table: dynamodb.Table;
  readonly tenantApi: TenantApi;

  constructor(scope: Construct, id: string, props: SiloTenantStackProps) {
    super(scope, id, props);
    const tableName = tableNames(props.stage).siloTenant(props.tenantId);
    this.table = new LinliTable(this, 'TenantTable', {
      def: tenantTable,
      tableName,
      retain: props.retainData ?? true,
    }).table;
    this.tenantApi = new TenantApi(this, 'TenantApi', {
      stage: props.stage,
      apiName: `${tableName}-api`,
      table: this.table,
      controlTable: props.controlTable,
      dataKey: props.dataKey,
      cursorSecret: props.cursorSecret,
      identity: props.identity,
      retainData: props.retainData ?? true,
      throttle: tierThrottle[props.tier],
      siloTenantId: props.tenantId,
    });
    new CfnOutput(this, 'TenantApiUrl', { value: this.tenantApi.http.api.apiEndpoint });
  }
}
