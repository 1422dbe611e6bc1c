import { createControlApp } from '@linli/api';
import { handle } from 'hono/aws-lambda';

/** Lambda entry point of the control-plane HTTP API. Thin: the app lives in `@linli/api`. */
const app = createControlApp({ mode: 'aws' });
export const handler = handle(app);
