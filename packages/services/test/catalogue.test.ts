import { issuesFromZod } from '@linli/core';
import { MODULE_KEYS } from '@linli/flags';
import { describe, expect, it } from 'vitest';
import { DEPARTMENTS, pinyinInitials, prepareDefinition, serviceDefinitionSchema } from '../src/index.ts';
import { SERVICE_TEMPLATES, templateByCode } from '../src/templates.ts';

const ISSUE_SERVICES = [
  '居住证明',
  '低保申请',
  '高龄津贴',
  '残疾人两项补贴',
  '就业失业登记',
  '社保参保查询',
  '家庭医生签约',
  '生育登记',
  '流动人口居住登记',
  '老年优待证',
  '报修/环境问题',
  '矛盾纠纷调解',
  '场地预约',
];

describe('national service templates', () => {
  it('cover the thirteen services the issue names, with unique codes', () => {
    expect(SERVICE_TEMPLATES.map((s) => s.name.zh).sort()).toEqual([...ISSUE_SERVICES].sort());
    expect(new Set(SERVICE_TEMPLATES.map((s) => s.code)).size).toBe(SERVICE_TEMPLATES.length);
  });

  it('are complete definitions: the schema accepts each and gives it back unchanged', () => {
    for (const t of SERVICE_TEMPLATES) expect(serviceDefinitionSchema.parse(t), t.code).toEqual(t);
  });

  it('name only real modules and departments; community services belong to no module', () => {
    for (const s of SERVICE_TEMPLATES) {
      if (s.module !== null) expect(MODULE_KEYS).toContain(s.module);
      expect(Object.keys(DEPARTMENTS)).toContain(s.department);
    }
    const free = SERVICE_TEMPLATES.filter((s) => s.module === null).map((s) => s.code);
    expect(free).toEqual(
      expect.arrayContaining([
        'residence-certificate',
        'repair-report',
        'dispute-mediation',
        'venue-booking',
      ]),
    );
    expect(
      SERVICE_TEMPLATES.filter((s) => s.module === null).every((s) => s.department === 'community'),
    ).toBe(true);
  });

  it('高龄津贴: age ≥ 80, local registration, community → street → civil affairs', () => {
    const s = templateByCode('elderly-allowance');
    expect(s?.eligibility).toEqual([
      { kind: 'minAge', age: 80 },
      { kind: 'registration', values: ['local'] },
    ]);
    expect(s?.workflow.map((w) => w.level)).toEqual(['community', 'street', 'department']);
    expect(s?.fields.find((f) => f.key === 'id-number')).toMatchObject({
      type: 'idNumber',
      prefill: 'idNumber',
    });
  });

  it('refuse a definition whose steps exceed its time limit or whose last step cannot approve', () => {
    const base = templateByCode('elderly-allowance');
    expect(() => serviceDefinitionSchema.parse({ ...base, timeLimitDays: 5 })).toThrow(/add up to 15/);
    const noApprove = base?.workflow.map((w, i) => (i === 2 ? { ...w, actions: ['reject'] } : w));
    expect(() => serviceDefinitionSchema.parse({ ...base, workflow: noApprove })).toThrow(/approve/);
    const dup = [...(base?.fields ?? []), base?.fields[0]];
    expect(() => serviceDefinitionSchema.parse({ ...base, fields: dup })).toThrow(/used twice/);
    expect(() => serviceDefinitionSchema.parse({ ...base, channels: ['fax'] })).toThrow();
  });

  it('pinyin initials computed on save', async () => {
    expect(await pinyinInitials('低保申请')).toBe('dbsq');
    expect(await pinyinInitials('报修/环境问题')).toBe('bxhjwt');
    const saved = await prepareDefinition({ ...templateByCode('elderly-allowance')!, initials: undefined });
    expect(saved.initials).toBe('gljt');
    for (const t of SERVICE_TEMPLATES) expect(t.initials, t.code).toBe(await pinyinInitials(t.name.zh));
  });
});

describe('the definition rules between fields', () => {
  const base = SERVICE_TEMPLATES.find((t) => t.workflow.length > 1)!;
  const issuesOf = (def: unknown) => {
    const r = serviceDefinitionSchema.safeParse(def);
    expect(r.success).toBe(false);
    return r.success ? [] : issuesFromZod(r.error);
  };
  const [first, ...rest] = base.workflow;

  it.each([
    ['a duplicate field key', { ...base, fields: [...base.fields, base.fields[0]] }, 'DUPLICATE_KEY', /重复/],
    [
      'a material on a field that is not a file',
      {
        ...base,
        materials: [
          {
            key: 'm1',
            name: { zh: '证明', en: 'Proof' },
            required: true,
            field: base.fields.find((f) => f.type !== 'file')!.key,
          },
        ],
      },
      'MATERIAL_NOT_FILE_FIELD',
      /不是文件上传项/,
    ],
    [
      'a last step that cannot approve',
      {
        ...base,
        workflow: [...base.workflow.slice(0, -1), { ...base.workflow.at(-1)!, actions: ['return'] }],
      },
      'WORKFLOW_LAST_MUST_APPROVE',
      /办结/,
    ],
    [
      'steps over the promised time limit',
      { ...base, timeLimitDays: 1 },
      'WORKFLOW_OVER_TIME_LIMIT',
      /超过承诺时限 1 个工作日/,
    ],
    ...(rest.length
      ? [
          [
            'a step before the last that cannot accept',
            { ...base, workflow: [{ ...first!, actions: ['approve'] }, ...rest] },
            'WORKFLOW_STEP_MUST_ACCEPT',
            /须能受理/,
          ] as const,
        ]
      : []),
  ] as const)('%s: a stable code and its own words in Chinese and English', (_what, def, code, zh) => {
    const issue = issuesOf(def).find((i) => i.code === code);
    expect(issue, code).toBeDefined();
    expect(issue!.message.zh).toMatch(zh);
    expect(issue!.message.en).toMatch(/^[A-Z]/);
    expect(issue!.message.zh).not.toBe('取值无效');
  });
});
