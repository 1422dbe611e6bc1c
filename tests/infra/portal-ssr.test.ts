import { lambdaFunctions, PORTAL_PATH_PATTERN, PORTAL_ROUTE } from '@linli/infra';
import { describe, expect, it } from 'vitest';
import { type Cfn, identityStatements, synthLinli } from './support.ts';

/**
 * The resident portal's first screen is rendered on the server in AWS as it is locally: CloudFront
 * sends `/t/*` to the control HTTP API's `GET /t/{proxy+}` route, served by the `portal-ssr`
 * Lambda (functions/portal-ssr.ts, the same `@linli/web/portal-server` app the local gateway
 * mounts), which reads the control table and nothing else.
 */
const { stacks, template } = synthLinli();
const control = () => template(stacks.controlPlane);

const portalFunction = () => {
  const fns = Object.entries(control().findResources('AWS::Lambda::Function')).filter(([id]) =>
    id.startsWith('PortalSsrHandler'),
  );
  expect(fns).toHaveLength(1);
  return { id: fns[0]![0], props: fns[0]![1].Properties as Record<string, Cfn> };
};

describe('server-rendered resident portal', () => {
  it('is a bundled function with its own size budget and the page template', () => {
    expect(lambdaFunctions['portal-ssr']).toMatchObject({ portal: true });
    const { props } = portalFunction();
    expect(props.Handler).toBe('index.handler');
    expect(props.Runtime).toBe('nodejs24.x');
    expect(props.MemorySize).toBe(1024);
  });

  it('serves GET and HEAD on /t/{proxy+} of the control HTTP API, without an authorizer', () => {
    const routes = Object.values(control().findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties as Record<string, Cfn>,
    );
    const portal = routes.filter((r) => String(r.RouteKey).endsWith(` ${PORTAL_ROUTE}`));
    expect(portal.map((r) => r.RouteKey).sort()).toEqual([`GET ${PORTAL_ROUTE}`, `HEAD ${PORTAL_ROUTE}`]);
    for (const r of portal) expect(r.AuthorizationType ?? 'NONE').toBe('NONE');
    const integrations = control().findResources('AWS::ApiGatewayV2::Integration');
    const { id } = portalFunction();
    for (const r of portal) {
      const target = String(r.Target['Fn::Join'][1][1].Ref);
      expect(JSON.stringify(integrations[target]!.Properties.IntegrationUri)).toContain(id);
    }
  });

  it('reads the control table, writes its logs and traces, nothing else', () => {
    const { props } = portalFunction();
    const roleId = props.Role['Fn::GetAtt'][0] as string;
    const statements = identityStatements(control()).filter((s) => s.roles.includes(roleId));
    const actions = statements.flatMap((s) => [s.statement.Action].flat() as string[]);
    expect(actions.filter((a) => a.startsWith('dynamodb:')).length).toBeGreaterThan(0);
    for (const a of actions)
      expect(a).toMatch(
        /^(dynamodb:(BatchGet|Get|Query|Scan|ConditionCheck|Describe)|logs:(CreateLogStream|PutLogEvents)$|xray:(PutTraceSegments|PutTelemetryRecords)$)/,
      );
  });

  it('is reached through CloudFront /t/*: GET/HEAD, HTTPS, uncached, compressed', () => {
    const dist = Object.values(template(stacks.web).findResources('AWS::CloudFront::Distribution'))[0]!
      .Properties.DistributionConfig as Record<string, Cfn>;
    const b = (dist.CacheBehaviors as Cfn[]).find((x) => x.PathPattern === PORTAL_PATH_PATTERN);
    expect(b).toBeDefined();
    expect(b.AllowedMethods.sort()).toEqual(['GET', 'HEAD']);
    expect(b.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(b.Compress).toBe(true);
    expect(b.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // CachingDisabled
    const origin = (dist.Origins as Cfn[]).find((o) => o.Id === b.TargetOriginId);
    expect(JSON.stringify(origin.DomainName)).toMatch(/ControlPlane.*ControlApi/);
    // The SPA rewrite (index.html for extension-less paths) is never applied to portal pages.
    expect(b.FunctionAssociations).toBeUndefined();
  });
});
