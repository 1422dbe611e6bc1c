/**
 * National service templates (全国模板) every district starts from and adapts in its workspace.
 * The single source of the catalogue: provisioning writes these, the API reads what it wrote.
 *
 * Services with `module: null` are community services offered in every tier, so a basic-tier
 * district has a working catalogue; the others follow their module flag.
 */
import type {
  FormField,
  FormFieldInput,
  ScopeLevel,
  ServiceDefinition,
  ServiceDefinitionInput,
  StaffAction,
} from './catalogue.ts';

const t = (zh: string, en: string) => ({ zh, en });

const nameField: FormFieldInput = {
  key: 'applicant-name',
  type: 'text',
  label: t('申请人姓名', 'Applicant name'),
  prefill: 'name',
  sensitive: true,
  maxLength: 50,
};
const idField: FormFieldInput = {
  key: 'id-number',
  type: 'idNumber',
  label: t('公民身份号码', 'Citizen ID number'),
  prefill: 'idNumber',
  sensitive: true,
};
const mobileField: FormFieldInput = {
  key: 'mobile',
  type: 'mobile',
  label: t('联系电话', 'Mobile number'),
  prefill: 'mobile',
  sensitive: true,
};
const addressField: FormFieldInput = {
  key: 'address',
  type: 'address',
  label: t('居住地址', 'Residential address'),
  prefill: 'address',
  sensitive: true,
};
const file = (key: string, zh: string, en: string, required = true): FormFieldInput => ({
  key,
  type: 'file',
  label: t(zh, en),
  required,
});
const choice = (
  key: string,
  zh: string,
  en: string,
  options: [string, string, string][],
): FormFieldInput => ({
  key,
  type: 'choice',
  label: t(zh, en),
  options: options.map(([value, ozh, oen]) => ({ value, label: t(ozh, oen) })),
});
const idCopy = { key: 'id-card', name: t('居民身份证', 'Resident identity card'), field: 'id-card-scan' };
const step = (
  key: string,
  zh: string,
  en: string,
  level: ScopeLevel,
  actions: StaffAction[],
  timeLimitDays: number,
) => ({ key, name: t(zh, en), level, actions, timeLimitDays });

/** community accepts → street reviews → department decides. */
const threeLevels = (days: [number, number, number]) => [
  step('accept', '社区受理', 'Community intake', 'community', ['accept', 'return', 'reject'], days[0]),
  step('review', '街道审核', 'Street review', 'street', ['accept', 'return', 'reject'], days[1]),
  step(
    'decide',
    '部门审批',
    'Department decision',
    'department',
    ['approve', 'reject', 'return', 'transfer'],
    days[2],
  ),
];
/** community accepts → department decides. */
const twoLevels = (days: [number, number]) => [
  step('accept', '社区受理', 'Community intake', 'community', ['accept', 'return', 'reject'], days[0]),
  step(
    'decide',
    '部门办理',
    'Department handling',
    'department',
    ['approve', 'reject', 'return', 'transfer'],
    days[1],
  ),
];

const ALL_CHANNELS = ['portal', 'call-centre', 'kiosk', 'sms', 'open311', 'counter'] as const;
const DESK = ['portal', 'kiosk', 'counter'] as const;

