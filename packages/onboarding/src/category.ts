import type { Bilingual } from '@linli/core';
import type { Category } from '@linli/tenancy';
import * as z from 'zod/mini';

/** Thresholds of DOMAIN.md (分类指导). Changing one is a product decision: keep the rule text in sync. */
export const THRESHOLDS = {
  /** Migrant share of residents at or above which `migrantShare` is `high`. */
  migrantHighPercent: 30,
  /** Household broadband coverage below which `infrastructure` is `weak`. */
  broadbandWeakBelowPercent: 50,
  /** Low-income share at or above which `hardship` is `high`. */
  hardshipHighPercent: 3,
} as const;

const bi = (code: string, zh: string, en: string) => ({ message: en, params: { code, zh, en } });

const percent = (zh: string, en: string) =>
  z
    .number()
    .check(
      z.refine((n) => n >= 0 && n <= 100, bi('PERCENT_RANGE', `${zh}应在 0–100 之间`, `${en} must be 0–100`)),
    );

/**
 * The profile questionnaire answered at onboarding. The onboarding schemas are written with
 * `zod/mini`: the provisioning and lifecycle functions read applications, and `zod` would be a
 * third of what they load (docs/benchmarks.md). The join routes embed them as they are.
 */
export const profileSchema = z.strictObject({
  areaType: z.enum(['urban-core', 'suburban', 'county-rural']),
  development: z.enum(['developed', 'developing', 'underdeveloped']),
  population: z
    .int()
    .check(
      z.refine(
        (n) => n >= 1 && n <= 20_000_000,
        bi('POPULATION_RANGE', '常住人口应在 1 至 2000 万之间', 'Population must be 1 to 20 million'),
      ),
    ),
  migrantSharePercent: percent('外来人口占比', 'Migrant share'),
  broadbandPercent: percent('家庭宽带覆盖率', 'Household broadband coverage'),
  lowIncomePercent: percent('低收入人口占比', 'Low-income share'),
});
export type Profile = z.infer<typeof profileSchema>;

export interface CategoryRuleLine {
  readonly dimension: keyof Category;
  readonly value: string;
  readonly message: Bilingual;
}

const AREA: Record<Category['areaType'], string> = {
  'urban-core': '城区',
  suburban: '城乡结合部',
  'county-rural': '县域农村',
};
const DEV: Record<Category['development'], string> = {
  developed: '发达',
  developing: '中等',
  underdeveloped: '欠发达',
};

/**
 * The category of DOMAIN.md from the questionnaire, with one explainable rule line per dimension
 * (shown to the applicant so the classification is never a black box).
 */
export const computeCategory = (p: Profile): { category: Category; rules: CategoryRuleLine[] } => {
  const t = THRESHOLDS;
  const migrantShare = p.migrantSharePercent >= t.migrantHighPercent ? 'high' : 'normal';
  const infrastructure = p.broadbandPercent < t.broadbandWeakBelowPercent ? 'weak' : 'strong';
  const hardship = p.lowIncomePercent >= t.hardshipHighPercent ? 'high' : 'normal';
  const category: Category = {
    areaType: p.areaType,
    development: p.development,
    migrantShare,
    infrastructure,
    hardship,
  };
  const rules: CategoryRuleLine[] = [
    {
      dimension: 'areaType',
      value: p.areaType,
      message: { zh: `区域类型按申报：${AREA[p.areaType]}`, en: `Area type as declared: ${p.areaType}` },
    },
    {
      dimension: 'development',
      value: p.development,
      message: {
        zh: `经济发展水平按申报：${DEV[p.development]}`,
        en: `Development level as declared: ${p.development}`,
      },
    },
    {
      dimension: 'migrantShare',
      value: migrantShare,
      message: {
        zh: `外来人口占比 ${p.migrantSharePercent}% ${migrantShare === 'high' ? '≥' : '<'} ${t.migrantHighPercent}% → ${migrantShare === 'high' ? '外来人口较多' : '一般'}`,
        en: `Migrant share ${p.migrantSharePercent}% ${migrantShare === 'high' ? '≥' : '<'} ${t.migrantHighPercent}% → ${migrantShare}`,
      },
    },
    {
      dimension: 'infrastructure',
      value: infrastructure,
      message: {
        zh: `家庭宽带覆盖率 ${p.broadbandPercent}% ${infrastructure === 'weak' ? '<' : '≥'} ${t.broadbandWeakBelowPercent}% → ${infrastructure === 'weak' ? '基础设施较薄弱' : '基础设施较好'}`,
        en: `Household broadband ${p.broadbandPercent}% ${infrastructure === 'weak' ? '<' : '≥'} ${t.broadbandWeakBelowPercent}% → ${infrastructure}`,
      },
    },
    {
      dimension: 'hardship',
      value: hardship,
      message: {
        zh: `低收入人口占比 ${p.lowIncomePercent}% ${hardship === 'high' ? '≥' : '<'} ${t.hardshipHighPercent}% → ${hardship === 'high' ? '困难群众较多' : '一般'}`,
        en: `Low-income share ${p.lowIncomePercent}% ${hardship === 'high' ? '≥' : '<'} ${t.hardshipHighPercent}% → ${hardship}`,
      },
    },
  ];
  return { category, rules };
};
