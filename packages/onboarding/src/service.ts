import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminSetUserPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { type Bilingual, Errors, LinliError, maskEmail, maskMobile, newId } from '@linli/core';
import { findDistrict } from '@linli/divisions';
import type { Tier } from '@linli/tables';
import { appendControlAudit, slugFor, type Tenant } from '@linli/tenancy';
import {
  type AdminContact,
  type Application,
  type ApplicationStatus,
  type ApprovalPolicy,
  adminUsernameFor,
  type Draft,
  type DraftPatch,
} from './application.ts';
import { computeCategory, type Profile } from './category.ts';
import { checkCode, hashCode, numericCode, type StoredCode } from './codes.ts';
import { OnboardingErrors } from './errors.ts';
import { type ProvisioningLauncher, prepareProvisioning, resetFailed } from './provisioning/runner.ts';
import { loadState, type ProvisioningDeps, type ProvisioningState } from './provisioning/state.ts';
import { OnboardingRepo, onboardingKeys } from './repo.ts';

/** Everything onboarding needs beyond the provisioning deps. */
export interface OnboardingDeps extends ProvisioningDeps {
  /** Secret mixed into code hashes (HMAC key). */
  readonly pepper: string;
  /** Pooled tenant table name (placement `pooled`). */
  readonly pooledTable: string;
  readonly launcher: ProvisioningLauncher;
  /** Draft lifetime. @default 7 days */
  readonly draftTtlSeconds?: number;
  /**
   * Called before a code goes out, with its recipient: the API limits codes per mobile number
   * (or e-mail) across drafts here (429 THROTTLED), not only per draft.
   */
  readonly beforeCodeSent?: (channel: 'sms' | 'email', to: string) => Promise<void>;
}

export interface Actor {
  readonly sub: string;
  readonly role: string;
}

const CODE_TTL_MS = 10 * 60_000;
const RESEND_AFTER_MS = 30_000;

const SILO_TIER: Tier = 'demonstration';

/** District name and parents, or a field error. */
const districtOf = (code: string) => {
  const d = findDistrict(code);
  if (!d)
    throw Errors.validation(undefined, {
      issues: [
        {
          field: 'divisionCode',
          code: 'DIVISION_CODE_UNKNOWN',
          message: { zh: '不是有效的区县级行政区划代码', en: 'Not a known county-level division code' },
        },
      ],
    });
  return d;
};

export interface DraftView {
  readonly id: string;
  readonly divisionCode?: string;
  readonly district?: { name: string; province: string; city: string };
  readonly profile?: Profile;
  readonly category?: ReturnType<typeof computeCategory>['category'];
  readonly categoryRules?: ReturnType<typeof computeCategory>['rules'];
  readonly tierRequested?: Tier;
  readonly modulesPreview?: { modules: string[]; source: 'tier-defaults'; note: Bilingual };
  readonly admin?: AdminContact;
  readonly verified: boolean;
  readonly complete: {
    district: boolean;
    profile: boolean;
    tier: boolean;
    admin: boolean;
    verified: boolean;
  };
  readonly needsApproval?: boolean;
  readonly expiresAt: number;
}

/** The onboarding use cases (join flow, ministry review, provisioning control). */
export class Onboarding {
  readonly repo: OnboardingRepo;

  constructor(readonly deps: OnboardingDeps) {
    this.repo = new OnboardingRepo(deps.doc, deps.controlTable);
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }
  private iso(): string {
    return new Date(this.now()).toISOString();
  }

  // --- drafts ---------------------------------------------------------------------------------

  /**
   * A new draft and, once, its secret: every later call on the draft must present it (header
   * `x-linli-draft-secret`). The id alone opens nothing — it appears in URLs and logs.
   */
  async createDraft(patch: DraftPatch = {}): Promise<DraftView & { secret: string }> {
    const at = this.iso();
    const secret = randomBytes(32).toString('base64url');
    const draft: Draft = {
      id: newId(),
      secretHash: this.secretHash(secret),
      createdAt: at,
      updatedAt: at,
      expiresAt: Math.floor(this.now() / 1000) + (this.deps.draftTtlSeconds ?? 7 * 86_400),
    };
    return { ...(await this.applyPatch(draft, patch)), secret };
  }

  async getDraft(id: string, secret: string | undefined): Promise<DraftView> {
    return this.view(await this.mustDraft(id, secret));
  }

