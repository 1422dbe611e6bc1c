/**
 * The one definition of Linli's DynamoDB tables and Cognito user pools.
 *
 * Both the CDK stacks (`infra/`) and the local platform (`@linli/local`, DynamoDB Local and
 * cognito-local) build their resources from these objects, so key names, indexes and pool
 * attributes are written exactly once. Plain data only: no AWS SDK or CDK import here.
 */

export type KeyType = 'S' | 'N';

export interface KeyDef {
  readonly name: string;
  readonly type: KeyType;
}

export interface IndexDef {
  readonly name: string;
  readonly partitionKey: KeyDef;
  readonly sortKey: KeyDef;
  /** Projection: ALL keeps queries single-round-trip; index items are small. */
  readonly projection: 'ALL' | 'KEYS_ONLY';
}

export interface TableDef {
  /** Logical id (stable), also the local table name suffix. */
  readonly id: string;
  readonly partitionKey: KeyDef;
  readonly sortKey: KeyDef;
  readonly indexes: readonly IndexDef[];
  /** Attribute holding an epoch-seconds expiry, if the table uses TTL. */
  readonly ttlAttribute?: string;
  /** Whether a stream (NEW_AND_OLD_IMAGES) feeds processors. */
  readonly stream: boolean;
}

const pk: KeyDef = { name: 'pk', type: 'S' };
const sk: KeyDef = { name: 'sk', type: 'S' };
const gsi = (n: 1 | 2 | 3): IndexDef => ({
  name: `gsi${n}`,
  partitionKey: { name: `gsi${n}pk`, type: 'S' },
  sortKey: { name: `gsi${n}sk`, type: 'S' },
  projection: 'ALL',
});

/**
 * Control-plane table: tenant registry, division-code and slug uniqueness records, membership
 * registry (user sub → tenant, roles, scope), flag definitions, applications, control audit.
 */
export const controlTable: TableDef = {
  id: 'control',
  partitionKey: pk,
  sortKey: sk,
  indexes: [gsi(1), gsi(2)],
  ttlAttribute: 'expiresAt',
  stream: false,
};

/**
 * Tenant data table (pooled, or one per silo tenant). Every partition key and every index
 * partition key starts with the tenant prefix `T#<tenantId>#` — IAM `dynamodb:LeadingKeys`
 * pins a request's credentials to that prefix.
 */
export const tenantTable: TableDef = {
  id: 'tenant-data',
  partitionKey: pk,
  sortKey: sk,
  indexes: [gsi(1), gsi(2), gsi(3)],
  ttlAttribute: 'expiresAt',
  stream: true,
};

/** Table names per environment (stage). Silo tables are named per tenant. */
export const tableNames = (stage: string) => ({
  control: `linli-${stage}-control`,
  pooledTenant: `linli-${stage}-tenant-data`,
  siloTenant: (tenantId: string) => `linli-${stage}-tenant-${tenantId.toLowerCase()}`,
});

/** Key attribute names of a table (the base keys and every index key). */
export const keyAttributes = (table: TableDef): string[] => [
  table.partitionKey.name,
  table.sortKey.name,
  ...table.indexes.flatMap((i) => [i.partitionKey.name, i.sortKey.name]),
];

/** The partition-key attribute names (table and indexes) that must carry the tenant prefix. */
export const partitionKeyAttributes = (table: TableDef): string[] => [
  table.partitionKey.name,
  ...table.indexes.map((i) => i.partitionKey.name),
];

// ---------------------------------------------------------------------------------------------
// Identity: Cognito user pools
// ---------------------------------------------------------------------------------------------

export const ROLES = [
  'ministry-admin',
  'ministry-analyst',
  'district-admin',
  'street-staff',
  'community-worker',
  'department-staff',
  'call-centre-operator',
  'resident',
] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES = ROLES.filter((r) => r !== 'resident');
export const MINISTRY_ROLES: readonly Role[] = ['ministry-admin', 'ministry-analyst'];

export interface CustomAttributeDef {
  readonly name: string;
  /** Immutable in AWS (set once at creation by an admin path). */
  readonly mutable: boolean;
  readonly maxLength: number;
}

export interface AppClientDef {
  readonly id: string;
  /** Attributes the client may write. Never the tenant or any authorization attribute. */
  readonly writeAttributes: readonly string[];
  readonly readAttributes: readonly string[];
  readonly authFlows: readonly (
    | 'USER_PASSWORD_AUTH'
    | 'USER_SRP_AUTH'
    | 'REFRESH_TOKEN_AUTH'
    | 'CUSTOM_AUTH'
  )[];
  /**
   * Minutes a sign-in in progress may last (Cognito's `AuthSessionValidity`, 3–15): for
   * `CUSTOM_AUTH`, as long as the SMS code is valid. @default 3 (Cognito's)
   */
  readonly authSessionMinutes?: number;
  readonly accessTokenMinutes: number;
  readonly idTokenMinutes: number;
  readonly refreshTokenDays: number;
}

/** What a pool requires of a password: Cognito enforces it, the forms show and pre-check it. */
export interface PasswordPolicy {
  readonly minLength: number;
  readonly requireLowercase: boolean;
  readonly requireUppercase: boolean;
  readonly requireDigits: boolean;
  readonly requireSymbols: boolean;
}

export type PasswordRule = 'length' | 'lowercase' | 'uppercase' | 'digit' | 'symbol';

