/**
 * Values the global setups hand to test files (`inject('…')` inside a test file).
 * Only JSON-serializable data crosses from the setup process to the test workers.
 */
import type { DemoLogin, SerializablePlatformEnv } from '@linli/local';

declare module 'vitest' {
  export interface ProvidedContext {
    /** integration project: the engines' endpoints, table names, pools and data folder. */
    linliEnv: SerializablePlatformEnv;
    /** browser project: where the whole local platform listens (`http://127.0.0.1:<port>`). */
    linliBaseUrl: string;
    /** browser project: the demo logins printed by `npm start`. */
    linliDemoLogins: DemoLogin[];
    /** browser project: the platform's data folder (outbox.jsonl, logs). */
    linliDataDir: string;
  }
}
