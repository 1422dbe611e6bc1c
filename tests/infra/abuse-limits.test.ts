/**
 * Issue 11 in AWS: the anonymous and code-sending endpoints are limited before a function runs —
 * route throttling on the control API, a rate-based WAF rule per source address on CloudFront
 * (a us-east-1 stack, read by the web stack) and on the user pools — and every API function gets
 * the deploy-time page-cursor key.
 */
import {
  ANONYMOUS_PATH_PREFIXES,
  ANONYMOUS_ROUTE_THROTTLES,
  WAF_RATE_LIMITS,
  webAclParameterName,
} from '@linli/infra';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { type Cfn, STAGE, synthLinli } from './support.ts';

const { stacks, template } = synthLinli();

const rulesOf = (acl: Cfn) => Object.fromEntries((acl.Properties.Rules as Cfn[]).map((r) => [r.Name, r]));

describe('CloudFront web ACL (us-east-1)', () => {
  const waf = () => template(stacks.waf);

  it('lives in us-east-1 with CLOUDFRONT scope and rate-based rules per source address', () => {
    expect(stacks.waf.region).toBe('us-east-1');
    const acls = Object.values(waf().findResources('AWS::WAFv2::WebACL'));
    expect(acls).toHaveLength(1);
    const acl = acls[0]!;
    expect(acl.Properties.Scope).toBe('CLOUDFRONT');
    expect(acl.Properties.DefaultAction).toEqual({ Allow: {} });
    const rules = rulesOf(acl);
    const anon = rules['anonymous-per-address'].Statement.RateBasedStatement;
    expect(anon).toMatchObject({
      Limit: WAF_RATE_LIMITS.anonymous,
      AggregateKeyType: 'IP',
      EvaluationWindowSec: 300,
    });
    const prefixes = anon.ScopeDownStatement.OrStatement.Statements.map(
      (s: Cfn) => s.ByteMatchStatement.SearchString,
    );
    expect(prefixes).toEqual([...ANONYMOUS_PATH_PREFIXES]);
    expect(rules['all-per-address'].Statement.RateBasedStatement).toMatchObject({
      Limit: WAF_RATE_LIMITS.overall,
      AggregateKeyType: 'IP',
    });
    // Blocked requests answer as the app does: 429 with Retry-After.
    for (const r of Object.values(rules) as Cfn[])
      expect(r.Action.Block.CustomResponse).toMatchObject({
        ResponseCode: 429,
        ResponseHeaders: [{ Name: 'Retry-After', Value: '300' }],
      });
  });

  it('publishes its ARN where the web stack reads it, and the distribution uses it', () => {
    waf().hasResourceProperties('AWS::SSM::Parameter', {
      Name: webAclParameterName(STAGE),
      Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('WebAcl'), 'Arn'] },
    });
    const web = template(stacks.web);
    const reader = Object.values(web.findResources('Custom::AWS'))[0];
    expect(JSON.stringify(reader?.Properties.Create ?? reader?.Properties.Update)).toContain(
      webAclParameterName(STAGE),
    );
    expect(JSON.stringify(reader?.Properties.Update)).toContain('us-east-1');
    const dist = Object.values(web.findResources('AWS::CloudFront::Distribution'))[0]!;
    expect(dist.Properties.DistributionConfig.WebACLId).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/WebAclArn/), 'Parameter.Value'],
    });
    expect(stacks.web.dependencies).toContain(stacks.waf);
  });
});

describe('control API and user pools', () => {
  const control = () => template(stacks.controlPlane);

  it('throttles each anonymous route on its own', () => {
    const stage = Object.values(control().findResources('AWS::ApiGatewayV2::Stage'))[0]!;
    const settings = stage.Properties.RouteSettings as Record<string, Cfn>;
    for (const r of ANONYMOUS_ROUTE_THROTTLES)
      expect(settings[`${r.method} ${r.path}`], `${r.method} ${r.path}`).toEqual({
        ThrottlingRateLimit: r.rate,
        ThrottlingBurstLimit: r.burst,
      });
    const keys = Object.values(control().findResources('AWS::ApiGatewayV2::Route')).map(
      (x) => x.Properties.RouteKey,
    );
    for (const r of ANONYMOUS_ROUTE_THROTTLES) expect(keys).toContain(`${r.method} ${r.path}`);
    expect(keys).toContain('ANY /api/{proxy+}');
  });

  it('puts a regional rate-based web ACL on both user pools (sign-in, sign-up codes)', () => {
    const acl = Object.entries(control().findResources('AWS::WAFv2::WebACL'));
    expect(acl).toHaveLength(1);
    const [aclId, def] = acl[0]!;
    expect(def.Properties.Scope).toBe('REGIONAL');
    expect(rulesOf(def)['sign-in-per-address'].Statement.RateBasedStatement).toMatchObject({
      Limit: WAF_RATE_LIMITS.userPools,
      AggregateKeyType: 'IP',
    });
    const associated = Object.values(control().findResources('AWS::WAFv2::WebACLAssociation')).map(
      (a) => a.Properties,
    );
    const pools = Object.keys(control().findResources('AWS::Cognito::UserPool'));
    expect(pools).toHaveLength(2);
    for (const pool of pools)
      expect(associated).toContainEqual({
        ResourceArn: { 'Fn::GetAtt': [pool, 'Arn'] },
        WebACLArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
      });
  });
});

describe('page-cursor key', () => {
  it('is generated at deploy and given to every API function as a dynamic reference', () => {
    const secret = Object.keys(
      template(stacks.controlPlane).findResources('AWS::SecretsManager::Secret'),
    ).find((id) => id.startsWith('CursorSecret'));
    expect(secret).toBeDefined();
    const fns = [
      ...Object.entries(template(stacks.controlPlane).findResources('AWS::Lambda::Function')).filter(([id]) =>
        id.startsWith('ControlApiHandler'),
      ),
      ...Object.entries(template(stacks.pooled).findResources('AWS::Lambda::Function')).filter(([id]) =>
        /TenantApi(Handler|ImportHandler)/.test(id),
      ),
    ];
    expect(fns.length).toBeGreaterThanOrEqual(3);
    for (const [id, fn] of fns) {
      const v = JSON.stringify(fn.Properties.Environment.Variables.CURSOR_SECRET);
      expect(v, id).toContain('resolve:secretsmanager');
    }
  });
});