  async patchDraft(id: string, secret: string | undefined, patch: DraftPatch): Promise<DraftView> {
    return this.applyPatch(await this.mustDraft(id, secret), patch);
  }

  private secretHash(secret: string): string {
    return createHmac('sha256', this.deps.pepper).update(`draft-secret\n${secret}`).digest('base64url');
  }

  /** The draft, if the caller holds its secret; otherwise (and for a draft without one) not found. */
  private async mustDraft(id: string, secret: string | undefined): Promise<Draft> {
    const d = await this.repo.getDraft(id, this.now());
    if (!d?.secretHash || typeof secret !== 'string' || secret.length > 200)
      throw OnboardingErrors.draftNotFound();
    const want = Buffer.from(d.secretHash);
    const got = Buffer.from(this.secretHash(secret));
    if (want.length !== got.length || !timingSafeEqual(want, got)) throw OnboardingErrors.draftNotFound();
    return d;
  }

  private async applyPatch(draft: Draft, patch: DraftPatch): Promise<DraftView> {
    if (patch.divisionCode) await this.assertDivisionFree(patch.divisionCode);
    const adminChanged =
      patch.admin !== undefined &&
      (patch.admin.mobile !== draft.admin?.mobile || patch.admin.email !== draft.admin?.email);
    const { verified, ...rest } = draft;
    const next: Draft = {
      ...rest,
      ...(verified && !adminChanged ? { verified } : {}),
      ...(patch.divisionCode ? { divisionCode: patch.divisionCode } : {}),
      ...(patch.profile ? { profile: patch.profile } : {}),
      ...(patch.tierRequested ? { tierRequested: patch.tierRequested } : {}),
      ...(patch.admin ? { admin: patch.admin } : {}),
      updatedAt: this.iso(),
    };
    await this.repo.putDraft(next);
    return this.view(next);
  }

  private async view(d: Draft): Promise<DraftView> {
    const district = d.divisionCode ? findDistrict(d.divisionCode) : undefined;
    const cat = d.profile ? computeCategory(d.profile) : undefined;
    const verified = this.isVerified(d);
    const policy = d.tierRequested ? await this.repo.getPolicy() : undefined;
    let modulesPreview: DraftView['modulesPreview'];
    if (d.tierRequested && cat && district) {
      modulesPreview = {
        modules: this.deps.modulesFor(this.pseudoTenant(d.divisionCode!, d.tierRequested, cat.category)),
        source: 'tier-defaults',
        note: {
          zh: '按当前推广计划，这一版本和分类的区县将开通以下模块；开通后区县管理员可调整可选模块。',
          en: 'Under the current rollout plan a district of this tier and category gets these modules; the district administrator can adjust the optional ones after opening.',
        },
      };
    }
    return {
      id: d.id,
      ...(d.divisionCode ? { divisionCode: d.divisionCode } : {}),
      ...(district
        ? { district: { name: district.name, province: district.provinceName, city: district.cityName } }
        : {}),
      ...(d.profile ? { profile: d.profile } : {}),
      ...(cat ? { category: cat.category, categoryRules: cat.rules } : {}),
      ...(d.tierRequested ? { tierRequested: d.tierRequested } : {}),
      ...(modulesPreview ? { modulesPreview } : {}),
      // Shown masked even to the secret's holder: the draft view travels through browsers and
      // logs; the applicant typed the number and the form keeps what they typed.
      ...(d.admin
        ? { admin: { ...d.admin, mobile: maskMobile(d.admin.mobile), email: maskEmail(d.admin.email) } }
        : {}),
      verified,
      complete: {
        district: !!d.divisionCode,
        profile: !!d.profile,
        tier: !!d.tierRequested,
        admin: !!d.admin,
        verified,
      },
      ...(policy && d.tierRequested ? { needsApproval: policy.requireApproval[d.tierRequested] } : {}),
      expiresAt: d.expiresAt,
    };
  }

  private pseudoTenant(divisionCode: string, tier: Tier, category: Tenant['category']): Tenant {
    const at = this.iso();
    return {
      id: '00000000000000000000000000',
      divisionCode,
      slug: `d-${divisionCode}`,
      name: '',
      province: '',
      city: '',
      tier,
      category,
      placement: 'pooled',
      wave: null,
      status: 'applied',
      dataTable: this.deps.pooledTable,
      createdAt: at,
      updatedAt: at,
    };
  }

  private isVerified(d: Draft): boolean {
    if (!d.verified || !d.admin) return false;
    return d.verified.to === (d.verified.channel === 'sms' ? d.admin.mobile : d.admin.email);
  }

