import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { LambdaFunctionName } from '../bundling.ts';
import { LinliHttpApi } from './http-api.ts';
import { identityEnvironment, type LinliIdentity } from './identity.ts';
import { ImportUploads } from './import-uploads.ts';
import { LinliFunction } from './linli-function.ts';
import { TenantDataAccessRole, tenantDataRoleName } from './tenant-data-access.ts';

/** Who may call a tenant route: the staff pool, the residents' pool, or anyone (no data). */
export type RouteAuth = 'staff' | 'residents' | 'none';

/**
 * Route table of every tenant API (pooled and silo). An HTTP API route takes one authorizer and a
 * JWT authorizer trusts one issuer, so the two pools get two authorizers on two prefixes; API
 * Gateway matches the most specific route first. The app still re-checks the tenant and role
 * (membership registry); the gateway only rejects unauthenticated or foreign-pool tokens early.
 */
export const TENANT_ROUTES: readonly {
  readonly path: string;
  readonly auth: RouteAuth;
  /** The function serving the path: `import`, or one of {@link TENANT_GROUP_FUNCTIONS}. @default the light tenant-api */
  readonly fn?: 'import' | TenantGroupFunction;
  /** Methods of a public (`auth: 'none'`) route. @default GET */
  readonly methods?: readonly ('GET' | 'POST')[];
  /** Why a public route needs no authorizer (the cdk-nag suppression's reason). */
  readonly publicBecause?: string;
}[] = [
  { path: '/api/t/{proxy+}', auth: 'staff' },
  // Imports and exports (CSV/XLSX, streaming, larger memory) go to the import function: the tenant
  // app with the `imports` and `catalogue-admin` route groups and exceljs; no other bundle has it.
  { path: '/api/t/imports', auth: 'staff', fn: 'import' },
  { path: '/api/t/imports/{proxy+}', auth: 'staff', fn: 'import' },
  { path: '/api/t/exports/{proxy+}', auth: 'staff', fn: 'import' },
  // The catalogue admin saves services with their pinyin initials (pinyin-pro, only in that bundle).
  { path: '/api/t/services/admin/{proxy+}', auth: 'staff', fn: 'import' },
  // The request lifecycle (办件) and its materials: a function of its own (route group `cases`; no
  // room in the light one), on the same role, which holds the upload bucket.
  { path: '/api/t/cases', auth: 'staff', fn: 'cases' },
  { path: '/api/t/cases/{proxy+}', auth: 'staff', fn: 'cases' },
  { path: '/api/t/materials', auth: 'staff', fn: 'cases' },
  { path: '/api/t/resident/{proxy+}', auth: 'residents' },
  { path: '/api/t/resident/cases', auth: 'residents', fn: 'cases' },
  { path: '/api/t/resident/cases/{proxy+}', auth: 'residents', fn: 'cases' },
  { path: '/api/t/resident/materials', auth: 'residents', fn: 'cases' },
  { path: '/api/t/resident/messages', auth: 'residents', fn: 'cases' },
  { path: '/api/t/resident/services/{code}/prefill', auth: 'residents', fn: 'cases' },
  // Community work (issue 15): its own function (route group `community`).
  { path: '/api/t/community/{proxy+}', auth: 'staff', fn: 'community' },
  { path: '/api/t/resident/community/{proxy+}', auth: 'residents', fn: 'community' },
  {
    path: '/api/t/health',
    auth: 'none',
    publicBecause: 'Liveness probe: returns { ok } only, no tenant data.',
  },
  // Open311 GeoReport v2 (docs/open311.md): public by the specification. The app resolves the
  // district from the slug through the registry, requires a district-issued api_key (stored hashed,
  // naming its tenant) for POST and rate-limits per key. Its own function (route group `open311`).
  {
    path: '/open311/{proxy+}',
    auth: 'none',
    fn: 'open311',
    methods: ['GET', 'POST'],
    publicBecause:
      'Open311 GeoReport v2 is a public interface: the app resolves the district from the path through the registry, writes need a district-issued api_key (hashed, bound to its tenant), reads return no personal data, every call is rate-limited per key or address.',
  },
  // The assisted channels (issue 13): the hotline console and SMS, and the systems calling in.
  { path: '/api/t/hotline/{proxy+}', auth: 'staff', fn: 'channels' },
  { path: '/api/t/sms/{proxy+}', auth: 'staff', fn: 'channels' },
  {
    path: '/api/t/calls',
    auth: 'none',
    fn: 'channels',
    methods: ['POST'],
    publicBecause:
      'A telephony system, not a user: the app checks a district-issued key (stored hashed, naming its tenant) before reading any input.',
  },
  {
    path: '/api/t/sms/inbound/{key}',
    auth: 'none',
    fn: 'channels',
    methods: ['POST'],
    publicBecause:
      'The SMS provider’s SNS subscription, not a user: the path key (district-issued, stored hashed, naming its tenant) is checked first, then the SNS message signature with a certificate from an SNS host only.',
  },
  // The kiosk (docs/kiosk-tv.md): residents without an account sign in with their ID
  // number and an SMS code to the mobile on record; the app checks its own session. Same function.
  {
    path: '/kiosk/{proxy+}',
    auth: 'none',
    fn: 'open311',
    methods: ['GET', 'POST'],
    publicBecause:
      'Kiosk terminals: residents without an account sign in with ID number + an SMS code sent to the mobile on record (rate-limited per address and ID); the app verifies its own sealed session on every filing; the status lookup needs the case number and the applicant mobile’s last 4 digits.',
  },
];

