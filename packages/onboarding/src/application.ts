import type { Bilingual } from '@linli/core';
import { findDistrict } from '@linli/divisions';
import { PASSWORD_RULE_TEXT, passwordFailures, staffPool, TIERS, type Tier } from '@linli/tables';
import type { Category } from '@linli/tenancy';
import * as z from 'zod/mini';
import type { CategoryRuleLine, Profile } from './category.ts';
import { profileSchema } from './category.ts';

/** A refinement with a stable code and a bilingual message (read by `issuesFromZod`). */
export const bi = (code: string, zh: string, en: string) => ({ message: en, params: { code, zh, en } });

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const emailSchema = z.string().check(
  z.maxLength(254),
  z.refine((s) => EMAIL.test(s), bi('EMAIL_FORMAT', '邮箱格式不正确', 'Not a valid e-mail address')),
);

export const divisionCodeSchema = z.string().check(
  z.refine((c) => /^\d{6}$/.test(c), bi('DIVISION_CODE_FORMAT', '区划代码应为 6 位数字', 'A 6-digit code')),
  z.refine(
    (c) => !/^\d{6}$/.test(c) || findDistrict(c) !== undefined,
    bi('DIVISION_CODE_UNKNOWN', '不是有效的区县级行政区划代码', 'Not a known county-level division code'),
  ),
);

export const mobileSchema = z
  .string()
  .check(
    z.refine(
      (s) => /^1[3-9]\d{9}$/.test(s),
      bi('MOBILE_FORMAT', '请输入 11 位中国大陆手机号', 'An 11-digit mainland China mobile number'),
    ),
  );

export const adminSchema = z.strictObject({
  name: z.string().check(
    z.trim(),
    z.refine(
      (s) => s.length >= 2 && s.length <= 32,
      bi('NAME_LENGTH', '姓名为 2–32 个字', '2–32 characters'),
    ),
  ),
  mobile: mobileSchema,
  email: emailSchema,
});
export type AdminContact = z.infer<typeof adminSchema>;

/** The staff pool's password policy (`@linli/tables`), checked before Cognito sees the password. */
export const passwordSchema = z.string().check(
  z.maxLength(128),
  z.superRefine((p, ctx) => {
    const failed = passwordFailures(staffPool.passwordPolicy, p);
    if (!failed.length) return;
    const text = (lang: 'zh' | 'en') =>
      failed.map((r) =>
        PASSWORD_RULE_TEXT[r][lang].replace('{n}', String(staffPool.passwordPolicy.minLength)),
      );
    const { message, params } = bi(
      'PASSWORD_POLICY',
      `密码须${text('zh').join('，')}`,
      `The password needs ${text('en').join(', ')}`,
    );
    ctx.addIssue({ code: 'custom', message, params });
  }),
);

export const tierSchema = z.enum(TIERS);

/** One PATCH of a draft: any subset of the steps; each given step is validated whole. */
export const draftPatchSchema = z.strictObject({
  divisionCode: z.optional(divisionCodeSchema),
  profile: z.optional(profileSchema),
  tierRequested: z.optional(tierSchema),
  admin: z.optional(adminSchema),
});
export type DraftPatch = z.infer<typeof draftPatchSchema>;

export const submitSchema = z.strictObject({
  draftId: z.string().check(z.minLength(10), z.maxLength(40)),
  password: passwordSchema,
});

export const verifySendSchema = z.strictObject({ channel: z._default(z.enum(['sms', 'email']), 'sms') });
export const verifyCheckSchema = z.strictObject({
  code: z
    .string()
    .check(
      z.refine((s) => /^\d{6}$/.test(s), bi('CODE_FORMAT', '验证码为 6 位数字', 'The code has 6 digits')),
    ),
});

export interface Draft {
  readonly id: string;
  /** HMAC of the secret handed to the applicant at creation; every later call presents it. */
  readonly secretHash?: string;
  readonly divisionCode?: string;
  readonly profile?: Profile;
  readonly tierRequested?: Tier;
  readonly admin?: AdminContact;
  /** The contact (mobile or e-mail) proven by a code, reset when the admin contact changes. */
  readonly verified?: { channel: 'sms' | 'email'; to: string; at: string };
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Epoch seconds (DynamoDB TTL). */
  readonly expiresAt: number;
}

export const APPLICATION_STATUSES = [
  'submitted',
  'changes-requested',
  'rejected',
  'provisioning',
  'provisioning-failed',
  'active',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export interface Application {
  readonly id: string;
  readonly tenantId: string;
  readonly divisionCode: string;
  readonly districtName: string;
  readonly province: string;
  readonly city: string;
  readonly profile: Profile;
  readonly category: Category;
  readonly categoryRules: readonly CategoryRuleLine[];
  readonly tierRequested: Tier;
  readonly admin: AdminContact;
  readonly adminUsername: string;
  readonly status: ApplicationStatus;
  /** HMAC of the applicant's status token (the id alone does not reveal the status). */
  readonly statusTokenHash: string;
  readonly needsApproval: boolean;
  readonly decision?: { by: string; at: string; reason?: Bilingual | string; kind: string };
  readonly history: readonly { at: string; status: ApplicationStatus; by: string; note?: string }[];
  readonly submittedAt: string;
  readonly updatedAt: string;
}

/** The admin's sign-in name, derived from the (unique) division code. */
export const adminUsernameFor = (divisionCode: string) => `admin-${divisionCode}`;

export type ApprovalPolicy = { readonly requireApproval: Record<Tier, boolean> };
export const DEFAULT_APPROVAL_POLICY: ApprovalPolicy = {
  requireApproval: { basic: false, standard: true, demonstration: true },
};
export const approvalPolicySchema = z.strictObject({
  requireApproval: z.object({ basic: z.boolean(), standard: z.boolean(), demonstration: z.boolean() }),
});
