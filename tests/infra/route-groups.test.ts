/**
 * Each HTTP function bundles exactly the route groups whose paths API Gateway sends it.
 *
 * The truth on each side is read, not restated: every route of every group (`ROUTE_GROUPS`) is
 * registered on an app of its own, and every API Gateway route and the function behind it come
 * from the synthesized stacks. A route that API Gateway sends to a function not bundling its group
 * would answer 404 in AWS only (locally one process serves every group); a group that no path of a
 * function reaches is weight on that function's every cold start.
 */

import { lambdaFunctions, ROUTE_GROUPS, type RouteGroup } from '@linli/infra';
import { describe, expect, it } from 'vitest';
import type { ApiDeps } from '../../packages/api/src/deps.ts';
import { newApp } from '../../packages/api/src/http.ts';
import { type Cfn, synthLinli } from './support.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'ANY';
interface GatewayRoute {
  readonly method: Method;
  readonly path: string;
  readonly entry: string;
}

/** Every API Gateway route of a stack with the function (`functions/<entry>.ts`) it invokes. */
const gatewayRoutes = (template: Cfn): GatewayRoute[] => {
  const resources = template.toJSON().Resources as Record<string, Cfn>;
  const entryOfFunction = (fnId: string) =>
    /^functions\/([\w-]+)\.ts$/.exec(resources[fnId]?.Properties?.Description ?? '')?.[1];
  const out: GatewayRoute[] = [];
  for (const r of Object.values(resources)) {
    if (r.Type !== 'AWS::ApiGatewayV2::Route') continue;
    const [method, path] = (r.Properties.RouteKey as string).split(' ') as [Method, string];
    const integrationId = (r.Properties.Target['Fn::Join'][1] as Cfn[]).find((p) => p?.Ref)?.Ref as string;
    const uri = resources[integrationId]?.Properties?.IntegrationUri;
    const entry = entryOfFunction(uri?.['Fn::GetAtt']?.[0]);
    if (!entry) throw new Error(`no function behind ${method} ${path}`);
    out.push({ method, path, entry });
  }
  return out;
};

/** API Gateway's choice for a request: an exact route, then path variables, then the longest greedy prefix. */
const routeFor = (
  routes: readonly GatewayRoute[],
  method: string,
  path: string,
): GatewayRoute | undefined => {
  const segments = path.split('/');
  const score = (r: GatewayRoute): number[] | undefined => {
    if (r.method !== 'ANY' && r.method !== method) return undefined;
    const tpl = r.path.split('/');
    const greedy = tpl.at(-1)?.endsWith('+}') ?? false;
    const fixed = greedy ? tpl.slice(0, -1) : tpl;
    if (greedy ? segments.length <= fixed.length : segments.length !== tpl.length) return undefined;
    let literal = 0;
    for (const [i, t] of fixed.entries()) {
      if (/^\{.+\}$/.test(t)) continue;
      if (t !== segments[i]) return undefined;
      literal++;
    }
    return [greedy ? 0 : 1, literal, r.method === 'ANY' ? 0 : 1];
  };
  const beats = (a: number[], b: number[]) => {
    const i = a.findIndex((v, k) => v !== b[k]);
    return i >= 0 && a[i]! > b[i]!;
  };
  let best: { r: GatewayRoute; s: number[] } | undefined;
  for (const r of routes) {
    const s = score(r);
    if (s && (!best || beats(s, best.s))) best = { r, s };
  }
  return best?.r;
};

// Registering routes touches none of the deps' services.
const deps = {
  mode: 'aws',
  region: 'test',
  pools: { staff: {}, residents: {} },
  modulesFor: () => [],
} as unknown as ApiDeps;

/** `METHOD /concrete/path` of every route a group registers (parameters filled with a sample). */
const groupRoutes = async (group: RouteGroup): Promise<{ method: string; path: string }[]> => {
  const { module, register } = ROUTE_GROUPS[group];
  const mod = (await import(`../../packages/api/src/${module}`)) as Record<
    string,
    (app: unknown, d: ApiDeps) => void
  >;
  const app = newApp();
  mod[register]!(app, deps);
  return app.routes
    .filter((r) => r.method !== 'ALL')
    .map((r) => ({ method: r.method, path: r.path.replace(/:[^/]+/g, 'x1') }));
};

const { stacks, template } = synthLinli();
const gateway = {
  control: gatewayRoutes(template(stacks.controlPlane)),
  tenant: gatewayRoutes(template(stacks.pooled)),
};
const apiOf = (path: string) => (/^\/(api\/t|open311|kiosk)\//.test(path) ? gateway.tenant : gateway.control);
const served = (entry: string): readonly RouteGroup[] =>
  (lambdaFunctions as Record<string, { routeGroups?: readonly RouteGroup[] }>)[entry]?.routeGroups ?? [];

describe('route groups and API Gateway', () => {
  it('reads the gateway of both APIs', () => {
    expect(gateway.tenant.some((r) => r.path === '/api/t/{proxy+}' && r.entry === 'tenant-api')).toBe(true);
    expect(gateway.control.some((r) => r.path === '/api/{proxy+}' && r.entry === 'control-api')).toBe(true);
  });

  it('picks routes as API Gateway does', () => {
    const routes = gateway.tenant;
    expect(routeFor(routes, 'GET', '/api/t/residents')?.entry).toBe('tenant-api');
    expect(routeFor(routes, 'GET', '/api/t/resident/cases/x1/rating')?.entry).toBe('tenant-cases-api');
    expect(routeFor(routes, 'GET', '/api/t/resident/profile')?.entry).toBe('tenant-api');
    expect(routeFor(routes, 'POST', '/api/t/sms/inbound/x1')?.entry).toBe('tenant-channels-api');
    expect(routeFor(routes, 'GET', '/api/t/imports')?.entry).toBe('tenant-import-api');
    expect(routeFor(gateway.control, 'GET', '/api/ministry/indicators/table')?.entry).toBe('ministry-api');
    expect(routeFor(gateway.control, 'GET', '/api/ministry/tenants')?.entry).toBe('control-api');
  });

  const groups = Object.keys(ROUTE_GROUPS) as RouteGroup[];

  it.each(groups)('every route of %s reaches a function that bundles it', async (group) => {
    const routes = await groupRoutes(group);
    expect(routes.length, `${group} registers routes`).toBeGreaterThan(0);
    for (const { method, path } of routes) {
      const target = routeFor(apiOf(path), method, path);
      expect(target, `${method} ${path}: no API Gateway route`).toBeDefined();
      expect(
        served(target!.entry),
        `${method} ${path} → ${target!.entry}, which does not bundle ${group}`,
      ).toContain(group);
    }
  });

  it('every group a function bundles is reached by a path of that function', async () => {
    const reached = new Map<string, Set<RouteGroup>>();
    for (const group of groups)
      for (const { method, path } of await groupRoutes(group)) {
        const entry = routeFor(apiOf(path), method, path)?.entry;
        if (entry) reached.set(entry, (reached.get(entry) ?? new Set()).add(group));
      }
    for (const [entry, spec] of Object.entries(lambdaFunctions) as [string, { routeGroups?: RouteGroup[] }][])
      for (const group of spec.routeGroups ?? [])
        expect(reached.get(entry)?.has(group), `${entry} bundles ${group}, which no path of it reaches`).toBe(
          true,
        );
  });
});
