import middy from '@middy/core';
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';

/**
 * Cognito pre-token-generation trigger. Placeholder until the membership registry is wired:
 * it strips nothing and adds nothing.
 */
const base = async (event: PreTokenGenerationTriggerEvent) => event;
export const handler = middy(base);
