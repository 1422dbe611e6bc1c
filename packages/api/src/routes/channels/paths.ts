/**
 * Tenant paths answered without a JWT: a system authenticates there with a district-issued key
 * (call events) or a signature (the SMS provider's inbound webhook). Hono's path syntax. Read by
 * the isolation suite (these routes get key checks, not token checks); the gateway's table in
 * `infra/src/constructs/tenant-api.ts` sends them to the channels function without an authorizer.
 */
export const KEY_AUTH_PATHS = ['/api/t/calls', '/api/t/sms/inbound/:key'] as const;
