import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  chinaDate,
  createBranch,
  createEvent,
  createTask,
  holdMeeting,
  listBranches,
  listConsultations,
  listCycles,
  listEvents,
  listMeetings,
  listTasks,
  openConsultation,
  openCycle,
  periodEnd,
  planMeeting,
  publishMinutes,
  recordAttendance,
  recordMember,
  recordPartyMeeting,
  writeMinutes,
} from '@linli/community';
import { communitiesOf, findDistrict, streetsOf } from '@linli/divisions';
import { PopulationStore, popKeys, TenantCipher } from '@linli/population';
import { catalogueSeedItems, listCatalogue, listNotices, publishNotice } from '@linli/services';
import { SERVICE_TEMPLATES } from '@linli/services/templates';
import type { Tier } from '@linli/tables';
import {
  type Category,
  importOrg,
  type Membership,
  type Scope,
  type Tenant,
  TenantRegistry,
  TenantStores,
} from '@linli/tenancy';
import { localKeys } from './apps.ts';
import { backfillSurnameIndex, seedResidents } from './seed-residents.ts';
import { ensureVolunteers } from './seed-volunteers.ts';
import type { DemoLogin, PlatformEnv } from './types.ts';

export const DEMO_PASSWORD = 'Linli-demo-2026';

export interface DemoDistrict {
  readonly code: string;
  readonly slug: string;
  readonly short: string;
  readonly tier: Tier;
  readonly placement: 'pooled' | 'silo';
  readonly wave: string;
  readonly category: Category;
  readonly hotline: string;
}

/** Three real districts of different tiers and categories (分类指导). */
export const DEMO_DISTRICTS: readonly DemoDistrict[] = [
  {
    code: '110101',
    slug: 'dongcheng-110101',
    short: 'dongcheng',
    tier: 'demonstration',
    placement: 'silo',
    wave: 'wave-1',
    category: {
      areaType: 'urban-core',
      development: 'developed',
      migrantShare: 'normal',
      infrastructure: 'strong',
      hardship: 'normal',
    },
    hotline: '010-12345',
  },
  {
    code: '330110',
    slug: 'yuhang-330110',
    short: 'yuhang',
    tier: 'standard',
    placement: 'pooled',
    wave: 'wave-2',
    category: {
      areaType: 'suburban',
      development: 'developed',
      migrantShare: 'high',
      infrastructure: 'strong',
      hardship: 'normal',
    },
    hotline: '0571-12345',
  },
  {
    code: '522634',
    slug: 'leishan-522634',
    short: 'leishan',
    tier: 'basic',
    placement: 'pooled',
    wave: 'wave-3',
    category: {
      areaType: 'county-rural',
      development: 'underdeveloped',
      migrantShare: 'normal',
      infrastructure: 'weak',
      hardship: 'high',
    },
    hotline: '0855-12345',
  },
];

interface SeedUser {
  readonly username: string;
  readonly name: string;
  readonly email: string;
  readonly roles: string[];
  readonly kind: Membership['kind'];
  readonly scope: Scope;
  readonly tenant?: Tenant;
}

/** Create (or find) a staff user in the pool and return its `sub`. Idempotent. */
const ensureUser = async (
  cognito: CognitoIdentityProviderClient,
  poolId: string,
  u: SeedUser,
): Promise<string> => {
  try {
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: u.username,
        MessageAction: 'SUPPRESS',
        TemporaryPassword: DEMO_PASSWORD,
        UserAttributes: [
          { Name: 'name', Value: u.name },
          { Name: 'email', Value: u.email },
          { Name: 'email_verified', Value: 'true' },
          ...(u.tenant ? [{ Name: 'custom:tenantId', Value: u.tenant.id }] : []),
        ],
      }),
    );
  } catch (error) {
    if (
      !(error instanceof UsernameExistsException) &&
      (error as { name?: string }).name !== 'UsernameExistsException'
    )
      throw error;
  }
  await cognito.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: poolId,
      Username: u.username,
      Password: DEMO_PASSWORD,
      Permanent: true,
    }),
  );
  for (const role of u.roles) {
    await cognito.send(
      new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: u.username, GroupName: role }),
    );
  }
  const got = await cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: u.username }));
  const sub = got.UserAttributes?.find((a) => a.Name === 'sub')?.Value;
  if (!sub) throw new Error(`cognito returned no sub for ${u.username}`);
  return sub;
};

