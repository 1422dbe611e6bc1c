/** Real Chromium (Debian package) driven by playwright-core. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { expectAccessible, trackVisits, uncheckedVisits } from './a11y.ts';
import type { Json } from './call.ts';

export const CHROMIUM = process.env.LINLI_CHROMIUM || '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Installs the Debian `chromium` package when missing and we are root; otherwise says what to run. */
export const ensureChromium = (): void => {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it: sudo apt-get install -y chromium`);
  }
  console.log('[browser] installing chromium (apt-get install -y chromium)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
      stdio: 'inherit',
      env,
    });
  } catch {
    execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
      stdio: 'inherit',
      env,
    });
  }
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get install chromium did not provide ${CHROMIUM}`);
};

export interface BrowserSession {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/**
 * A headless Chromium with a fresh profile (no cookies, no storage) and one page. The page's
 * navigations are tracked: `close()` fails when a path it visited was never checked with
 * `expectAccessible` (support/a11y.ts).
 */
export const openBrowser = async (
  opts: { locale?: string; javaScriptEnabled?: boolean } = {},
): Promise<BrowserSession> => {
  ensureChromium();
  const userDataDir = mkdtempSync(join(tmpdir(), 'linli-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    locale: opts.locale ?? 'zh-CN',
    viewport: { width: 1280, height: 800 },
    javaScriptEnabled: opts.javaScriptEnabled ?? true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  trackVisits(page);
  return {
    context,
    page,
    close: async () => {
      const unchecked = uncheckedVisits(page);
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
      if (unchecked.length > 0) {
        throw new Error(
          `pages visited without an accessibility check (call expectAccessible there):\n  ${unchecked.join('\n  ')}`,
        );
      }
    },
  };
};

/**
 * Signs in on the staff sign-in form a workspace or ministry page shows first: opens `url` (absolute,
 * or a path of the started platform), checks the form with axe (once per run), and signs in as the
 * demo login `username`. The page then shows `url` signed in.
 */
export const signInStaff = async (page: Page, url: string, username: string): Promise<void> => {
  const login = inject('linliDemoLogins').find((l) => l.username === username);
  if (!login) throw new Error(`no demo login ${username}`);
  await page.goto(url.startsWith('http') ? url : `${inject('linliBaseUrl')}${url}`);
  await page.getByLabel('用户名').waitFor({ timeout: 30_000 });
  await expectAccessible(page, 'staff sign-in', { once: true });
  await page.getByLabel('用户名').fill(login.username);
  await page.getByLabel('密码').fill(login.password);
  await page.getByRole('button', { name: /^登\s*录$/ }).click();
};

/**
 * An access token of the demo login `username`, asked from the web client's own user pool in the
 * page (which must be on the platform): for arranging data through the API before a journey.
 */
export const staffToken = async (page: Page, username: string): Promise<string> => {
  const login = inject('linliDemoLogins').find((l) => l.username === username);
  if (!login) throw new Error(`no demo login ${username}`);
  return page.evaluate(
    async ({ username, password }) => {
      const config = (await (await fetch('/api/config')).json()) as { staff: { clientId: string } };
      const res = await fetch('/cognito/', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
        },
        body: JSON.stringify({
          AuthFlow: 'USER_PASSWORD_AUTH',
          ClientId: config.staff.clientId,
          AuthParameters: { USERNAME: username, PASSWORD: password },
        }),
      });
      const out = (await res.json()) as { AuthenticationResult?: { AccessToken: string } };
      if (!out.AuthenticationResult) throw new Error(`no token for ${username}: ${JSON.stringify(out)}`);
      return out.AuthenticationResult.AccessToken;
    },
    { username: login.username, password: login.password },
  );
};

/**
 * A JSON call of the API made by the page (through the platform's gateway, as the web client makes
 * it) with a bearer token: for arranging data and checking what the API says around a journey.
 */
export const pageApi = (
  page: Page,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> =>
  page.evaluate(
    async ({ token, method, path, body }) => {
      const res = await fetch(path, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as Json };
    },
    { token, method, path, body },
  );

/** A call of the Cognito JSON API on the platform's origin (`/cognito/`), as the web client makes it. */
export const pageCognito = (
  page: Page,
  target: string,
  body: unknown,
): Promise<{ status: number; body: Json }> =>
  page.evaluate(
    async ({ target, body }) => {
      const res = await fetch('/cognito/', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': `AWSCognitoIdentityProviderService.${target}`,
        },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Json };
    },
    { target, body },
  );
