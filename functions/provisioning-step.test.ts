import { describe, expect, it } from 'vitest';

process.env.AWS_REGION ??= 'eu-west-1';
process.env.STAGE ??= 'test';
process.env.CONTROL_TABLE ??= 'linli-test-control';
process.env.STAFF_POOL_ID ??= 'eu-west-1_test';

describe('provisioning-step Lambda', () => {
  it('accepts { step, tenantId } for every workflow step and mark-failed; refuses anything else', async () => {
    const { eventSchema } = await import('./provisioning-step.ts');
    const tenantId = '01JD0000000000000000000000';
    for (const step of [
      'identity',
      'data-store',
      'org-structure',
      'default-config',
      'flags',
      'activate',
      'mark-failed',
    ])
      expect(eventSchema.safeParse({ step, tenantId }).success).toBe(true);
    expect(eventSchema.safeParse({ step: 'drop-table', tenantId }).success).toBe(false);
    expect(eventSchema.safeParse({ step: 'identity', tenantId: 'T#x' }).success).toBe(false);
  });
});

describe('provisioning-step errors', () => {
  it('names a domain error by its code, so the state machine can retry SILO_STACK_PENDING on its own', async () => {
    const { asStateError } = await import('./provisioning-step.ts');
    const { LinliError } = await import('@linli/core');
    const e = asStateError(new LinliError('SILO_STACK_PENDING', 503, { zh: 'x', en: 'x' })) as Error;
    expect(e.name).toBe('SILO_STACK_PENDING');
    const other = new TypeError('boom');
    expect((asStateError(other) as Error).name).toBe('TypeError');
  });
});
