/**
 * The indicator collector of each application-plane stack (issue 14): scheduled once a day, it
 * runs with the tenant API's role (so it reads each district only through the STS-scoped role) and
 * writes to the control table only in the indicator partitions.
 */
import { INDICATOR_PARTITIONS } from '@linli/infra';
import { describe, expect, it } from 'vitest';
import { type Cfn, identityStatements, statementActions, synthLinli } from './support.ts';

const { stacks, template } = synthLinli();

describe.each([stacks.pooled, ...stacks.silos].map((s) => ({ name: s.stackName, stack: s })))(
  '$name: indicator collector',
  ({ stack }) => {
    const t = () => template(stack);
    const fnOf = (prefix: string) => {
      const fns = Object.entries(t().findResources('AWS::Lambda::Function')).filter(([id]) =>
        id.startsWith(prefix),
      );
      expect(fns, prefix).toHaveLength(1);
      return { id: fns[0]![0], props: fns[0]![1].Properties as Record<string, Cfn> };
    };

    it('runs every day at 02:00 China time (18:00 UTC), targeting the collector', () => {
      const collector = fnOf('TenantApiIndicatorCollector');
      const rules = Object.values(t().findResources('AWS::Events::Rule')).filter((r: Cfn) =>
        JSON.stringify(r.Properties.Targets).includes(collector.id),
      );
      expect(rules).toHaveLength(1);
      expect((rules[0] as Cfn).Properties.ScheduleExpression).toBe('cron(0 18 * * ? *)');
    });

    it('shares the tenant API role (scoped tenant access) and is told which role to assume', () => {
      const collector = fnOf('TenantApiIndicatorCollector');
      const api = fnOf('TenantApiHandler');
      expect(collector.props.Role).toEqual(api.props.Role);
      expect(Object.keys(collector.props.Environment.Variables)).toEqual(
        expect.arrayContaining(['TENANT_DATA_ROLE_ARN', 'CONTROL_TABLE', 'TENANT_TABLE']),
      );
    });

    it('writes the control table only in the indicator partitions', () => {
      const found = identityStatements(t()).filter((f) => f.statement.Sid === 'IndicatorSnapshots');
      expect(found).toHaveLength(1);
      const st = found[0]!.statement;
      expect(statementActions(st).sort()).toEqual(['dynamodb:BatchWriteItem', 'dynamodb:PutItem']);
      expect(st.Condition).toEqual({
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...INDICATOR_PARTITIONS] },
        Null: { 'dynamodb:LeadingKeys': 'false' },
      });
    });
  },
);