/**
 * Functions of each tenant API that serve route groups of their own (`ROUTE_GROUPS` and
 * `routeGroups` in infra/src/bundling.ts), by the name a `TENANT_ROUTES` entry's `fn` gives: the
 * same tenant app bundled with only its domain's routes, on the tenant API's role and scoped
 * credentials. How to add one: docs/architecture.md, "Route groups".
 */
export const TENANT_GROUP_FUNCTIONS = {
  /** The request lifecycle (办件): cases, materials (the role holds the upload bucket), messages. */
  cases: { entry: 'tenant-cases-api', memorySize: 1024 },
  community: { entry: 'tenant-community-api' },
  /** Open311 GeoReport v2 (`/open311/*`): files and reads cases for district-issued API keys. */
  open311: { entry: 'tenant-open311-api' },
  channels: { entry: 'tenant-channels-api' },
} as const satisfies Record<string, { readonly entry: LambdaFunctionName; readonly memorySize?: number }>;
export type TenantGroupFunction = keyof typeof TENANT_GROUP_FUNCTIONS;

export interface TenantApiProps {
  readonly stage: string;
  /** `linli-<stage>-tenant-api` or `linli-<stage>-tenant-<id>-api`. */
  readonly apiName: string;
  /** The tenant table this API serves (pooled or one silo tenant's). */
  readonly table: dynamodb.ITable;
  readonly controlTable: dynamodb.ITable;
  readonly identity: LinliIdentity;
  /** `$default` stage route throttling. */
  readonly throttle: { readonly rate: number; readonly burst: number };
  /** Set for a silo API: the one tenant it serves (the app refuses any other). */
  readonly siloTenantId?: string;
  /** KMS key wrapping the tenants' data keys (control-plane stack). */
  readonly dataKey: kms.IKey;
  /** HMAC key of page cursors (CURSOR_SECRET, a dynamic reference resolved at deploy). */
  readonly cursorSecret: secretsmanager.ISecret;
  /** Keep the import-upload bucket (and its access logs) on stack deletion. @default true */
  readonly retainData?: boolean;
}

/** Lambda function names are at most 64 characters. */
const FUNCTION_NAME_MAX = 64;

/**
 * Fixed name of the background-import worker of the API named `apiName`: `…-tenant-imports`
 * (pooled) or `…-tenant-<id>-imports` (silo), 64 characters at most with the longest stage.
 * Fixed so the API can invoke it by name and be granted `lambda:InvokeFunction` on an ARN built
 * from the name (a reference to the function would be a cycle: both share one role).
 */
export const importWorkerName = (apiName: string): string => {
  const name = `${apiName.replace(/-api$/, '')}-imports`;
  if (name.length > FUNCTION_NAME_MAX)
    throw new Error(`import worker name "${name}" is longer than ${FUNCTION_NAME_MAX} characters`);
  return name;
};

/** Time limit of one background import (Lambda's maximum). */
export const IMPORT_WORKER_TIMEOUT = Duration.minutes(15);
/** 1769 MB is one full vCPU: parsing, hashing and encrypting 200 MB is CPU-bound. */
export const IMPORT_WORKER_MEMORY_MB = 1769;

