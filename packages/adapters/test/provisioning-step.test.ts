import { LinliError } from '@linli/core';
import { describe, expect, it } from 'vitest';
import { asStateError, provisioningEventSchema as eventSchema } from '../src/aws/control-plane.ts';

describe('provisioning-step event', () => {
  it('accepts { step, tenantId } for every workflow step and mark-failed; refuses anything else', async () => {
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
    const e = asStateError(new LinliError('SILO_STACK_PENDING', 503, { zh: 'x', en: 'x' })) as Error;
    expect(e.name).toBe('SILO_STACK_PENDING');
    const other = new TypeError('boom');
    expect((asStateError(other) as Error).name).toBe('TypeError');
  });
});
