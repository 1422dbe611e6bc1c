/**
 * The district admin's keys for the systems that call in: the telephony system's call events
 * (`/api/t/hotline/keys`) and the SMS provider's inbound webhook (`/api/t/sms/keys`). A key is shown
 * once when issued; only its hash is kept; a revoked key is refused at once.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { plainText } from '@linli/services';
import { ChannelKeyStore, type KeyPurpose, TOPIC_ARN } from '@linli/services/channels';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit, requireModule } from '../../middleware.ts';
import { json, named, problems, security } from '../../openapi.ts';
import { actorOf } from '../population/shared.ts';
import { MODULE_OF, nowOf } from './shared.ts';

export const ChannelKeySchema = z
  .object({
    id: z.string(),
    purpose: z.enum(['calls', 'sms']),
    label: z.string(),
    hint: z.string(),
    status: z.enum(['active', 'revoked']),
    createdAt: z.string(),
    createdBy: z.string(),
    revokedAt: z.string().optional(),
    revokedBy: z.string().optional(),
    topicArn: z.string().optional().openapi({
      description: 'SMS keys: the SNS topic the key accepts (given, or pinned by its first signed message)',
    }),
  })
  .openapi('ChannelKey');

const IssuedKey = z
  .object({ key: ChannelKeySchema, secret: z.string().openapi({ description: 'shown once, never stored' }) })
  .openapi('IssuedChannelKey');

const errors = problems([400, 401, 403, 404, 409, 429], {
  404: 'no such key, or the channel module is not enabled',
  409: 'already revoked',
});

const BASE: Record<KeyPurpose, string> = { calls: '/api/t/hotline/keys', sms: '/api/t/sms/keys' };
const WHAT: Record<KeyPurpose, string> = {
  calls: 'the telephony system’s call events (`POST /api/t/calls`)',
  sms: 'the SMS provider’s inbound webhook (`POST /api/t/sms/inbound/{key}`)',
};

export const registerChannelKeyRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  for (const purpose of ['calls', 'sms'] as const) {
    const guard = [permit('modules:configure'), requireModule(deps, MODULE_OF[purpose])] as const;
    const keysOf = (c: Parameters<typeof actorOf>[0]) => new ChannelKeyStore(c.get('store'), nowOf(deps));

    app.openapi(
      createRoute({
        method: 'get',
        path: BASE[purpose],
        summary: `The district's keys for ${WHAT[purpose]}, newest first (hashes never leave the store)`,
        security,
        middleware: [...guard],
        responses: { 200: json(z.object({ items: z.array(ChannelKeySchema) })), ...errors },
      }),
      async (c) => c.json({ items: await keysOf(c).list(purpose) }, 200),
    );

    app.openapi(
      createRoute({
        method: 'post',
        path: BASE[purpose],
        summary: `Issue a key for ${WHAT[purpose]}; the key is in this answer only`,
        security,
        middleware: [...guard],
        request: {
          body: {
            required: true,
            content: {
              'application/json': {
                schema: named(
                  purpose === 'sms'
                    ? z
                        .object({
                          label: plainText(60),
                          topicArn: z
                            .string()
                            .regex(
                              TOPIC_ARN,
                              'an SNS topic ARN, e.g. arn:aws-cn:sns:cn-north-1:123456789012:linli-sms',
                            )
                            .optional(),
                        })
                        .strict()
                    : z.object({ label: plainText(60) }).strict(),
                  `Issue${purpose === 'calls' ? 'Call' : 'Sms'}Key`,
                ),
              },
            },
          },
        },
        responses: { 201: json(IssuedKey, 'issued'), ...errors },
      }),
      async (c) => {
        const tenant = c.get('ctx').tenant!;
        const body: { label: string; topicArn?: string } = c.req.valid('json');
        const out = await keysOf(c).issue(tenant.id, purpose, body.label, actorOf(c), {
          ...(body.topicArn ? { topicArn: body.topicArn } : {}),
        });
        return c.json(out, 201);
      },
    );

    app.openapi(
      createRoute({
        method: 'post',
        path: `${BASE[purpose]}/{id}/revoke`,
        summary: 'Revoke a key: the next request with it is refused',
        security,
        middleware: [...guard],
        request: { params: z.object({ id: z.string().regex(/^[0-9A-Z]{26}$/) }) },
        responses: { 200: json(ChannelKeySchema), ...errors },
      }),
      async (c) => {
        return c.json(await keysOf(c).revoke(c.req.valid('param').id, purpose, actorOf(c)), 200);
      },
    );
  }
};
