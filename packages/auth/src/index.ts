export { ContextResolver, type RequestContext, TtlCache } from './context.ts';
export {
  ACTIONS,
  type Action,
  allows,
  authorize,
  authorizeCommunity,
  grantFor,
  listConstraint,
  PERMISSIONS,
  type Principal,
  type ScopeLevel,
  type Target,
} from './permissions.ts';
export { type PoolTrust, TokenVerifier, type VerifiedToken } from './verifier.ts';
