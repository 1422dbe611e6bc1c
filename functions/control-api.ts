import { createAwsDeps, createControlApp } from '@linli/api';
import { handle } from 'hono/aws-lambda';

/** Lambda entry point of the control-plane HTTP API. Thin: the app lives in `@linli/api`. */
export const handler = handle(createControlApp(createAwsDeps()));
