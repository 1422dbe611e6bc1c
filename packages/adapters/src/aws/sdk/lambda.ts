/* See ./s3.ts. */
export { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
