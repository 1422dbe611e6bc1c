/**
 * Open311 API keys (`api_key`): issued and revoked by the district admin in the workspace, stored
 * hashed in the district's own partition (`T#<tenant>#O311KEY`, sk `K#<keyId>`). A key reads
 * `o311.<tenantId>.<keyId>.<secret>`: the tenant id names the district it belongs to (checked
 * against the slug before any read), the key id finds its item, and the secret (32 random bytes)
 * is compared with the stored SHA-256 in constant time. The secret is shown once, at issue.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { Errors, LinliError, newId } from '@linli/core';
import { plainText } from '@linli/services';
import { auditOp, type TenantStore } from '@linli/tenancy';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit, requireModule } from '../../middleware.ts';
import { arrayOf, json, problems, security } from '../../openapi.ts';

/** At most this many keys (live or revoked) per district: the list is one small Query. */
export const MAX_KEYS = 50;

const KEY = /^o311\.([0-9A-HJKMNP-TV-Z]{26})\.([0-9A-HJKMNP-TV-Z]{26})\.([A-Za-z0-9_-]{43})$/;

const sha = (s: string) => createHash('sha256').update(s).digest();

export interface ApiKeyRecord {
  readonly id: string;
  readonly label: string;
  /** The key's first characters, to recognise it in a list. */
  readonly hint: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly revokedAt?: string;
  readonly revokedBy?: string;
  readonly version: number;
}

const pkOf = (store: TenantStore) => store.keys.pk('O311KEY');

const recordOf = (it: Record<string, unknown>): ApiKeyRecord => ({
  id: String(it.id),
  label: String(it.label),
  hint: String(it.hint),
  createdAt: String(it.createdAt),
  createdBy: String(it.createdBy),
  ...(it.revokedAt ? { revokedAt: String(it.revokedAt), revokedBy: String(it.revokedBy) } : {}),
  version: Number(it.version),
});

/** The parts of a presented key, or undefined when it cannot be one of ours. */
export const parseKey = (key: string) => {
  const m = KEY.exec(key);
  return m ? { tenantId: m[1]!, keyId: m[2]!, secret: m[3]! } : undefined;
};

/** The live key record `key` opens in this tenant's store, or undefined (unknown, wrong secret, revoked). */
export const verifyKey = async (store: TenantStore, keyId: string, secret: string) => {
  const it = await store.get<Record<string, unknown>>(pkOf(store), `K#${keyId}`);
  if (!it || typeof it.hash !== 'string') return undefined;
  const ok = timingSafeEqual(Buffer.from(it.hash, 'base64url'), sha(secret));
  if (!ok || it.revokedAt) return undefined;
  return recordOf(it);
};

const Key = z
  .object({
    id: z.string(),
    label: z.string(),
    hint: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
    revokedAt: z.string().optional(),
    revokedBy: z.string().optional(),
    version: z.number(),
  })
  .openapi('Open311Key');
const Issued = Key.extend({ apiKey: z.string() }).openapi('Open311KeyIssued');
const errors = problems([400, 401, 403, 404, 409, 429]);
const KeyId = z.object({ id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/) });

/** The workspace's key management (`/api/t/open311/keys`), district admin, module `data-exchange`. */
export const registerOpen311KeyRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps) => {
  const actorOf = (c: { get(k: 'ctx'): AppEnv['Variables']['ctx'] }) => {
    const ctx = c.get('ctx');
    return { actor: ctx.sub, actorName: ctx.username, role: 'district-admin' };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/open311/keys',
      summary: 'The district’s Open311 API keys (never the secrets), newest first',
      security,
      middleware: [requireModule(deps, 'data-exchange'), permit('modules:configure')] as const,
      responses: { 200: json(z.object({ items: arrayOf(Key) })), ...errors },
    }),
    async (c) => {
      const store = c.get('store');
      const items = await store.queryAll<Record<string, unknown>>({ pk: pkOf(store) });
      return c.json(
        { items: items.map(recordOf).sort((a, b) => b.createdAt.localeCompare(a.createdAt)) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/open311/keys',
      summary: 'Issue an Open311 API key; the answer is the only time the key is shown',
      security,
      middleware: [requireModule(deps, 'data-exchange'), permit('modules:configure')] as const,
      request: {
        body: {
          required: true,
          content: {
            'application/json': {
              schema: z.object({ label: z.pipe(plainText(60), z.string().min(1)) }).strict(),
            },
          },
        },
      },
      responses: { 201: json(Issued), ...errors },
    }),
    async (c) => {
      const store = c.get('store');
      const tenant = c.get('ctx').tenant!;
      const existing = await store.query({ pk: pkOf(store), limit: MAX_KEYS + 1 });
      if (existing.items.length >= MAX_KEYS)
        throw new LinliError('OPEN311_KEYS_FULL', 409, {
          zh: `每个区县最多 ${MAX_KEYS} 个密钥，请先删除不用的`,
          en: `At most ${MAX_KEYS} keys per district`,
        });
      const id = newId();
      const secret = randomBytes(32).toString('base64url');
      const apiKey = `o311.${tenant.id}.${id}.${secret}`;
      const at = new Date(deps.now?.() ?? Date.now()).toISOString();
      const who = actorOf(c);
      const rec: ApiKeyRecord = {
        id,
        label: c.req.valid('json').label,
        hint: `${id.slice(-6)}…${secret.slice(0, 4)}`,
        createdAt: at,
        createdBy: who.actorName,
        version: 1,
      };
      await store.transact([
        {
          put: {
            pk: pkOf(store),
            sk: `K#${id}`,
            type: 'open311-key',
            ...rec,
            hash: sha(secret).toString('base64url'),
          },
          condition: 'attribute_not_exists(pk)',
        },
        auditOp(store, {
          ...who,
          action: 'open311.key-issue',
          target: `open311-key:${id}`,
          channel: 'web',
          detail: { label: rec.label },
        }),
      ]);
      return c.json({ ...rec, apiKey }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/open311/keys/{id}/revoke',
      summary: 'Revoke an Open311 API key at once (kept in the list, marked revoked)',
      security,
      middleware: [requireModule(deps, 'data-exchange'), permit('modules:configure')] as const,
      request: { params: KeyId },
      responses: { 200: json(Key), ...errors },
    }),
    async (c) => {
      const store = c.get('store');
      const { id } = c.req.valid('param');
      const it = await store.get<Record<string, unknown>>(pkOf(store), `K#${id}`, true);
      if (!it) throw Errors.notFound({ zh: '没有这个密钥', en: 'No such key' });
      const rec = recordOf(it);
      if (rec.revokedAt)
        throw new LinliError('OPEN311_KEY_REVOKED', 409, {
          zh: '该密钥已吊销',
          en: 'The key is already revoked',
        });
      const at = new Date(deps.now?.() ?? Date.now()).toISOString();
      const who = actorOf(c);
      await store.transact([
        {
          update: { pk: pkOf(store), sk: `K#${id}` },
          expression: 'SET revokedAt = :at, revokedBy = :by, version = version + :one',
          condition: 'version = :v AND attribute_not_exists(revokedAt)',
          values: { ':at': at, ':by': who.actorName, ':one': 1, ':v': rec.version },
        },
        auditOp(store, { ...who, action: 'open311.key-revoke', target: `open311-key:${id}`, channel: 'web' }),
      ]);
      return c.json({ ...rec, revokedAt: at, revokedBy: who.actorName, version: rec.version + 1 }, 200);
    },
  );
};
