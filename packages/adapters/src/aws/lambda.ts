import { logger, metrics } from '@linli/api/observability';
import type { Context } from 'aws-lambda';

/**
 * Every Linli function's handler goes through this: the Powertools logger takes the invocation's
 * context (request id, cold start, function name and version on every line), an error is logged
 * with its stack before Lambda sees it, and metrics left in the buffer are flushed.
 */
export const lambdaHandler =
  <E, R, C extends Context | undefined = Context>(fn: (event: E, context: C) => Promise<R>) =>
  async (event: E, context: C): Promise<R> => {
    if (context) logger.addContext(context);
    try {
      return await fn(event, context);
    } catch (err) {
      logger.error('invocation failed', err as Error);
      throw err;
    } finally {
      metrics?.publishStoredMetrics();
    }
  };
