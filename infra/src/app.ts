import { TIERS, type Tier } from '@linli/tables';
import type { App, Environment } from 'aws-cdk-lib';
import { ControlPlaneStack } from './stacks/control-plane-stack.ts';
import { PooledTenantStack, SiloTenantStack } from './stacks/tenant-stacks.ts';
import { WAF_REGION, WafStack, webAclParameterName } from './stacks/waf-stack.ts';
import { WebStack } from './stacks/web-stack.ts';

export interface SiloTenantConfig {
  readonly tenantId: string;
  readonly tier: Tier;
}

export interface LinliAppConfig {
  readonly stage: string;
  readonly siloTenants: readonly SiloTenantConfig[];
  /** Keep data (tables, pools, buckets) when stacks are deleted. */
  readonly retainData: boolean;
  /** Verified SES sender (`-c sesFromAddress=…`). @default see ControlPlaneStackProps */
  readonly sesFromAddress?: string;
  readonly env?: Environment;
}

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const STAGE = /^[a-z][a-z0-9-]{0,15}$/;

/**
 * Parse `siloTenants` context: `"<ulid>[:<tier>],…"` or an array of such strings. The tier defaults
 * to `demonstration`, the tier that may run as a silo.
 */
export const parseSiloTenants = (value: unknown): SiloTenantConfig[] => {
  if (value === undefined || value === null || value === '') return [];
  const items = Array.isArray(value) ? value.map(String) : String(value).split(',');
  return items
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const [tenantId = '', tier = 'demonstration'] = item.split(':');
      if (!ULID.test(tenantId)) throw new Error(`siloTenants: "${tenantId}" is not a ULID tenant id`);
      if (!(TIERS as readonly string[]).includes(tier))
        throw new Error(`siloTenants: unknown tier "${tier}"`);
      return { tenantId, tier: tier as Tier };
    });
};

/** Read the app configuration from CDK context (`-c stage=… -c siloTenants=… -c retainData=…`). */
export const configFromContext = (app: App): LinliAppConfig => {
  const stage = String(app.node.tryGetContext('stage') ?? 'dev');
  if (!STAGE.test(stage)) throw new Error(`stage "${stage}" must match ${STAGE}`);
  const retainContext = app.node.tryGetContext('retainData');
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const region = process.env.CDK_DEFAULT_REGION;
  return {
    stage,
    siloTenants: parseSiloTenants(app.node.tryGetContext('siloTenants')),
    // Data outlives stacks except in `dev`, unless told otherwise.
    retainData: retainContext === undefined ? stage !== 'dev' : String(retainContext) === 'true',
    ...(app.node.tryGetContext('sesFromAddress')
      ? { sesFromAddress: String(app.node.tryGetContext('sesFromAddress')) }
      : {}),
    ...(account && region ? { env: { account, region } } : {}),
  };
};

export interface LinliStacks {
  readonly controlPlane: ControlPlaneStack;
  readonly pooled: PooledTenantStack;
  readonly silos: readonly SiloTenantStack[];
  readonly waf: WafStack;
  readonly web: WebStack;
}

/** Instantiate every Linli stack of one stage in `app`. */
export const buildLinli = (app: App, config: LinliAppConfig): LinliStacks => {
  const { stage, retainData } = config;
  const base = { stage, retainData, ...(config.env ? { env: config.env } : {}) };
  const prefix = `Linli-${stage}`;
  const controlPlane = new ControlPlaneStack(app, `${prefix}-ControlPlane`, {
    ...base,
    ...(config.sesFromAddress ? { sesFromAddress: config.sesFromAddress } : {}),
    description: `Linli ${stage}: control table, Cognito pools, control API, provisioning`,
  });
  const tenantBase = {
    ...base,
    identity: controlPlane.identity,
    controlTable: controlPlane.controlTable,
    dataKey: controlPlane.dataKey,
    cursorSecret: controlPlane.cursorSecret,
  };
  const pooled = new PooledTenantStack(app, `${prefix}-PooledTenant`, {
    ...tenantBase,
    description: `Linli ${stage}: pooled tenant table, tenant API, scoped tenant data role`,
  });
  const silos = config.siloTenants.map(
    (silo) =>
      new SiloTenantStack(app, `${prefix}-Silo-${silo.tenantId}`, {
        ...tenantBase,
        ...silo,
        description: `Linli ${stage}: silo tenant ${silo.tenantId} (${silo.tier})`,
      }),
  );
  // CloudFront-scope WAF exists only in us-east-1: its own stack there, read by the web stack.
  const waf = new WafStack(app, `${prefix}-Waf`, {
    stage,
    ...(config.env?.account ? { env: { account: config.env.account } } : {}),
    description: `Linli ${stage}: CloudFront web ACL (rate limits per source address), us-east-1`,
  });
  const web = new WebStack(app, `${prefix}-Web`, {
    ...base,
    webAcl: { parameterName: webAclParameterName(stage), region: WAF_REGION },
    controlApi: controlPlane.controlApi,
    tenantApi: pooled.tenantApi.http,
    importBucket: pooled.tenantApi.importBucket,
    description: `Linli ${stage}: web client (S3 + CloudFront) and API routing`,
  });
  web.addDependency(waf);
  return { controlPlane, pooled, silos, waf, web };
};
