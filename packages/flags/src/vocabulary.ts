/**
 * The shared vocabulary of `DOMAIN.md` as data, so the API, the web client and the engine agree on
 * module keys, category dimensions and what each tier brings by default.
 */
import { TIERS, type Tier } from '@linli/tables';

export interface Labels {
  readonly zh: string;
  readonly en: string;
}

export const MODULE_GROUPS = {
  'community-work': { zh: '社区工作', en: 'Community work' },
  'public-services': { zh: '公共服务', en: 'Public services' },
  commercial: { zh: '商业服务', en: 'Commercial services' },
  channels: { zh: '服务渠道', en: 'Channels' },
  platform: { zh: '平台', en: 'Platform' },
} as const satisfies Record<string, Labels>;
export type ModuleGroup = keyof typeof MODULE_GROUPS;

export interface ModuleInfo {
  readonly key: string;
  readonly labels: Labels;
  readonly group: ModuleGroup;
}

const m = (key: string, zh: string, en: string, group: ModuleGroup) => ({ key, labels: { zh, en }, group });

/** Every module of DOMAIN.md; each one is a feature flag with the same key. */
export const MODULES = [
  m('party-building', '社区党建', 'Party building', 'community-work'),
  m('self-governance', '居民自治', 'Residents’ self-governance', 'community-work'),
  m('civil-organizations', '社区民间组织', 'Community civil organizations', 'community-work'),
  m('street-tasks-reports', '街道任务与报表', 'Street tasks and reports', 'community-work'),
  m('employment', '就业', 'Employment', 'public-services'),
  m('social-security', '社会保障', 'Social security', 'public-services'),
  m('community-health', '社区卫生', 'Community health', 'public-services'),
  m('civil-affairs', '社区民政', 'Civil affairs', 'public-services'),
  m('population-family-planning', '人口和计划生育', 'Population and family planning', 'public-services'),
  m('public-safety', '治安综合治理', 'Public safety', 'public-services'),
  m('culture-education-sports', '文化教育体育', 'Culture, education and sports', 'public-services'),
  m('migrant-population', '流动人口服务', 'Migrant population services', 'public-services'),
  m('commercial-services', '商业服务', 'Commercial services', 'commercial'),
  m('channel-portal', '门户网站', 'Web portal', 'channels'),
  m('channel-call-centre', '呼叫中心', 'Call centre', 'channels'),
  m('channel-sms', '短信平台', 'SMS platform', 'channels'),
  m('channel-kiosk', '自助终端', 'Self-service kiosk', 'channels'),
  m('channel-digital-tv', '数字电视', 'Digital TV', 'channels'),
  m('analytics', '业务分析', 'Analytics', 'platform'),
  m('data-exchange', '数据交换', 'Data exchange (Open API, Open311, webhooks)', 'platform'),
] as const satisfies readonly ModuleInfo[];

export type ModuleKey = (typeof MODULES)[number]['key'];
export const MODULE_KEYS: readonly ModuleKey[] = MODULES.map((x) => x.key);
const moduleKeySet: ReadonlySet<string> = new Set(MODULE_KEYS);
export const isModuleKey = (key: string): key is ModuleKey => moduleKeySet.has(key);

/** Category dimensions (分类指导) with their values and labels; each is a targeting attribute. */
export const CATEGORY_DIMENSIONS = {
  areaType: {
    labels: { zh: '区域类型', en: 'Area type' },
    values: {
      'urban-core': { zh: '城区', en: 'urban core' },
      suburban: { zh: '城乡结合部', en: 'suburban' },
      'county-rural': { zh: '县域农村', en: 'county / rural' },
    },
  },
  development: {
    labels: { zh: '发展水平', en: 'Development' },
    values: {
      developed: { zh: '发达', en: 'developed' },
      developing: { zh: '中等', en: 'developing' },
      underdeveloped: { zh: '欠发达', en: 'underdeveloped' },
    },
  },
  migrantShare: {
    labels: { zh: '外来人口', en: 'Migrant share' },
    values: {
      high: { zh: '外来人口较多', en: 'high migrant share' },
      normal: { zh: '外来人口一般', en: 'normal migrant share' },
    },
  },
  infrastructure: {
    labels: { zh: '基础设施', en: 'Infrastructure' },
    values: {
      strong: { zh: '基础设施较好', en: 'strong infrastructure' },
      weak: { zh: '基础设施较薄弱', en: 'weak infrastructure' },
    },
  },
  hardship: {
    labels: { zh: '困难群众', en: 'Hardship' },
    values: {
      high: { zh: '困难群众较多', en: 'many low-income residents' },
      normal: { zh: '困难群众一般', en: 'normal hardship' },
    },
  },
} as const;

export type CategoryDimension = keyof typeof CATEGORY_DIMENSIONS;
export const CATEGORY_DIMENSION_KEYS = Object.keys(CATEGORY_DIMENSIONS) as CategoryDimension[];
export type CategoryValue<D extends CategoryDimension> = keyof (typeof CATEGORY_DIMENSIONS)[D]['values'] &
  string;
export type CategoryProfile = { readonly [D in CategoryDimension]: CategoryValue<D> };

export const TIER_LABELS: Record<Tier, Labels> = {
  basic: { zh: '基础版', en: 'Basic' },
  standard: { zh: '标准版', en: 'Standard' },
  demonstration: { zh: '示范版', en: 'Demonstration' },
};

/** Position of a tier in the climb basic → standard → demonstration. */
export const tierRank = (tier: Tier): number => TIERS.indexOf(tier);

const BASIC: readonly ModuleKey[] = ['channel-portal'];
const STANDARD: readonly ModuleKey[] = [
  ...BASIC,
  'channel-call-centre',
  'channel-sms',
  'party-building',
  'self-governance',
  'civil-organizations',
  'street-tasks-reports',
  // Departments' thematic data. `migrant-population` is deliberately not a standard default: it is
  // guided by category (migrant share) through a rollout plan, as in the example.
  'employment',
  'social-security',
  'community-health',
  'civil-affairs',
  'population-family-planning',
  'public-safety',
  'culture-education-sports',
];

/**
 * Modules each tier brings by default (DOMAIN.md "what it brings"). Defaults only: a module's flag
 * definition decides. The comprehensive database and the staff workspace are not flags.
 */
export const TIER_DEFAULTS: Readonly<Record<Tier, readonly ModuleKey[]>> = {
  basic: BASIC,
  standard: STANDARD,
  demonstration: MODULE_KEYS,
};

/** Tiers whose defaults include `module`, lowest first. */
export const tiersBringing = (module: ModuleKey): Tier[] =>
  TIERS.filter((t) => TIER_DEFAULTS[t].includes(module));

/** `wave-2` → { zh: '第2批', en: 'wave 2' }; other keys are shown as given. */
export const waveLabel = (wave: string): Labels => {
  const n = /^wave-(\d+)$/.exec(wave)?.[1];
  return n ? { zh: `第${n}批`, en: `wave ${n}` } : { zh: wave, en: wave };
};
