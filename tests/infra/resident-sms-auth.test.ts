/**
 * Residents sign in with mobile + SMS code (issue 17): the residents' pool runs Cognito's custom
 * authentication challenge through three triggers, its web client allows CUSTOM_AUTH for as long
 * as a code lives, and only the Create trigger reaches anything (SNS for the text, the control
 * table's RATE# counters). Staff keep passwords: their pool has no such trigger or flow.
 */
import { SMS_CODE } from '@linli/auth/sms-challenge';
import { describe, expect, it } from 'vitest';
import { type Cfn, identityStatements, STAGE, statementActions, synthLinli } from './support.ts';

const { stacks, template } = synthLinli();
const t = () => template(stacks.controlPlane);

const poolNamed = (name: string) => {
  const entry = Object.entries(t().findResources('AWS::Cognito::UserPool')).find(
    ([, p]) => p.Properties.UserPoolName === name,
  );
  expect(entry, name).toBeDefined();
  return { id: entry![0], props: entry![1].Properties as Record<string, Cfn> };
};
const clientOf = (poolId: string) => {
  const clients = Object.values(
    t().findResources('AWS::Cognito::UserPoolClient', { Properties: { UserPoolId: { Ref: poolId } } }),
  );
  expect(clients).toHaveLength(1);
  return clients[0]!.Properties as Record<string, Cfn>;
};
const functionId = (prefix: string) => {
  const ids = Object.keys(t().findResources('AWS::Lambda::Function')).filter((id) => id.startsWith(prefix));
  expect(ids, prefix).toHaveLength(1);
  return ids[0]!;
};
/** The role of a function, and every statement granted to it. */
const grantsOf = (fnId: string) => {
  const fn = t().findResources('AWS::Lambda::Function')[fnId]!.Properties as Record<string, Cfn>;
  const roleId = fn.Role['Fn::GetAtt'][0] as string;
  return identityStatements(t()).filter((s) => s.roles.includes(roleId));
};

describe('residents sign in by SMS code (Cognito custom challenge)', () => {
  const residents = () => poolNamed(`linli-${STAGE}-residents`);
  const staff = () => poolNamed(`linli-${STAGE}-staff`);

  it('the residents pool has the Define, Create and Verify triggers', () => {
    expect(residents().props.LambdaConfig).toMatchObject({
      DefineAuthChallenge: { 'Fn::GetAtt': [expect.stringMatching(/^ResidentAuthDefineFn/), 'Arn'] },
      CreateAuthChallenge: { 'Fn::GetAtt': [expect.stringMatching(/^ResidentAuthCreateFn/), 'Arn'] },
      VerifyAuthChallengeResponse: { 'Fn::GetAtt': [expect.stringMatching(/^ResidentAuthVerifyFn/), 'Arn'] },
    });
    // Cognito may invoke each of them (and only the residents' pool).
    for (const fn of ['ResidentAuthDefineFn', 'ResidentAuthCreateFn', 'ResidentAuthVerifyFn']) {
      const perms = Object.values(
        t().findResources('AWS::Lambda::Permission', {
          Properties: { FunctionName: { 'Fn::GetAtt': [functionId(fn), 'Arn'] } },
        }),
      );
      expect(perms, fn).toHaveLength(1);
      expect(perms[0]!.Properties).toMatchObject({
        Principal: 'cognito-idp.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [residents().id, 'Arn'] },
      });
    }
  });

  it('the residents web client allows CUSTOM_AUTH, for as long as a code is valid', () => {
    const c = clientOf(residents().id);
    expect(c.ExplicitAuthFlows).toContain('ALLOW_CUSTOM_AUTH');
    expect(c.ExplicitAuthFlows).toContain('ALLOW_REFRESH_TOKEN_AUTH');
    expect(c.AuthSessionValidity).toBe(SMS_CODE.ttlSeconds / 60);
    expect(c.PreventUserExistenceErrors).toBe('ENABLED');
  });

  it('staff keep passwords: no custom flow, no challenge triggers on their pool', () => {
    expect(clientOf(staff().id).ExplicitAuthFlows).not.toContain('ALLOW_CUSTOM_AUTH');
    const lc = staff().props.LambdaConfig as Record<string, unknown>;
    expect(lc.DefineAuthChallenge).toBeUndefined();
    expect(lc.CreateAuthChallenge).toBeUndefined();
    expect(lc.VerifyAuthChallengeResponse).toBeUndefined();
  });

  it('Create may text (sns:Publish) and count codes in RATE# items of the control table, nothing more', () => {
    const grants = grantsOf(functionId('ResidentAuthCreateFn'));
    const actions = grants.flatMap((g) => statementActions(g.statement));
    expect(actions).toContain('sns:Publish');
    const dynamo = grants.filter((g) => statementActions(g.statement).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo).toHaveLength(1);
    expect(statementActions(dynamo[0]!.statement)).toEqual(['dynamodb:UpdateItem']);
    expect(dynamo[0]!.statement.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['RATE#*'] },
    });
    expect(JSON.stringify(dynamo[0]!.statement.Resource)).toMatch(/ControlTable/);
    expect(actions.filter((a) => !/^(sns:Publish|dynamodb:UpdateItem|logs:|xray:)/.test(a))).toEqual([]);
  });

  it('Define and Verify reach nothing but their logs and traces', () => {
    for (const fn of ['ResidentAuthDefineFn', 'ResidentAuthVerifyFn']) {
      const actions = grantsOf(functionId(fn)).flatMap((g) => statementActions(g.statement));
      expect(
        actions.filter((a) => !/^(logs:|xray:)/.test(a)),
        fn,
      ).toEqual([]);
    }
  });

  it('Create and Verify share the deployment pepper (the HMAC key of codes), never in clear', () => {
    const env = (fn: string) =>
      (t().findResources('AWS::Lambda::Function')[functionId(fn)]!.Properties as Record<string, Cfn>)
        .Environment.Variables as Record<string, Cfn>;
    for (const fn of ['ResidentAuthCreateFn', 'ResidentAuthVerifyFn'])
      expect(JSON.stringify(env(fn).ONBOARDING_CODE_PEPPER), fn).toMatch(/resolve:secretsmanager/);
  });
});