/** Find or create a demo district: registry record, data table (pooled or silo) and real org structure. */
export const ensureDistrict = async (
  env: PlatformEnv,
  registry: TenantRegistry,
  stores: TenantStores,
  d: DemoDistrict,
) => {
  const existing = await registry.getByDivision(d.code);
  if (existing) return existing;
  const div = findDistrict(d.code);
  if (!div) throw new Error(`unknown division ${d.code}`);
  const { newId } = await import('@linli/core');
  const id = newId();
  const dataTable = d.placement === 'silo' ? await env.ensureSiloTable(id) : env.tables.pooledTenant;
  const tenant = await registry.create({
    id,
    divisionCode: d.code,
    slug: d.slug,
    name: div.name,
    province: div.provinceName,
    city: div.cityName,
    tier: d.tier,
    category: d.category,
    placement: d.placement,
    wave: d.wave,
    status: 'provisioning',
    dataTable,
    hotline: d.hotline,
  });
  const streets = streetsOf(d.code);
  const communities = await communitiesOf(d.code);
  await importOrg(stores.for(tenant), streets, communities);
  return registry.update(tenant.id, { status: 'active' });
};

/**
 * The national service catalogue, as provisioning writes it for a new district (the demo districts
 * are created directly, not provisioned). Only when the district has none: a catalogue its admin
 * adapted stays as it is.
 */
const ensureCatalogue = async (stores: TenantStores, tenant: Tenant) => {
  const store = stores.for(tenant);
  if ((await listCatalogue(store)).length > 0) return;
  await store.batchPut(catalogueSeedItems(store, SERVICE_TEMPLATES, new Date().toISOString()));
};

/**
 * Community work for the demo street (issue 15): a task handed down to its first communities (one
 * of them already late) and this month's community report cycle, so the pages are not empty. Once.
 */
const ensureCommunityWork = async (stores: TenantStores, tenant: Tenant, communities: readonly string[]) => {
  const store = stores.for(tenant);
  const street = communities[0]?.slice(0, 9);
  if (!street) return;
  const actor = { id: 'seed', role: 'street-staff', channel: 'system' as const };
  const now = new Date();
  const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  if ((await listTasks(store)).length === 0) {
    await createTask(
      store,
      {
        title: '冬季消防安全检查',
        description: '请对辖区内各楼栋的消防通道、灭火器和电动车停放进行检查，发现问题当场整改或登记。',
        deadline: day(10),
        feedbackRequired: '检查楼栋数、发现问题数、已整改数，附问题清单',
      },
      { level: 'street', unit: street },
      communities.slice(0, 3),
      actor,
    );
    await createTask(
      store,
      {
        title: '高龄老人走访慰问名单核对',
        description: '核对 80 岁以上老人名单，确认居住情况和联系方式。',
        deadline: day(-2),
        feedbackRequired: '核对人数及变动情况',
      },
      { level: 'street', unit: street },
      communities.slice(0, 2),
      actor,
    );
  }
  if ((await listCycles(store)).length === 0) {
    // This month's cycle (cut-off at its end): the demo residents are registered today, so a
    // cut-off in the past would rightly count none of them.
    const month = now.toISOString().slice(0, 7);
    await openCycle(
      store,
      { templateCode: 'community-monthly', period: month, cutoff: periodEnd(month), due: day(7) },
      { kind: 'street', streetCode: street },
      communities.filter((c) => c.startsWith(street)),
      actor,
    );
  }
};

/**
 * Seed the local platform: a ministry admin and analyst, three demo districts with their real
 * streets and communities, and one staff account per district role. Idempotent: a second run
 * finds everything and creates nothing new.
 */
