export { createDeps } from '../create-deps.ts';
export { InProcessImportRunner } from '../jobs.ts';
export {
  BROWSER_COGNITO_PATH,
  type LocalPlatform,
  type LocalPool,
  type LocalRuntimeOptions,
  localKeys,
  localRuntime,
  localSecret,
  type OutboxLike,
  outboxNotifier,
  uploadsFor,
} from './runtime.ts';
export { LOCAL_UPLOAD_PATH, LocalImportFiles } from './uploads.ts';
