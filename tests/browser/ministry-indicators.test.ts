/**
 * The ministry analyst compares three demo districts side by side and exports the view; a wave is
 * blocked by an indicator below its threshold, asked to be overridden by one ministry admin and
 * overridden by a second — the whole platform in real Chromium, demo logins.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible } from '../support/a11y.ts';
import { type BrowserSession, openBrowser, signInStaff } from '../support/browser.ts';
import '../support/provided.ts';

const baseUrl = inject('linliBaseUrl');
const logins = inject('linliDemoLogins');
const DISTRICTS = ['东城区', '余杭区', '雷山县'];
const FLAG = 'analytics';

const loginOf = (username: string) => {
  const login = logins.find((l) => l.username === username);
  expect(login, `demo login ${username}`).toBeDefined();
  return login!;
};

/** An access token for API set-up, through the same Cognito endpoint the web client uses. */
const tokenOf = async (username: string): Promise<string> => {
  const cfg = (await (await fetch(`${baseUrl}/api/config`)).json()) as {
    staff: { clientId: string; endpoint: string };
  };
  const url = cfg.staff.endpoint.startsWith('http') ? cfg.staff.endpoint : `${baseUrl}${cfg.staff.endpoint}`;
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    },
    body: JSON.stringify({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: cfg.staff.clientId,
      AuthParameters: { USERNAME: username, PASSWORD: loginOf(username).password },
    }),
  });
  const json = (await res.json()) as { AuthenticationResult: { AccessToken: string } };
  return json.AuthenticationResult.AccessToken;
};

const api = async (token: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json()) as Record<string, unknown>;
  expect(res.status, `${method} ${path}: ${JSON.stringify(json)}`).toBeLessThan(300);
  return json;
};

/** The wave-promotion view: a module, then one of its waves (antd selects, by their visible option). */
const pick = async (
  page: Page,
  view: string,
  flagSel: string,
  flag: string,
  waveSel: string,
  wave: string,
) => {
  await page.getByRole('button', { name: view, exact: true }).click();
  // Native selects (the console's filters and pickers are plain labelled <select>s).
  await page.locator(flagSel).selectOption({ label: flag });
  await page.locator(waveSel).waitFor({ timeout: 15_000 });
  await page.locator(waveSel).selectOption(wave);
};

