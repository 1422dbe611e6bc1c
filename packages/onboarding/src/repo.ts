import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { controlKeys, queryEveryPage, withoutKeys } from '@linli/tenancy';
import type { Application, ApprovalPolicy, Draft } from './application.ts';
import { DEFAULT_APPROVAL_POLICY } from './application.ts';

/** Control-table keys of onboarding (see docs/onboarding.md). */
export const onboardingKeys = {
  draft: (id: string) => ({ pk: `DRAFT#${id}`, sk: 'META' }),
  draftCode: (id: string) => ({ pk: `DRAFT#${id}`, sk: 'CODE' }),
  application: (id: string) => ({ pk: `APPLICATION#${id}`, sk: 'META' }),
  applicationsIndex: 'APPLICATIONS',
  contact: (tenantId: string) => ({ pk: `TENANT#${tenantId}`, sk: 'CONTACT' }),
  provisioning: (tenantId: string) => ({ pk: `TENANT#${tenantId}`, sk: 'PROVISIONING' }),
  offboarding: (tenantId: string) => ({ pk: `TENANT#${tenantId}`, sk: 'OFFBOARDING' }),
  policy: { pk: 'POLICY', sk: 'APPROVAL' },
  invitation: (id: string) => ({ pk: `INVITE#${id}`, sk: 'META' }),
  invitationsIndex: (tenantId: string) => `TENANT#${tenantId}#INVITES`,
};

/** Who to contact about an existing tenant (shown masked to a second applicant). */
export interface TenantContact {
  readonly tenantId: string;
  readonly applicationId?: string;
  readonly name: string;
  readonly mobile?: string;
  readonly email?: string;
}

/** Typed access to the onboarding records of the control table. */
export class OnboardingRepo {
  constructor(
    readonly doc: DynamoDBDocumentClient,
    readonly table: string,
  ) {}

  async getItem<T>(key: { pk: string; sk: string }, consistent = true): Promise<T | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: key, ConsistentRead: consistent }),
    );
    return withoutKeys<T>(out.Item);
  }

  async putItem(
    key: { pk: string; sk: string },
    item: object,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { ...item, ...extra, ...key } }));
  }

  async deleteItem(key: { pk: string; sk: string }): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: key }));
  }

  getDraft(id: string, now: number): Promise<Draft | undefined> {
    // TTL deletion is lazy (up to days in AWS): an expired draft is treated as gone.
    return this.getItem<Draft>(onboardingKeys.draft(id)).then((d) =>
      d && d.expiresAt * 1000 > now ? d : undefined,
    );
  }

  putDraft(d: Draft): Promise<void> {
    return this.putItem(onboardingKeys.draft(d.id), d);
  }

  getApplication(id: string): Promise<Application | undefined> {
    return this.getItem<Application>(onboardingKeys.application(id));
  }

  putApplication(a: Application): Promise<void> {
    return this.putItem(onboardingKeys.application(a.id), a, {
      gsi1pk: onboardingKeys.applicationsIndex,
      gsi1sk: `${a.submittedAt}#${a.id}`,
    });
  }

  /** Compare-and-set on the application status (two ministry staff deciding at once). */
  async transitionApplication(
    id: string,
    from: readonly Application['status'][],
    patch: Partial<Application>,
  ): Promise<Application> {
    const names: Record<string, string> = { '#s': 'status' };
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue;
      names[`#${k}`] = k;
      values[`:${k}`] = v;
      sets.push(`#${k} = :${k}`);
    }
    from.forEach((s, i) => {
      values[`:from${i}`] = s;
    });
    const out = await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: onboardingKeys.application(id),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: `#s IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return withoutKeys<Application>(out.Attributes)!;
  }

  async listApplications(): Promise<Application[]> {
    const items = await queryEveryPage(this.doc, {
      TableName: this.table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': onboardingKeys.applicationsIndex },
      ScanIndexForward: false,
    });
    return items.map((i) => withoutKeys<Application>(i)!);
  }

  async getPolicy(): Promise<ApprovalPolicy> {
    return (await this.getItem<ApprovalPolicy>(onboardingKeys.policy)) ?? DEFAULT_APPROVAL_POLICY;
  }

  putPolicy(p: ApprovalPolicy & { updatedBy: string; updatedAt: string }): Promise<void> {
    return this.putItem(onboardingKeys.policy, p);
  }

  getContact(tenantId: string): Promise<TenantContact | undefined> {
    return this.getItem<TenantContact>(onboardingKeys.contact(tenantId), false);
  }

  putContact(c: TenantContact): Promise<void> {
    return this.putItem(onboardingKeys.contact(c.tenantId), c);
  }

  /** Remove a tenant that never became active (a rejected application) so its division is free again. */
  async releaseTenant(tenantId: string, divisionCode: string, slug: string): Promise<void> {
    for (const key of [
      controlKeys.tenant(tenantId),
      controlKeys.division(divisionCode),
      controlKeys.slug(slug),
      onboardingKeys.contact(tenantId),
      onboardingKeys.provisioning(tenantId),
    ]) {
      await this.deleteItem(key);
    }
  }
}