/** Control-table reads of the tenant API: membership registry, tenant records, flags. */
export const TENANT_API_CONTROL_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:Query',
  'dynamodb:BatchGetItem',
] as const;

/**
 * Control-table writes of the tenant API, only in the `FLAGS` partition (`@linli/rollout` store):
 * a district's opt-in / opt-out (`OVERRIDE#<tenantId>` + the `CURRENT` pointer, one transaction),
 * first-start seeding (`V#1` + `CURRENT`) and due scheduled changes applied on a version check.
 */
export const TENANT_API_FLAG_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:ConditionCheckItem',
] as const;

/** The partition holding every flag item. */
export const FLAGS_PARTITION = 'FLAGS';
/** Control-table partitions the indicator collector writes (`@linli/indicators` IndicatorStore). */
export const INDICATOR_PARTITIONS = ['INDSNAP#*', 'INDLATEST'] as const;

/**
 * Control-table partition of the import worker's idempotency records (Powertools idempotency,
 * `IMPORT_IDEMPOTENCY_PARTITION` of `@linli/adapters/aws/import-worker`).
 */
export const IMPORT_IDEMPOTENCY_PARTITION = 'IDEMPOTENCY#imports';
/** What the Powertools DynamoDB persistence layer does with its records. */
export const IDEMPOTENCY_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
] as const;

/**
 * Attributes the tenant API may set on a tenant registry item: only its KMS-wrapped data key
 * (`registryWrappedKeyStore.putIfAbsent`, `SET dataKey` under `attribute_not_exists(dataKey)`).
 */
export const WRAPPED_KEY_ATTRIBUTES = ['pk', 'sk', 'dataKey'] as const;

/**
 * The tenant API: Lambda (`functions/tenant-api.ts`) behind an HTTP API with JWT authorizers, and
 * the {@link TenantDataAccessRole} it must assume to read or write tenant items. The Lambda's own
 * role has no DynamoDB access to the tenant table at all, nor any S3 access to the import-upload
 * bucket; the background-import worker shares that role and is invoked by it.
 */
export class TenantApi extends Construct {
  readonly handler: LinliFunction;
  /** Same app and role as `handler`, bundled with exceljs, for `/api/t/imports/*` and `/api/t/exports/*`. */
  readonly importHandler: LinliFunction;
  /** Background imports (`functions/tenant-import-worker.ts`): same role, invoked asynchronously by the API. */
  readonly importWorker: LinliFunction;
  /** Import files uploaded by the browser with a presigned POST, read and deleted by the worker. */
  readonly importBucket: s3.Bucket;
  readonly dataAccess: TenantDataAccessRole;
  readonly http: LinliHttpApi;
  /** 督办: the hourly sweep escalating overdue steps (`functions/case-escalation.ts`), same role. */
  readonly escalation: LinliFunction;
  /** The functions of {@link TENANT_GROUP_FUNCTIONS}: same role as `handler`. */
  readonly groupHandlers: Readonly<Record<string, LinliFunction>>;
  /**
   * The daily indicator collector (`functions/indicator-collector.ts`, EventBridge at 02:00 China
   * time): the stack's districts read through the scoped role, their published aggregates written
   * to the control table's indicator partitions only.
   */
  readonly indicatorCollector: LinliFunction;