  /** One tenant per division: a taken division answers with the existing tenant's masked contact. */
  async assertDivisionFree(code: string): Promise<void> {
    const existing = await this.deps.registry.getByDivision(code);
    if (!existing) return;
    throw await this.divisionTakenError(existing);
  }

  private async divisionTakenError(t: Tenant, cause?: unknown): Promise<LinliError> {
    const c = await this.repo.getContact(t.id);
    const contact = c
      ? [c.mobile ? maskMobile(c.mobile) : undefined, c.email ? maskEmail(c.email) : undefined]
          .filter(Boolean)
          .join(' / ')
      : (t.hotline ?? '12345');
    const message = {
      zh: `${t.name}（${t.divisionCode}）已开通或正在申请平台，请联系其管理员 ${contact}`,
      en: `${t.divisionCode} already has a platform or an application; contact its administrator ${contact}`,
    };
    return new LinliError('DIVISION_ALREADY_ONBOARDED', 409, message, {
      ...(cause ? { cause } : {}),
      issues: [{ field: 'divisionCode', code: 'DIVISION_ALREADY_ONBOARDED', message }],
    });
  }

  // --- contact verification -------------------------------------------------------------------

  async sendCode(
    draftId: string,
    secret: string | undefined,
    channel: 'sms' | 'email',
  ): Promise<{ to: string; validUntil: string }> {
    const d = await this.mustDraft(draftId, secret);
    if (!d.admin) throw OnboardingErrors.draftIncomplete({ zh: '管理员信息', en: 'administrator' });
    const prev = await this.repo.getItem<StoredCode & { sentAt: number }>(onboardingKeys.draftCode(draftId));
    if (prev && this.now() - prev.sentAt < RESEND_AFTER_MS && !prev.usedAt)
      throw OnboardingErrors.codeResendTooSoon();
    const to = channel === 'sms' ? d.admin.mobile : d.admin.email;
    // Per recipient, whatever the draft: fresh drafts do not buy more codes to one number.
    await this.deps.beforeCodeSent?.(channel, to);
    const code = numericCode(6);
    const validUntil = this.now() + CODE_TTL_MS;
    await this.repo.putItem(onboardingKeys.draftCode(draftId), {
      hash: hashCode(this.deps.pepper, code),
      validUntil,
      attempts: 0,
      sentAt: this.now(),
      channel,
      to,
      expiresAt: Math.floor(validUntil / 1000) + 86_400,
    });
    await this.deps.notifier?.send({
      channel,
      to,
      code,
      text: `【邻里】您的验证码为 ${code}，10 分钟内有效。Your Linli verification code is ${code} (valid 10 minutes).`,
    });
    return {
      to: channel === 'sms' ? maskMobile(to) : maskEmail(to),
      validUntil: new Date(validUntil).toISOString(),
    };
  }

  async verifyCode(draftId: string, secret: string | undefined, code: string): Promise<DraftView> {
    const d = await this.mustDraft(draftId, secret);
    const stored = await this.repo.getItem<StoredCode & { channel: 'sms' | 'email'; to: string }>(
      onboardingKeys.draftCode(draftId),
    );
    if (!stored) throw OnboardingErrors.codeMismatch();
    const result = checkCode(this.deps.pepper, stored, code, this.now());
    if (result === 'mismatch') {
      await this.repo.putItem(onboardingKeys.draftCode(draftId), {
        ...stored,
        attempts: stored.attempts + 1,
      });
      throw OnboardingErrors.codeMismatch();
    }
    if (result === 'expired') throw OnboardingErrors.codeExpired();
    if (result === 'too-many-attempts') throw OnboardingErrors.codeTooManyAttempts();
    if (result === 'used') throw OnboardingErrors.codeExpired();
    await this.repo.putItem(onboardingKeys.draftCode(draftId), { ...stored, usedAt: this.iso() });
    const next: Draft = {
      ...d,
      verified: { channel: stored.channel, to: stored.to, at: this.iso() },
      updatedAt: this.iso(),
    };
    await this.repo.putDraft(next);
    return this.view(next);
  }

  // --- submission -----------------------------------------------------------------------------

