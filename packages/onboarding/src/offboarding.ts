import { createHash, randomBytes } from 'node:crypto';
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { appendControlAudit, scanTenantItems, type Tenant, type TenantStatus } from '@linli/tenancy';
import { hashCode } from './codes.ts';
import { OnboardingErrors } from './errors.ts';
import { OnboardingRepo, onboardingKeys } from './repo.ts';
import type { Actor, OnboardingDeps } from './service.ts';

/** Days between offboarding (export) and erasure. */
export const GRACE_DAYS = 30;
const CHUNK_BYTES = 300_000;

export interface OffboardingRecord {
  readonly tenantId: string;
  readonly requestedBy: string;
  readonly exportedAt: string;
  readonly eraseAfter: string;
  readonly items: number;
  readonly chunks: number;
  readonly sha256: string;
  readonly tokenHash?: string;
  readonly erasedAt?: string;
}

/** Suspend, resume, offboard (export + grace period) and erase a tenant. */
export class Lifecycle {
  private readonly repo: OnboardingRepo;
  constructor(private readonly deps: OnboardingDeps) {
    this.repo = new OnboardingRepo(deps.doc, deps.controlTable);
  }
  private now() {
    return this.deps.now?.() ?? Date.now();
  }

  private async mustTenant(id: string): Promise<Tenant> {
    const t = await this.deps.registry.get(id);
    if (!t) throw OnboardingErrors.tenantState({ zh: '未找到', en: 'not found' });
    return t;
  }

  private async move(
    id: string,
    from: TenantStatus[],
    to: TenantStatus,
    actor: Actor,
    action: string,
    reason?: string,
  ) {
    const t = await this.mustTenant(id);
    if (!from.includes(t.status)) throw OnboardingErrors.tenantState({ zh: t.status, en: t.status });
    const next = await this.deps.registry.update(id, { status: to });
    await appendControlAudit(this.deps.doc, this.deps.controlTable, {
      actor: actor.sub,
      role: actor.role,
      action,
      target: `TENANT#${id}`,
      channel: 'web',
      ...(reason ? { reason } : {}),
      detail: { from: t.status, to },
    });
    return next;
  }

  suspend(id: string, actor: Actor, reason?: string) {
    return this.move(id, ['active'], 'suspended', actor, 'tenant.suspend', reason);
  }

  resume(id: string, actor: Actor) {
    return this.move(id, ['suspended'], 'active', actor, 'tenant.resume');
  }

  /** Every item of the tenant's data (pooled: its prefix of the shared table; silo: its table). */
  private tenantItems(t: Tenant): AsyncGenerator<Record<string, unknown>> {
    // Offboarding is the one control-plane path that reads a whole tenant (rare, offline-sized).
    return scanTenantItems(this.deps.doc, t.dataTable, t.id);
  }

  /**
   * Offboard: the tenant becomes read-only (`offboarding`), its data is exported as a JSON Lines
   * archive into its own partition (never the control table: the ministry sees no personal data),
   * the district admin receives a download link, and erasure is scheduled after the grace period.
   */
  async offboard(id: string, actor: Actor, reason?: string) {
    const t = await this.move(id, ['active', 'suspended'], 'offboarding', actor, 'tenant.offboard', reason);
    const store = this.deps.stores.for(t);
    const exportPk = store.keys.pk('EXPORT');
    const hash = createHash('sha256');
    let chunk: string[] = [];
    let size = 0;
    let chunks = 0;
    let items = 0;
    const flush = async () => {
      if (!chunk.length) return;
      chunks++;
      await store.put({ pk: exportPk, sk: `CHUNK#${String(chunks).padStart(5, '0')}`, body: chunk.join('') });
      chunk = [];
      size = 0;
    };
    for await (const item of this.tenantItems(t)) {
      if (item.pk === exportPk) continue;
      const line = `${JSON.stringify(item)}\n`;
      hash.update(line);
      items++;
      if (size + line.length > CHUNK_BYTES) await flush();
      chunk.push(line);
      size += line.length;
    }
    for (const m of await this.deps.registry.listMembers(t.id)) {
      const line = `${JSON.stringify({ type: 'membership', username: m.username, name: m.name, roles: m.roles, scope: m.scope })}\n`;
      hash.update(line);
      items++;
      chunk.push(line);
    }
    await flush();
    const token = randomBytes(24).toString('base64url');
    const record: OffboardingRecord = {
      tenantId: t.id,
      requestedBy: actor.sub,
      exportedAt: new Date(this.now()).toISOString(),
      eraseAfter: new Date(this.now() + GRACE_DAYS * 86_400_000).toISOString(),
      items,
      chunks,
      sha256: hash.digest('hex'),
      tokenHash: hashCode(this.deps.pepper, token),
    };
    await this.repo.putItem(onboardingKeys.offboarding(t.id), record);
    const contact = await this.repo.getContact(t.id);
    if (contact?.email && this.deps.notifier) {
      await this.deps.notifier.send({
        channel: 'email',
        to: contact.email,
        text: `【邻里】${t.name}平台已进入注销流程，请在 ${record.eraseAfter.slice(0, 10)} 前下载数据：/api/offboarding/${t.id}/archive?token=${token} · Download your data before erasure.`,
        code: token,
      });
    }
    const { tokenHash: _t, ...visible } = record;
    return { tenant: t, offboarding: visible };
  }