const RULE_TESTS: Record<Exclude<PasswordRule, 'length'>, RegExp> = {
  lowercase: /[a-z]/,
  uppercase: /[A-Z]/,
  digit: /\d/,
  // Cognito's special characters are ASCII punctuation (and an inner space); any other counts here.
  symbol: /[^A-Za-z0-9]/,
};

/** The rules of a policy, in the order the forms list them. */
export const passwordRules = (p: PasswordPolicy): PasswordRule[] => [
  'length',
  ...(p.requireLowercase ? (['lowercase'] as const) : []),
  ...(p.requireUppercase ? (['uppercase'] as const) : []),
  ...(p.requireDigits ? (['digit'] as const) : []),
  ...(p.requireSymbols ? (['symbol'] as const) : []),
];

/** The rules `password` breaks (empty when the pool would accept it). */
export const passwordFailures = (p: PasswordPolicy, password: string): PasswordRule[] =>
  passwordRules(p).filter((r) =>
    r === 'length' ? password.length < p.minLength : !RULE_TESTS[r].test(password),
  );

/** Each rule in Chinese and English (`{n}` is the minimum length). */
export const PASSWORD_RULE_TEXT: Record<PasswordRule, { readonly zh: string; readonly en: string }> = {
  length: { zh: '至少 {n} 位', en: 'at least {n} characters' },
  lowercase: { zh: '含小写字母', en: 'a lowercase letter' },
  uppercase: { zh: '含大写字母', en: 'an uppercase letter' },
  digit: { zh: '含数字', en: 'a digit' },
  symbol: { zh: '含符号（如 - ! @ #）', en: 'a symbol (such as - ! @ #)' },
};

/** The policy as one line in `lang` ('zh' or 'en'), e.g. `至少 10 位，含小写字母，含大写字母，…`. */
export const describePasswordPolicy = (p: PasswordPolicy, lang: 'zh' | 'en'): string =>
  passwordRules(p)
    .map((r) => PASSWORD_RULE_TEXT[r][lang].replace('{n}', String(p.minLength)))
    .join(lang === 'zh' ? '，' : ', ');

const strongPassword = (minLength: number): PasswordPolicy => ({
  minLength,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: true,
});

export interface UserPoolDef {
  readonly id: 'staff' | 'residents';
  readonly signInAliases: readonly ('email' | 'phone' | 'username')[];
  readonly autoVerify: readonly ('email' | 'phone')[];
  readonly customAttributes: readonly CustomAttributeDef[];
  /** Cognito groups; for staff these are Linli roles (display only, authz uses the registry). */
  readonly groups: readonly string[];
  readonly passwordPolicy: PasswordPolicy;
  readonly clients: readonly AppClientDef[];
}

const webClient = (writeAttributes: string[], readAttributes: string[]): AppClientDef => ({
  id: 'web',
  writeAttributes,
  readAttributes,
  authFlows: ['USER_PASSWORD_AUTH', 'USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH'],
  accessTokenMinutes: 60,
  idTokenMinutes: 60,
  refreshTokenDays: 30,
});

/** Staff and ministry users. `custom:tenantId` is informational and immutable; never trusted. */
export const staffPool: UserPoolDef = {
  id: 'staff',
  signInAliases: ['username', 'email', 'phone'],
  autoVerify: ['email'],
  customAttributes: [{ name: 'tenantId', mutable: false, maxLength: 32 }],
  groups: STAFF_ROLES,
  passwordPolicy: strongPassword(10),
  clients: [webClient(['name', 'locale'], ['name', 'email', 'phone_number', 'locale', 'custom:tenantId'])],
};

/**
 * Residents sign up with a mobile number verified by an SMS code, and sign in with an SMS code
 * (`CUSTOM_AUTH`: the Define/Create/Verify triggers of `@linli/auth/sms-challenge`), no password.
 * `USER_PASSWORD_AUTH` stays for the one sign-in right after sign-up (Cognito's SignUp needs a
 * password; the web client makes a random one no one sees).
 */
export const residentPool: UserPoolDef = {
  id: 'residents',
  signInAliases: ['phone'],
  autoVerify: ['phone'],
  customAttributes: [{ name: 'tenantId', mutable: false, maxLength: 32 }],
  groups: [],
  passwordPolicy: strongPassword(8),
  // Sign-up writes the mobile number, so the client must be allowed to write it; never the tenant.
  clients: [
    {
      ...webClient(['name', 'locale', 'phone_number'], ['name', 'phone_number', 'locale', 'custom:tenantId']),
      authFlows: ['USER_PASSWORD_AUTH', 'USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'CUSTOM_AUTH'],
      // The SMS code's validity (SMS_CODE.ttlSeconds in @linli/auth/sms-challenge).
      authSessionMinutes: 5,
    },
  ],
};

export const userPools: readonly UserPoolDef[] = [staffPool, residentPool];

// ---------------------------------------------------------------------------------------------
// Rollout vocabulary (DOMAIN.md)
// ---------------------------------------------------------------------------------------------

export const TIERS = ['basic', 'standard', 'demonstration'] as const;
export type Tier = (typeof TIERS)[number];

/** Requests per second and burst per tier (API Gateway route throttling and the local limiter). */
export const tierThrottle: Record<Tier, { rate: number; burst: number }> = {
  basic: { rate: 50, burst: 100 },
  standard: { rate: 200, burst: 400 },
  demonstration: { rate: 500, burst: 1000 },
};
