import { Logger, type LogItem } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv } from './env.ts';

/**
 * Logs and metrics of every Linli process, through AWS Lambda Powertools. In Lambda the logger
 * writes one JSON object per line (with the function's context once `addContext` ran: request id,
 * cold start, function name) and the metrics are CloudWatch EMF, flushed per request. Elsewhere
 * (`npm start`, tests) the same log calls print one readable line each and no metric is emitted.
 */
export const inLambda = (): boolean => !!process.env.AWS_LAMBDA_FUNCTION_NAME;

const SERVICE = 'linli';

/** Values printed as `key=value`; objects as compact JSON. */
const show = (v: unknown) =>
  typeof v === 'string' ? (/\s/.test(v) ? JSON.stringify(v) : v) : JSON.stringify(v);

/** The same logger, printing `HH:MM:SS LEVEL message key=value …` for a person reading a terminal. */
class ReadableLogger extends Logger {
  protected override printLog(logLevel: number, log: LogItem): void {
    const { timestamp, level, message, service, sampling_rate, ...rest } = log.getAttributes();
    void service;
    void sampling_rate;
    const time = String(timestamp ?? new Date().toISOString()).slice(11, 19);
    const extra = Object.entries(rest)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${show(v)}`)
      .join(' ');
    const line = `${time} ${String(level).padEnd(5)} ${String(message)}${extra ? ` ${extra}` : ''}`;
    (logLevel >= 20 ? console.error : console.log)(line);
  }

  protected override createLogger(options?: ConstructorParameters<typeof Logger>[0]): Logger {
    return new ReadableLogger(options);
  }
}

/** One logger per process: JSON in Lambda, readable lines elsewhere. */
export const logger: Logger = inLambda()
  ? new Logger({ serviceName: SERVICE })
  : new ReadableLogger({
      serviceName: SERVICE,
      logLevel: (process.env.LINLI_LOG_LEVEL ?? 'WARN') as Parameters<Logger['setLogLevel']>[0],
    });

/** CloudWatch EMF metrics (namespace `Linli`), in Lambda only. */
export const metrics: Metrics | undefined = inLambda()
  ? new Metrics({ namespace: 'Linli', serviceName: SERVICE })
  : undefined;

/**
 * Per request: one log line (method, route, status, latency, tenant, request id) and, in Lambda,
 * the route's metrics — `requests`, `latency`, `4xx`, `5xx` with the dimension `route` — flushed
 * before the response leaves, so each invocation publishes its own.
 */
export const observe = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const started = performance.now();
  await next();
  const latencyMs = Math.round((performance.now() - started) * 10) / 10;
  const status = c.res.status;
  const matched = routePath(c, -1);
  const route = `${c.req.method} ${matched && !matched.endsWith('*') ? matched : 'unmatched'}`;
  const env = c.env as { lambdaContext?: { awsRequestId?: string } } | undefined;
  const requestId = env?.lambdaContext?.awsRequestId ?? c.req.header('x-request-id');
  const tenantId = (c.get('ctx') as { tenant?: { id: string } } | undefined)?.tenant?.id;
  const fields = {
    route,
    path: c.req.path,
    status,
    latencyMs,
    ...(tenantId ? { tenantId } : {}),
    ...(requestId ? { requestId } : {}),
  };
  if (status >= 500) logger.error('request failed', fields);
  else logger.info('request', fields);
  if (metrics) {
    metrics.addDimension('route', route);
    metrics.addMetric('requests', MetricUnit.Count, 1);
    metrics.addMetric('latency', MetricUnit.Milliseconds, latencyMs);
    metrics.addMetric('4xx', MetricUnit.Count, status >= 400 && status < 500 ? 1 : 0);
    metrics.addMetric('5xx', MetricUnit.Count, status >= 500 ? 1 : 0);
    metrics.publishStoredMetrics();
  }
};
