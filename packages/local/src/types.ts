import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Where one Cognito user pool (local or AWS) lives and its web app client. */
export interface PoolRef {
  readonly userPoolId: string;
  readonly clientId: string;
  /** Base URL of the Cognito JSON API (cognito-local's URL locally). */
  readonly endpoint: string;
  /** Token issuer, `${endpoint}/${userPoolId}` locally, `https://cognito-idp.<region>.amazonaws.com/<id>` in AWS. */
  readonly issuer: string;
  /** JWKS URL of the pool. */
  readonly jwksUrl: string;
}

/** Everything the local platform has started and created; handed to the API apps and the seed. */
export interface PlatformEnv {
  readonly stage: string;
  readonly region: string;
  readonly dynamoEndpoint: string;
  readonly dynamo: DynamoDBClient;
  readonly cognito: CognitoIdentityProviderClient;
  readonly tables: { readonly control: string; readonly pooledTenant: string };
  /** Create (idempotently) a silo tenant table from the shared definition; returns its name. */
  readonly ensureSiloTable: (tenantId: string) => Promise<string>;
  readonly pools: { readonly staff: PoolRef; readonly residents: PoolRef };
  /** Folder for local state (keys, outbox…), git-ignored. */
  readonly dataDir: string;
}

/** One demo login printed at start-up. */
export interface DemoLogin {
  readonly audience: string;
  readonly district?: string;
  readonly role: string;
  readonly username: string;
  readonly password: string;
  readonly url: string;
}
