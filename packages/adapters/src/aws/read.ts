/*
 * `@linli/adapters/aws/read`: what a function that only reads starts from (the server-rendered
 * portal). Apart from `@linli/adapters/aws` so its bundle parses neither the notifier nor the
 * Cognito and KMS clients (esbuild makes a chunk of every dynamic import in a parsed module).
 */
export { createDeps } from '../create-deps.ts';
export { awsReadRuntime } from './base-runtime.ts';
export { lambdaHandler } from './lambda.ts';