describe('ministry indicators: compare three districts, export, promote a wave on evidence', () => {
  let analyst: BrowserSession;
  let admin: BrowserSession;
  let reviewer: BrowserSession;

  beforeAll(async () => {
    [analyst, admin, reviewer] = await Promise.all([openBrowser(), openBrowser(), openBrowser()]);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      mkdirSync('test-results', { recursive: true });
      await analyst?.page.screenshot({ path: 'test-results/indicators-analyst.png', fullPage: true });
      await admin?.page.screenshot({ path: 'test-results/indicators-admin.png', fullPage: true });
      await reviewer?.page.screenshot({ path: 'test-results/indicators-reviewer.png', fullPage: true });
    }
  });

  afterAll(async () => {
    await Promise.all([analyst?.close(), admin?.close(), reviewer?.close()]);
  });

  it('the analyst ranks the districts, compares three side by side and exports the view', async () => {
    const page = analyst.page;
    await signInStaff(page, '/ministry/indicators', 'ministry.analyst');
    await page.getByRole('heading', { name: '评价指标与绩效对比' }).waitFor({ timeout: 30_000 });
    await page.getByText(/数据日期：/).waitFor({ timeout: 30_000 });
    for (const name of DISTRICTS) await page.getByRole('row', { name: new RegExp(name) }).waitFor();
    // Composite score and rank for each (12 months of synthetic history + today's figures).
    const dongcheng = await page.getByRole('row', { name: /东城区/ }).textContent();
    expect(dongcheng).toMatch(/\d/);
    await expectAccessible(page, 'ministry indicators: ranking');

    for (const name of DISTRICTS) await page.getByRole('checkbox', { name: `选择对比 ${name}` }).check();
    await page.getByText('已选 3 个（2–6 个）').waitFor();
    await page.getByRole('button', { name: '对比所选区县' }).click();
    await page
      .getByRole('img', { name: '各维度得分（0–100）' })
      .locator('canvas')
      .waitFor({ timeout: 30_000 });
    await page.getByRole('columnheader', { name: '全部区县中位数' }).waitFor();
    await expectAccessible(page, 'ministry indicators: three districts side by side');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 Excel' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('indicators-side-by-side.xlsx');
    const file = await download.path();
    const wb = new ExcelJS.Workbook();
    const bytes = readFileSync(file!);
    await wb.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
    const header = (wb.worksheets[0]!.getRow(1).values as unknown[]).filter(Boolean);
    expect(header).toEqual(['指标', ...DISTRICTS, '全部区县中位数']);
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 CSV' }).click(),
    ]);
    expect(readFileSync((await csv.path())!, 'utf8')).toContain(DISTRICTS.join(','));
  });

  it('a wave below its threshold is blocked, then overridden by a second ministry admin', async () => {
    // Set-up through the API: the plan (wave-1 the demonstration district, wave-2 余杭区) and a
    // threshold 东城区's figures do not reach.
    const token = await tokenOf('ministry.admin');
    const table = (await api(token, 'GET', '/api/ministry/indicators/table')) as {
      districts: { id: string; name: string }[];
    };
    const idOf = (name: string) => table.districts.find((d) => d.name === name)!.id;
    const flags = (await api(token, 'GET', `/api/ministry/flags/${FLAG}`)) as { version: number };
    const past = new Date(Date.now() - 86400_000).toISOString();
    const plan = (await api(token, 'PUT', `/api/ministry/flags/${FLAG}/plan`, {
      plan: {
        waves: [
          { id: 'wave-1', cohort: [{ attribute: 'tenantId', values: [idOf('东城区')] }], startsAt: past },
          { id: 'wave-2', cohort: [{ attribute: 'tenantId', values: [idOf('余杭区')] }], startsAt: past },
        ],
      },
      expectedVersion: flags.version,
      why: '业务分析模块：第1批示范区，第2批余杭区',
    })) as { version: number };
    const thr = (await api(token, 'PUT', `/api/ministry/indicators/promotions/${FLAG}/thresholds`, {
      thresholds: { satisfaction: { gte: 99.5 }, on_time_rate: { gte: 90 } },
      expectedVersion: plan.version,
      why: '满意率须达 99.5%，按时办结率须达 90%',
    })) as { version: number };
    await api(token, 'POST', `/api/ministry/indicators/promotions/${FLAG}/wave-1/promote`, {
      expectedVersion: thr.version,
    });

    const page = admin.page;
    await signInStaff(page, '/ministry/indicators', 'ministry.admin');
    await page.getByRole('heading', { name: '评价指标与绩效对比' }).waitFor({ timeout: 30_000 });
    await pick(page, '批次推进', '#ind-wave-flag', '业务分析', '#ind-wave-id', 'wave-2');
    await page.getByText(/依据上一批次：wave-1/).waitFor({ timeout: 15_000 });
    const sat = page.getByRole('row', { name: /好差评满意率/ });
    expect(await sat.textContent()).toContain('未达标');
    await expectAccessible(page, 'ministry indicators: wave promotion');

    await page.getByRole('button', { name: '依据指标推进' }).click();
    await page
      .getByText(/指标未达标，不能推进/)
      .first()
      .waitFor();
    await page
      .getByLabel('越过理由（至少 10 个字）')
      .fill('第二批区县已完成培训，满意率差距很小，先行推进并持续跟踪');
    await page.getByRole('button', { name: '申请越过' }).click();
    await page.getByText(/ministry.admin 于 .* 申请越过/).waitFor({ timeout: 15_000 });
    await page.getByText('申请人不能自己批准，须由另一位部委管理员批准').waitFor();
    await expectAccessible(page, 'ministry indicators: override requested');

    const second = reviewer.page;
    await signInStaff(second, '/ministry/indicators', 'ministry.reviewer');
    await second.getByRole('heading', { name: '评价指标与绩效对比' }).waitFor({ timeout: 30_000 });
    await pick(second, '批次推进', '#ind-wave-flag', '业务分析', '#ind-wave-id', 'wave-2');
    await second.getByText(/ministry.admin 于 .* 申请越过/).waitFor({ timeout: 15_000 });
    await second
      .getByLabel('批准理由（至少 10 个字）')
      .fill('同意越过：差距在误差范围内，第二批继续跟踪满意率');
    await expectAccessible(second, 'ministry indicators: override to approve');
    await second.getByRole('button', { name: '批准越过并推进' }).click();
    await second.getByText('已推进').first().waitFor({ timeout: 15_000 });

    const detail = (await api(token, 'GET', `/api/ministry/flags/${FLAG}`)) as {
      plan: {
        waves: {
          id: string;
          promotion?: { confirmedBy: string; justification?: string; indicators?: object };
        }[];
      };
    };
    const wave2 = detail.plan.waves.find((w) => w.id === 'wave-2')!;
    expect(wave2.promotion?.confirmedBy).toBe('ministry.reviewer');
    expect(wave2.promotion?.justification).toContain('ministry.admin');
    expect(wave2.promotion?.indicators).toHaveProperty('records_verified'); // the figures the decision saw
  });
});