const TEMPLATE_INPUTS: readonly ServiceDefinitionInput[] = [
  {
    code: 'residence-certificate',
    name: t('居住证明', 'Residence certificate'),
    initials: 'jzzm',
    summary: t('社区为辖区居民开具居住证明', 'A certificate of residence issued by the community'),
    department: 'community',
    module: null,
    channels: [...DESK, 'call-centre'],
    eligibility: [{ kind: 'registeredResident' }],
    fields: [
      nameField,
      idField,
      addressField,
      choice('purpose', '用途', 'Purpose', [
        ['school', '子女入学', 'School enrolment'],
        ['employment', '就业', 'Employment'],
        ['other', '其他', 'Other'],
      ]),
      file('id-card-scan', '身份证照片', 'ID card photo'),
    ],
    materials: [idCopy],
    workflow: [
      step('issue', '社区开具', 'Community issues', 'community', ['approve', 'return', 'reject'], 3),
    ],
    timeLimitDays: 3,
  },
  {
    code: 'minimum-living-allowance',
    name: t('低保申请', 'Minimum living allowance (dibao)'),
    initials: 'dbsq',
    summary: t('城乡居民最低生活保障申请', 'Apply for the minimum living allowance'),
    department: 'civil-affairs',
    module: 'civil-affairs',
    channels: [...DESK],
    eligibility: [{ kind: 'registration', values: ['local'] }, { kind: 'registeredResident' }],
    fields: [
      nameField,
      idField,
      mobileField,
      addressField,
      {
        key: 'household-size',
        type: 'number',
        label: t('共同生活家庭成员人数', 'Household size'),
        integer: true,
        min: 1,
        max: 20,
      },
      {
        key: 'monthly-income',
        type: 'number',
        label: t('家庭月人均收入', 'Monthly income per person'),
        unit: t('元', 'CNY'),
        min: 0,
        max: 100_000,
        sensitive: true,
      },
      {
        key: 'reason',
        type: 'text',
        label: t('申请理由', 'Reason'),
        multiline: true,
        maxLength: 1000,
        sensitive: true,
      },
      file('id-card-scan', '身份证照片', 'ID card photo'),
      file('hukou-scan', '户口簿照片', 'Household register photo'),
      file('income-proof', '收入证明', 'Proof of income'),
    ],
    materials: [
      idCopy,
      { key: 'hukou', name: t('户口簿', 'Household register'), field: 'hukou-scan' },
      { key: 'income', name: t('家庭收入证明', 'Proof of household income'), field: 'income-proof' },
    ],
    workflow: threeLevels([5, 10, 15]),
    timeLimitDays: 30,
    publishDecision: true,
  },
  {
    code: 'elderly-allowance',
    name: t('高龄津贴', 'Old-age allowance'),
    initials: 'gljt',
    summary: t('80周岁以上本地户籍老年人高龄津贴', 'Allowance for registered residents aged 80 and over'),
    department: 'civil-affairs',
    module: 'civil-affairs',
    channels: [...DESK, 'call-centre'],
    eligibility: [
      { kind: 'minAge', age: 80 },
      { kind: 'registration', values: ['local'] },
    ],
    fields: [
      nameField,
      idField,
      mobileField,
      addressField,
      {
        key: 'bank-account',
        type: 'text',
        label: t('社保卡/银行账号', 'Bank account'),
        sensitive: true,
        maxLength: 30,
      },
      file('id-card-scan', '身份证照片', 'ID card photo'),
    ],
    materials: [idCopy],
    workflow: threeLevels([3, 5, 7]),
    timeLimitDays: 15,
    publishDecision: true,
  },
  {
    code: 'disability-subsidy',
    name: t('残疾人两项补贴', 'Disability subsidies'),
    initials: 'cjrlxbt',
    summary: t(
      '困难残疾人生活补贴和重度残疾人护理补贴',
      'Living and nursing subsidies for people with disabilities',
    ),
    department: 'civil-affairs',
    module: 'civil-affairs',
    channels: [...DESK],
    eligibility: [{ kind: 'tag', tag: 'disabled' }, { kind: 'registeredResident' }],
    fields: [
      nameField,
      idField,
      mobileField,
      addressField,
      {
        key: 'disability-card',
        type: 'text',
        label: t('残疾人证号', 'Disability certificate number'),
        sensitive: true,
        maxLength: 30,
      },
      choice('subsidy', '补贴类别', 'Subsidy', [
        ['living', '困难残疾人生活补贴', 'Living subsidy'],
        ['nursing', '重度残疾人护理补贴', 'Nursing subsidy'],
      ]),
      file('disability-card-scan', '残疾人证照片', 'Disability certificate photo'),
    ],
    materials: [
      {
        key: 'disability-card',
        name: t('残疾人证', 'Disability certificate'),
        field: 'disability-card-scan',
      },
    ],
    workflow: threeLevels([5, 5, 10]),
    timeLimitDays: 20,
  },
  {
    code: 'employment-registration',
    name: t('就业失业登记', 'Employment and unemployment registration'),
    initials: 'jysydj',
    summary: t('办理就业登记或失业登记', 'Register employment or unemployment'),
    department: 'labour',
    module: 'employment',
    channels: [...DESK, 'call-centre'],
    fields: [
      nameField,
      idField,
      mobileField,
      choice('kind', '登记类型', 'Registration', [
        ['employment', '就业登记', 'Employment'],
        ['unemployment', '失业登记', 'Unemployment'],
      ]),
      { key: 'employer', type: 'text', label: t('工作单位', 'Employer'), required: false, maxLength: 100 },
    ],
    workflow: twoLevels([2, 3]),
    timeLimitDays: 5,
  },
  {
    code: 'social-insurance-query',
    name: t('社保参保查询', 'Social insurance enquiry'),
    initials: 'sbcbcx',
    summary: t('查询个人社会保险参保缴费记录', 'Enquire about your social insurance record'),
    department: 'labour',
    module: 'social-security',
    channels: ['portal', 'call-centre', 'kiosk', 'sms'],
    fields: [
      nameField,
      idField,
      mobileField,
      choice('period', '查询期间', 'Period', [
        ['12m', '近12个月', 'Last 12 months'],
        ['all', '全部', 'All'],
      ]),
    ],
    workflow: [
      step('answer', '部门答复', 'Department answers', 'department', ['approve', 'reject', 'transfer'], 2),
    ],
    timeLimitDays: 2,
  },
  {
    code: 'family-doctor',
    name: t('家庭医生签约', 'Family doctor contract'),
    initials: 'jtysqy',
    summary: t('与社区卫生服务中心家庭医生团队签约', 'Sign up with a community family-doctor team'),
    department: 'health',
    module: 'community-health',
    channels: [...ALL_CHANNELS],
    fields: [
      nameField,
      idField,
      mobileField,
      addressField,
      choice('package', '服务包', 'Service package', [
        ['basic', '基础包', 'Basic'],
        ['elderly', '老年人服务包', 'Elderly'],
        ['chronic', '慢病服务包', 'Chronic conditions'],
      ]),
    ],
    workflow: twoLevels([2, 3]),
    timeLimitDays: 5,
  },
  {
    code: 'birth-registration',
    name: t('生育登记', 'Birth registration'),
    initials: 'sydj',
    summary: t('办理生育登记（一孩、二孩、三孩）', 'Register a birth'),
    department: 'health',
    module: 'population-family-planning',
    channels: [...DESK],
    fields: [
      nameField,
      idField,
      mobileField,
      {
        key: 'spouse-name',
        type: 'text',
        label: t('配偶姓名', 'Spouse name'),
        sensitive: true,
        maxLength: 50,
      },
      { key: 'spouse-id', type: 'idNumber', label: t('配偶身份证号', 'Spouse ID number'), sensitive: true },
      { key: 'due-date', type: 'date', label: t('预产期或出生日期', 'Due or birth date'), range: 'any' },
      choice('order', '生育子女次序', 'Child order', [
        ['1', '一孩', 'First'],
        ['2', '二孩', 'Second'],
        ['3', '三孩', 'Third'],
      ]),
    ],
    workflow: twoLevels([1, 2]),
    timeLimitDays: 3,
  },
  {
    code: 'migrant-registration',
    name: t('流动人口居住登记', 'Migrant residence registration'),
    initials: 'ldrkjzdj',
    summary: t('来本地居住的流动人口办理居住登记', 'Residence registration for people moving in'),
    department: 'public-security',
    module: 'migrant-population',
    channels: [...DESK, 'call-centre'],
    eligibility: [{ kind: 'registration', values: ['migrant'] }],
    fields: [
      nameField,
      idField,
      mobileField,
      addressField,
      { key: 'moved-in', type: 'date', label: t('来本地日期', 'Date moved in'), range: 'past' },
      choice('reason', '居住事由', 'Reason', [
        ['work', '务工', 'Work'],
        ['study', '就学', 'Study'],
        ['family', '投亲', 'Family'],
        ['other', '其他', 'Other'],
      ]),
      file('id-card-scan', '身份证照片', 'ID card photo'),
    ],
    materials: [idCopy],
    workflow: twoLevels([2, 3]),
    timeLimitDays: 5,
  },
  {
    code: 'senior-card',
    name: t('老年优待证', 'Senior citizen card'),
    initials: 'lnydz',
    summary: t('60周岁以上老年人办理老年人优待证', 'Senior card for residents aged 60 and over'),
    department: 'civil-affairs',
    module: 'civil-affairs',
    channels: [...DESK, 'call-centre'],
    eligibility: [{ kind: 'minAge', age: 60 }],
    fields: [nameField, idField, mobileField, file('photo', '一寸免冠照片', 'Passport photo')],
    materials: [{ key: 'photo', name: t('一寸免冠照片', 'Passport photo'), field: 'photo' }],
    workflow: twoLevels([2, 5]),
    timeLimitDays: 7,
  },
  {
    code: 'repair-report',
    name: t('报修/环境问题', 'Repairs and environment'),
    initials: 'bxhjwt',
    summary: t(
      '反映道路、照明、排水、垃圾、绿化等问题',
      'Report roads, lighting, drainage, rubbish, greenery',
    ),
    department: 'community',
    module: null,
    channels: [...ALL_CHANNELS],
    fields: [
      choice('category', '问题类别', 'Category', [
        ['road', '道路', 'Roads'],
        ['lighting', '照明', 'Lighting'],
        ['drainage', '排水', 'Drainage'],
        ['rubbish', '垃圾', 'Rubbish'],
        ['greenery', '绿化', 'Greenery'],
        ['other', '其他', 'Other'],
      ]),
      { key: 'location', type: 'text', label: t('问题位置', 'Location'), maxLength: 120 },
      {
        key: 'description',
        type: 'text',
        label: t('问题描述', 'Description'),
        multiline: true,
        maxLength: 1000,
      },
      { ...mobileField, required: false },
      file('photo', '现场照片', 'Photo', false),
    ],
    workflow: [
      step('handle', '社区处置', 'Community handles', 'community', ['approve', 'reject', 'return'], 5),
    ],
    timeLimitDays: 5,
  },
  {
    code: 'dispute-mediation',
    name: t('矛盾纠纷调解', 'Dispute mediation'),
    initials: 'mdjftj',
    summary: t('社区人民调解委员会调解邻里纠纷', 'Mediation of neighbourhood disputes'),
    department: 'community',
    module: null,
    channels: [...DESK, 'call-centre'],
    fields: [
      nameField,
      mobileField,
      {
        key: 'other-party',
        type: 'text',
        label: t('对方当事人', 'Other party'),
        sensitive: true,
        maxLength: 100,
      },
      choice('category', '纠纷类型', 'Dispute', [
        ['neighbour', '邻里纠纷', 'Neighbours'],
        ['family', '婚姻家庭', 'Family'],
        ['property', '物业纠纷', 'Property management'],
        ['other', '其他', 'Other'],
      ]),
      {
        key: 'description',
        type: 'text',
        label: t('纠纷情况', 'What happened'),
        multiline: true,
        maxLength: 2000,
        sensitive: true,
      },
    ],
    workflow: [
      step('accept', '受理', 'Intake', 'community', ['accept', 'reject'], 3),
      step('mediate', '调解', 'Mediation', 'community', ['approve', 'reject'], 27),
    ],
    timeLimitDays: 30,
  },
  {
    code: 'venue-booking',
    name: t('场地预约', 'Venue booking'),
    initials: 'cdyy',
    summary: t('预约社区活动室、会议室、运动场地', 'Book a community room or sports ground'),
    department: 'community',
    module: null,
    channels: ['portal', 'kiosk', 'counter', 'call-centre'],
    fields: [
      nameField,
      mobileField,
      choice('venue', '场地', 'Venue', [
        ['activity-room', '活动室', 'Activity room'],
        ['meeting-room', '会议室', 'Meeting room'],
        ['sports-ground', '运动场地', 'Sports ground'],
      ]),
      { key: 'date', type: 'date', label: t('使用日期', 'Date'), range: 'future' },
      choice('slot', '时段', 'Time', [
        ['am', '上午', 'Morning'],
        ['pm', '下午', 'Afternoon'],
        ['eve', '晚上', 'Evening'],
      ]),
      {
        key: 'attendees',
        type: 'number',
        label: t('参加人数', 'Attendees'),
        integer: true,
        min: 1,
        max: 200,
      },
      { key: 'purpose', type: 'text', label: t('活动内容', 'Activity'), maxLength: 200 },
    ],
    workflow: [step('confirm', '社区确认', 'Community confirms', 'community', ['approve', 'reject'], 2)],
    timeLimitDays: 2,
  },
];

