/**
 * National code lists used by the base records. Codes are stored; labels are shown (Chinese
 * first). Lookups accept a code or any listed label, so imports can carry what people type.
 */

export interface CodeEntry {
  readonly code: string;
  readonly zh: string;
  readonly en: string;
  /** Further labels accepted on input (abbreviations, common spellings). */
  readonly aliases?: readonly string[];
}

/** GB/T 3304-1991 names of China's ethnic groups (民族), with the standard's romanisation. */
export const ETHNICITIES: readonly CodeEntry[] = (
  [
    ['01', '汉族', 'Han'],
    ['02', '蒙古族', 'Mongol'],
    ['03', '回族', 'Hui'],
    ['04', '藏族', 'Zang (Tibetan)'],
    ['05', '维吾尔族', 'Uygur'],
    ['06', '苗族', 'Miao'],
    ['07', '彝族', 'Yi'],
    ['08', '壮族', 'Zhuang'],
    ['09', '布依族', 'Buyei'],
    ['10', '朝鲜族', 'Chosen (Korean)'],
    ['11', '满族', 'Man (Manchu)'],
    ['12', '侗族', 'Dong'],
    ['13', '瑶族', 'Yao'],
    ['14', '白族', 'Bai'],
    ['15', '土家族', 'Tujia'],
    ['16', '哈尼族', 'Hani'],
    ['17', '哈萨克族', 'Kazak'],
    ['18', '傣族', 'Dai'],
    ['19', '黎族', 'Li'],
    ['20', '傈僳族', 'Lisu'],
    ['21', '佤族', 'Va'],
    ['22', '畲族', 'She'],
    ['23', '高山族', 'Gaoshan'],
    ['24', '拉祜族', 'Lahu'],
    ['25', '水族', 'Sui'],
    ['26', '东乡族', 'Dongxiang'],
    ['27', '纳西族', 'Naxi'],
    ['28', '景颇族', 'Jingpo'],
    ['29', '柯尔克孜族', 'Kirgiz'],
    ['30', '土族', 'Tu'],
    ['31', '达斡尔族', 'Daur'],
    ['32', '仫佬族', 'Mulao'],
    ['33', '羌族', 'Qiang'],
    ['34', '布朗族', 'Blang'],
    ['35', '撒拉族', 'Salar'],
    ['36', '毛南族', 'Maonan'],
    ['37', '仡佬族', 'Gelao'],
    ['38', '锡伯族', 'Xibe'],
    ['39', '阿昌族', 'Achang'],
    ['40', '普米族', 'Pumi'],
    ['41', '塔吉克族', 'Tajik'],
    ['42', '怒族', 'Nu'],
    ['43', '乌孜别克族', 'Uzbek'],
    ['44', '俄罗斯族', 'Russ'],
    ['45', '鄂温克族', 'Ewenki'],
    ['46', '德昂族', 'Deang'],
    ['47', '保安族', 'Bonan'],
    ['48', '裕固族', 'Yugur'],
    ['49', '京族', 'Gin'],
    ['50', '塔塔尔族', 'Tatar'],
    ['51', '独龙族', 'Derung'],
    ['52', '鄂伦春族', 'Oroqen'],
    ['53', '赫哲族', 'Hezhen'],
    ['54', '门巴族', 'Monba'],
    ['55', '珞巴族', 'Lhoba'],
    ['56', '基诺族', 'Jino'],
    ['97', '其他未识别民族', 'Other (unidentified)'],
    ['98', '外国血统中国籍人士', 'Naturalised, of foreign origin'],
  ] as const
).map(([code, zh, en]) => ({
  code,
  zh,
  en,
  aliases: code < '90' && zh.endsWith('族') ? [zh.slice(0, -1)] : [],
}));

