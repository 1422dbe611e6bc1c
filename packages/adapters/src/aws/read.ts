/*
 * `@linli/adapters/aws/read`: what a function that only reads public data starts from (the
 * server-rendered portal): the registry, the flags read-only and each district's STS-scoped store
 * for its public partitions, as a sweep has them. No token verification (jose), context
 * resolution, notifier, Cognito or KMS client: the portal signs no one in and reads no sealed field.
 */
import { awsSweepWithFlags, type SweepDepsWithFlags } from './sweep.ts';

export { lambdaHandler } from './lambda.ts';

export type ReadDeps = SweepDepsWithFlags;
export const awsReadDeps = (env?: Record<string, string | undefined>): ReadDeps => awsSweepWithFlags(env);