  constructor(scope: Construct, id: string, props: TenantApiProps) {
    super(scope, id);
    this.importBucket = new ImportUploads(this, 'ImportUploads', {
      retain: props.retainData ?? true,
    }).bucket;
    const workerName = importWorkerName(props.apiName);
    const tenantEnvironment: Record<string, string> = {
      STAGE: props.stage,
      CONTROL_TABLE: props.controlTable.tableName,
      TENANT_TABLE: props.table.tableName,
      // The session policy the app attaches when assuming the scoped role names these tables.
      TENANT_TABLE_ARNS: props.table.tableArn,
      KMS_KEY_ID: props.dataKey.keyArn,
      CURSOR_SECRET: props.cursorSecret.secretValue.unsafeUnwrap(),
      // Background imports (`awsImports` of @linli/adapters: the bucket, and the worker to start).
      IMPORT_BUCKET: this.importBucket.bucketName,
      IMPORT_WORKER_FUNCTION: workerName,
      ...(props.siloTenantId ? { SILO_TENANT_ID: props.siloTenantId } : {}),
      ...identityEnvironment(props.identity),
    };
    this.handler = new LinliFunction(this, 'Handler', {
      entry: 'tenant-api',
      environment: tenantEnvironment,
    });
    this.dataAccess = new TenantDataAccessRole(this, 'TenantDataAccessRole', {
      roleName: tenantDataRoleName(props.stage, props.siloTenantId),
      table: props.table,
      importBucket: this.importBucket,
      dataKey: props.dataKey,
      assumedBy: this.handler.role,
    });
    this.handler.fn.addEnvironment('TENANT_DATA_ROLE_ARN', this.dataAccess.role.roleArn);
    this.importHandler = new LinliFunction(this, 'ImportHandler', {
      entry: 'tenant-import-api',
      role: this.handler.role,
      memorySize: 1024,
      timeout: Duration.seconds(29),
      environment: { ...tenantEnvironment },
    });
    this.importHandler.fn.addEnvironment('TENANT_DATA_ROLE_ARN', this.dataAccess.role.roleArn);
    const groupHandlers: Record<string, LinliFunction> = {};
    for (const [name, spec] of Object.entries(TENANT_GROUP_FUNCTIONS) as [
      string,
      { entry: LambdaFunctionName; memorySize?: number },
    ][]) {
      const fn = new LinliFunction(this, `${name[0]!.toUpperCase()}${name.slice(1)}Handler`, {
        entry: spec.entry,
        role: this.handler.role,
        ...(spec.memorySize ? { memorySize: spec.memorySize } : {}),
        timeout: Duration.seconds(29),
        environment: { ...tenantEnvironment, TENANT_DATA_ROLE_ARN: this.dataAccess.role.roleArn },
      });
      groupHandlers[name] = fn;
    }
    this.groupHandlers = groupHandlers;

    // 督办: every hour, the pending cases of this table's districts whose step ran over its time
    // limit are escalated (idempotent: once per step), each district with its scoped credentials.
    this.escalation = new LinliFunction(this, 'CaseEscalation', {
      entry: 'case-escalation',
      role: this.handler.role,
      timeout: Duration.minutes(5),
      environment: { ...tenantEnvironment, TENANT_DATA_ROLE_ARN: this.dataAccess.role.roleArn },
    });
    new events.Rule(this, 'CaseEscalationSchedule', {
      description: "Escalates overdue case steps (督办) of this tenant API's districts",
      schedule: events.Schedule.rate(Duration.hours(1)),
      targets: [new targets.LambdaFunction(this.escalation.fn, { retryAttempts: 0 })],
    });

    // The worker runs the same app deps (`@linli/adapters` awsRuntime) with the same role and scoped credentials.
    this.importWorker = new LinliFunction(this, 'ImportWorker', {
      entry: 'tenant-import-worker',
      functionName: workerName,
      role: this.handler.role,
      memorySize: IMPORT_WORKER_MEMORY_MB,
      timeout: IMPORT_WORKER_TIMEOUT,
      environment: { ...tenantEnvironment, TENANT_DATA_ROLE_ARN: this.dataAccess.role.roleArn },
    });
    // No automatic retry: a second delivery would find the job already claimed (no longer queued)
    // and skip it. A failed run marks the job failed, a timed-out one is reported as interrupted,
    // and the user uploads again (idempotent). A timed-out run cannot delete its file: the
    // bucket's 1-day expiry does.
    this.importWorker.fn.configureAsyncInvoke({ retryAttempts: 0 });
    // The API starts the worker (InvocationType Event). The ARN is built from the fixed name: a
    // grantInvoke would make the shared role's policy depend on the function, which depends on
    // the role (a cycle).
    this.handler.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'StartImportWorker',
        actions: ['lambda:InvokeFunction'],
        resources: [
          Stack.of(this).formatArn({
            service: 'lambda',
            resource: 'function',
            resourceName: workerName,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );

    this.indicatorCollector = new LinliFunction(this, 'IndicatorCollector', {
      entry: 'indicator-collector',
      role: this.handler.role,
      timeout: Duration.minutes(10),
      environment: { ...tenantEnvironment, TENANT_DATA_ROLE_ARN: this.dataAccess.role.roleArn },
    });
    new events.Rule(this, 'IndicatorSchedule', {
      description: "Compute the districts' indicator snapshots (aggregates only) once a day",
      schedule: events.Schedule.cron({ minute: '0', hour: '18' }),
      targets: [new targets.LambdaFunction(this.indicatorCollector.fn, { retryAttempts: 1 })],
    });

    // Membership registry and flags: read, never the tenant table.
    props.controlTable.grant(this.handler.role, ...TENANT_API_CONTROL_READ_ACTIONS);
    const controlArns = [props.controlTable.tableArn];
    this.handler.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'FlagPartitionWrites',
        actions: [...TENANT_API_FLAG_WRITE_ACTIONS],
        resources: controlArns,
        conditions: {
          'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [FLAGS_PARTITION] },
          Null: { 'dynamodb:LeadingKeys': 'false' },
        },
      }),
    );
    // The indicator collector (same role) writes snapshots and moves the latest-day pointer, in the
    // indicator partitions only: aggregates, never a registry, membership or flag item.
    this.handler.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'IndicatorSnapshots',
        actions: ['dynamodb:PutItem', 'dynamodb:BatchWriteItem'],
        resources: controlArns,
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...INDICATOR_PARTITIONS] },
          Null: { 'dynamodb:LeadingKeys': 'false' },
        },
      }),
    );
    // The worker (same role) records each job it runs, so a second delivery is not run again.
    this.handler.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ImportIdempotencyRecords',
        actions: [...IDEMPOTENCY_ACTIONS],
        resources: controlArns,
        conditions: {
          'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [IMPORT_IDEMPOTENCY_PARTITION] },
          Null: { 'dynamodb:LeadingKeys': 'false' },
        },
      }),
    );
    this.handler.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WrappedDataKeyOnTenantRecord',
        actions: ['dynamodb:UpdateItem'],
        resources: controlArns,
        conditions: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TENANT#*'] },
          'ForAllValues:StringEquals': { 'dynamodb:Attributes': [...WRAPPED_KEY_ATTRIBUTES] },
          // No old values back (the registry record holds the admin contact).
          StringEqualsIfExists: { 'dynamodb:ReturnValues': ['NONE', 'UPDATED_NEW'] },
          Null: { 'dynamodb:LeadingKeys': 'false' },
        },
      }),
    );
    this.http = new LinliHttpApi(this, 'Http', { apiName: props.apiName, throttle: props.throttle });
    const integration = new HttpLambdaIntegration('Tenant', this.handler.fn);
    const integrations = {
      import: new HttpLambdaIntegration('TenantImport', this.importHandler.fn),
      ...(Object.fromEntries(
        Object.entries(groupHandlers).map(([name, h]) => [
          name,
          new HttpLambdaIntegration(`Tenant-${name}`, h.fn),
        ]),
      ) as Record<TenantGroupFunction, HttpLambdaIntegration>),
    };
    const authorizers: Record<Exclude<RouteAuth, 'none'>, HttpUserPoolAuthorizer> = {
      staff: new HttpUserPoolAuthorizer('Staff', props.identity.staffPool, {
        authorizerName: 'staff',
        userPoolClients: [props.identity.staffClient],
      }),
      residents: new HttpUserPoolAuthorizer('Residents', props.identity.residentPool, {
        authorizerName: 'residents',
        userPoolClients: [props.identity.residentClient],
      }),
    };
    for (const route of TENANT_ROUTES) {
      const routes = this.http.api.addRoutes({
        path: route.path,
        methods:
          route.auth === 'none'
            ? (route.methods ?? ['GET']).map((m) => apigwv2.HttpMethod[m])
            : [apigwv2.HttpMethod.ANY],
        integration: route.fn ? integrations[route.fn] : integration,
        ...(route.auth === 'none' ? {} : { authorizer: authorizers[route.auth] }),
      });
      if (route.auth === 'none') {
        for (const r of routes) {
          NagSuppressions.addResourceSuppressions(r, [
            { id: 'AwsSolutions-APIG4', reason: route.publicBecause ?? 'Public route.' },
          ]);
        }
      }
    }

    NagSuppressions.addResourceSuppressions(
      this.handler.role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'Read-only item access (GetItem/Query/BatchGetItem) to the control table indexes (index/*) for the membership registry and flags.',
          // Only the control table's indexes (imported from the control-plane stack), never the tenant table's.
          appliesTo: [{ regex: '/^Resource::.*ControlTable[0-9A-F]{8}.*\\/index\\/\\*$/g' }],
        },
      ],
      true,
    );
  }
}
