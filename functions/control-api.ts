import { createAwsDeps, createControlApp } from '@linli/api';
import { handle } from 'hono/aws-lambda';

const deps = createAwsDeps();
const app = handle(createControlApp(deps));

/** Lambda entry point of the control-plane HTTP API. Thin: the app lives in `@linli/api`. */
export const handler: typeof app = async (event, context) => {
  await deps.flags?.service.ensureFresh();
  return app(event, context);
};
