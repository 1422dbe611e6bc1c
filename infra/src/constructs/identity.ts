import type * as cognito from 'aws-cdk-lib/aws-cognito';

/** The two Cognito pools and their web clients, as the API stacks consume them. */
export interface LinliIdentity {
  readonly staffPool: cognito.IUserPool;
  readonly staffClient: cognito.IUserPoolClient;
  readonly residentPool: cognito.IUserPool;
  readonly residentClient: cognito.IUserPoolClient;
}

/** Environment variables naming the pools and clients (read by the functions' config modules). */
export const identityEnvironment = (identity: LinliIdentity): Record<string, string> => ({
  STAFF_POOL_ID: identity.staffPool.userPoolId,
  STAFF_CLIENT_ID: identity.staffClient.userPoolClientId,
  RESIDENT_POOL_ID: identity.residentPool.userPoolId,
  RESIDENT_CLIENT_ID: identity.residentClient.userPoolClientId,
});
