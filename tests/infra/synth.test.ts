import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { lambdaRuntimeFiles, parseSiloTenants, repoRoot, TENANT_GROUP_FUNCTIONS } from '@linli/infra';
import { afterAll, describe, expect, it } from 'vitest';
import { type Cfn, SILO_TENANT, synthLinli } from './support.ts';

const outdirs: string[] = [];
afterAll(() => {
  for (const d of outdirs) rmSync(d, { recursive: true, force: true });
});

describe('real synthesis with esbuild bundling', () => {
  const { app, stacks } = synthLinli({ bundle: true });
  const outdir = () => {
    const assembly = app.synth();
    return assembly.directory;
  };

  it('bundles every function into a self-contained ESM file that loads and exports a handler', async () => {
    const dir = outdir();
    const functions = [stacks.controlPlane, stacks.pooled, ...stacks.silos].flatMap((s) => {
      const tpl = JSON.parse(readFileSync(join(dir, s.templateFile), 'utf8'));
      return Object.entries(tpl.Resources as Record<string, Cfn>)
        .filter(([, r]) => r.Type === 'AWS::Lambda::Function')
        .map(([id, r]) => ({
          stack: s.stackName,
          id,
          props: r.Properties,
          asset: `asset.${String(r.Properties.Code.S3Key).replace(/\.zip$/, '')}`,
        }));
    });
    expect(functions.map((f) => `${f.stack}/${f.id.replace(/[0-9A-F]{8}$/, '')}`).sort()).toEqual(
      [
        `${stacks.controlPlane.stackName}/ControlApiHandlerFn`,
        `${stacks.controlPlane.stackName}/FlagSchedulerFn`,
        `${stacks.controlPlane.stackName}/MinistryApiHandlerFn`,
        `${stacks.controlPlane.stackName}/PortalSsrHandlerFn`,
        `${stacks.controlPlane.stackName}/PreTokenGenerationFn`,
        `${stacks.controlPlane.stackName}/ResidentAuthCreateFn`,
        `${stacks.controlPlane.stackName}/ResidentAuthDefineFn`,
        `${stacks.controlPlane.stackName}/ResidentAuthVerifyFn`,
        `${stacks.controlPlane.stackName}/ProvisioningStepFn`,
        `${stacks.controlPlane.stackName}/TenantLifecycleFn`,
        // One function per route group of its own (TENANT_GROUP_FUNCTIONS), in every tenant API.
        ...[stacks.pooled, stacks.silos[0]!].flatMap((st) =>
          Object.keys(TENANT_GROUP_FUNCTIONS).map(
            (g) => `${st.stackName}/TenantApi${g[0]!.toUpperCase()}${g.slice(1)}HandlerFn`,
          ),
        ),
        `${stacks.pooled.stackName}/TenantApiCaseEscalationFn`,
        `${stacks.pooled.stackName}/TenantApiHandlerFn`,
        `${stacks.pooled.stackName}/TenantApiIndicatorCollectorFn`,
        `${stacks.pooled.stackName}/TenantApiImportHandlerFn`,
        `${stacks.pooled.stackName}/TenantApiImportWorkerFn`,
        `${stacks.silos[0]!.stackName}/TenantApiCaseEscalationFn`,
        `${stacks.silos[0]!.stackName}/TenantApiHandlerFn`,
        `${stacks.silos[0]!.stackName}/TenantApiIndicatorCollectorFn`,
        `${stacks.silos[0]!.stackName}/TenantApiImportHandlerFn`,
        `${stacks.silos[0]!.stackName}/TenantApiImportWorkerFn`,
      ].sort(),
    );
    for (const f of functions) {
      expect(f.props.Handler).toBe('index.handler');
      expect(f.props.Runtime).toBe('nodejs24.x');
      expect(f.props.Architectures).toEqual(['arm64']);
      const file = join(dir, f.asset, 'index.mjs');
      expect(existsSync(file), file).toBe(true);
      // Sizes are held to per-function budgets by bundle-budget.test.ts (same bundler).
      for (const data of lambdaRuntimeFiles)
        expect(existsSync(join(dir, f.asset, 'node_modules', data)), data).toBe(true);
      // The handlers validate their environment at import: give them the deployed variable names,
      // with placeholders for values CloudFormation resolves at deploy time.
      const env = f.props.Environment?.Variables ?? {};
      const saved = { ...process.env };
      Object.assign(process.env, { AWS_REGION: 'cn-north-1' });
      for (const [k, v] of Object.entries(env)) {
        process.env[k] =
          typeof v === 'string'
            ? v
            : /ARNS?$/.test(k)
              ? 'arn:aws-cn:iam::000000000000:role/x'
              : `placeholder-${k}`;
      }
      try {
        const mod = await import(pathToFileURL(file).href);
        expect(typeof mod.handler, f.id).toBe('function');
      } finally {
        process.env = saved;
      }
    }
  });

  it("each asset is the shared bundler's output: index.mjs, its chunks, the runtime data files", () => {
    const dir = outdir();
    const tpl = JSON.parse(readFileSync(join(dir, stacks.controlPlane.templateFile), 'utf8'));
    const control = Object.entries(tpl.Resources as Record<string, Cfn>).find(
      ([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('ControlApiHandlerFn'),
    )![1];
    const asset = join(dir, `asset.${String(control.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
    expect(readdirSync(asset).sort()).toEqual(['chunks', 'index.mjs', 'node_modules']);
  });
});

describe('the CDK app entry point', () => {
  it('`cdk synth` produces the control-plane, pooled, silo, WAF and web stacks offline', () => {
    const out = mkdtempSync(join(tmpdir(), 'linli-cdk-'));
    outdirs.push(out);
    execFileSync(
      'npx',
      ['cdk', 'synth', '-q', '-o', out, '-c', `siloTenants=${SILO_TENANT}:basic`, '-c', 'stage=ci'],
      {
        cwd: repoRoot,
        stdio: 'pipe',
        env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
      },
    );
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const stacks = Object.entries(manifest.artifacts as Record<string, { type: string }>)
      .filter(([, a]) => a.type === 'aws:cloudformation:stack')
      .map(([id]) => id)
      .sort();
    expect(stacks).toEqual(
      [
        'Linli-ci-ControlPlane',
        'Linli-ci-PooledTenant',
        `Linli-ci-Silo-${SILO_TENANT}`,
        'Linli-ci-Waf',
        'Linli-ci-Web',
      ].sort(),
    );
    const silo = JSON.parse(readFileSync(join(out, `Linli-ci-Silo-${SILO_TENANT}.template.json`), 'utf8'));
    const stage = Object.values(silo.Resources as Record<string, Cfn>).find(
      (r) => r.Type === 'AWS::ApiGatewayV2::Stage',
    );
    expect(stage.Properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: 50,
      ThrottlingBurstLimit: 100,
    });
  });

  it('parses siloTenants context and rejects what is not a tenant', () => {
    expect(parseSiloTenants(undefined)).toEqual([]);
    expect(parseSiloTenants(`${SILO_TENANT}, ${SILO_TENANT}:standard`)).toEqual([
      { tenantId: SILO_TENANT, tier: 'demonstration' },
      { tenantId: SILO_TENANT, tier: 'standard' },
    ]);
    expect(parseSiloTenants([`${SILO_TENANT}:basic`])).toEqual([{ tenantId: SILO_TENANT, tier: 'basic' }]);
    expect(() => parseSiloTenants('dongcheng')).toThrow(/ULID/);
    expect(() => parseSiloTenants(`${SILO_TENANT}:gold`)).toThrow(/tier/);
  });
});
