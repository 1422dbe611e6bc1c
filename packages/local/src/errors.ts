/**
 * A problem the person running the local platform can fix (missing Java, busy port…). The CLI
 * prints its message as one line, without a stack trace.
 */
export class LocalPlatformError extends Error {
  override readonly name = 'LocalPlatformError';
  constructor(
    message: string,
    readonly code:
      | 'JAVA_MISSING'
      | 'PORT_BUSY'
      | 'BAD_CONFIG'
      | 'ENGINE_FAILED'
      | 'ALREADY_RUNNING'
      | 'WEB_BUILD_FAILED',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
