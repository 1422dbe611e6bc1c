import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { type Cfn, synthLinli } from './support.ts';

const { all, template } = synthLinli({ nag: true });

describe('cdk-nag AwsSolutions gate', () => {
  it.each(all.map((s) => ({ name: s.stackName, stack: s })))(
    '$name: zero unsuppressed errors',
    ({ stack }) => {
      template(stack); // synthesize (runs the aspects)
      const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
      expect(errors.map((e) => `${e.id}: ${String(e.entry.data).split('\n')[0]}`)).toEqual([]);
    },
  );

  it.each(all.map((s) => ({ name: s.stackName, stack: s })))(
    '$name: every suppression states a reason',
    ({ stack }) => {
      const resources = template(stack).toJSON().Resources as Record<string, { Metadata?: Cfn }>;
      const suppressions = Object.entries(resources).flatMap(([id, r]) =>
        ((r.Metadata?.cdk_nag?.rules_to_suppress ?? []) as { id: string; reason: string }[]).map((s) => ({
          res: id,
          ...s,
        })),
      );
      for (const s of suppressions) {
        expect(s.id, s.res).toMatch(/^AwsSolutions-/);
        expect(s.reason.trim().length, `${s.res} ${s.id}`).toBeGreaterThanOrEqual(30);
      }
    },
  );

  it('the gate sees violations (the staff pool is checked, residents carry suppressions)', () => {
    const control = all[0]!;
    const pools = template(control).findResources('AWS::Cognito::UserPool');
    const suppressed = Object.values(pools).flatMap((p) =>
      ((p.Metadata?.cdk_nag?.rules_to_suppress ?? []) as { id: string }[]).map((s) => s.id),
    );
    // Only the residents' pool is exempted from MFA / Plus; the staff pool passes them for real.
    expect(suppressed.sort()).toEqual(['AwsSolutions-COG2', 'AwsSolutions-COG8']);
  });
});
