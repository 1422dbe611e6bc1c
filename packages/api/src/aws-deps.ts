import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ContextResolver, TokenVerifier } from '@linli/auth';
import { loadConfig } from '@linli/core';
import { ScopedCredentials, TenantRegistry, TenantStores } from '@linli/tenancy';
import { z } from 'zod';
import type { ApiDeps } from './deps.ts';
import { tierDefaultModules } from './modules.ts';

const configSchema = z.object({
  AWS_REGION: z.string().min(1),
  STAGE: z.string().min(1),
  CONTROL_TABLE: z.string().min(1),
  TENANT_TABLE: z.string().min(1),
  TENANT_TABLE_ARNS: z.string().min(1).describe('comma-separated ARNs of the tables this function may reach'),
  TENANT_DATA_ROLE_ARN: z.string().startsWith('arn:'),
  STAFF_POOL_ID: z.string().min(1),
  STAFF_CLIENT_ID: z.string().min(1),
  RESIDENT_POOL_ID: z.string().min(1),
  RESIDENT_CLIENT_ID: z.string().min(1),
});

const marshall = { marshallOptions: { removeUndefinedValues: true } };

/**
 * Dependencies of the API apps inside Lambda. Control-plane reads use the function's own role;
 * tenant data goes through one DynamoDB client per tenant with STS-scoped credentials whose
 * `dynamodb:LeadingKeys` is the tenant's prefix.
 */
export const createAwsDeps = (env: Record<string, string | undefined> = process.env): ApiDeps => {
  const cfg = loadConfig(configSchema, env);
  const region = cfg.AWS_REGION;
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region }), marshall);
  const scoped = new ScopedCredentials(
    new STSClient({ region }),
    cfg.TENANT_DATA_ROLE_ARN,
    cfg.TENANT_TABLE_ARNS.split(','),
  );
  const registry = new TenantRegistry(doc, cfg.CONTROL_TABLE);
  const pool = (id: string) => `https://cognito-idp.${region}.amazonaws.com/${id}`;
  return {
    mode: 'aws',
    region,
    doc,
    controlTable: cfg.CONTROL_TABLE,
    registry,
    stores: new TenantStores((tenantId) =>
      DynamoDBDocumentClient.from(
        new DynamoDBClient({ region, credentials: scoped.provider(tenantId) }),
        marshall,
      ),
    ),
    verifier: new TokenVerifier([
      {
        pool: 'staff',
        issuer: pool(cfg.STAFF_POOL_ID),
        jwksUrl: `${pool(cfg.STAFF_POOL_ID)}/.well-known/jwks.json`,
        clientIds: [cfg.STAFF_CLIENT_ID],
      },
      {
        pool: 'residents',
        issuer: pool(cfg.RESIDENT_POOL_ID),
        jwksUrl: `${pool(cfg.RESIDENT_POOL_ID)}/.well-known/jwks.json`,
        clientIds: [cfg.RESIDENT_CLIENT_ID],
      },
    ]),
    resolver: new ContextResolver(registry),
    pools: {
      staff: {
        userPoolId: cfg.STAFF_POOL_ID,
        clientId: cfg.STAFF_CLIENT_ID,
        endpoint: `https://cognito-idp.${region}.amazonaws.com/`,
      },
      residents: {
        userPoolId: cfg.RESIDENT_POOL_ID,
        clientId: cfg.RESIDENT_CLIENT_ID,
        endpoint: `https://cognito-idp.${region}.amazonaws.com/`,
      },
    },
    modulesFor: tierDefaultModules,
    throttle: false,
  };
};