  /** The archive (JSON Lines) for the district admin, with the token sent to them. */
  async archive(id: string, token: string): Promise<{ body: string; sha256: string; name: string }> {
    const rec = await this.repo.getItem<OffboardingRecord>(onboardingKeys.offboarding(id));
    if (!rec?.tokenHash || rec.erasedAt || hashCode(this.deps.pepper, token) !== rec.tokenHash)
      throw OnboardingErrors.exportToken();
    const t = await this.mustTenant(id);
    const store = this.deps.stores.for(t);
    const parts = await store.queryAll<{ body: string }>({ pk: store.keys.pk('EXPORT'), skPrefix: 'CHUNK#' });
    return {
      body: parts.map((p) => p.body).join(''),
      sha256: rec.sha256,
      name: `linli-${t.slug}-export.jsonl`,
    };
  }

  /**
   * Erase after the grace period: every tenant item, its accounts and memberships, invitations and
   * contact go; the registry record (and its aggregates) stay, status `deleted`.
   */
  async erase(id: string, actor: Actor) {
    const t = await this.mustTenant(id);
    const rec = await this.repo.getItem<OffboardingRecord>(onboardingKeys.offboarding(id));
    if (t.status !== 'offboarding' || !rec)
      throw OnboardingErrors.tenantState({ zh: t.status, en: t.status });
    if (this.now() < Date.parse(rec.eraseAfter))
      throw OnboardingErrors.gracePeriod({ zh: rec.eraseAfter, en: rec.eraseAfter });
    let deleted = 0;
    let batch: { pk: unknown; sk: unknown }[] = [];
    const flush = async (table: string) => {
      for (let pending = batch.map((k) => ({ DeleteRequest: { Key: k } })); pending.length; ) {
        const out = await this.deps.doc.send(
          new BatchWriteCommand({ RequestItems: { [table]: pending as never } }),
        );
        pending = (out.UnprocessedItems?.[table] ?? []) as never;
      }
      deleted += batch.length;
      batch = [];
    };
    for await (const item of this.tenantItems(t)) {
      batch.push({ pk: item.pk, sk: item.sk });
      if (batch.length === 25) await flush(t.dataTable);
    }
    await flush(t.dataTable);
    // Loaded by the erasure alone: the lifecycle function's other jobs never call Cognito.
    const { AdminDeleteUserCommand } = await import('./cognito-commands.ts');
    for (const m of await this.deps.registry.listMembers(t.id)) {
      try {
        await this.deps.cognito.send(
          new AdminDeleteUserCommand({ UserPoolId: this.deps.staffPoolId, Username: m.username }),
        );
      } catch (e) {
        if ((e as { name?: string }).name !== 'UserNotFoundException') throw e;
      }
      await this.repo.deleteItem({ pk: `MEMBER#${m.sub}`, sk: 'MEMBERSHIP' });
    }
    const invites = await this.deps.doc.send(
      new QueryCommand({
        TableName: this.deps.controlTable,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': onboardingKeys.invitationsIndex(t.id) },
      }),
    );
    for (const i of invites.Items ?? []) await this.repo.deleteItem({ pk: String(i.pk), sk: String(i.sk) });
    const contact = await this.repo.getContact(t.id);
    if (contact?.applicationId) {
      const app = await this.repo.getApplication(contact.applicationId);
      if (app) await this.repo.putApplication({ ...app, admin: { name: '—', mobile: '', email: '' } });
    }
    await this.repo.deleteItem(onboardingKeys.contact(t.id));
    await this.repo.deleteItem(onboardingKeys.provisioning(t.id));
    const { tokenHash: _t, ...kept } = rec;
    await this.repo.putItem(onboardingKeys.offboarding(t.id), {
      ...kept,
      erasedAt: new Date(this.now()).toISOString(),
      erasedItems: deleted,
    });
    const next = await this.deps.registry.update(t.id, { status: 'deleted' });
    await appendControlAudit(this.deps.doc, this.deps.controlTable, {
      actor: actor.sub,
      role: actor.role,
      action: 'tenant.erase',
      target: `TENANT#${id}`,
      channel: 'web',
      detail: { items: deleted },
    });
    return { tenant: next, erasedItems: deleted };
  }
}
