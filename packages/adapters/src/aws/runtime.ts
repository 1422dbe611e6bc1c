import { KmsKeyProvider } from '@linli/population/kms';
import type { ScopedCredentials } from '@linli/tenancy';
import { cognitoUserReader } from '../cognito-user.ts';
import type { AdapterRuntime } from '../create-deps.ts';
import { once, perKey } from '../lazy.ts';
import { awsBase } from './base-runtime.ts';
import type { AwsConfig } from './config.ts';
import { registryWrappedKeyStore } from './key-store.ts';
import { AwsNotifier } from './notifier.ts';

export { marshall } from './base-runtime.ts';

/** Extra adapters a function adds to {@link awsRuntime} (e.g. onboarding in the control API). */
export type AwsExtension = (
  cfg: AwsConfig,
  base: AdapterRuntime,
  scoped: ScopedCredentials,
) => Partial<AdapterRuntime>;

/**
 * The API apps' runtime inside Lambda: the base (`awsBase`: control-plane reads with the function's
 * own role, tenant data with STS-scoped credentials) with the notifier, the residents' Cognito
 * `GetUser` and the KMS data keys. Clients a function uses only on some requests (SNS, SES, S3,
 * Lambda, Cognito `GetUser`, KMS) load their SDK module on first use.
 */
export const awsRuntime = (
  opts: { readonly env?: Record<string, string | undefined>; readonly extend?: readonly AwsExtension[] } = {},
): AdapterRuntime => {
  const { cfg, scoped, runtime: common } = awsBase(opts.env);
  const region = cfg.AWS_REGION;
  // The data keys are unwrapped with the tenant's scoped session too (its policy pins the KMS
  // encryption context to the tenant), when the key is named by ARN as the CDK app names it. The
  // KMS SDK loads with the first data key: a request that reads no sealed field never loads it.
  const kmsModule = once(() => import('./sdk/kms.ts'));
  const kmsFor = perKey(async (tenantId) => {
    const { KMSClient } = await kmsModule();
    return new KMSClient({ region, credentials: scoped.provider(tenantId) });
  });
  const kmsShared = once(async () => new (await kmsModule()).KMSClient({ region }));
  const cognito = once(
    async () =>
      new (await import('../cognito-sdk.ts')).CognitoIdentityProviderClient({
        region,
      }),
  );
  const base: AdapterRuntime = {
    ...common,
    notifier: new AwsNotifier({
      region,
      ...(cfg.SES_FROM_ADDRESS ? { fromAddress: cfg.SES_FROM_ADDRESS } : {}),
      ...(cfg.SMS_SENDER_ID ? { smsSenderId: cfg.SMS_SENDER_ID } : {}),
    }),
    // GetUser is authorized by the resident's own access token: no IAM permission involved.
    getCognitoUser: cognitoUserReader(cognito),
    ...(cfg.KMS_KEY_ID
      ? {
          keys: new KmsKeyProvider({
            client: cfg.KMS_KEY_ID.startsWith('arn:') ? kmsFor : () => kmsShared(),
            keyId: cfg.KMS_KEY_ID,
            store: registryWrappedKeyStore(common.doc, cfg.CONTROL_TABLE),
          }),
        }
      : {}),
  };
  let runtime = base;
  for (const ext of opts.extend ?? []) runtime = { ...runtime, ...ext(cfg, runtime, scoped) };
  return runtime;
};
