import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  S3Client,
} from '@aws-sdk/client-s3';
import { tenantSessionPolicy } from '@linli/tenancy';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { importFileKey } from '@linli/api/import-jobs';
import { afterEach, describe, expect, it } from 'vitest';
import { S3ImportFiles } from '../src/aws/import-files.ts';
import { LambdaImportRunner } from '../src/aws/lambda-runners.ts';

// S3 and Lambda have no local engine here: their clients are mocked; the presigned POST is computed
// for real (it needs only credentials, no network).
const s3 = mockClient(S3Client);
const lambda = mockClient(LambdaClient);
afterEach(() => {
  s3.reset();
  lambda.reset();
});

const A = '01JD00000000000000000000AA';
const B = '01JD00000000000000000000BB';
const JOB = '01JD0000000000000000000J0B';
const clientsFor: string[] = [];
const files = new S3ImportFiles('linli-prod-imports', (tenantId) => {
  clientsFor.push(tenantId);
  return new S3Client({
    region: 'cn-north-1',
    credentials: { accessKeyId: `AKIA${tenantId.slice(-4)}`, secretAccessKey: 'x', sessionToken: 'tok' },
  });
});

describe('S3ImportFiles', () => {
  it('presigns a POST for exactly the tenant’s key, its size and type, with the tenant’s session', async () => {
    clientsFor.length = 0;
    const t = await files.target(A, JOB, { contentType: 'text/csv', maxBytes: 12345 });
    expect(clientsFor).toEqual([A]);
    expect(t.url).toContain('linli-prod-imports');
    expect(t.fields.key).toBe(`t/${A}/imports/${JOB}`);
    expect(t.fields['Content-Type']).toBe('text/csv');
    expect(t.fields['X-Amz-Security-Token']).toBe('tok');
    expect(t.fields['X-Amz-Credential']).toMatch(/^AKIA00AA\//);
    const policy = JSON.parse(Buffer.from(t.fields.Policy!, 'base64').toString('utf8')) as {
      expiration: string;
      conditions: unknown[];
    };
    expect(policy.conditions).toContainEqual(['content-length-range', 1, 12345]);
    expect(policy.conditions).toContainEqual(['eq', '$Content-Type', 'text/csv']);
    expect(policy.conditions).toContainEqual({ key: `t/${A}/imports/${JOB}` });
    const ttl = Date.parse(policy.expiration) - Date.now();
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000 + 1000);
  });

  it('checks, reads and deletes the tenant’s key only; a missing file is "not there", not an error', async () => {
    s3.on(HeadObjectCommand)
      .rejectsOnce(new NotFound({ message: 'nf', $metadata: {} }))
      .resolves({});
    expect(await files.exists(A, JOB)).toBe(false);
    expect(await files.exists(A, JOB)).toBe(true);
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'nsk', $metadata: {} }));
    expect(await files.open(A, JOB)).toBeUndefined();
    await files.remove(B, JOB);
    expect(s3).toHaveReceivedCommandWith(HeadObjectCommand, {
      Bucket: 'linli-prod-imports',
      Key: importFileKey(A, JOB),
    });
    expect(s3).toHaveReceivedCommandWith(DeleteObjectCommand, { Key: `t/${B}/imports/${JOB}` });
  });

  it('without ListBucket S3 answers 403 for a missing key: that is "not there" too', async () => {
    const forbidden = () =>
      Object.assign(new Error('Forbidden'), { name: 'Forbidden', $metadata: { httpStatusCode: 403 } });
    s3.on(HeadObjectCommand).rejects(forbidden());
    expect(await files.exists(A, JOB)).toBe(false);
    s3.on(GetObjectCommand).rejects(
      Object.assign(new Error('AccessDenied'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } }),
    );
    expect(await files.open(A, JOB)).toBeUndefined();
  });

  it('other S3 failures are raised (the job fails instead of reading "no file")', async () => {
    s3.on(HeadObjectCommand).rejects(
      Object.assign(new Error('slow down'), { name: 'SlowDown', $metadata: { httpStatusCode: 503 } }),
    );
    await expect(files.exists(A, JOB)).rejects.toThrow('slow down');
  });
});

describe('the tenant session policy covers the tenant’s own objects only', () => {
  it('allows put/get/delete under t/<tenant>/ and nothing else of the bucket', () => {
    const p = tenantSessionPolicy(A, ['arn:aws-cn:dynamodb:cn-north-1:1:table/t'], ['arn:aws-cn:s3:::b']);
    const s3Statement = p.Statement.find((s) => s.Sid === 'TenantObjectsOnly')!;
    expect(s3Statement.Action).toEqual(['s3:PutObject', 's3:GetObject', 's3:DeleteObject']);
    expect(s3Statement.Resource).toEqual([`arn:aws-cn:s3:::b/t/${A}/*`]);
    expect(tenantSessionPolicy(A, ['arn:t']).Statement).toHaveLength(1);
  });
});

describe('LambdaImportRunner', () => {
  it('invokes the worker asynchronously with the job only', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    await new LambdaImportRunner(
      new LambdaClient({ region: 'cn-north-1' }),
      'linli-prod-import-worker',
    ).start({
      tenantId: A,
      importId: JOB,
    });
    const input = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ FunctionName: 'linli-prod-import-worker', InvocationType: 'Event' });
    expect(JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array))).toEqual({
      tenantId: A,
      importId: JOB,
    });
    await expect(
      new LambdaImportRunner(new LambdaClient({ region: 'cn-north-1' }), 'w').start({
        tenantId: 'not-a-tenant',
        importId: JOB,
      }),
    ).rejects.toThrow();
  });
});
