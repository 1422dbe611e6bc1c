/**
 * Open311 GeoReport v2 per district, at `/open311/v2/<slug>/` (module `data-exchange`), on the
 * tenant app but outside `/api/t/*`: no bearer token. The district comes from the slug through the
 * tenant registry (`district.ts`); writes need an `api_key` the district admin issued (`keys.ts`,
 * managed at `/api/t/open311/keys`). Answers and errors in the spec's JSON and XML (`format.ts`).
 *
 *   GET  discovery.{fmt}           GET services.{fmt}          GET services/{code}.{fmt}
 *   POST requests.{fmt}            GET requests.{fmt}          GET requests/{id}.{fmt}
 *   GET  tokens/{id}.{fmt}
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { langOf } from '../../http.ts';
import { logger } from '../../observability.ts';
import { casesContext } from '../services/cases-shared.ts';
import { type C, checkKey, districtResolver, limit } from './district.ts';
import { answer, errorAnswer, type Format, Open311Error, splitFormat } from './format.ts';
import { listRequests, oneRequest, postRequest, readBody, tokenRequest } from './requests.ts';
import { definitionOf, discoveryOf, open311Service, open311Services, serviceOf } from './services.ts';

/** The base path every Open311 route lives under. */
const OPEN311_BASE = '/open311/v2';

export const registerOpen311Routes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const ctx = casesContext(deps);
  const district = districtResolver(deps);

  /** Runs one resource: format from the extension, the district, the key, the limit; errors as Open311's. */
  const serve =
    (
      resource: (c: C) => string | undefined,
      run: (c: C, a: { format: Format; name: string }) => Promise<Response>,
    ) =>
    async (c: C) => {
      const split = splitFormat(resource(c) ?? '');
      const format = split?.format ?? 'json';
      try {
        if (!split) throw new Open311Error(404, 'unknown resource: use .json or .xml');
        return await run(c, { format, name: split.name });
      } catch (err) {
        if (err instanceof Open311Error) return errorAnswer(c, format, err);
        logger.error('open311 failed', { error: String(err), stack: (err as Error).stack, path: c.req.path });
        return errorAnswer(c, format, new Open311Error(500, 'internal error'));
      }
    };

  /** The district, the key when one is presented (required for writes) and the rate limit. */
  const enter = async (c: C, write: boolean, key?: string) => {
    const tenant = await district(c, c.req.param('slug') ?? '', write);
    if (write && !key) throw new Open311Error(400, 'api_key was not provided');
    const rec = await checkKey(c, tenant, key);
    await limit(deps, c, tenant, rec);
    return { tenant, key: rec };
  };

  app.get(
    `${OPEN311_BASE}/:slug/:resource`,
    serve(
      (c) => c.req.param('resource'),
      async (c, { format, name }) => {
        const { tenant } = await enter(c, false, c.req.query('api_key'));
        if (name === 'discovery')
          return answer(c, format, 200, 'discovery', undefined, discoveryOf(c, tenant));
        if (name === 'services') {
          const list = await open311Services(deps, c, tenant);
          return answer(
            c,
            format,
            200,
            'services',
            'service',
            list.map((e) => serviceOf(e.definition)),
          );
        }
        if (name === 'requests')
          return answer(
            c,
            format,
            200,
            'service_requests',
            'request',
            await listRequests(deps, ctx, c, tenant),
          );
        throw new Open311Error(404, `unknown resource: ${name}`);
      },
    ),
  );

  app.post(
    `${OPEN311_BASE}/:slug/:resource`,
    serve(
      (c) => c.req.param('resource'),
      async (c, { format, name }) => {
        if (name !== 'requests') throw new Open311Error(404, `unknown resource: ${name}`);
        const body = await readBody(c).catch((err) => {
          throw err instanceof Open311Error
            ? err
            : new Open311Error(400, 'the request body could not be read');
        });
        const { tenant, key } = await enter(c, true, body.fields.api_key);
        const out = await postRequest(deps, ctx, c, tenant, key!, body, langOf(c));
        return answer(c, format, out.created ? 201 : 200, 'service_requests', 'request', out.body);
      },
    ),
  );

  app.get(
    `${OPEN311_BASE}/:slug/services/:code`,
    serve(
      (c) => c.req.param('code'),
      async (c, { format, name }) => {
        const { tenant } = await enter(c, false, c.req.query('api_key'));
        const def = await open311Service(deps, c, tenant, name);
        return answer(c, format, 200, 'service_definition', undefined, await definitionOf(c, def));
      },
    ),
  );

  app.get(
    `${OPEN311_BASE}/:slug/requests/:id`,
    serve(
      (c) => c.req.param('id'),
      async (c, { format, name }) => {
        const { tenant } = await enter(c, false, c.req.query('api_key'));
        return answer(
          c,
          format,
          200,
          'service_requests',
          'request',
          await oneRequest(deps, ctx, c, tenant, name),
        );
      },
    ),
  );

  app.get(
    `${OPEN311_BASE}/:slug/tokens/:id`,
    serve(
      (c) => c.req.param('id'),
      async (c, { format, name }) => {
        await enter(c, false, c.req.query('api_key'));
        return answer(c, format, 200, 'service_requests', 'request', await tokenRequest(ctx, c, name));
      },
    ),
  );

  app.all(
    `${OPEN311_BASE}/*`,
    serve(
      () => undefined,
      async () => {
        throw new Open311Error(404, 'not found');
      },
    ),
  );
};
