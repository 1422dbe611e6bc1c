import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import { ScopedCredentials, tenantSessionPolicy } from '../src/credentials.ts';

// STS has no local engine: this is the one place an AWS client mock is right.
const sts = mockClient(STSClient);
afterEach(() => sts.reset());

const ROLE = 'arn:aws:iam::123456789012:role/linli-dev-tenant-data';
const TABLE = 'arn:aws:dynamodb:cn-north-1:123456789012:table/linli-dev-tenant-data';

const reply = (expiresInMs: number, key = 'AKIA1') => ({
  Credentials: {
    AccessKeyId: key,
    SecretAccessKey: 'secret',
    SessionToken: 'token',
    Expiration: new Date(Date.now() + expiresInMs),
  },
});

describe('ScopedCredentials', () => {
  it('assumes the tenant role with a tenantId session tag and a LeadingKeys session policy', async () => {
    const tenant = ulid();
    sts.on(AssumeRoleCommand).resolves(reply(3_600_000));
    const creds = await new ScopedCredentials(new STSClient({ region: 'cn-north-1' }), ROLE, [TABLE]).get(
      tenant,
    );
    expect(creds.accessKeyId).toBe('AKIA1');
    const input = sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input;
    expect(input.RoleArn).toBe(ROLE);
    expect(input.Tags).toEqual([{ Key: 'tenantId', Value: tenant }]);
    expect(JSON.parse(input.Policy!)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'TenantPartitionOnly',
          Effect: 'Allow',
          Action: [
            'dynamodb:GetItem',
            'dynamodb:BatchGetItem',
            'dynamodb:Query',
            'dynamodb:PutItem',
            'dynamodb:UpdateItem',
            'dynamodb:DeleteItem',
            'dynamodb:BatchWriteItem',
            'dynamodb:ConditionCheckItem',
          ],
          Resource: [TABLE, `${TABLE}/index/*`],
          Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`T#${tenant}#*`] } },
        },
      ],
    });
  });

  it('never grants Scan', () => {
    expect(JSON.stringify(tenantSessionPolicy(ulid(), [TABLE]))).not.toMatch(/Scan/);
  });

  it('with a bucket and a key, adds the tenant’s own objects and its own KMS encryption context only', async () => {
    const tenant = ulid();
    const KEY = 'arn:aws-cn:kms:cn-north-1:1:key/k';
    sts.on(AssumeRoleCommand).resolves(reply(3_600_000, 'K1'));
    await new ScopedCredentials(
      new STSClient({ region: 'cn-north-1' }),
      ROLE,
      [TABLE],
      Date.now,
      ['arn:aws-cn:s3:::up'],
      [KEY],
    ).get(tenant);
    const policy = JSON.parse(sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input.Policy!);
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual([
      'TenantPartitionOnly',
      'TenantObjectsOnly',
      'TenantDataKeyOnly',
    ]);
    expect(policy.Statement[1]).toMatchObject({
      Action: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
      Resource: [`arn:aws-cn:s3:::up/t/${tenant}/*`],
    });
    expect(policy.Statement[2]).toEqual({
      Sid: 'TenantDataKeyOnly',
      Effect: 'Allow',
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: [KEY],
      Condition: {
        StringEquals: { 'kms:EncryptionContext:tenantId': tenant },
        'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['tenantId'] },
      },
    });
  });

  it('caches per tenant and refreshes shortly before expiry', async () => {
    const a = ulid();
    const b = ulid();
    sts
      .on(AssumeRoleCommand)
      .resolvesOnce(reply(3_600_000, 'A1'))
      .resolvesOnce(reply(3_600_000, 'B1'))
      .resolves(reply(3_600_000, 'A2'));
    let now = Date.now();
    const sc = new ScopedCredentials(new STSClient({ region: 'cn-north-1' }), ROLE, [TABLE], () => now);
    expect((await sc.get(a)).accessKeyId).toBe('A1');
    expect((await sc.get(a)).accessKeyId).toBe('A1');
    expect((await sc.get(b)).accessKeyId).toBe('B1');
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
    now += 56 * 60_000; // within five minutes of expiry
    expect((await sc.get(a)).accessKeyId).toBe('A2');
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(3);
  });

  it('shares one in-flight AssumeRole between concurrent requests of a tenant', async () => {
    sts.on(AssumeRoleCommand).resolves(reply(3_600_000));
    const sc = new ScopedCredentials(new STSClient({ region: 'cn-north-1' }), ROLE, [TABLE]);
    const t = ulid();
    await Promise.all([sc.get(t), sc.get(t), sc.get(t)]);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
  });
});
