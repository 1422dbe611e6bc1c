/** Inside an integration test file: the PlatformEnv (with fresh clients) the global setup bootstrapped. */
import { type PlatformEnv, platformEnvFrom, type SerializablePlatformEnv } from '@linli/local';
import { inject } from 'vitest';
import './provided.ts';

/** The serializable values (endpoints, table names, pool refs, data folder). */
export const testEnvValues = (): SerializablePlatformEnv => inject('linliEnv');

/** A full PlatformEnv with its own DynamoDB and Cognito clients, pointing at the test engines. */
export const testEnv = (): PlatformEnv => platformEnvFrom(testEnvValues());
