import { lambdaHandler } from '@linli/adapters/aws';
import { provisioningStep } from '@linli/adapters/aws/control-plane';

/**
 * One task of the provisioning state machine (`{ step, tenantId }`): runs that step once with this
 * function's own role and throws on failure so the state machine's Retry applies.
 */
export const handler = lambdaHandler(provisioningStep());