  async submit(
    draftId: string,
    secret: string | undefined,
    password: string,
  ): Promise<{
    id: string;
    status: ApplicationStatus;
    statusToken: string;
    adminUsername: string;
    tenantId: string;
  }> {
    const d = await this.mustDraft(draftId, secret);
    const missing = [
      !d.divisionCode && 'divisionCode',
      !d.profile && 'profile',
      !d.tierRequested && 'tierRequested',
      !d.admin && 'admin',
    ].filter(Boolean) as string[];
    if (missing.length)
      throw OnboardingErrors.draftIncomplete(
        { zh: missing.join('、'), en: missing.join(', ') },
        {
          issues: missing.map((field) => ({
            field,
            code: 'REQUIRED',
            message: { zh: '必填', en: 'Required' },
          })),
        },
      );
    if (!this.isVerified(d)) throw OnboardingErrors.contactNotVerified();
    const divisionCode = d.divisionCode!;
    const profile = d.profile!;
    const tier = d.tierRequested!;
    const admin = d.admin!;
    const district = districtOf(divisionCode);
    const { category, rules } = computeCategory(profile);
    const policy = await this.repo.getPolicy();
    const needsApproval = policy.requireApproval[tier];

    let tenant: Tenant;
    try {
      tenant = await this.deps.registry.create({
        divisionCode,
        slug: slugFor(district.name, divisionCode),
        name: district.name,
        province: district.provinceName,
        city: district.cityName,
        tier,
        category,
        placement: tier === SILO_TIER ? 'silo' : 'pooled',
        wave: null,
        status: 'applied',
        dataTable: this.deps.pooledTable,
      });
    } catch (e) {
      if ((e as LinliError).code === 'DIVISION_ALREADY_ONBOARDED') {
        const existing = await this.deps.registry.getByDivision(divisionCode);
        if (existing) throw await this.divisionTakenError(existing, e);
      }
      throw e;
    }
    const applicationId = newId();
    const adminUsername = adminUsernameFor(divisionCode);
    try {
      await this.createAdminAccount(tenant.id, adminUsername, admin, password);
    } catch (e) {
      await this.repo.releaseTenant(tenant.id, tenant.divisionCode, tenant.slug);
      throw e;
    }
    await this.repo.putContact({
      tenantId: tenant.id,
      applicationId,
      name: admin.name,
      mobile: admin.mobile,
      email: admin.email,
    });
    const statusToken = randomBytes(24).toString('base64url');
    const at = this.iso();
    const application: Application = {
      id: applicationId,
      tenantId: tenant.id,
      divisionCode,
      districtName: district.name,
      province: district.provinceName,
      city: district.cityName,
      profile,
      category,
      categoryRules: rules,
      tierRequested: tier,
      admin,
      adminUsername,
      status: 'submitted',
      statusTokenHash: hashCode(this.deps.pepper, statusToken),
      needsApproval,
      history: [{ at, status: 'submitted', by: 'applicant' }],
      submittedAt: at,
      updatedAt: at,
    };
    await this.repo.putApplication(application);
    await this.repo.deleteItem(onboardingKeys.draft(draftId));
    await this.repo.deleteItem(onboardingKeys.draftCode(draftId));
    let status: ApplicationStatus = 'submitted';
    if (!needsApproval)
      status = (await this.approve(applicationId, { sub: 'policy', role: 'system' })).status;
    return { id: applicationId, status, statusToken, adminUsername, tenantId: tenant.id };
  }

