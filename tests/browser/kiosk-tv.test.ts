/**
 * The kiosk and the TV view in real Chromium on the whole local platform (东城区, demonstration
 * tier). Kiosk, at 1080×1920 portrait: sign in with the ID number and the SMS code on the
 * on-screen keypad, apply for 报修/环境问题 (the record prefills), get the receipt with the case
 * number and print it (print CSS: only the receipt); the terminal also lays out at 1920×1080; after
 * `?idle=15` seconds without a touch it signs out and nothing of the session is left on screen or
 * in storage. TV, at 1280×720: operated with the keyboard only (arrows and Enter — no mouse event
 * at all): notices, a service guide, the district's upcoming community events, and the status of
 * the kiosk's case looked up on the on-screen keypad.
 */
import { mkdirSync } from 'node:fs';
import { Outbox } from '@linli/local';
import { makeCitizenId } from '@linli/population';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible } from '../support/a11y.ts';
import { type BrowserSession, openBrowser, staffToken } from '../support/browser.ts';
import type { Json } from '../support/call.ts';
import '../support/provided.ts';

const baseUrl = inject('linliBaseUrl');
const outbox = new Outbox(inject('linliDataDir'));
const SLUG = 'dongcheng-110101';
const mobile = `136${String(Date.now()).slice(-8)}`;
const phone = `+86${mobile}`;
const rnd = (n: number) => Math.floor(Math.random() * n);
const idNumber = makeCitizenId('110101', `1950-0${1 + rnd(9)}-1${rnd(9)}`, 1 + rnd(997));

