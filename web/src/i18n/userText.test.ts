import { describe, expect, it } from 'vitest';

/**
 * Every string a user can read comes from these message files; none of them may talk about how the
 * product is being built (issue numbers, features "arriving", engines "being wired").
 */
const DEVELOPER_SPEAK = [
  /第\s*\d+\s*号任务/,
  /尚未立项/,
  /(上线|接入)后/,
  /功能开关(引擎|上线)/,
  /即将推出/,
  /随.{0,12}上线/,
  /issue\s*#?\d/i,
  /not yet filed/i,
  /\barrives? with\b|once the .* (is|are) (wired|built)|once feature flags exist/i,
  /\b(TODO|FIXME|stub|lorem)\b/i,
];

const files = import.meta.glob<{ default: unknown }>(
  ['./*.ts', '!./*.test.ts', '!./index.ts', '!./labels.ts'],
  {
    eager: true,
  },
);

function* strings(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) yield* strings(v, `${path}.${k}`);
}

describe('user-facing text', () => {
  it('finds the message files', () => {
    expect(Object.keys(files).length).toBeGreaterThanOrEqual(2);
  });

  it.each(Object.keys(files))('%s has no developer text', (file) => {
    const bad = [...strings(files[file]?.default, file)].filter(([, s]) =>
      DEVELOPER_SPEAK.some((re) => re.test(s)),
    );
    expect(bad).toEqual([]);
  });
});
