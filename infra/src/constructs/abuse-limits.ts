/**
 * The anonymous and code-sending endpoints' limits in AWS (issue 11), the same intent as the app's
 * DynamoDB counters (`@linli/api` RATE_RULES), at three layers that stop traffic before a
 * function runs:
 * - API Gateway route throttling on the control API's anonymous routes (all callers together);
 * - a WAF web ACL with rate-based rules per source address on the CloudFront distribution
 *   (CLOUDFRONT scope, so it lives in us-east-1: `WafStack`); WAF cannot attach to HTTP APIs;
 * - a regional WAF web ACL on both Cognito user pools, where sign-in and sign-up (SMS codes) go
 *   straight from the browser.
 */
import { Stack, Token } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { LinliHttpApi } from './http-api.ts';

/** Requests per 5 minutes per source address (WAF's rate-based rules count over 5 minutes). */
export const WAF_RATE_LIMITS = {
  /** Join drafts, codes, applications, invitations, resident registration: anonymous. */
  anonymous: 100,
  /** Cognito sign-in, sign-up, code resends at the user pools. */
  userPools: 300,
  /** Anything through CloudFront (the web client, both APIs). */
  overall: 3000,
} as const;

/** URI prefixes of the anonymous API routes (the rate-based rule's scope-down). */
export const ANONYMOUS_PATH_PREFIXES = ['/api/join/', '/api/public/'] as const;

/**
 * The control API's anonymous routes with their own throttling (requests per second for all
 * callers together, and burst). They get explicit routes so the stage can name them.
 */
export const ANONYMOUS_ROUTE_THROTTLES: readonly {
  readonly method: apigwv2.HttpMethod;
  readonly path: string;
  readonly rate: number;
  readonly burst: number;
}[] = [
  { method: apigwv2.HttpMethod.POST, path: '/api/join/drafts', rate: 5, burst: 10 },
  { method: apigwv2.HttpMethod.POST, path: '/api/join/drafts/{id}/code', rate: 2, burst: 5 },
  { method: apigwv2.HttpMethod.POST, path: '/api/join/drafts/{id}/verify', rate: 5, burst: 10 },
  { method: apigwv2.HttpMethod.POST, path: '/api/join/applications', rate: 2, burst: 5 },
  { method: apigwv2.HttpMethod.POST, path: '/api/public/districts/{slug}/residents', rate: 10, burst: 20 },
];

/** Adds the throttled anonymous routes to the control API (same integration as its catch-all). */
export const throttleAnonymousRoutes = (
  http: LinliHttpApi,
  integration: HttpLambdaIntegration,
): apigwv2.HttpRoute[] => {
  const routes = ANONYMOUS_ROUTE_THROTTLES.flatMap((r) =>
    http.api.addRoutes({ path: r.path, methods: [r.method], integration }),
  );
  const stage = http.stage.node.defaultChild as apigwv2.CfnStage;
  stage.routeSettings = Object.fromEntries(
    ANONYMOUS_ROUTE_THROTTLES.map((r) => [
      `${r.method} ${r.path}`,
      // A JSON map in CloudFormation: its keys are written as CloudFormation spells them.
      { ThrottlingRateLimit: r.rate, ThrottlingBurstLimit: r.burst },
    ]),
  );
  // Route settings name routes by key: deploy the stage after them.
  for (const route of routes) stage.addDependency(route.node.defaultChild as apigwv2.CfnRoute);
  return routes;
};

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: true,
});

/** 429 with Retry-After, as the app answers. */
const tooMany: wafv2.CfnWebACL.RuleActionProperty = {
  block: {
    customResponse: {
      responseCode: 429,
      responseHeaders: [{ name: 'Retry-After', value: '300' }],
    },
  },
};

const startsWith = (prefix: string): wafv2.CfnWebACL.StatementProperty => ({
  byteMatchStatement: {
    fieldToMatch: { uriPath: {} },
    positionalConstraint: 'STARTS_WITH',
    searchString: prefix,
    textTransformations: [{ priority: 0, type: 'NONE' }],
  },
});

const rateRule = (
  name: string,
  priority: number,
  limit: number,
  scopeDown?: wafv2.CfnWebACL.StatementProperty,
): wafv2.CfnWebACL.RuleProperty => ({
  name,
  priority,
  action: tooMany,
  statement: {
    rateBasedStatement: {
      limit,
      aggregateKeyType: 'IP',
      evaluationWindowSec: 300,
      ...(scopeDown ? { scopeDownStatement: scopeDown } : {}),
    },
  },
  visibilityConfig: visibility(name),
});

/** The CLOUDFRONT-scope web ACL (create it in a us-east-1 stack). */
export class CloudFrontAbuseAcl extends Construct {
  readonly acl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: { readonly stage: string }) {
    super(scope, id);
    const region = Stack.of(this).region;
    if (!Token.isUnresolved(region) && region !== 'us-east-1')
      throw new Error('a CLOUDFRONT web ACL must be created in us-east-1');
    this.acl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `linli-${props.stage}-cloudfront`,
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`linli-${props.stage}-cloudfront`),
      rules: [
        rateRule('anonymous-per-address', 0, WAF_RATE_LIMITS.anonymous, {
          orStatement: { statements: ANONYMOUS_PATH_PREFIXES.map(startsWith) },
        }),
        rateRule('all-per-address', 1, WAF_RATE_LIMITS.overall),
      ],
    });
  }
}

/** A REGIONAL web ACL on the user pools: sign-in and sign-up per source address. */
export class UserPoolAbuseAcl extends Construct {
  readonly acl: wafv2.CfnWebACL;

  constructor(
    scope: Construct,
    id: string,
    props: { readonly stage: string; readonly pools: readonly cognito.IUserPool[] },
  ) {
    super(scope, id);
    this.acl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `linli-${props.stage}-user-pools`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`linli-${props.stage}-user-pools`),
      rules: [rateRule('sign-in-per-address', 0, WAF_RATE_LIMITS.userPools)],
    });
    props.pools.forEach((pool, i) => {
      new wafv2.CfnWebACLAssociation(this, `Pool${i}`, {
        resourceArn: pool.userPoolArn,
        webAclArn: this.acl.attrArn,
      });
    });
  }
}
