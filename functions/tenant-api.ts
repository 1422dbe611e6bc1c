import { createAwsDeps, createTenantApp } from '@linli/api';
import { handle } from 'hono/aws-lambda';

/** Lambda entry point of the tenant HTTP API (pooled and silo stacks). */
export const handler = handle(createTenantApp(createAwsDeps()));
