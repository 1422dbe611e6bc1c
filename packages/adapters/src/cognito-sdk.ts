/* See ./aws/sdk/s3.ts. */
export { CognitoIdentityProviderClient, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
