import {
  API_PATH_PATTERNS,
  KIOSK_PATH_PATTERN,
  OPEN311_PATH_PATTERN,
  PORTAL_PATH_PATTERN,
  pooledThrottle,
  SPA_REWRITE_FUNCTION,
  TENANT_ROUTES,
} from '@linli/infra';
import { tierThrottle } from '@linli/tables';
import type { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { type Cfn, synthLinli } from './support.ts';

const { stacks, template } = synthLinli();
const silo = stacks.silos[0]!;

const stageOf = (stack: Stack) => {
  const stages = Object.values(template(stack).findResources('AWS::ApiGatewayV2::Stage'));
  expect(stages).toHaveLength(1);
  return stages[0]!.Properties as Record<string, Cfn>;
};

describe('throttling', () => {
  it('pooled API: the highest tier limits at the gateway (per-tenant limits live in the app)', () => {
    expect(pooledThrottle()).toEqual(tierThrottle.demonstration);
    expect(stageOf(stacks.pooled).DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: tierThrottle.demonstration.rate,
      ThrottlingBurstLimit: tierThrottle.demonstration.burst,
    });
  });
  it("silo API: its tier's limits", () => {
    expect(stageOf(silo).DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: tierThrottle.standard.rate,
      ThrottlingBurstLimit: tierThrottle.standard.burst,
    });
  });
  it('every stage is $default, auto-deployed, with JSON access logs carrying the request id', () => {
    for (const s of [stacks.controlPlane, stacks.pooled, silo]) {
      const stage = stageOf(s);
      expect(stage.StageName).toBe('$default');
      expect(stage.AutoDeploy).toBe(true);
      expect(stage.AccessLogSettings.DestinationArn).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/AccessLogs/), 'Arn'],
      });
      const format = JSON.parse(stage.AccessLogSettings.Format);
      expect(format.requestId).toBe('$context.requestId');
      expect(stage.AccessLogSettings.Format).not.toMatch(
        /\$context\.(authorizer\.claims\.phone|requestBody)/,
      );
    }
  });
});

describe.each([
  { name: 'pooled', stack: () => stacks.pooled },
  { name: 'silo', stack: () => silo },
])('$name tenant API authorizers', ({ stack }) => {
  const t = () => template(stack());
  const authorizers = () => t().findResources('AWS::ApiGatewayV2::Authorizer');

  it('has a JWT authorizer per Cognito pool, with its web client as audience', () => {
    const byName = Object.fromEntries(
      Object.entries(authorizers()).map(([id, a]) => [a.Properties.Name, { id, ...a.Properties }]),
    );
    expect(Object.keys(byName).sort()).toEqual(['residents', 'staff']);
    for (const [name, exportPrefix] of [
      ['staff', 'StaffPool'],
      ['residents', 'ResidentPool'],
    ] as const) {
      const a = byName[name]!;
      expect(a.AuthorizerType).toBe('JWT');
      expect(a.IdentitySource).toEqual(['$request.header.Authorization']);
      expect(JSON.stringify(a.JwtConfiguration.Issuer)).toMatch(
        new RegExp(`cognito-idp.*Ref${exportPrefix}[0-9A-F]{8}`),
      );
      expect(a.JwtConfiguration.Audience).toEqual([
        { 'Fn::ImportValue': expect.stringMatching(new RegExp(`Ref${exportPrefix}Clientweb`)) },
      ]);
    }
  });

  it('routes /api/t/* to the staff authorizer and /api/t/resident/* to the residents one', () => {
    const ids = Object.fromEntries(Object.entries(authorizers()).map(([id, a]) => [a.Properties.Name, id]));
    const routes = Object.values(t().findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties);
    expect(routes).toHaveLength(
      TENANT_ROUTES.reduce((n, r) => n + (r.auth === 'none' ? (r.methods?.length ?? 1) : 1), 0),
    );
    const route = (key: string) => routes.find((r) => r.RouteKey === key);
    expect(route('ANY /api/t/{proxy+}')).toMatchObject({
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: ids.staff },
    });
    expect(route('ANY /api/t/resident/{proxy+}')).toMatchObject({
      AuthorizationType: 'JWT',
      AuthorizerId: { Ref: ids.residents },
    });
    // Unauthenticated: the liveness probe, call events (a district-issued key checked in the app), and Open311 (public by its specification; the app
    // checks the district-issued api_key and answers no personal data — docs/open311.md).
    const open = routes.filter((r) => r.AuthorizationType !== 'JWT').map((r) => r.RouteKey);
    expect(open.sort()).toEqual([
      'GET /api/t/health',
      'GET /kiosk/{proxy+}',
      'GET /open311/{proxy+}',
      'POST /api/t/calls',
      'POST /api/t/sms/inbound/{key}',
      'POST /kiosk/{proxy+}',
      'POST /open311/{proxy+}',
    ]);
    // Open311 is served by its own function (route group `open311`), not the light tenant-api.
    const integrations = t().findResources('AWS::ApiGatewayV2::Integration');
    const fnOf = (key: string) => {
      const ref = JSON.stringify(route(key)!.Target).match(/"Ref":"(\w+)"/)?.[1] ?? '';
      return JSON.stringify(integrations[ref]?.Properties.IntegrationUri);
    };
    expect(fnOf('POST /open311/{proxy+}')).toMatch(/Open311Handler/);
    expect(fnOf('GET /open311/{proxy+}')).toEqual(fnOf('POST /open311/{proxy+}'));
    expect(fnOf('ANY /api/t/{proxy+}')).not.toMatch(/Open311Handler/);
    // Call events (a district-issued key, checked by the app first) go to the channels function.
    expect(fnOf('POST /api/t/calls')).toMatch(/ChannelsHandler/);
    expect(fnOf('ANY /api/t/hotline/{proxy+}')).toEqual(fnOf('POST /api/t/calls'));
    expect(fnOf('POST /api/t/sms/inbound/{key}')).toEqual(fnOf('POST /api/t/calls'));
  });
});