/**
 * A field with the schema's defaults filled in. The templates are complete without running the
 * zod schema, so a function that only provisions them (several do) bundles no catalogue schema;
 * the unit tests check that `serviceDefinitionSchema.parse` gives each template back unchanged.
 */
const completeField = (f: FormFieldInput): FormField => {
  const base = { required: true, sensitive: false, ...f };
  switch (base.type) {
    case 'text':
      return { maxLength: 200, multiline: false, ...base };
    case 'number':
      return { integer: false, ...base };
    case 'date':
      return { range: 'any', ...base };
    case 'choice':
      return { multiple: false, ...base };
    case 'address':
      return { maxLength: 120, ...base };
    case 'file':
      return {
        accept: ['image/jpeg', 'image/png', 'application/pdf'],
        maxBytes: 10 * 1024 * 1024,
        maxFiles: 3,
        ...base,
      };
    default:
      return base;
  }
};

const complete = (d: ServiceDefinitionInput): ServiceDefinition => ({
  ...d,
  eligibility: d.eligibility ?? [],
  fields: d.fields.map(completeField),
  materials: (d.materials ?? []).map((m) => ({ required: true, original: false, ...m })),
  publishDecision: d.publishDecision ?? false,
  version: d.version ?? 1,
});

/**
 * The national templates. Their pinyin initials are written out so reading templates needs no
 * dictionary; the unit tests check them against pinyin-pro, which computes them for every service
 * a district saves.
 */
// Pure: a bundle that imports the package but never reads the templates drops them.
export const SERVICE_TEMPLATES: readonly ServiceDefinition[] = /* @__PURE__ */ TEMPLATE_INPUTS.map(complete);

export const templateByCode = (code: string): ServiceDefinition | undefined =>
  SERVICE_TEMPLATES.find((s) => s.code === code);