  /**
   * The applicant's account is created at submission with the password they chose, so the
   * password is never stored by Linli. Without a membership it can do nothing until provisioned.
   */
  private async createAdminAccount(
    tenantId: string,
    username: string,
    admin: AdminContact,
    password: string,
  ) {
    try {
      await this.deps.cognito.send(
        new AdminCreateUserCommand({
          UserPoolId: this.deps.staffPoolId,
          Username: username,
          MessageAction: 'SUPPRESS',
          TemporaryPassword: password,
          UserAttributes: [
            { Name: 'name', Value: admin.name },
            { Name: 'email', Value: admin.email },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'phone_number', Value: `+86${admin.mobile}` },
            { Name: 'custom:tenantId', Value: tenantId },
          ],
        }),
      );
    } catch (e) {
      const name = (e as { name?: string }).name;
      if (name === 'UsernameExistsException')
        throw OnboardingErrors.userExists({ zh: username, en: username });
      if (name === 'InvalidPasswordException') throw OnboardingErrors.passwordPolicy();
      throw e;
    }
    await this.deps.cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: this.deps.staffPoolId,
        Username: username,
        Password: password,
        Permanent: true,
      }),
    );
  }

  // --- applicant status -----------------------------------------------------------------------

  private async mustApplication(id: string): Promise<Application> {
    const a = await this.repo.getApplication(id);
    if (!a) throw OnboardingErrors.applicationNotFound();
    return a;
  }

  async statusFor(id: string, token: string) {
    const a = await this.mustApplication(id);
    if (hashCode(this.deps.pepper, token) !== a.statusTokenHash) throw OnboardingErrors.statusToken();
    const prov = await loadState(this.deps, a.tenantId);
    return {
      id: a.id,
      status: a.status,
      districtName: a.districtName,
      divisionCode: a.divisionCode,
      tierRequested: a.tierRequested,
      category: a.category,
      categoryRules: a.categoryRules,
      needsApproval: a.needsApproval,
      adminUsername: a.adminUsername,
      decision: a.decision ?? null,
      history: a.history,
      provisioning: prov ? provisioningView(prov) : null,
      submittedAt: a.submittedAt,
      updatedAt: a.updatedAt,
    };
  }

  /** After "request changes": the applicant updates profile and/or tier and resubmits. */
  async resubmit(id: string, token: string, patch: { profile?: Profile; tierRequested?: Tier }) {
    const a = await this.mustApplication(id);
    if (hashCode(this.deps.pepper, token) !== a.statusTokenHash) throw OnboardingErrors.statusToken();
    if (a.status !== 'changes-requested')
      throw OnboardingErrors.applicationState({ zh: a.status, en: a.status });
    const profile = patch.profile ?? a.profile;
    const tier = patch.tierRequested ?? a.tierRequested;
    const { category, rules } = computeCategory(profile);
    const needsApproval = (await this.repo.getPolicy()).requireApproval[tier];
    const at = this.iso();
    await this.repo.transitionApplication(id, ['changes-requested'], {
      status: 'submitted',
      profile,
      category,
      categoryRules: rules,
      tierRequested: tier,
      needsApproval,
      updatedAt: at,
      history: [...a.history, { at, status: 'submitted', by: 'applicant', note: 'resubmitted' }],
    });
    await this.deps.registry.update(a.tenantId, {
      tier,
      category,
      placement: tier === SILO_TIER ? 'silo' : 'pooled',
    });
    if (!needsApproval) await this.approve(id, { sub: 'policy', role: 'system' });
    return this.statusFor(id, token);
  }

  // --- ministry -------------------------------------------------------------------------------

  async listApplications(status?: ApplicationStatus) {
    const all = await this.repo.listApplications();
    return all.filter((a) => !status || a.status === status).map(ministryView);
  }

  async getApplication(id: string) {
    const a = await this.mustApplication(id);
    const prov = await loadState(this.deps, a.tenantId);
    return { ...ministryView(a), history: a.history, provisioning: prov ? provisioningView(prov) : null };
  }

  private async audit(
    actor: Actor,
    action: string,
    target: string,
    detail?: Record<string, unknown>,
    reason?: string,
  ) {
    await appendControlAudit(this.deps.doc, this.deps.controlTable, {
      actor: actor.sub,
      role: actor.role,
      action,
      target,
      channel: actor.role === 'system' ? 'system' : 'web',
      ...(reason ? { reason } : {}),
      ...(detail ? { detail } : {}),
    });
  }

  async approve(id: string, actor: Actor): Promise<Application> {
    const a = await this.mustApplication(id);
    const at = this.iso();
    const next = await this.transition(a, ['submitted'], {
      status: 'provisioning',
      decision: { by: actor.sub, at, kind: 'approved' },
      updatedAt: at,
      history: [...a.history, { at, status: 'provisioning', by: actor.sub, note: 'approved' }],
    });
    await this.audit(actor, 'application.approve', `APPLICATION#${id}`, {
      tenantId: a.tenantId,
      tier: a.tierRequested,
    });
    await prepareProvisioning(
      this.deps,
      a.tenantId,
      { username: a.adminUsername, name: a.admin.name, email: a.admin.email, mobile: a.admin.mobile },
      a.id,
    );
    await this.deps.launcher.start(a.tenantId);
    return next;
  }

  async reject(id: string, actor: Actor, reason: string): Promise<Application> {
    const a = await this.mustApplication(id);
    const at = this.iso();
    const next = await this.transition(a, ['submitted', 'changes-requested'], {
      status: 'rejected',
      decision: { by: actor.sub, at, kind: 'rejected', reason },
      updatedAt: at,
      history: [...a.history, { at, status: 'rejected', by: actor.sub, note: reason }],
    });
    await this.audit(actor, 'application.reject', `APPLICATION#${id}`, { tenantId: a.tenantId }, reason);
    // The division is free again: remove the never-activated tenant and the reserved account.
    const t = await this.deps.registry.get(a.tenantId);
    if (t && t.status === 'applied') await this.repo.releaseTenant(t.id, t.divisionCode, t.slug);
    try {
      await this.deps.cognito.send(
        new AdminDeleteUserCommand({ UserPoolId: this.deps.staffPoolId, Username: a.adminUsername }),
      );
    } catch (e) {
      if ((e as { name?: string }).name !== 'UserNotFoundException') throw e;
    }
    await this.deps.notifier?.send({
      channel: 'email',
      to: a.admin.email,
      text: `【邻里】${a.districtName}的平台申请未通过：${reason}。Your Linli application was not approved: ${reason}`,
    });
    return next;
  }

  async requestChanges(id: string, actor: Actor, message: string): Promise<Application> {
    const a = await this.mustApplication(id);
    const at = this.iso();
    const next = await this.transition(a, ['submitted'], {
      status: 'changes-requested',
      decision: { by: actor.sub, at, kind: 'changes-requested', reason: message },
      updatedAt: at,
      history: [...a.history, { at, status: 'changes-requested', by: actor.sub, note: message }],
    });
    await this.audit(
      actor,
      'application.request-changes',
      `APPLICATION#${id}`,
      { tenantId: a.tenantId },
      message,
    );
    await this.deps.notifier?.send({
      channel: 'email',
      to: a.admin.email,
      text: `【邻里】请修改${a.districtName}的平台申请：${message}。Please update your Linli application: ${message}`,
    });
    return next;
  }

  private async transition(a: Application, from: ApplicationStatus[], patch: Partial<Application>) {
    try {
      return await this.repo.transitionApplication(a.id, from, patch);
    } catch (e) {
      if ((e as { name?: string }).name === 'ConditionalCheckFailedException')
        throw OnboardingErrors.applicationState({ zh: a.status, en: a.status });
      throw e;
    }
  }

  getPolicy(): Promise<ApprovalPolicy> {
    return this.repo.getPolicy();
  }

  async putPolicy(policy: ApprovalPolicy, actor: Actor): Promise<ApprovalPolicy> {
    await this.repo.putPolicy({ ...policy, updatedBy: actor.sub, updatedAt: this.iso() });
    await this.audit(actor, 'approval-policy.update', 'POLICY#APPROVAL', {
      requireApproval: policy.requireApproval,
    });
    return policy;
  }

  async provisioningStatus(tenantId: string) {
    const s = await loadState(this.deps, tenantId);
    if (!s) throw Errors.notFound({ zh: tenantId, en: tenantId });
    return provisioningView(s);
  }

  async retryProvisioning(tenantId: string, actor: Actor) {
    const s = await loadState(this.deps, tenantId);
    if (!s) throw Errors.notFound({ zh: tenantId, en: tenantId });
    if (s.status === 'succeeded') return provisioningView(s);
    const next = await resetFailed(this.deps, tenantId);
    await this.audit(actor, 'provisioning.retry', `TENANT#${tenantId}`);
    await this.deps.launcher.start(tenantId);
    return provisioningView(next);
  }
}

/** What the ministry sees of an application: the administrator's contact is masked. */
const ministryView = (a: Application) => ({
  id: a.id,
  tenantId: a.tenantId,
  divisionCode: a.divisionCode,
  districtName: a.districtName,
  province: a.province,
  city: a.city,
  tierRequested: a.tierRequested,
  category: a.category,
  categoryRules: a.categoryRules,
  profile: a.profile,
  status: a.status,
  needsApproval: a.needsApproval,
  admin: { name: a.admin.name, mobile: maskMobile(a.admin.mobile), email: maskEmail(a.admin.email) },
  decision: a.decision ?? null,
  submittedAt: a.submittedAt,
  updatedAt: a.updatedAt,
});

export const provisioningView = (s: ProvisioningState) => ({
  tenantId: s.tenantId,
  status: s.status,
  steps: Object.entries(s.steps).map(([name, st]) => ({ name, ...st })),
  outputs: {
    streets: s.outputs.streets ?? null,
    communities: s.outputs.communities ?? null,
    catalogue: s.outputs.catalogue ?? null,
    modules: s.outputs.modules ?? null,
    dataTable: s.outputs.dataTable ?? null,
  },
  updatedAt: s.updatedAt,
});