export const seedDemo = async (env: PlatformEnv): Promise<DemoLogin[]> => {
  const doc = DynamoDBDocumentClient.from(env.dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const registry = new TenantRegistry(doc, env.tables.control);
  const stores = new TenantStores(() => doc);
  const poolId = env.pools.staff.userPoolId;
  const logins: DemoLogin[] = [];

  const add = async (u: SeedUser, audience: string, url: string) => {
    const sub = await ensureUser(env.cognito, poolId, u);
    await registry.putMembership({
      sub,
      pool: 'staff',
      kind: u.kind,
      username: u.username,
      name: u.name,
      ...(u.tenant ? { tenantId: u.tenant.id } : {}),
      roles: u.roles,
      scope: u.scope,
      createdAt: new Date().toISOString(),
    });
    logins.push({
      audience,
      ...(u.tenant ? { district: u.tenant.name } : {}),
      role: u.roles.join(','),
      username: u.username,
      password: DEMO_PASSWORD,
      url,
    });
  };

  await add(
    {
      username: 'ministry.admin',
      name: '民政部 管理员',
      email: 'ministry.admin@linli.local',
      roles: ['ministry-admin'],
      kind: 'ministry',
      scope: {},
    },
    '部委 ministry',
    '/ministry',
  );
  // A second ministry admin: four eyes (flag approvals, promotion overrides) need two.
  await add(
    {
      username: 'ministry.reviewer',
      name: '民政部 复核管理员',
      email: 'ministry.reviewer@linli.local',
      roles: ['ministry-admin'],
      kind: 'ministry',
      scope: {},
    },
    '部委 ministry',
    '/ministry',
  );
  await add(
    {
      username: 'ministry.analyst',
      name: '民政部 分析员',
      email: 'ministry.analyst@linli.local',
      roles: ['ministry-analyst'],
      kind: 'ministry',
      scope: {},
    },
    '部委 ministry',
    '/ministry',
  );

  for (const d of DEMO_DISTRICTS) {
    const tenant = await ensureDistrict(env, registry, stores, d);
    await ensureCatalogue(stores, tenant);
    const street = streetsOf(d.code)[0];
    const community = (await communitiesOf(d.code)).find((c) => c.streetCode === street?.code);
    const staff: SeedUser[] = [
      {
        username: `${d.short}.admin`,
        name: `${tenant.name} 信息化办公室`,
        email: '',
        roles: ['district-admin'],
        kind: 'staff',
        scope: {},
      },
      ...(street
        ? [
            {
              username: `${d.short}.street`,
              name: `${street.name} 工作人员`,
              email: '',
              roles: ['street-staff'],
              kind: 'staff' as const,
              scope: { streetCode: street.code },
            },
          ]
        : []),
      ...(community
        ? [
            {
              username: `${d.short}.community`,
              name: `${community.name} 社区工作者`,
              email: '',
              roles: ['community-worker'],
              kind: 'staff' as const,
              scope: { communityCode: community.code, streetCode: community.streetCode },
            },
          ]
        : []),
      {
        username: `${d.short}.civil`,
        name: `${tenant.name} 民政局`,
        email: '',
        roles: ['department-staff'],
        kind: 'staff',
        scope: { department: 'civil-affairs' },
      },
      {
        username: `${d.short}.hotline`,
        name: `${tenant.name} 12345 热线`,
        email: '',
        roles: ['call-centre-operator'],
        kind: 'staff',
        scope: {},
      },
    ];
    for (const u of staff) {
      await add({ ...u, email: `${u.username}@linli.local`, tenant }, '区县 district', '/workspace');
    }
    if (street) {
      const mine = (await communitiesOf(d.code)).filter((c) => c.streetCode === street.code);
      await ensureCommunityWork(
        stores,
        tenant,
        mine.map((c) => c.code),
      );
      await ensureEvents(stores, tenant, mine);
    }
  }
  return logins;
};

/**
 * Two upcoming community events (社区活动) in the demo street's first communities, so the
 * workspace's 社区活动, the portal's sign-up and the TV's events panel have something to show.
 */
const ensureEvents = async (
  stores: TenantStores,
  tenant: Tenant,
  communities: readonly { code: string; name: string }[],
) => {
  const store = stores.for(tenant);
  // Again whenever none is ahead any more (a data directory kept for weeks would show none).
  if (communities.length === 0) return;
  if ((await listEvents(store)).some((e) => Date.parse(e.startsAt) > Date.now())) return;
  const actor = { id: 'seed', role: 'community-worker', channel: 'system' as const };
  // 09:30 / 14:30 China time, a few days ahead.
  const at = (days: number, hourUtc: number) => {
    const d = new Date(Date.now() + days * 86_400_000);
    d.setUTCHours(hourUtc, 30, 0, 0);
    return d.toISOString();
  };
  const first = communities[0]!;
  const second = communities[1] ?? first;
  await createEvent(
    store,
    {
      communityCode: first.code,
      communityName: first.name,
      title: '重阳敬老茶话会',
      description: '为社区 60 岁以上老人准备茶点和文艺节目，欢迎子女陪同参加。',
      place: `${first.name}党群服务中心一楼活动室`,
      startsAt: at(3, 1),
      capacity: 40,
      waitlist: true,
    },
    actor,
  );
  await createEvent(
    store,
    {
      communityCode: second.code,
      communityName: second.name,
      title: '亲子绘本共读',
      description: '3–8 岁儿童和家长一起读绘本、做手工，材料由社区提供。',
      place: `${second.name}图书室`,
      startsAt: at(6, 6),
      capacity: 15,
      waitlist: true,
    },
    actor,
  );
};

/**
 * An open consultation (议事协商) in the demo street's first community, once, after its residents
 * exist (the eligible count is fixed when a consultation opens), so residents have one to vote in.
 */
const ensureConsultation = async (store: ReturnType<TenantStores['for']>, districtCode: string) => {
  if ((await listConsultations(store)).length > 0) return;
  const street = streetsOf(districtCode)[0];
  const community = (await communitiesOf(districtCode)).find((c) => c.streetCode === street?.code);
  if (!community) return;
  await openConsultation(
    store,
    {
      communityCode: community.code,
      title: '小区停车位划线方案',
      description: '拟在小区内道路一侧划设停车位，夜间限停本小区车辆。请选择您的意见。',
      options: ['同意', '不同意', '弃权'],
      anonymous: true,
      quorumPercent: 30,
      closesAt: new Date(Date.now() + 14 * 86_400_000).toISOString(),
    },
    { id: 'seed', role: 'community-worker', channel: 'system' },
  );
};

/**
 * Two district-wide notices of the kind an office publishes, so the portal's first screen has what
 * a resident comes for (journey 1). Skipped once the district has a district-wide notice.
 */
const ensureDistrictNotices = async (store: ReturnType<TenantStores['for']>, districtName: string) => {
  if ((await listNotices(store)).some((n) => n.scope.kind === 'district')) return;
  const actor = { id: 'seed', role: 'district-admin', channel: 'system' } as const;
  const scope = { kind: 'district' } as const;
  await publishNotice(
    store,
    {
      title: '关于办理2027年度城乡居民基本医疗保险参保缴费的通知',
      body: `${districtName}2027年度城乡居民医保集中缴费期至12月31日。请携带身份证到所在社区党群服务中心窗口办理，或通过医保部门的线上渠道缴费；行动不便的老年人可拨打区政务服务热线预约上门服务。`,
      scope,
    },
    actor,
  );
  await publishNotice(
    store,
    {
      title: '冬季供暖和燃气安全提示',
      body: '供暖期间如遇室内温度不达标、燃气异味等情况，请拨打区政务服务热线反映，社区将在一个工作日内联系您。请勿私自改装燃气管道。',
      scope,
    },
    actor,
  );
};

/**
 * Two residents' meetings in the demo street's first community, once, after its residents exist: a
 * 居民会议 held a week ago (three residents recorded by name, the rest by head count; minutes with a
 * show of hands, published as a community notice) and a 居民代表会议 planned in five days.
 */
const ensureMeetings = async (store: ReturnType<TenantStores['for']>, districtCode: string) => {
  if ((await listMeetings(store)).length > 0) return;
  const street = streetsOf(districtCode)[0];
  const community = (await communitiesOf(districtCode)).find((c) => c.streetCode === street?.code);
  if (!community) return;
  const actor = { id: 'seed', role: 'community-worker', channel: 'system' } as const;
  const day = 86_400_000;
  const residents = (
    await store.query<{ id: string }>({
      index: 'gsi1',
      pk: popKeys(store).byCommunity(community.code, 'active'),
      limit: 3,
    })
  ).items;
  let m = await planMeeting(
    store,
    {
      communityCode: community.code,
      kind: 'residents',
      title: '老旧小区改造方案居民会议',
      startsAt: new Date(Date.now() - 7 * day).toISOString(),
      place: `${community.name}居委会二楼会议室`,
      convener: `${community.name}居民委员会`,
      agenda: ['老旧小区改造内容和施工安排', '改造期间停车和出行安排'],
      basis: 'households',
      expected: 60,
    },
    actor,
  );
  m = await recordAttendance(
    store,
    m,
    {
      version: m.version,
      attendees: residents.map((r) => ({ residentId: r.id, as: 'household' as const })),
      headCount: 35,
    },
    actor,
  );
  m = await holdMeeting(store, m, m.version, actor);
  m = await writeMinutes(
    store,
    m,
    {
      version: m.version,
      summary: '会议由居委会主任主持，街道城建科介绍了改造方案。',
      items: [
        {
          agendaId: 'a1',
          discussion: '居民对外墙保温、雨污分流和加装电梯等改造内容逐项提出意见。',
          decision: '同意按方案实施改造，施工期间每周公示进度。',
          votes: { for: 30, against: 3, abstain: 5 },
        },
        {
          agendaId: 'a2',
          discussion: '施工期间部分道路封闭，居民建议临时借用学校操场停车。',
          decision: '由居委会与学校协商夜间停车，结果另行公告。',
        },
      ],
    },
    actor,
  );
  await publishMinutes(store, m, { version: m.version, notice: true }, actor);
  await planMeeting(
    store,
    {
      communityCode: community.code,
      kind: 'representatives',
      title: '社区公共收益使用居民代表会议',
      startsAt: new Date(Date.now() + 5 * day).toISOString(),
      place: `${community.name}居委会二楼会议室`,
      convener: `${community.name}居民委员会`,
      agenda: ['上半年公共收益收支情况', '下半年公共收益使用计划'],
      basis: 'representatives',
      expected: 25,
    },
    actor,
  );
};

/**
 * Synthetic residents for the demo districts (about a minute per district on first start; skipped
 * once a district has residents). `npm start` runs it in the background after the platform is up.
 */
export const seedDemoResidents = async (
  env: PlatformEnv,
  log: (line: string) => void = () => {},
): Promise<void> => {
  const doc = DynamoDBDocumentClient.from(env.dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const registry = new TenantRegistry(doc, env.tables.control);
  for (const d of DEMO_DISTRICTS) {
    const tenant = await registry.getByDivision(d.code);
    if (!tenant) continue;
    const r = await seedResidents(env, tenant);
    if (!r.skipped) log(`demo residents: ${r.tenant} ${r.written} (${(r.ms / 1000).toFixed(1)}s)`);
    const store = new TenantStores(() => doc).for(tenant);
    await ensureDistrictNotices(store, tenant.name);
    await ensureConsultation(store, d.code);
    await ensureMeetings(store, d.code);
    if (d.tier !== 'basic') await ensureVolunteers(env, tenant, store);
    // 社区党建 is a module of the standard and demonstration tiers (TIER_DEFAULTS).
    if (d.tier !== 'basic') await ensureParty(env, store, tenant, d.code);
  }
  // Data written before surnames were indexed (any district, seeded or imported) gets them once.
  for (const tenant of await registry.list()) {
    if (tenant.status !== 'active' && tenant.status !== 'suspended') continue;
    const b = await backfillSurnameIndex(env, tenant);
    if (!b.skipped && b.visited) log(`surname index: ${b.tenant} ${b.visited} residents`);
  }
};

/**
 * 社区党建 for the demo street's first two communities, once, after the residents exist: a 党支部
 * with members — two linked to residents of the community with their written consent, two by name
 * (one probationary, one transferred in) — and this year's 支委会 (one month left out, so the
 * overview shows a branch behind), a 支部党员大会, a 党课 and a 主题党日; a 党总支 next door.
 */
const ensureParty = async (
  env: PlatformEnv,
  store: ReturnType<TenantStores['for']>,
  tenant: Tenant,
  districtCode: string,
) => {
  if ((await listBranches(store)).length > 0) return;
  const street = streetsOf(districtCode)[0];
  const communities = (await communitiesOf(districtCode)).filter((c) => c.streetCode === street?.code);
  if (communities.length === 0) return;
  const cipher = await TenantCipher.forTenant(localKeys(env), tenant.id);
  const pop = new PopulationStore(store, cipher, { districtCode });
  const actor = { id: 'seed', role: 'community-worker', channel: 'system' as const };
  const now = new Date();
  const today = chinaDate(now);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const on = (m: number, d: number) => `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const ago = (days: number) => chinaDate(new Date(now.getTime() - days * 86_400_000));
  for (const [i, c] of communities.slice(0, 2).entries()) {
    const branch = await createBranch(
      store,
      {
        communityCode: c.code,
        name: i === 0 ? `${c.name}党支部` : `${c.name}党总支`,
        kind: i === 0 ? 'branch' : 'general-branch',
        secretary: i === 0 ? '刘红' : '周建国',
        foundedOn: i === 0 ? '2018-07-01' : '2015-06-28',
      },
      actor,
      now,
    );
    const members = [];
    const residents = i === 0 ? (await pop.listCommunity(c.code, { limit: 2 })).items : [];
    for (const r of residents)
      members.push(
        await recordMember(
          store,
          cipher,
          branch,
          {
            residentId: r.id,
            consent: { method: 'written', givenOn: ago(40) },
            standing: 'full',
            joinedOn: '1996-07-01',
          },
          actor,
          now,
          String(r.name ?? ''),
        ),
      );
    members.push(
      await recordMember(
        store,
        cipher,
        branch,
        { name: i === 0 ? '陈建华' : '吴桂兰', standing: 'probationary', joinedOn: ago(200) },
        actor,
        now,
      ),
      await recordMember(
        store,
        cipher,
        branch,
        {
          name: i === 0 ? '孙丽' : '郑凯',
          standing: 'full',
          joinedOn: '2008-05-04',
          transferredIn: { date: ago(90), from: '朝阳区呼家楼街道党工委' },
        },
        actor,
        now,
      ),
    );
    const attendance = members.map((m, k) => ({
      memberId: m.id,
      present: k !== 1,
      ...(k === 1 ? { reason: '请假（外出务工）' } : {}),
    }));
    const meetings: {
      kind: 'congress' | 'committee' | 'lecture' | 'theme-day';
      date: string;
      topic: string;
    }[] = [];
    // 支委会 in every month that has ended this year but the one before last (so one is missed).
    for (let m = 1; m < month; m++)
      if (m !== month - 2 || i === 1)
        meetings.push({
          kind: 'committee',
          date: on(m, 8),
          topic: `${m} 月支委会：研究本月党建和社区重点工作`,
        });
    if (month > 3)
      meetings.push({
        kind: 'congress',
        date: on(3, 20),
        topic: '支部党员大会：通报一季度工作，讨论发展党员计划',
      });
    meetings.push(
      { kind: 'lecture', date: today, topic: '党课：学习《中国共产党支部工作条例》' },
      {
        kind: 'theme-day',
        date: on(month, 1),
        topic: '主题党日：清洁家园志愿服务',
      },
    );
    for (const m of meetings)
      await recordPartyMeeting(
        store,
        branch,
        {
          ...m,
          place: `${c.name}党群服务中心`,
          host: branch.secretary,
          notes: '会议按议程进行，形成会议记录。',
          attendance,
        },
        actor,
        today,
        now,
      );
  }
};
