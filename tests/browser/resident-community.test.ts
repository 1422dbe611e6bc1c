/**
 * Journey 5 of the residents in Chromium on a 360 px phone: the community worker of 东城区 opens a
 * consultation and publishes an event (through the API, as the workspace would); a resident whose
 * record the community keeps opens 社区活动 signed out, signs up from there by SMS code and comes
 * back to it, signs up for the event, then votes in 议事协商 — and the worker sees both. A
 * resident of 雷山县, whose district has neither module, is not offered them.
 */
import { mkdirSync } from 'node:fs';
import { makeCitizenId } from '@linli/population';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible } from '../support/a11y.ts';
import { type BrowserSession, openBrowser, pageApi, staffToken } from '../support/browser.ts';
import type { Json } from '../support/call.ts';
import '../support/provided.ts';

const baseUrl = inject('linliBaseUrl');
const SLUG = 'dongcheng-110101';
const mobile = `135${String(Date.now()).slice(-8)}`;
const idNumber = makeCitizenId(
  '110101',
  `1958-0${1 + (Date.now() % 9)}-1${Date.now() % 9}`,
  1 + (Date.now() % 997),
);
const stamp = String(Date.now()).slice(-5);
const EVENT = `太极拳晨练体验课 ${stamp}`;
const CONSULTATION = `楼道堆物清理方案 ${stamp}`;

describe('a resident takes part in community life on a phone', () => {
  let session: BrowserSession;
  let page: Page;
  let worker = '';

  beforeAll(async () => {
    session = await openBrowser({ locale: 'zh-CN' });
    page = session.page;
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${baseUrl}/t/${SLUG}`);
    await page.getByRole('heading', { level: 1, name: '东城区' }).waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'portal home, phone', { once: true });

    worker = await staffToken(page, 'dongcheng.community');
    const me = await pageApi(page, worker, 'GET', '/api/me');
    const communityCode = String(me.body.scope.communityCode);
    const rec = await pageApi(page, worker, 'POST', '/api/t/residents', {
      name: '孙玉梅',
      idNumber,
      registration: '户籍',
      mobile,
      communityCode,
      building: '7',
      unit: '1',
      room: '201',
    });
    expect(rec.status, JSON.stringify(rec.body)).toBe(201);
    const event = await pageApi(page, worker, 'POST', '/api/t/community/events', {
      communityCode,
      title: EVENT,
      description: '社区体育指导员带练，零基础可参加。',
      place: '社区文化广场',
      startsAt: new Date(Date.now() + 4 * 86_400_000).toISOString(),
      capacity: 20,
      waitlist: true,
    });
    expect(event.status, JSON.stringify(event.body)).toBe(201);
    const consultation = await pageApi(page, worker, 'POST', '/api/t/community/consultations', {
      communityCode,
      title: CONSULTATION,
      description: '楼道内堆放的杂物将统一清理，请选择您的意见。',
      options: ['同意', '不同意'],
      anonymous: true,
      quorumPercent: 10,
      closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    expect(consultation.status, JSON.stringify(consultation.body)).toBe(201);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) {
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({
        path: `test-results/resident-community-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`,
        fullPage: true,
      });
    }
  });

  afterAll(async () => {
    await session?.close();
  });

  it('signs up from 社区活动, comes back to it, and takes a place', async () => {
    await page.goto(`${baseUrl}/t/${SLUG}/events`);
    await page.getByRole('heading', { level: 1, name: '社区活动' }).waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'resident: 社区活动 signed out, phone');
    await page.getByRole('main').getByRole('link', { name: '居民登录' }).click();
    await page.getByRole('heading', { level: 1, name: /登录/ }).waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'resident sign-in from 社区活动, phone');
    await page.getByRole('link', { name: '注册', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '注册东城区居民账号' }).waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'resident sign-up from 社区活动, phone');
    await page.getByLabel('手机号', { exact: true }).fill(mobile);
    await page.getByLabel('姓名', { exact: true }).fill('孙玉梅');
    await page.getByRole('checkbox', { name: /个人信息保护法/ }).check();
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByText('验证码已发送', { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: '查看开发短信收件箱（本地模式）' }).click();
    const code = (await page.getByTestId('dev-code').textContent())?.match(/\d{6}/)?.[0];
    expect(code).toMatch(/^\d{6}$/);
    await page.getByLabel('短信验证码').fill(code!);
    await page.getByRole('button', { name: '验证并完成注册' }).click();

    // Back where the resident started, not on 我的.
    await page.waitForURL(`${baseUrl}/t/${SLUG}/events`, { timeout: 30_000 });
    const card = page.getByRole('article', { name: EVENT });
    await card.waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'resident: 社区活动, phone');
    await card.getByRole('button', { name: '报名' }).click();
    await card.getByText('您已报名成功。').waitFor({ timeout: 30_000 });
    expect(await card.getByRole('button', { name: '取消报名' }).isVisible()).toBe(true);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
  });

  it('votes once in 议事协商', async () => {
    await page.getByRole('navigation').getByRole('link', { name: '议事协商' }).click();
    await page.getByRole('heading', { level: 1, name: '议事协商' }).waitFor({ timeout: 30_000 });
    const card = page.getByRole('article', { name: CONSULTATION });
    await card.waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'resident: 议事协商, phone');
    await card.getByRole('radio', { name: '同意', exact: true }).check();
    await card.getByRole('button', { name: '投票' }).click();
    await card.getByText('您已在网上投票，谢谢参与。').waitFor({ timeout: 30_000 });
    expect(await card.getByRole('button', { name: '投票' }).count()).toBe(0);
  });

  it('the community worker sees the sign-up and the vote', async () => {
    const events = await pageApi(page, worker, 'GET', '/api/t/community/events');
    const event = (events.body.items as Json[]).find((e) => e.title === EVENT);
    expect(event).toMatchObject({ confirmed: 1 });
    const list = await pageApi(page, worker, 'GET', '/api/t/community/consultations');
    const consultation = (list.body.items as Json[]).find((c) => c.title === CONSULTATION);
    expect(consultation).toMatchObject({ votes: 1, status: 'open' });
  });

  it('雷山县 has neither module: its page says so and offers no sign-in (the 东城区 session is not used there)', async () => {
    await page.goto(`${baseUrl}/t/leishan-522634/events`);
    await page.getByRole('heading', { level: 1, name: '社区活动' }).waitFor({ timeout: 30_000 });
    await page.getByText('本区县尚未开通“文化教育体育”，这项服务暂时不能使用。').waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'resident: a module the district does not offer, phone');
    expect(await page.getByRole('main').getByRole('link', { name: '居民登录' }).count()).toBe(0);
    expect(await page.getByRole('navigation').getByRole('link', { name: '我的办件' }).count()).toBe(0);
  });
});