/** GB/T 4658-2006 education levels (学历), keyed for the API, with the standard code. */
export const EDUCATION: readonly (CodeEntry & { key: string })[] = [
  {
    key: 'postgraduate',
    code: '10',
    zh: '研究生',
    en: 'Postgraduate',
    aliases: ['研究生教育', '博士', '硕士'],
  },
  { key: 'bachelor', code: '20', zh: '大学本科', en: "Bachelor's", aliases: ['本科'] },
  { key: 'associate', code: '30', zh: '大学专科', en: 'Junior college', aliases: ['大专', '专科'] },
  {
    key: 'vocational-secondary',
    code: '40',
    zh: '中等职业教育',
    en: 'Secondary vocational',
    aliases: ['中专', '中职', '技校', '职高'],
  },
  {
    key: 'high-school',
    code: '60',
    zh: '普通高中',
    en: 'Senior high school',
    aliases: ['高中', '普通高级中学'],
  },
  { key: 'junior-high', code: '70', zh: '初中', en: 'Junior high school', aliases: ['初级中学'] },
  { key: 'primary', code: '80', zh: '小学', en: 'Primary school' },
  { key: 'other', code: '90', zh: '其他', en: 'Other / none', aliases: ['未上学', '文盲', '学龄前'] },
];

/** GB/T 4762 political status (政治面貌). */
export const POLITICAL_STATUS: readonly CodeEntry[] = [
  { code: '01', zh: '中国共产党党员', en: 'CPC member', aliases: ['中共党员', '党员'] },
  {
    code: '02',
    zh: '中国共产党预备党员',
    en: 'CPC probationary member',
    aliases: ['中共预备党员', '预备党员'],
  },
  { code: '03', zh: '中国共产主义青年团团员', en: 'CYL member', aliases: ['共青团员', '团员'] },
  { code: '04', zh: '中国国民党革命委员会会员', en: 'RCCK member', aliases: ['民革会员'] },
  { code: '05', zh: '中国民主同盟盟员', en: 'CDL member', aliases: ['民盟盟员'] },
  { code: '06', zh: '中国民主建国会会员', en: 'CNDCA member', aliases: ['民建会员'] },
  { code: '07', zh: '中国民主促进会会员', en: 'CAPD member', aliases: ['民进会员'] },
  { code: '08', zh: '中国农工民主党党员', en: 'CPWDP member', aliases: ['农工党党员'] },
  { code: '09', zh: '中国致公党党员', en: 'CZGP member', aliases: ['致公党党员'] },
  { code: '10', zh: '九三学社社员', en: 'Jiusan Society member' },
  { code: '11', zh: '台湾民主自治同盟盟员', en: 'TDSGL member', aliases: ['台盟盟员'] },
  { code: '12', zh: '无党派民主人士', en: 'Non-party personage', aliases: ['无党派人士'] },
  { code: '13', zh: '群众', en: 'Ordinary citizen', aliases: ['普通公民'] },
];

/**
 * GB/T 4761-2008 family relationship codes (家庭关系代码), relative to the household head.
 * Transcribed as best known; verify against the published table before relying on the finer
 * codes of the 6x (grandparents) block.
 */
