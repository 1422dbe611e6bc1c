/**
 * Names for the contract's shapes the web client uses most. Every one is the generated type of the
 * server's OpenAPI document (see http.ts), never a hand-written copy.
 */
import type { ControlSchemas, TenantSchemas } from './http';

export type LocalizedText = ControlSchemas['Bilingual'];
export type Tier = ControlSchemas['Tier'];
export type TenantStatus = ControlSchemas['TenantStatus'];
export type TenantCategory = ControlSchemas['TenantCategory'];
export type AppConfig = ControlSchemas['AppConfig'];
export type Me = ControlSchemas['Me'];
export type PublicDistrictSummary = ControlSchemas['PublicDistrict'];
export type PublicDistrict = ControlSchemas['DistrictPortal'];
export type MinistryTenant = ControlSchemas['RegistryTenant'];
export type Division = ControlSchemas['Division'];
export type Street = TenantSchemas['Street'];
export type Community = TenantSchemas['Community'];

/**
 * A message of the development outbox (`/api/dev/outbox`, local mode only). That route is not part
 * of the API contract (it does not exist in AWS), so its shape is declared here.
 */
export interface OutboxMessage {
  channel: 'sms' | 'email';
  to: string;
  text: string;
  code?: string;
  at: string;
}