describe('CloudFront', () => {
  const dist = () => {
    const d = Object.values(template(stacks.web).findResources('AWS::CloudFront::Distribution'));
    expect(d).toHaveLength(1);
    return d[0]!.Properties.DistributionConfig as Record<string, Cfn>;
  };
  const originDomain = (originId: string) => dist().Origins.find((o: Cfn) => o.Id === originId).DomainName;

  it('routes /api/t/* to the tenant API before /api/* to the control API', () => {
    const behaviours = dist().CacheBehaviors as Cfn[];
    expect(behaviours.map((b) => b.PathPattern)).toEqual([
      API_PATH_PATTERNS.tenant,
      API_PATH_PATTERNS.control,
      OPEN311_PATH_PATTERN, // Open311 GeoReport v2 on the tenant API (docs/open311.md)
      KIOSK_PATH_PATTERN, // the kiosk's and the TV's public routes on the tenant API
      PORTAL_PATH_PATTERN, // the server-rendered portal (tests/infra/portal-ssr.test.ts)
    ]);
    expect(JSON.stringify(originDomain(behaviours[2].TargetOriginId))).toMatch(/PooledTenant.*TenantApiHttp/);
    expect(JSON.stringify(originDomain(behaviours[0].TargetOriginId))).toMatch(/PooledTenant.*TenantApiHttp/);
    expect(JSON.stringify(originDomain(behaviours[1].TargetOriginId))).toMatch(/ControlPlane.*ControlApi/);
    for (const b of behaviours.slice(0, 2)) {
      expect(b.ViewerProtocolPolicy).toBe('https-only');
      expect(b.AllowedMethods).toHaveLength(7);
      expect(b.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // CachingDisabled
      expect(b.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac'); // AllViewerExceptHostHeader
    }
    for (const o of dist().Origins.filter((x: Cfn) => x.CustomOriginConfig)) {
      expect(o.CustomOriginConfig).toMatchObject({
        OriginProtocolPolicy: 'https-only',
        OriginSSLProtocols: ['TLSv1.2'],
      });
    }
  });

  it('serves the SPA from a private bucket through OAC, with the extension-less fallback', () => {
    const d = dist();
    expect(d.DefaultRootObject).toBe('index.html');
    expect(d.CustomErrorResponses).toBeUndefined(); // would rewrite API 404s too
    const s3Origin = d.Origins.find((o: Cfn) => o.Id === d.DefaultCacheBehavior.TargetOriginId);
    expect(s3Origin.S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    expect(d.DefaultCacheBehavior.FunctionAssociations).toEqual([
      {
        EventType: 'viewer-request',
        FunctionARN: { 'Fn::GetAtt': [expect.stringMatching(/SpaRewrite/), 'FunctionARN'] },
      },
    ]);
    template(stacks.web).hasResourceProperties('AWS::CloudFront::Function', {
      FunctionCode: SPA_REWRITE_FUNCTION,
    });
    template(stacks.web).hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 's3/' }),
    });
    template(stacks.web).hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
          }),
        ]),
      },
    });
    expect(d.Logging).toMatchObject({ Prefix: 'cloudfront/' });
  });

  it('the SPA rewrite keeps files and rewrites client routes', () => {
    const handler = new Function(`${SPA_REWRITE_FUNCTION}; return handler;`)() as (e: unknown) => {
      uri: string;
    };
    const uri = (u: string) => handler({ request: { uri: u } }).uri;
    expect(uri('/assets/app.4f2a.js')).toBe('/assets/app.4f2a.js');
    expect(uri('/t/dongcheng-110101/notices')).toBe('/index.html');
    expect(uri('/')).toBe('/index.html');
    expect(uri('/v1.2/page')).toBe('/index.html');
  });

  it('adds security headers on every behaviour', () => {
    const d = dist();
    const policy = d.DefaultCacheBehavior.ResponseHeadersPolicyId;
    for (const b of d.CacheBehaviors) expect(b.ResponseHeadersPolicyId).toEqual(policy);
    const headers = Object.values(
      template(stacks.web).findResources('AWS::CloudFront::ResponseHeadersPolicy'),
    )[0]!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers.StrictTransportSecurity).toMatchObject({
      AccessControlMaxAgeSec: 31536000,
      IncludeSubdomains: true,
    });
    expect(headers.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    expect(headers.ContentTypeOptions).toMatchObject({ Override: true });
    expect(headers.ReferrerPolicy).toMatchObject({ ReferrerPolicy: 'strict-origin-when-cross-origin' });
    expect(JSON.stringify(headers.ContentSecurityPolicy)).toMatch(/frame-ancestors 'none'/);
  });
});
