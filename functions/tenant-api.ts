import { createTenantApp } from '@linli/api';
import { handle } from 'hono/aws-lambda';

/** Lambda entry point of the tenant HTTP API (pooled and silo). */
const app = createTenantApp({ mode: 'aws' });
export const handler = handle(app);
