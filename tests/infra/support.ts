import { buildLinli, type LinliStacks } from '@linli/infra';
import { App, Aspects, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';

/** CloudFormation template JSON: untyped by nature, so assertions read it through this one alias. */
// biome-ignore lint/suspicious/noExplicitAny: synthesized CloudFormation JSON has no static type
export type Cfn = any;

export const STAGE = 'test';
/** Example silo district (a valid ULID) on the `standard` tier, so its limits differ from the pool's. */
export const SILO_TENANT = '01JD2Z6Y0000000000000DEM0A';

export interface Synthesized {
  readonly app: App;
  readonly stacks: LinliStacks;
  readonly all: readonly Stack[];
  readonly template: (stack: Stack) => Template;
}

/**
 * Build the whole Linli app for assertions. `bundle: false` sets CDK's own
 * `aws:cdk:bundling-stacks` context to skip esbuild (fast); `synth.test.ts` bundles for real.
 */
export const synthLinli = (opts: { bundle?: boolean; nag?: boolean } = {}): Synthesized => {
  const app = new App({
    context: {
      ...(opts.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      '@aws-cdk/core:defaultCrossStackReferences': 'strong',
    },
  });
  const stacks = buildLinli(app, {
    stage: STAGE,
    siloTenants: [{ tenantId: SILO_TENANT, tier: 'standard' }],
    retainData: true,
  });
  if (opts.nag) Aspects.of(app).add(new AwsSolutionsChecks());
  const cache = new Map<Stack, Template>();
  const template = (stack: Stack) => {
    let t = cache.get(stack);
    if (!t) {
      t = Template.fromStack(stack);
      cache.set(stack, t);
    }
    return t;
  };
  return {
    app,
    stacks,
    all: [stacks.controlPlane, stacks.pooled, ...stacks.silos, stacks.waf, stacks.web],
    template,
  };
};

// ---------------------------------------------------------------------------------------------
// IAM policy inspection
// ---------------------------------------------------------------------------------------------

export interface Statement {
  readonly Effect: string;
  readonly Action?: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: Record<string, unknown>;
  readonly Principal?: unknown;
  readonly Sid?: string;
}

export interface FoundStatement {
  /** Logical id of the policy / role holding it. */
  readonly holder: string;
  /** Roles the statement applies to (Ref / logical ids). */
  readonly roles: readonly string[];
  readonly statement: Statement;
}

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Every identity-policy statement in a template: AWS::IAM::Policy, ManagedPolicy and inline role policies. */
export const identityStatements = (template: Template): FoundStatement[] => {
  const out: FoundStatement[] = [];
  const resources = template.toJSON().Resources as Record<string, { Type: string; Properties?: Cfn }>;
  for (const [id, res] of Object.entries(resources)) {
    const p = res.Properties ?? {};
    if (res.Type === 'AWS::IAM::Policy' || res.Type === 'AWS::IAM::ManagedPolicy') {
      const roles = asArray(p.Roles).map((r: Cfn) => r?.Ref ?? JSON.stringify(r));
      for (const s of asArray<Statement>(p.PolicyDocument?.Statement))
        out.push({ holder: id, roles, statement: s });
    }
    if (res.Type === 'AWS::IAM::Role') {
      for (const policy of asArray<Cfn>(p.Policies)) {
        for (const s of asArray<Statement>(policy.PolicyDocument?.Statement)) {
          out.push({ holder: `${id}/${policy.PolicyName}`, roles: [id], statement: s });
        }
      }
    }
  }
  return out;
};

/** IAM action glob match (`dynamodb:*`, `dynamodb:Sc*`, `*`), case-insensitive like IAM. */
export const actionMatches = (pattern: string, action: string): boolean => {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(action);
};

export const statementActions = (s: Statement): string[] => asArray(s.Action);

/** Logical ids of DynamoDB tables whose name is a tenant table (pooled or silo) of the stage. */
export const tenantTableIds = (template: Template): string[] => {
  const tables = template.findResources('AWS::DynamoDB::Table') as Record<string, { Properties: Cfn }>;
  return Object.entries(tables)
    .filter(([, t]) => /-tenant-/.test(String(t.Properties.TableName)))
    .map(([id]) => id);
};

/**
 * Whether a statement's resources can reach one of the given tables: a reference to the table
 * (Cfn Fn::GetAtt / Ref / Fn::Join mentioning its logical id or a cross-stack import of it), a
 * literal ARN naming a tenant table, or a wildcard.
 */
export const reachesTables = (s: Statement, tableIds: readonly string[]): boolean =>
  asArray(s.Resource as unknown).some((r) => {
    const text = JSON.stringify(r);
    if (r === '*' || /^"arn:[^"]*:dynamodb:[^"]*:\*/.test(text) || /table\/\*/.test(text)) return true;
    if (/-tenant-/.test(text)) return true;
    return tableIds.some((id) => text.includes(`"${id}"`) || text.includes(`${id}`));
  });
