/*
 * The two KMS commands the key provider sends, loaded with the first data key it unwraps or makes
 * (`await import()`): a request that reads no sealed field never loads the KMS SDK. A module of
 * named exports, because a dynamic import of the client package itself keeps every command.
 */
export { DecryptCommand, GenerateDataKeyCommand } from '@aws-sdk/client-kms';
