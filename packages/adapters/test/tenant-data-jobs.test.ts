import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { LinliError } from '@linli/core';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import type { TenantDataJobs } from '@linli/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LambdaTenantDataJobs } from '../src/aws/lambda-runners.ts';
import { runTenantDataJob } from '../src/jobs.ts';

const lambda = mockClient(LambdaClient);
afterEach(() => lambda.reset());

const TENANT = '01JD0000000000000000000000';
const actor = { sub: 'm-1', role: 'ministry-admin' };
const payload = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
const jobs = () =>
  new LambdaTenantDataJobs(new LambdaClient({ region: 'ap-east-1' }), 'arn:aws:lambda:x:1:function:lc');

describe('LambdaTenantDataJobs (control API side)', () => {
  it('invokes the lifecycle function synchronously with the job and returns its result', async () => {
    lambda
      .on(InvokeCommand)
      .resolves({ Payload: payload({ ok: true, result: { erasedItems: 3 } }) as never });
    await expect(jobs().erase(TENANT, actor)).resolves.toEqual({ erasedItems: 3 });
    expect(lambda).toHaveReceivedCommandOnce(InvokeCommand);
    const input = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(input.FunctionName).toBe('arn:aws:lambda:x:1:function:lc');
    expect(input.InvocationType).toBe('RequestResponse');
    expect(JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array))).toEqual({
      action: 'erase',
      tenantId: TENANT,
      actor,
    });
  });

  it('re-raises a domain error with its code and status (e.g. the grace period)', async () => {
    lambda.on(InvokeCommand).resolves({
      Payload: payload({
        ok: false,
        error: { code: 'GRACE_PERIOD', status: 409, zh: '宽限期', en: 'grace' },
      }) as never,
    });
    const err = await jobs()
      .archive(TENANT, 'tok')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LinliError);
    expect(err).toMatchObject({ code: 'GRACE_PERIOD', status: 409, en: 'grace' });
  });

  it('turns a function crash into a 500, not a success', async () => {
    lambda.on(InvokeCommand).resolves({
      FunctionError: 'Unhandled',
      Payload: payload({ errorType: 'Error', errorMessage: 'boom' }) as never,
    });
    await expect(jobs().offboard(TENANT, actor, 'r')).rejects.toMatchObject({
      code: 'INTERNAL',
      status: 500,
    });
  });
});

describe('runTenantDataJob (function side)', () => {
  const life = (): TenantDataJobs => ({
    offboard: vi.fn(async () => ({ tenant: { id: TENANT } as never, offboarding: {} as never })),
    erase: vi.fn(async () => {
      throw new LinliError('TENANT_STATE', 409, { zh: 'x', en: 'y' });
    }),
    archive: vi.fn(async () => ({ body: '', sha256: 'h', name: 'n' })),
  });

  it('dispatches by action and wraps the result', async () => {
    const l = life();
    await expect(
      runTenantDataJob(l, { action: 'offboard', tenantId: TENANT, actor, reason: 'r' }),
    ).resolves.toEqual({
      ok: true,
      result: { tenant: { id: TENANT }, offboarding: {} },
    });
    expect(l.offboard).toHaveBeenCalledWith(TENANT, actor, 'r');
  });

  it('returns domain errors instead of throwing them', async () => {
    await expect(runTenantDataJob(life(), { action: 'erase', tenantId: TENANT, actor })).resolves.toEqual({
      ok: false,
      error: { code: 'TENANT_STATE', status: 409, zh: 'x', en: 'y' },
    });
  });

  it('refuses a malformed job (unknown action, non-ULID tenant) before touching anything', async () => {
    const l = life();
    await expect(runTenantDataJob(l, { action: 'scan-all', tenantId: TENANT })).rejects.toThrow();
    await expect(runTenantDataJob(l, { action: 'archive', tenantId: 'T#x', token: 't' })).rejects.toThrow();
    expect(l.archive).not.toHaveBeenCalled();
  });
});

describe('onboarding services with tenantDataJobs (how the control API is wired in AWS)', () => {
  it('offboard / erase / archive go to the jobs; suspend and resume stay in-process', async () => {
    const { onboardingServicesOf: servicesOf } = await import('@linli/api');
    const { Lifecycle } = await import('@linli/onboarding');
    const jobs = {
      offboard: vi.fn(async () => 'offboarded'),
      erase: vi.fn(async () => 'erased'),
      archive: vi.fn(async () => 'archive'),
    };
    const registry = { get: vi.fn(async () => undefined) };
    const deps = {
      doc: {},
      controlTable: 'c',
      registry,
      stores: {},
      modulesFor: () => [],
      onboarding: {
        cognito: {},
        staffPoolId: 'p',
        pooledTable: 't',
        ensureSiloTable: async () => 't',
        pepper: 'x'.repeat(32),
        launcher: { start: async () => {} },
      },
      tenantDataJobs: jobs,
    } as unknown as Parameters<typeof servicesOf>[0];
    const life = servicesOf(deps).lifecycle;
    expect(life).toBeInstanceOf(Lifecycle);
    await expect(life.offboard(TENANT, actor, 'r')).resolves.toBe('offboarded');
    await expect(life.erase(TENANT, actor)).resolves.toBe('erased');
    await expect(life.archive(TENANT, 'tok')).resolves.toBe('archive');
    expect(jobs.offboard).toHaveBeenCalledWith(TENANT, actor, 'r');
    expect(jobs.erase).toHaveBeenCalledWith(TENANT, actor);
    expect(jobs.archive).toHaveBeenCalledWith(TENANT, 'tok');
    // suspend runs the local Lifecycle: it reads the registry (unknown tenant → domain error).
    await expect(life.suspend(TENANT, actor)).rejects.toMatchObject({ status: expect.any(Number) });
    expect(registry.get).toHaveBeenCalledWith(TENANT);
  });
});
