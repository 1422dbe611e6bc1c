import {
  IMPORT_WORKER_MEMORY_MB,
  importWorkerName,
  TENANT_DATA_ACTIONS,
  TENANT_OBJECT_ACTIONS,
  TENANT_OBJECT_KEY_PATTERN,
} from '@linli/infra';
import {
  TENANT_DATA_ACTIONS as SESSION_DATA_ACTIONS,
  TENANT_OBJECT_ACTIONS as SESSION_OBJECT_ACTIONS,
  tenantObjectPrefix,
} from '@linli/tenancy';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import {
  actionMatches,
  type Cfn,
  type FoundStatement,
  identityStatements,
  SILO_TENANT,
  STAGE,
  type Statement,
  statementActions,
  synthLinli,
} from './support.ts';

const { stacks, all, template } = synthLinli();
const silo = stacks.silos[0]!;

// biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, verbatim
const TAG = '${aws:PrincipalTag/tenantId}';

type Resources = Record<string, { Type: string; Properties: Cfn; DeletionPolicy?: string }>;
const resourcesOf = (t: Template) => t.toJSON().Resources as Resources;

/** The one resource of `type` in `t` whose logical id starts with `prefix`. */
const one = (t: Template, type: string, prefix: string) => {
  const found = Object.entries(resourcesOf(t)).filter(([id, r]) => r.Type === type && id.startsWith(prefix));
  expect(found, `${type} ${prefix}`).toHaveLength(1);
  return { id: found[0]![0], ...found[0]![1] };
};

/** Logical ids of the import-upload buckets of a template. */
const uploadBucketIds = (t: Template): string[] =>
  Object.entries(resourcesOf(t))
    .filter(([id, r]) => r.Type === 'AWS::S3::Bucket' && id.startsWith('TenantApiImportUploadsBucket'))
    .map(([id]) => id);

/**
 * Whether a statement's resources can reach one of `bucketIds`: a reference to the bucket (Ref,
 * GetAtt, Fn::Join, a cross-stack import naming its logical id), any S3 wildcard ARN, or `*`.
 */
