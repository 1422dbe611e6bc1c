/* See ./s3.ts: the KMS client, loaded with the first data key a function unwraps or makes. */
export { KMSClient } from '@aws-sdk/client-kms';