export const RELATIONSHIPS: readonly CodeEntry[] = (
  [
    ['01', '本人', 'Self'],
    ['02', '户主', 'Household head'],
    ['10', '配偶', 'Spouse'],
    ['11', '夫', 'Husband'],
    ['12', '妻', 'Wife'],
    ['20', '子', 'Son'],
    ['21', '独生子', 'Only son'],
    ['22', '长子', 'Eldest son'],
    ['23', '次子', 'Second son'],
    ['24', '三子', 'Third son'],
    ['25', '四子', 'Fourth son'],
    ['26', '五子', 'Fifth son'],
    ['27', '养子或继子', 'Adopted or step-son'],
    ['28', '女婿', 'Son-in-law'],
    ['29', '其他儿子', 'Other son'],
    ['30', '女', 'Daughter'],
    ['31', '独生女', 'Only daughter'],
    ['32', '长女', 'Eldest daughter'],
    ['33', '次女', 'Second daughter'],
    ['34', '三女', 'Third daughter'],
    ['35', '四女', 'Fourth daughter'],
    ['36', '五女', 'Fifth daughter'],
    ['37', '养女或继女', 'Adopted or step-daughter'],
    ['38', '儿媳', 'Daughter-in-law'],
    ['39', '其他女儿', 'Other daughter'],
    ['40', '孙子、孙女或外孙子、外孙女', 'Grandchild'],
    ['41', '孙子', "Son's son"],
    ['42', '孙女', "Son's daughter"],
    ['43', '外孙子', "Daughter's son"],
    ['44', '外孙女', "Daughter's daughter"],
    ['45', '孙媳妇或外孙媳妇', "Grandson's wife"],
    ['46', '孙女婿或外孙女婿', "Granddaughter's husband"],
    ['47', '曾孙子或外曾孙子', 'Great-grandson'],
    ['48', '曾孙女或外曾孙女', 'Great-granddaughter'],
    ['49', '其他孙子、孙女或外孙子、外孙女', 'Other grandchild'],
    ['50', '父母', 'Parent'],
    ['51', '父亲', 'Father'],
    ['52', '母亲', 'Mother'],
    ['53', '公公', "Husband's father"],
    ['54', '婆婆', "Husband's mother"],
    ['55', '岳父', "Wife's father"],
    ['56', '岳母', "Wife's mother"],
    ['57', '继父或养父', 'Step- or adoptive father'],
    ['58', '继母或养母', 'Step- or adoptive mother'],
    ['59', '其他父母关系', 'Other parent'],
    ['60', '祖父母或外祖父母', 'Grandparent'],
    ['61', '祖父', 'Paternal grandfather'],
    ['62', '祖母', 'Paternal grandmother'],
    ['63', '外祖父', 'Maternal grandfather'],
    ['64', '外祖母', 'Maternal grandmother'],
    ['65', '配偶的祖父母或外祖父母', "Spouse's grandparent"],
    ['66', '曾祖父', 'Great-grandfather'],
    ['67', '曾祖母', 'Great-grandmother'],
    ['68', '配偶的曾祖父母', "Spouse's great-grandparent"],
    ['69', '其他祖父母或外祖父母关系', 'Other grandparent'],
    ['70', '兄弟姐妹', 'Sibling'],
    ['71', '兄', 'Elder brother'],
    ['72', '嫂', "Elder brother's wife"],
    ['73', '弟', 'Younger brother'],
    ['74', '弟媳', "Younger brother's wife"],
    ['75', '姐姐', 'Elder sister'],
    ['76', '姐夫', "Elder sister's husband"],
    ['77', '妹妹', 'Younger sister'],
    ['78', '妹夫', "Younger sister's husband"],
    ['79', '其他兄弟姐妹', 'Other sibling'],
    ['80', '其他', 'Other relative'],
    ['81', '伯父', "Father's elder brother"],
    ['82', '伯母', "Father's elder brother's wife"],
    ['83', '叔父', "Father's younger brother"],
    ['84', '婶母', "Father's younger brother's wife"],
    ['85', '舅父', "Mother's brother"],
    ['86', '舅母', "Mother's brother's wife"],
    ['87', '姨父', "Mother's sister's husband"],
    ['88', '姨母', "Mother's sister"],
    ['89', '姑父', "Father's sister's husband"],
    ['90', '姑母', "Father's sister"],
    ['91', '堂兄弟、堂姐妹', 'Paternal cousin'],
    ['92', '表兄弟、表姐妹', 'Cousin'],
    ['93', '侄子', "Brother's son"],
    ['94', '侄女', "Brother's daughter"],
    ['95', '外甥', "Sister's son"],
    ['96', '外甥女', "Sister's daughter"],
    ['97', '其他亲属', 'Other relative'],
    ['99', '非亲属', 'Not related'],
  ] as const
).map(([code, zh, en]) => ({ code, zh, en }));