const reachesBuckets = (s: Statement, bucketIds: readonly string[]): boolean =>
  [s.Resource ?? []].flat().some((r) => {
    const text = JSON.stringify(r);
    if (r === '*' || /arn:[^"]*:s3:::\*/.test(text) || /":s3:::"/.test(text)) return true;
    return bucketIds.some((id) => text.includes(id));
  });

/** Allow statements of `t` that reach one of the buckets with any S3 action (or `*`). */
const s3GrantsOn = (t: Template, bucketIds: readonly string[]): FoundStatement[] =>
  identityStatements(t).filter(
    (f) =>
      f.statement.Effect === 'Allow' &&
      statementActions(f.statement).some((a) => actionMatches(a, 's3:GetObject') || /^s3:/i.test(a)) &&
      reachesBuckets(f.statement, bucketIds),
  );

/** Actions of `s` that amount to listing the bucket or to every S3 action. */
const broadS3Actions = (s: Statement): string[] =>
  statementActions(s).filter(
    (a) =>
      actionMatches(a, 's3:ListBucket') ||
      actionMatches(a, 's3:ListBucketVersions') ||
      actionMatches(a, 's3:PutBucketPolicy') ||
      actionMatches(a, 's3:CreateBucket'),
  );

describe('one action list for code and IAM', () => {
  it('the scoped role grants exactly what the session policy of @linli/tenancy asks for', () => {
    expect([...TENANT_OBJECT_ACTIONS]).toEqual([...SESSION_OBJECT_ACTIONS]);
    expect([...TENANT_OBJECT_ACTIONS].sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
    expect([...TENANT_DATA_ACTIONS].sort()).toEqual([...SESSION_DATA_ACTIONS].sort());
    // The role's key pattern is the app's tenant prefix with the tenant taken from the session tag.
    expect(TENANT_OBJECT_KEY_PATTERN).toBe(`${tenantObjectPrefix(TAG)}*`);
    expect(tenantObjectPrefix('01ABC')).toBe('t/01ABC/');
  });

  it('names the worker within the 64-character limit of Lambda, even with the longest stage', () => {
    expect(importWorkerName(`linli-${STAGE}-tenant-api`)).toBe(`linli-${STAGE}-tenant-imports`);
    const longest = importWorkerName(`linli-${'s'.repeat(16)}-tenant-${SILO_TENANT.toLowerCase()}-api`);
    expect(longest).toHaveLength(64);
    expect(() => importWorkerName(`${'x'.repeat(60)}-api`)).toThrow(/64 characters/);
  });
});

describe.each([
  { name: 'pooled', stack: () => stacks.pooled, worker: `linli-${STAGE}-tenant-imports`, silo: false },
  {
    name: 'silo',
    stack: () => silo,
    worker: `linli-${STAGE}-tenant-${SILO_TENANT.toLowerCase()}-imports`,
    silo: true,
  },
])('$name tenant stack: background imports', ({ stack, worker, silo: isSilo }) => {
  const t = () => template(stack());
  const bucket = () => one(t(), 'AWS::S3::Bucket', 'TenantApiImportUploadsBucket');
  const logBucket = () => one(t(), 'AWS::S3::Bucket', 'TenantApiImportUploadsAccessLogs');
  const fn = (prefix: string) => one(t(), 'AWS::Lambda::Function', prefix);
  const handlerRoleId = () => fn('TenantApiHandlerFn').Properties.Role['Fn::GetAtt'][0] as string;
  const scopedRoleId = () => one(t(), 'AWS::IAM::Role', 'TenantApiTenantDataAccessRole').id;

  it('has one upload bucket: private, SSE-S3, ACLs off, access-logged, retained with the data', () => {
    expect(uploadBucketIds(t())).toHaveLength(1);
    const p = bucket().Properties;
    expect(p.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(p.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    expect(p.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(p.AccessControl).toBeUndefined();
    expect(p.VersioningConfiguration).toBeUndefined(); // a deleted file must be gone, not a noncurrent version
    expect(p.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logBucket().id },
      LogFilePrefix: 'imports/',
    });
    expect(bucket().DeletionPolicy).toBe('Retain'); // retainData: true in the test app
  });

  it('expires every object and every incomplete multipart upload after one day', () => {
    expect(bucket().Properties.LifecycleConfiguration).toEqual({
      Rules: [
        {
          Id: 'ExpireImportFiles',
          Status: 'Enabled',
          ExpirationInDays: 1,
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        },
      ],
    });
  });

  it('allows the browser form POST from any origin, and nothing else cross-origin', () => {
    expect(bucket().Properties.CorsConfiguration).toEqual({
      CorsRules: [
        { AllowedMethods: ['POST'], AllowedOrigins: ['*'], AllowedHeaders: ['content-type'], MaxAge: 3600 },
      ],
    });
  });

  it('its bucket policy only denies non-TLS requests (no Allow for anyone)', () => {
    const policy = one(t(), 'AWS::S3::BucketPolicy', 'TenantApiImportUploadsBucketPolicy').Properties;
    expect(policy.Bucket).toEqual({ Ref: bucket().id });
    const arn = { 'Fn::GetAtt': [bucket().id, 'Arn'] };
    expect(policy.PolicyDocument.Statement).toEqual([
      {
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        Resource: [arn, { 'Fn::Join': ['', [arn, '/*']] }],
      },
    ]);
  });

  it('its access logs go to a private, SSL-only bucket, delivered by the logging service for this bucket only', () => {
    const p = logBucket().Properties;
    expect(p.PublicAccessBlockConfiguration).toEqual(bucket().Properties.PublicAccessBlockConfiguration);
    expect(p.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(p.LifecycleConfiguration).toEqual({ Rules: [{ ExpirationInDays: 180, Status: 'Enabled' }] });
    const policy = one(t(), 'AWS::S3::BucketPolicy', 'TenantApiImportUploadsAccessLogsPolicy').Properties;
    const arn = { 'Fn::GetAtt': [logBucket().id, 'Arn'] };
    expect(policy.PolicyDocument.Statement).toEqual([
      {
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        Resource: [arn, { 'Fn::Join': ['', [arn, '/*']] }],
      },
      {
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: { 'Fn::Join': ['', [arn, '/imports/*']] },
        Condition: {
          ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [bucket().id, 'Arn'] } },
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        },
      },
    ]);
  });

  it('runs the worker for 15 minutes on one vCPU, with the API role, under a fixed name', () => {
    const p = fn('TenantApiImportWorkerFn').Properties;
    expect(p.FunctionName).toBe(worker);
    expect(p.Timeout).toBe(900);
    expect(p.MemorySize).toBe(IMPORT_WORKER_MEMORY_MB);
    expect(IMPORT_WORKER_MEMORY_MB).toBe(1769);
    expect(p.Role).toEqual({ 'Fn::GetAtt': [handlerRoleId(), 'Arn'] });
    expect(p.Architectures).toEqual(['arm64']);
  });

  it('gives the API, the import function and the worker one environment, with the bucket and the worker', () => {
    const env = fn('TenantApiHandlerFn').Properties.Environment.Variables;
    expect(env.IMPORT_BUCKET).toEqual({ Ref: bucket().id });
    expect(env.IMPORT_WORKER_FUNCTION).toBe(worker);
    expect(env.TENANT_DATA_ROLE_ARN).toEqual({ 'Fn::GetAtt': [scopedRoleId(), 'Arn'] });
    expect(env.SILO_TENANT_ID).toEqual(isSilo ? SILO_TENANT : undefined);
    expect(Object.keys(env).sort()).toEqual(
      [
        'STAGE',
        'CONTROL_TABLE',
        'TENANT_TABLE',
        'TENANT_TABLE_ARNS',
        'KMS_KEY_ID',
        'CURSOR_SECRET',
        'IMPORT_BUCKET',
        'IMPORT_WORKER_FUNCTION',
        'STAFF_POOL_ID',
        'STAFF_CLIENT_ID',
        'RESIDENT_POOL_ID',
        'RESIDENT_CLIENT_ID',
        'TENANT_DATA_ROLE_ARN',
        ...(isSilo ? ['SILO_TENANT_ID'] : []),
      ].sort(),
    );
    expect(fn('TenantApiImportHandlerFn').Properties.Environment.Variables).toEqual(env);
    expect(fn('TenantApiImportWorkerFn').Properties.Environment.Variables).toEqual(env);
  });

  it('invokes the worker asynchronously without retries', () => {
    const configs = Object.values(resourcesOf(t())).filter(
      (r) => r.Type === 'AWS::Lambda::EventInvokeConfig',
    );
    expect(configs.map((c) => c.Properties)).toEqual([
      {
        FunctionName: { Ref: fn('TenantApiImportWorkerFn').id },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 0,
      },
    ]);
  });

  it('lets the API role invoke the worker, and no other function', () => {
    const lambda = identityStatements(t())
      .filter((f) => f.roles.includes(handlerRoleId()))
      .map((f) => f.statement)
      .filter((s) => statementActions(s).some((a) => /^lambda:/i.test(a) || a === '*'));
    expect(lambda).toEqual([
      {
        Sid: 'StartImportWorker',
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':lambda:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              `:function:${worker}`,
            ],
          ],
        },
      },
    ]);
    // The ARN names the deployed worker (no wildcard, no alias or version).
    expect(fn('TenantApiImportWorkerFn').Properties.FunctionName).toBe(worker);
    expect(JSON.stringify(lambda[0]!.Resource)).not.toContain('*');
  });

  it("the scoped role reaches the caller tenant's objects only: Put/Get/DeleteObject under t/<tag>/", () => {
    const objects = identityStatements(t())
      .filter((f) => f.roles.includes(scopedRoleId()))
      .map((f) => f.statement)
      .filter((s) => statementActions(s).some((a) => /^s3:/i.test(a)));
    expect(objects).toEqual([
      {
        Sid: 'TenantObjectsOnly',
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket().id, 'Arn'] }, `/t/${TAG}/*`]] },
        Condition: { Null: { 'aws:PrincipalTag/tenantId': 'false' } },
      },
    ]);
    const resource = objects[0]!.Resource as Cfn;
    expect(resource['Fn::Join'][1].at(-1)).toMatch(/\/t\/\$\{aws:PrincipalTag\/tenantId\}\/\*$/);
  });

  it('the API role itself holds no S3 permission at all (only the scoped sessions do)', () => {
    const s3Actions = identityStatements(t())
      .filter((f) => f.roles.includes(handlerRoleId()))
      .flatMap((f) => statementActions(f.statement))
      .filter((a) => /^s3:/i.test(a) || a === '*');
    expect(s3Actions).toEqual([]);
  });
});