const waitCode = async (to: string, after: string | undefined) => {
  for (let i = 0; i < 300; i++) {
    const code = outbox.latestCode(to);
    if (code && code !== after) return code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no code for ${to}`);
};

describe('kiosk and TV', () => {
  let session: BrowserSession;
  let page: Page;
  let caseNumber = '';

  const tap = async (label: string) => page.getByRole('button', { name: label, exact: true }).click();
  const tapDigits = async (digits: string) => {
    for (const d of digits) await tap(d);
  };
  const signIn = async () => {
    await page.getByRole('button', { name: /办理业务/ }).click();
    await tapDigits(idNumber);
    await expect.poll(() => page.getByTestId('kiosk-id').textContent()).toContain('18/18');
    const before = outbox.latestCode(phone);
    await tap('下一步');
    const code = await waitCode(phone, before);
    await page.getByTestId('kiosk-code').waitFor();
    await tapDigits(code);
    await tap('登录');
    await page.getByText(/您好/).waitFor();
  };

  beforeAll(async () => {
    session = await openBrowser({ locale: 'zh-CN' });
    page = session.page;
    await page.goto(`${baseUrl}/t/${SLUG}`);
    await expectAccessible(page, 'portal home');
    const token = await staffToken(page, 'dongcheng.community');
    // The community's record of the resident: ID number and mobile (the kiosk's sign-in reads them).
    const rec = await page.evaluate(
      async ({ token, body }) => {
        const me = (await (
          await fetch('/api/me', { headers: { Authorization: `Bearer ${token}` } })
        ).json()) as Json;
        const res = await fetch('/api/t/residents', {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ ...body, communityCode: me.scope.communityCode }),
        });
        return res.status;
      },
      {
        token,
        body: {
          name: '赵桂芳',
          idNumber,
          registration: '户籍',
          mobile,
          building: '2',
          unit: '1',
          room: '101',
        },
      },
    );
    expect(rec).toBe(201);
  });
  afterAll(async () => {
    await session?.close();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) {
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: `test-results/kiosk-tv-${Date.now()}.png`, fullPage: true });
    }
  });

  it('kiosk, portrait: ID number + SMS code on the keypad, apply, receipt with the case number, print', async () => {
    await page.setViewportSize({ width: 1080, height: 1920 });
    await page.goto(`${baseUrl}/t/${SLUG}/kiosk`);
    await page.getByRole('button', { name: /办理业务/ }).waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'kiosk: welcome, portrait');
    // Touch targets: every keypad key and button at least 48 px.
    await page.getByRole('button', { name: /办理业务/ }).click();
    for (const b of await page.locator('.k-root button').all()) {
      const box = (await b.boundingBox())!;
      expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(48);
    }
    await expectAccessible(page, 'kiosk: ID number keypad');
    await tap('返回');
    await signIn();

    await page.getByRole('button', { name: /报修\/环境问题/ }).click();
    await page.getByRole('heading', { name: '报修/环境问题' }).waitFor();
    await expectAccessible(page, 'kiosk: apply form');
    await page.getByLabel('照明').check();
    await page.getByLabel('问题位置').fill('2号楼东侧');
    await page.getByLabel('问题描述').fill('路灯不亮');
    await tap('提交申请');
    const receipt = page.getByTestId('kiosk-receipt');
    await receipt.waitFor();
    caseNumber = (await receipt.locator('.k-receipt-number').textContent()) ?? '';
    expect(caseNumber).toMatch(/^110101-\d{8}-\d{4}$/);
    await expectAccessible(page, 'kiosk: receipt');
    await expect
      .poll(() => outbox.list().some((m) => m.to === phone && m.text.includes(caseNumber)))
      .toBe(true);

    // Print: the button prints, and the print CSS shows the receipt only.
    await page.evaluate('window.__printed = 0; window.print = () => { window.__printed++; }');
    await tap('打印回执');
    expect(await page.evaluate('window.__printed')).toBe(1);
    await page.emulateMedia({ media: 'print' });
    expect(await receipt.isVisible()).toBe(true);
    expect(await page.locator('.k-header h1').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '打印回执' }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    // Landscape: the same screens lay out side by side, nothing cut off.
    await tap('完成');
    await page.setViewportSize({ width: 1920, height: 1080 });
    const tile = (await page.getByRole('button', { name: /报修\/环境问题/ }).boundingBox())!;
    expect(tile.x + tile.width).toBeLessThanOrEqual(1920);
    await expectAccessible(page, 'kiosk: services, landscape');
    await tap('退出登录');
    await page.getByRole('button', { name: /办理业务/ }).waitFor();
  });

  it('kiosk: the idle timeout signs out and clears every trace of the session', async () => {
    await page.setViewportSize({ width: 1080, height: 1920 });
    await page.goto(`${baseUrl}/t/${SLUG}/kiosk?idle=15`);
    await page.getByRole('button', { name: /办理业务/ }).waitFor({ timeout: 30_000 });
    await signIn();
    await page.getByRole('button', { name: /报修\/环境问题/ }).click();
    await page.getByLabel('问题位置').fill('留下的痕迹');
    // The warning comes first, then the terminal returns to its welcome screen on its own.
    await page.getByRole('alertdialog').waitFor({ timeout: 15_000 });
    await expectAccessible(page, 'kiosk: idle warning (alertdialog)');
    await page.getByText('为保护您的隐私，已自动退出登录。').waitFor({ timeout: 15_000 });
    const html = await page.content();
    expect(html).not.toContain('赵');
    expect(html).not.toContain('留下的痕迹');
    expect(await page.locator('[data-screen="welcome"]').count()).toBe(1);
    expect(await page.evaluate('sessionStorage.length + localStorage.length')).toBe(0);
    await expectAccessible(page, 'kiosk: signed out for idleness');
  });

  it('TV, 1280×720: notices, a guide, events and a case status with arrows and Enter only, no mouse event', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${baseUrl}/t/${SLUG}/tv`);
    await page.getByRole('heading', { level: 1, name: /东城区/ }).waitFor({ timeout: 30_000 });
    await page.evaluate(
      "window.__mouse = 0; for (const t of ['mousedown','mouseup','mousemove','pointerdown','pointermove','wheel']) window.addEventListener(t, () => window.__mouse++, true);",
    );
    const focused = () => page.evaluate<string>("document.activeElement?.textContent?.trim() ?? ''");
    const outlined = () =>
      page.evaluate<boolean>("getComputedStyle(document.activeElement).outlineStyle !== 'none'");
    const key = (k: string) => page.keyboard.press(k);

    expect(await focused()).toBe('通知公告');
    expect(await outlined()).toBe(true);
    await key('ArrowRight');
    expect(await focused()).toBe('办事指南');
    await key('Enter');
    await page.locator('.p-tv-grid button').first().waitFor();
    await expect.poll(focused).not.toBe('办事指南'); // the remote landed on the first guide
    await key('ArrowDown');
    await key('Enter');
    const guide = page.getByTestId('tv-guide');
    await guide.waitFor();
    expect(await guide.textContent()).toMatch(/工作日/);
    expect(await focused()).toBe('返回');
    await key('Enter');
    await page.locator('.p-tv-grid').waitFor();
    // Up to the tabs, right to 社区活动, OK: the district's upcoming events (the demo seed has two).
    const TABS = /^(通知公告|办事指南|社区活动|办件查询)$/;
    for (let i = 0; i < 8 && !TABS.test(await focused()); i++) await key('ArrowUp');
    for (let i = 0; i < 4 && (await focused()) !== '社区活动'; i++) await key('ArrowRight');
    expect(await focused()).toBe('社区活动');
    await key('Enter');
    const events = page.getByTestId('tv-events');
    await events.waitFor();
    await expect.poll(focused).toMatch(/名额/); // the remote landed on the first event
    expect(await events.textContent()).toMatch(/重阳敬老茶话会|亲子绘本共读/);
    await expectAccessible(page, 'TV: community events');
    await key('Enter');
    const event = page.getByTestId('tv-event');
    await event.waitFor();
    expect(await event.textContent()).toMatch(/地点：/);
    await expectAccessible(page, 'TV: one event');
    expect(await focused()).toBe('返回');
    await key('Enter');
    await events.waitFor();
    // Up to the tabs, right to 办件查询, OK.
    for (let i = 0; i < 8 && !TABS.test(await focused()); i++) await key('ArrowUp');
    while ((await focused()) !== '办件查询') await key('ArrowRight');
    await key('Enter');
    await page.getByTestId('tv-lookup-value').waitFor();
    // The lookup starts on the keypad's first key.
    await expect.poll(focused).toBe('1');

    // The keypad: 1 2 3 / 4 5 6 / 7 8 9 / ⌫ 0, moved over with the arrows.
    const POS: Record<string, [number, number]> = {
      '1': [0, 0],
      '2': [0, 1],
      '3': [0, 2],
      '4': [1, 0],
      '5': [1, 1],
      '6': [1, 2],
      '7': [2, 0],
      '8': [2, 1],
      '9': [2, 2],
      '0': [3, 1],
    };
    let at: [number, number] = [0, 0];
    const enter = async (digits: string) => {
      for (const d of digits) {
        const [r, c] = POS[d]!;
        const step = async (k: string, dr: number, dc: number) => {
          await key(k);
          at = [at[0] + dr, at[1] + dc];
        };
        // The last row has two keys (⌫ 0): leave it upwards first, enter it from above last.
        const rows = async () => {
          while (at[0] < r) await step('ArrowDown', 1, 0);
          while (at[0] > r) await step('ArrowUp', -1, 0);
        };
        const cols = async () => {
          while (at[1] < c) await step('ArrowRight', 0, 1);
          while (at[1] > c) await step('ArrowLeft', 0, -1);
        };
        if (at[0] === 3) {
          await rows();
          await cols();
        } else {
          await cols();
          await rows();
        }
        expect(await focused()).toBe(d);
        await key('Enter');
      }
    };
    const toGo = async () => {
      // From any key, down to the go key that spans the keypad's width.
      for (let i = 0; i < 4 && !/下一步|查询/.test(await focused()); i++) await key('ArrowDown');
      expect(await focused()).toMatch(/下一步|查询/);
      await key('Enter');
    };
    await enter(caseNumber.replaceAll('-', ''));
    expect(await page.getByTestId('tv-lookup-value').textContent()).toBe(caseNumber.replaceAll('-', ''));
    await toGo();
    // The second stage starts on the keypad's first key again.
    await expect.poll(focused).toBe('1');
    at = [0, 0];
    await enter(mobile.slice(-4));
    await toGo();
    const status = page.getByTestId('tv-status');
    await status.waitFor();
    expect(await status.textContent()).toContain('办理中');
    expect(await status.textContent()).toContain(caseNumber);
    expect(await page.evaluate('window.__mouse')).toBe(0);
    // Checked at the end: the remote's path above must not be disturbed.
    await expectAccessible(page, 'TV: case status');
  });
});
