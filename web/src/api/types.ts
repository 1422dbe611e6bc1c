/** Shapes of the Linli HTTP API as the web client uses them (the contract the gateway serves). */

export type Tier = 'basic' | 'standard' | 'demonstration';
export type TenantStatus = 'applied' | 'provisioning' | 'active' | 'suspended' | 'offboarding' | 'deleted';

export interface LocalizedText {
  zh: string;
  en: string;
}

export interface PoolConfig {
  userPoolId: string;
  clientId: string;
  endpoint: string;
}

export interface AppConfig {
  mode: 'local' | 'aws';
  region: string;
  staff: PoolConfig;
  residents: PoolConfig;
  devOutbox: boolean;
}

export interface Me {
  sub: string;
  username: string;
  name: string;
  kind: 'ministry' | 'staff' | 'resident';
  tenant?: { id: string; slug: string; name: string; divisionCode: string; tier: Tier; status: TenantStatus };
  roles: string[];
  scope: { streetCode?: string; communityCode?: string; department?: string };
  modules: string[];
}

export interface PublicDistrictSummary {
  slug: string;
  name: string;
  divisionCode: string;
  province: string;
  city: string;
  tier: Tier;
}

export interface Notice {
  id: string;
  title: string;
  body: string;
  publishedAt: string;
}

export interface PublicDistrict extends PublicDistrictSummary {
  status: TenantStatus;
  modules: string[];
  hotline: string;
  notices: Notice[];
}

export interface Street {
  code: string;
  name: string;
  communityCount: number;
}

export interface Community {
  code: string;
  name: string;
}

export interface TenantCategory {
  areaType: string;
  development: string;
  migrantShare: string;
  infrastructure: string;
  hardship: string;
}

export interface MinistryTenant {
  id: string;
  slug: string;
  name: string;
  divisionCode: string;
  tier: Tier;
  category: TenantCategory;
  wave: string;
  status: TenantStatus;
  placement: 'pooled' | 'silo';
}

export interface OutboxMessage {
  channel: 'sms' | 'email';
  to: string;
  text: string;
  code?: string;
  at: string;
}

export interface Division {
  code: string;
  name: string;
}

export interface JoinApplicationInput {
  divisionCode: string;
  profile: Record<string, string | number>;
  tierRequested: Tier;
  admin: { name: string; mobile: string; email: string };
}

export interface JoinApplicationCreated {
  id: string;
  status: string;
}