describe('across every stack of the app', () => {
  const allUploadBuckets = () => all.flatMap((s) => uploadBucketIds(template(s)));

  it('finds one upload bucket per tenant stack', () => {
    expect(allUploadBuckets()).toHaveLength(1 + stacks.silos.length);
    expect(uploadBucketIds(template(stacks.controlPlane))).toEqual([]);
    expect(uploadBucketIds(template(stacks.web))).toEqual([]);
  });

  it('only the scoped roles hold S3 permissions on an upload bucket, and none lists it or holds s3:*', () => {
    for (const s of all) {
      const grants = s3GrantsOn(template(s), allUploadBuckets());
      const scoped = [stacks.pooled, ...stacks.silos].includes(s as never)
        ? [`${one(template(s), 'AWS::IAM::Role', 'TenantApiTenantDataAccessRole').id}/TenantData`]
        : [];
      expect(
        grants.map((g) => g.holder),
        s.stackName,
      ).toEqual(scoped);
      for (const g of grants) {
        expect(broadS3Actions(g.statement), g.holder).toEqual([]);
        expect(
          statementActions(g.statement).filter((a) => a === '*' || actionMatches(a, 's3:PutBucketAcl')),
          g.holder,
        ).toEqual([]);
        expect([...statementActions(g.statement)].sort(), g.holder).toEqual(
          [...TENANT_OBJECT_ACTIONS].sort(),
        );
      }
    }
  });

  it('the checks catch s3:*, ListBucket and wildcard grants (negative control)', () => {
    const stack = new Stack();
    const leaky = new s3.Bucket(stack, 'TenantApiImportUploadsBucket');
    const reader = new iam.Role(stack, 'Reader', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    leaky.grantRead(reader); // s3:GetObject*, s3:GetBucket*, s3:List*
    const admin = new iam.Role(stack, 'Admin', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    admin.addToPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
    const tpl = Template.fromStack(stack);
    const grants = s3GrantsOn(tpl, uploadBucketIds(tpl));
    expect(grants.map((g) => g.roles[0]!.slice(0, -8)).sort()).toEqual(['Admin', 'Reader']);
    for (const g of grants) expect(broadS3Actions(g.statement).length, g.holder).toBeGreaterThan(0);
  });
});

describe('web client', () => {
  it('may post import files to the pooled upload bucket (CSP connect-src), and to no other bucket', () => {
    const policy = Object.values(resourcesOf(template(stacks.web))).find(
      (r) => r.Type === 'AWS::CloudFront::ResponseHeadersPolicy',
    )!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy;
    const parts = policy.ContentSecurityPolicy['Fn::Join'][1] as Cfn[];
    const text = parts
      .map((p) =>
        typeof p === 'string'
          ? p
          : p['Fn::ImportValue']
            ? `<${String(p['Fn::ImportValue'])
                .replace(/^.*ExportsOutputRef/, '')
                .replace(/[0-9A-F]{16}$/, '')}>`
            : `<${p.Ref}>`,
      )
      .join('');
    const connect = text.split('; ').find((d) => d.startsWith('connect-src '));
    expect(connect).toBe(
      "connect-src 'self' https://cognito-idp.<AWS::Region>.<AWS::URLSuffix> " +
        'https://<TenantApiImportUploadsBucket>.s3.<AWS::Region>.<AWS::URLSuffix>',
    );
    const imported = parts.filter((p) => typeof p !== 'string' && p['Fn::ImportValue']);
    expect(imported).toHaveLength(1);
    expect(imported[0]['Fn::ImportValue']).toMatch(
      new RegExp(
        `^${stacks.pooled.stackName}:ExportsOutputRef${uploadBucketIds(template(stacks.pooled))[0]}`,
      ),
    );
  });
});
