import { readFileSync } from 'node:fs';
import { awsReadDeps, lambdaHandler } from '@linli/adapters/aws/read';
import { portalData } from '@linli/api/public-district';
import { createPortalApp } from '@linli/web/portal-server';
import { handle } from 'hono/aws-lambda';

// Reads only: no token verification, notifier, Cognito or KMS client in this bundle.
const deps = awsReadDeps();
// The built portal.html (hashed script and style links), copied beside index.mjs at bundling.
const template = readFileSync(new URL('./portal.html', import.meta.url), 'utf8');
const app = handle(createPortalApp({ template: () => template, api: portalData(deps) }));

/**
 * Lambda entry point of the server-rendered resident portal (CloudFront `/t/*` → control HTTP API
 * route `GET /t/{proxy+}`). Thin: the renderer lives in `@linli/web/portal-server`, its data in
 * `@linli/api` (the public district endpoint's own function).
 */
export const handler = lambdaHandler<Parameters<typeof app>[0], Awaited<ReturnType<typeof app>>>(
  async (event, context) => {
    await deps.flags.service.ensureFresh();
    return app(event, context);
  },
);