export const HOUSEHOLD_HEAD = '02';

export const TAGS = ['elderly', 'disabled', 'low-income', 'unemployed', 'veteran', 'party-member'] as const;
export type Tag = (typeof TAGS)[number];
export const TAG_LABELS: Readonly<Record<Tag, { zh: string; en: string; aliases: readonly string[] }>> = {
  elderly: { zh: '老年人', en: 'Elderly (60+)', aliases: ['老人', '60岁以上'] },
  disabled: { zh: '残疾人', en: 'Disabled', aliases: ['残疾'] },
  'low-income': { zh: '低保', en: 'Low-income (dibao)', aliases: ['低保户', '低收入'] },
  unemployed: { zh: '失业', en: 'Unemployed', aliases: ['失业人员', '待业'] },
  veteran: { zh: '退役军人', en: 'Veteran', aliases: ['退伍军人', '复员军人'] },
  'party-member': { zh: '党员', en: 'Party member', aliases: ['中共党员'] },
};

export const REGISTRATIONS = ['local', 'migrant'] as const;
export type Registration = (typeof REGISTRATIONS)[number];
export const REGISTRATION_LABELS: Readonly<Record<Registration, readonly string[]>> = {
  local: ['户籍', '户籍人口', '本地', '常住户籍', '本地户籍'],
  migrant: ['流动', '流动人口', '外来', '外来人口', '暂住'],
};

const fold = (s: string) => s.normalize('NFKC').trim().toLowerCase();

const indexOf = (entries: readonly CodeEntry[], value: (e: CodeEntry) => string) => {
  const m = new Map<string, string>();
  for (const e of entries) {
    for (const label of [e.code, e.zh, e.en, ...(e.aliases ?? [])]) m.set(fold(label), value(e));
  }
  return m;
};

const ethnicityIndex = indexOf(ETHNICITIES, (e) => e.code);
const politicalIndex = indexOf(POLITICAL_STATUS, (e) => e.code);
const relationshipIndex = indexOf(RELATIONSHIPS, (e) => e.code);
const educationIndex = (() => {
  const m = indexOf(EDUCATION, (e) => (e as (typeof EDUCATION)[number]).key);
  for (const e of EDUCATION) m.set(e.key, e.key);
  return m;
})();
const tagIndex = (() => {
  const m = new Map<string, Tag>();
  for (const t of TAGS) for (const l of [t, TAG_LABELS[t].zh, ...TAG_LABELS[t].aliases]) m.set(fold(l), t);
  return m;
})();
const registrationIndex = (() => {
  const m = new Map<string, Registration>();
  for (const r of REGISTRATIONS) for (const l of [r, ...REGISTRATION_LABELS[r]]) m.set(fold(l), r);
  return m;
})();

/** Single-digit codes typed without their leading zero (Excel drops it) are accepted. */
const padCode = (s: string) => (/^\d$/.test(s) ? `0${s}` : s);

export const lookupEthnicity = (v: string) => ethnicityIndex.get(padCode(fold(v)));
export const lookupPoliticalStatus = (v: string) => politicalIndex.get(padCode(fold(v)));
export const lookupRelationship = (v: string) => relationshipIndex.get(padCode(fold(v)));
export const lookupEducation = (v: string) => educationIndex.get(fold(v));
export const lookupTag = (v: string): Tag | undefined => tagIndex.get(fold(v));
export const lookupRegistration = (v: string): Registration | undefined => registrationIndex.get(fold(v));
const SEX: Readonly<Record<string, 'male' | 'female'>> = {
  男: 'male',
  女: 'female',
  male: 'male',
  female: 'female',
  m: 'male',
  f: 'female',
  // GB/T 2261.1 sex codes
  '1': 'male',
  '2': 'female',
};
export const lookupSex = (v: string): 'male' | 'female' | undefined => SEX[fold(v)];
