import type { AppClientDef, UserPoolDef } from '@linli/tables';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** OIDC standard attribute names (as written in `@linli/tables`) → CDK's attribute mask keys. */
const STANDARD_ATTRIBUTES: Record<string, keyof cognito.StandardAttributesMask> = {
  address: 'address',
  birthdate: 'birthdate',
  email: 'email',
  email_verified: 'emailVerified',
  family_name: 'familyName',
  gender: 'gender',
  given_name: 'givenName',
  locale: 'locale',
  middle_name: 'middleName',
  name: 'fullname',
  nickname: 'nickname',
  phone_number: 'phoneNumber',
  phone_number_verified: 'phoneNumberVerified',
  picture: 'profilePicture',
  preferred_username: 'preferredUsername',
  profile: 'profilePage',
  updated_at: 'lastUpdateTime',
  website: 'website',
  zoneinfo: 'timezone',
};

/** Translate a definition's attribute list (`name`, `custom:tenantId`, …) into CDK client attributes. */
export const clientAttributes = (names: readonly string[]): cognito.ClientAttributes => {
  const standard: cognito.StandardAttributesMask = {};
  const custom: string[] = [];
  for (const name of names) {
    if (name.startsWith('custom:')) {
      custom.push(name.slice('custom:'.length));
      continue;
    }
    const key = STANDARD_ATTRIBUTES[name];
    if (!key) throw new Error(`Unknown Cognito standard attribute in @linli/tables: ${name}`);
    (standard as Record<string, boolean>)[key] = true;
  }
  return new cognito.ClientAttributes().withStandardAttributes(standard).withCustomAttributes(...custom);
};

export interface LinliUserPoolProps {
  readonly def: UserPoolDef;
  readonly userPoolName: string;
  /** Role Cognito assumes to send SMS (phone verification, SMS MFA). */
  readonly smsRole: iam.IRole;
  readonly smsRoleExternalId: string;
  /** @default cognito.Mfa.OPTIONAL */
  readonly mfa?: cognito.Mfa;
  /** @default { otp: true, sms: false } */
  readonly mfaSecondFactor?: cognito.MfaSecondFactor;
  /**
   * Plus plan with full-function threat protection (compromised credentials, adaptive auth).
   * @default false (Essentials)
   */
  readonly threatProtection?: boolean;
  /** @default true */
  readonly retain?: boolean;
}

/**
 * A Cognito user pool built from a `UserPoolDef`: sign-in aliases, verification, immutable custom
 * attributes, one group per role and the app clients with exactly the definition's read/write
 * attributes (so no client can ever write `custom:tenantId`).
 */
export class LinliUserPool extends Construct {
  readonly pool: cognito.UserPool;
  /** App clients keyed by the definition's client id (e.g. `web`). */
  readonly clients: Record<string, cognito.UserPoolClient> = {};

  constructor(scope: Construct, id: string, props: LinliUserPoolProps) {
    super(scope, id);
    const { def } = props;
    const retain = props.retain ?? true;
    const aliases = new Set(def.signInAliases);
    const verify = new Set(def.autoVerify);
    const customAttributes: Record<string, cognito.ICustomAttribute> = {};
    for (const attr of def.customAttributes) {
      customAttributes[attr.name] = new cognito.StringAttribute({
        maxLen: attr.maxLength,
        mutable: attr.mutable,
      });
    }

    this.pool = new cognito.UserPool(this, 'Pool', {
      userPoolName: props.userPoolName,
      selfSignUpEnabled: def.id === 'residents',
      signInAliases: {
        username: aliases.has('username'),
        email: aliases.has('email'),
        phone: aliases.has('phone'),
      },
      autoVerify: { email: verify.has('email'), phone: verify.has('phone') },
      keepOriginal: { email: verify.has('email'), phone: verify.has('phone') },
      customAttributes,
      passwordPolicy: {
        minLength: def.passwordPolicy.minLength,
        requireDigits: def.passwordPolicy.requireDigits,
        requireLowercase: def.passwordPolicy.requireLowercase,
        requireUppercase: def.passwordPolicy.requireUppercase,
        requireSymbols: def.passwordPolicy.requireSymbols,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: verify.has('phone')
        ? cognito.AccountRecovery.PHONE_ONLY_WITHOUT_MFA
        : cognito.AccountRecovery.EMAIL_ONLY,
      mfa: props.mfa ?? cognito.Mfa.OPTIONAL,
      mfaSecondFactor: props.mfaSecondFactor ?? { otp: true, sms: false },
      smsRole: props.smsRole,
      smsRoleExternalId: props.smsRoleExternalId,
      featurePlan: props.threatProtection ? cognito.FeaturePlan.PLUS : cognito.FeaturePlan.ESSENTIALS,
      ...(props.threatProtection
        ? { standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION }
        : {}),
      deletionProtection: retain,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    for (const group of def.groups) {
      new cognito.CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: this.pool.userPoolId,
        groupName: group,
        description: `Linli role ${group} (display only; authorization uses the membership registry)`,
      });
    }

    for (const client of def.clients) this.clients[client.id] = this.addClient(client);
  }

  private addClient(def: AppClientDef): cognito.UserPoolClient {
    return this.pool.addClient(`Client-${def.id}`, {
      userPoolClientName: def.id,
      generateSecret: false,
      authFlows: {
        userPassword: def.authFlows.includes('USER_PASSWORD_AUTH'),
        userSrp: def.authFlows.includes('USER_SRP_AUTH'),
        custom: def.authFlows.includes('CUSTOM_AUTH'),
      },
      ...(def.authSessionMinutes ? { authSessionValidity: Duration.minutes(def.authSessionMinutes) } : {}),
      readAttributes: clientAttributes(def.readAttributes),
      writeAttributes: clientAttributes(def.writeAttributes),
      accessTokenValidity: Duration.minutes(def.accessTokenMinutes),
      idTokenValidity: Duration.minutes(def.idTokenMinutes),
      refreshTokenValidity: Duration.days(def.refreshTokenDays),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
    });
  }
}
