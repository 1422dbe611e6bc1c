import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CursorSigner } from './cursor.ts';
import { tenantKeys } from './keys.ts';
import type { Tenant } from './model.ts';
import { TenantStore } from './store.ts';

/**
 * Resolves a tenant's store: its table comes from the registry record (pooled table or its silo
 * table), its client from `clientFor` — locally one shared client, in AWS one client per tenant
 * with STS-scoped credentials (see `ScopedCredentials`).
 */
export class TenantStores {
  private readonly clients = new Map<string, DynamoDBDocumentClient>();
  private readonly cursors: CursorSigner;

  /**
   * @param opts.cursorSecret the deployment's page-cursor secret (AWS: generated at deploy;
   * locally: generated once into `.local`). @default a random secret of this process
   */
  constructor(
    private readonly clientFor: (tenantId: string) => DynamoDBDocumentClient,
    opts: { readonly cursorSecret?: string | Buffer } = {},
  ) {
    this.cursors = new CursorSigner(opts.cursorSecret);
  }

  for(tenant: Pick<Tenant, 'id' | 'dataTable'>): TenantStore {
    let doc = this.clients.get(tenant.id);
    if (!doc) {
      doc = this.clientFor(tenant.id);
      this.clients.set(tenant.id, doc);
    }
    return new TenantStore(doc, tenant.dataTable, tenantKeys(tenant.id), { cursors: this.cursors });
  }
}
