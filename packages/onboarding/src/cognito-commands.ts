/*
 * The Cognito commands the provisioning identity step and the erasure send, loaded with
 * `await import()` by them alone: a module of named exports, not the SDK package's index (a dynamic
 * import of the package itself would keep every command of the service), so the bundler keeps only
 * these four, in a chunk the other steps and jobs never load.
 */
export {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider';
