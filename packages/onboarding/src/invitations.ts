import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { newId } from '@linli/core';
import { appendTenantAudit, orgPk, type Scope, type Tenant, type TenantStore } from '@linli/tenancy';
import { z } from 'zod';
import { bi, emailSchema, mobileSchema, passwordSchema } from './application.ts';
import { checkCode, hashCode, inviteCode } from './codes.ts';
import { OnboardingErrors } from './errors.ts';
import { OnboardingRepo, onboardingKeys } from './repo.ts';
import type { Actor, OnboardingDeps } from './service.ts';

/** Departments a `department-staff` invitation may name (extend with the district's own). */
export const DEPARTMENTS = [
  'civil-affairs',
  'labour',
  'health',
  'family-planning',
  'public-security',
  'housing',
  'education',
  'culture',
  'commerce',
] as const;

export const INVITABLE_ROLES = [
  'district-admin',
  'street-staff',
  'community-worker',
  'department-staff',
  'call-centre-operator',
] as const;

export const invitationInputSchema = z
  .object({
    name: z.string().trim().min(2).max(32),
    channel: z.enum(['sms', 'email']),
    mobile: z.optional(mobileSchema),
    email: z.optional(emailSchema),
    role: z.enum(INVITABLE_ROLES),
    scope: z
      .object({
        streetCode: z
          .string()
          .regex(/^\d{9}$/)
          .optional(),
        communityCode: z
          .string()
          .regex(/^\d{12}$/)
          .optional(),
        department: z.enum(DEPARTMENTS).optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.channel === 'sms' && !v.mobile)
      ctx.addIssue({
        code: 'custom',
        path: ['mobile'],
        ...bi('REQUIRED', '短信邀请须填写手机号', 'A mobile number is required for SMS'),
      });
    if (v.channel === 'email' && !v.email)
      ctx.addIssue({
        code: 'custom',
        path: ['email'],
        ...bi('REQUIRED', '邮件邀请须填写邮箱', 'An e-mail address is required'),
      });
    const need = {
      'street-staff': 'streetCode',
      'community-worker': 'communityCode',
      'department-staff': 'department',
    } as const;
    const field = need[v.role as keyof typeof need];
    if (field && !v.scope[field])
      ctx.addIssue({
        code: 'custom',
        path: ['scope', field],
        ...bi('SCOPE_REQUIRED', '该角色须选择管辖范围', 'This role needs a scope'),
      });
  });
export type InvitationInput = z.infer<typeof invitationInputSchema>;

export const acceptSchema = z
  .object({
    invitationId: z.string().min(10).max(40),
    code: z.string().trim().min(6).max(20),
    username: z
      .string()
      .refine(
        (s) => /^[a-z][a-z0-9._-]{2,31}$/.test(s),
        bi(
          'USERNAME_FORMAT',
          '用户名为 3–32 位小写字母、数字或 . _ -，以字母开头',
          '3–32 lowercase letters, digits, . _ -, starting with a letter',
        ),
      ),
    password: passwordSchema,
  })
  .strict();

export interface Invitation {
  readonly id: string;
  readonly tenantId: string;
  readonly tenantName: string;
  readonly name: string;
  readonly channel: 'sms' | 'email';
  readonly to: string;
  readonly role: (typeof INVITABLE_ROLES)[number];
  readonly scope: Scope;
  readonly hash: string;
  readonly attempts: number;
  /** Epoch milliseconds. */
  readonly validUntil: number;
  readonly usedAt?: string;
  readonly acceptedBy?: string;
  readonly invitedBy: string;
  readonly createdAt: string;
}

export const INVITATION_TTL_MS = 72 * 3_600_000;

const statusOf = (i: Invitation, now: number): 'accepted' | 'expired' | 'pending' =>
  i.usedAt ? 'accepted' : now > i.validUntil ? 'expired' : 'pending';

/** Staff invitations: expiring single-use codes, stored hashed, sent through the notifier. */
export class Invitations {
  private readonly repo: OnboardingRepo;
  constructor(private readonly deps: OnboardingDeps) {
    this.repo = new OnboardingRepo(deps.doc, deps.controlTable);
  }
  private now() {
    return this.deps.now?.() ?? Date.now();
  }

  /** The scope must name this tenant's own streets, communities and known departments. */
  async validateScope(store: TenantStore, input: InvitationInput): Promise<Scope> {
    const s = input.scope;
    const issue = (field: string) =>
      OnboardingErrors.scopeInvalid(undefined, {
        issues: [
          {
            field: `scope.${field}`,
            code: 'SCOPE_INVALID',
            message: { zh: '不属于本区县', en: 'Not part of this district' },
          },
        ],
      });
    if (input.role === 'street-staff') {
      const street = await store.get(orgPk(store), `STREET#${s.streetCode}`);
      if (!street) throw issue('streetCode');
      return { streetCode: s.streetCode! };
    }
    if (input.role === 'community-worker') {
      const streetCode = s.communityCode!.slice(0, 9);
      const c = await store.get(orgPk(store), `COMMUNITY#${streetCode}#${s.communityCode}`);
      if (!c) throw issue('communityCode');
      return { communityCode: s.communityCode!, streetCode };
    }
    if (input.role === 'department-staff') return { department: s.department! };
    return {};
  }

  async create(tenant: Tenant, store: TenantStore, actor: Actor, input: InvitationInput) {
    const scope = await this.validateScope(store, input);
    const code = inviteCode(10);
    const id = newId();
    const now = this.now();
    const to = input.channel === 'sms' ? input.mobile! : input.email!;
    const inv: Invitation = {
      id,
      tenantId: tenant.id,
      tenantName: tenant.name,
      name: input.name,
      channel: input.channel,
      to,
      role: input.role,
      scope,
      hash: hashCode(this.deps.pepper, code),
      attempts: 0,
      validUntil: now + INVITATION_TTL_MS,
      invitedBy: actor.sub,
      createdAt: new Date(now).toISOString(),
    };
    await this.repo.putItem(onboardingKeys.invitation(id), inv, {
      gsi1pk: onboardingKeys.invitationsIndex(tenant.id),
      gsi1sk: `${inv.createdAt}#${id}`,
      // cleanup 30 days after it stops being usable; `validUntil` is what the accept path checks
      expiresAt: Math.floor(inv.validUntil / 1000) + 30 * 86_400,
    });
    await this.deps.notifier?.send({
      channel: input.channel,
      to,
      code,
      text: `【邻里】${tenant.name}邀请您加入邻里平台，邀请码 ${code}，72 小时内有效：/join/invite?id=${id}&code=${code} · You are invited to Linli (${tenant.name}); code ${code}, valid 72 h.`,
    });
    await appendTenantAudit(store, {
      actor: actor.sub,
      role: actor.role,
      action: 'invitation.create',
      target: `INVITE#${id}`,
      channel: 'web',
      detail: { role: input.role, scope },
    });
    return { ...this.view(inv), ...(this.deps.notifier ? {} : { code }) };
  }

  view(i: Invitation) {
    return {
      id: i.id,
      name: i.name,
      channel: i.channel,
      to: i.to,
      role: i.role,
      scope: i.scope,
      status: statusOf(i, this.now()),
      validUntil: new Date(i.validUntil).toISOString(),
      createdAt: i.createdAt,
      ...(i.usedAt ? { acceptedAt: i.usedAt } : {}),
    };
  }

  async list(tenantId: string) {
    const out = await this.deps.doc.send(
      new QueryCommand({
        TableName: this.deps.controlTable,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': onboardingKeys.invitationsIndex(tenantId) },
        ScanIndexForward: false,
      }),
    );
    return (out.Items ?? []).map((i) => this.view(i as unknown as Invitation));
  }

  private async checked(id: string, code: string): Promise<Invitation> {
    const inv = await this.repo.getItem<Invitation>(onboardingKeys.invitation(id));
    if (!inv) throw OnboardingErrors.invitationNotFound();
    const r = checkCode(this.deps.pepper, inv, code, this.now());
    if (r === 'used') throw OnboardingErrors.invitationUsed();
    if (r === 'expired') throw OnboardingErrors.invitationExpired();
    if (r === 'too-many-attempts') throw OnboardingErrors.codeTooManyAttempts();
    if (r === 'mismatch') {
      await this.deps.doc.send(
        new UpdateCommand({
          TableName: this.deps.controlTable,
          Key: onboardingKeys.invitation(id),
          UpdateExpression: 'ADD attempts :one',
          ExpressionAttributeValues: { ':one': 1 },
        }),
      );
      throw OnboardingErrors.invitationCode();
    }
    return inv;
  }

  /** What the accept page shows before the invitee chooses a password. */
  async preview(id: string, code: string) {
    const inv = await this.checked(id, code);
    return {
      id: inv.id,
      tenantName: inv.tenantName,
      name: inv.name,
      role: inv.role,
      scope: inv.scope,
      validUntil: new Date(inv.validUntil).toISOString(),
    };
  }

  /**
   * Claim the invitation (a conditional write: single use even under concurrent accepts), then
   * create the staff account and membership. A failed account creation releases the claim.
   */
  async accept(input: z.infer<typeof acceptSchema>) {
    const inv = await this.checked(input.invitationId, input.code);
    const now = this.now();
    const at = new Date(now).toISOString();
    try {
      await this.deps.doc.send(
        new UpdateCommand({
          TableName: this.deps.controlTable,
          Key: onboardingKeys.invitation(inv.id),
          UpdateExpression: 'SET usedAt = :at',
          ConditionExpression: 'attribute_not_exists(usedAt) AND validUntil > :now',
          ExpressionAttributeValues: { ':at': at, ':now': now },
        }),
      );
    } catch (e) {
      if ((e as { name?: string }).name === 'ConditionalCheckFailedException')
        throw OnboardingErrors.invitationUsed();
      throw e;
    }
    let sub: string | undefined;
    try {
      sub = await this.createAccount(inv, input.username, input.password);
    } catch (e) {
      await this.deps.doc.send(
        new UpdateCommand({
          TableName: this.deps.controlTable,
          Key: onboardingKeys.invitation(inv.id),
          UpdateExpression: 'REMOVE usedAt',
        }),
      );
      throw e;
    }
    await this.deps.registry.putMembership({
      sub,
      pool: 'staff',
      kind: 'staff',
      username: input.username,
      name: inv.name,
      tenantId: inv.tenantId,
      roles: [inv.role],
      scope: inv.scope,
      createdAt: at,
    });
    await this.deps.doc.send(
      new UpdateCommand({
        TableName: this.deps.controlTable,
        Key: onboardingKeys.invitation(inv.id),
        UpdateExpression: 'SET acceptedBy = :s',
        ExpressionAttributeValues: { ':s': sub },
      }),
    );
    return { username: input.username, tenantName: inv.tenantName, role: inv.role };
  }

  private async createAccount(inv: Invitation, username: string, password: string): Promise<string> {
    const pool = this.deps.staffPoolId;
    try {
      await this.deps.cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: pool,
          Username: username,
          MessageAction: 'SUPPRESS',
          TemporaryPassword: password,
          UserAttributes: [
            { Name: 'name', Value: inv.name },
            ...(inv.channel === 'email'
              ? [
                  { Name: 'email', Value: inv.to },
                  { Name: 'email_verified', Value: 'true' },
                ]
              : [
                  { Name: 'phone_number', Value: `+86${inv.to}` },
                  { Name: 'phone_number_verified', Value: 'true' },
                ]),
            { Name: 'custom:tenantId', Value: inv.tenantId },
          ],
        }),
      );
    } catch (e) {
      if ((e as { name?: string }).name === 'UsernameExistsException')
        throw OnboardingErrors.userExists(
          { zh: username, en: username },
          {
            issues: [
              {
                field: 'username',
                code: 'USER_EXISTS',
                message: { zh: '用户名已被占用', en: 'This username is taken' },
              },
            ],
          },
        );
      throw e;
    }
    await this.deps.cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: pool,
        Username: username,
        Password: password,
        Permanent: true,
      }),
    );
    await this.deps.cognito.send(
      new AdminAddUserToGroupCommand({ UserPoolId: pool, Username: username, GroupName: inv.role }),
    );
    const got = await this.deps.cognito.send(
      new AdminGetUserCommand({ UserPoolId: pool, Username: username }),
    );
    const sub = got.UserAttributes?.find((a) => a.Name === 'sub')?.Value;
    if (!sub) throw new Error(`no sub for ${username}`);
    return sub;
  }
}
