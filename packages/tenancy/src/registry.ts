import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { Errors, newId } from '@linli/core';
import type { Tier } from '@linli/tables';
import { queryEveryPage, withoutKeys } from './control-table.ts';
import type { Category, Membership, Tenant, TenantStatus } from './model.ts';

/** Key layout of the control table (see docs/data-model.md). */
export const controlKeys = {
  tenant: (id: string) => ({ pk: `TENANT#${id}`, sk: 'META' }),
  division: (code: string) => ({ pk: `DIVISION#${code}`, sk: 'TENANT' }),
  slug: (slug: string) => ({ pk: `SLUG#${slug}`, sk: 'TENANT' }),
  member: (sub: string) => ({ pk: `MEMBER#${sub}`, sk: 'MEMBERSHIP' }),
  /** GSI1: every tenant, for the ministry's registry (a Query, never a Scan). */
  tenantsIndex: 'TENANTS',
  /** GSI1: members of one tenant. */
  membersIndex: (tenantId: string) => `TENANT#${tenantId}#MEMBERS`,
  audit: (day: string) => `AUDIT#${day}`,
};

export interface NewTenant {
  readonly divisionCode: string;
  readonly slug: string;
  readonly name: string;
  readonly province: string;
  readonly city: string;
  readonly tier: Tier;
  readonly category: Category;
  readonly placement: 'pooled' | 'silo';
  readonly wave: string | null;
  readonly status: TenantStatus;
  readonly dataTable: string;
  readonly hotline?: string;
  readonly id?: string;
}

/**
 * Tenant registry and membership registry in the control table. Division code and slug are
 * unique through guard items written in the same transaction as the tenant.
 */
export class TenantRegistry {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(input: NewTenant): Promise<Tenant> {
    const now = new Date().toISOString();
    const tenant: Tenant = {
      id: input.id ?? newId(),
      divisionCode: input.divisionCode,
      slug: input.slug,
      name: input.name,
      province: input.province,
      city: input.city,
      tier: input.tier,
      category: input.category,
      placement: input.placement,
      wave: input.wave,
      status: input.status,
      dataTable: input.dataTable,
      ...(input.hotline ? { hotline: input.hotline } : {}),
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: {
                  ...controlKeys.tenant(tenant.id),
                  gsi1pk: controlKeys.tenantsIndex,
                  gsi1sk: `${tenant.divisionCode}#${tenant.id}`,
                  ...tenant,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: { ...controlKeys.division(tenant.divisionCode), tenantId: tenant.id },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: { ...controlKeys.slug(tenant.slug), tenantId: tenant.id },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
    } catch (err) {
      if ((err as { name?: string }).name === 'TransactionCanceledException') {
        throw Errors.divisionTaken({ zh: input.divisionCode, en: input.divisionCode }, { cause: err });
      }
      throw err;
    }
    return tenant;
  }

  async get(id: string): Promise<Tenant | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: controlKeys.tenant(id) }));
    return withoutKeys<Tenant>(out.Item);
  }

  private async viaGuard(key: { pk: string; sk: string }): Promise<Tenant | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: key }));
    const id = out.Item?.tenantId as string | undefined;
    return id ? this.get(id) : undefined;
  }

  getBySlug(slug: string): Promise<Tenant | undefined> {
    return this.viaGuard(controlKeys.slug(slug));
  }

  getByDivision(code: string): Promise<Tenant | undefined> {
    return this.viaGuard(controlKeys.division(code));
  }

  /** All tenants (ministry registry), by division code. */
  async list(): Promise<Tenant[]> {
    const items = await queryEveryPage(this.doc, {
      TableName: this.table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': controlKeys.tenantsIndex },
    });
    return items.map((i) => withoutKeys<Tenant>(i)!);
  }

  async update(
    id: string,
    patch: Partial<
      Pick<Tenant, 'status' | 'tier' | 'category' | 'wave' | 'placement' | 'dataTable' | 'hotline'>
    >,
  ): Promise<Tenant> {
    const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
    const names: Record<string, string> = { '#u': 'updatedAt' };
    const values: Record<string, unknown> = { ':u': new Date().toISOString() };
    const sets = ['#u = :u'];
    for (const [k, v] of entries) {
      names[`#${k}`] = k;
      values[`:${k}`] = v;
      sets.push(`#${k} = :${k}`);
    }
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: controlKeys.tenant(id),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return withoutKeys<Tenant>(out.Attributes)!;
    } catch (err) {
      if ((err as { name?: string }).name === 'ConditionalCheckFailedException')
        throw Errors.tenantNotFound();
      throw err;
    }
  }

  // --- membership registry -------------------------------------------------------------------

  /**
   * Writes a membership. With `ifAbsent` the write only succeeds when the user has none yet and
   * answers false otherwise (self-service registration must not race into two districts).
   */
  async putMembership(m: Membership, opts: { ifAbsent?: boolean } = {}): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...controlKeys.member(m.sub),
            ...(m.tenantId ? { gsi1pk: controlKeys.membersIndex(m.tenantId), gsi1sk: `${m.username}` } : {}),
            ...m,
          },
          ...(opts.ifAbsent ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
        }),
      );
      return true;
    } catch (err) {
      if (opts.ifAbsent && (err as { name?: string }).name === 'ConditionalCheckFailedException')
        return false;
      throw err;
    }
  }

  async getMembership(sub: string): Promise<Membership | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: controlKeys.member(sub) }));
    return withoutKeys<Membership>(out.Item);
  }

  async listMembers(tenantId: string): Promise<Membership[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': controlKeys.membersIndex(tenantId) },
      }),
    );
    return (out.Items ?? []).map((i) => withoutKeys<Membership>(i)!);
  }
}
