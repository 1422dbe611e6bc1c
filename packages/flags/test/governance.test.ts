import { describe, expect, it } from 'vitest';
import {
  approveChange,
  compileFlags,
  defaultModuleFlags,
  diffFlagSets,
  dryRun,
  type FlagSetInput,
  isApproved,
  killSwitch,
  needsSecondApproval,
  recordChange,
} from '../src/index.ts';
import { at, tenant } from './fixtures.ts';

const NOW = at('2027-03-01T00:00:00+08:00');
const before: FlagSetInput = { version: 4, flags: defaultModuleFlags() };
const tenants = [
  tenant({ tenantId: 'basic-1', tier: 'basic' }),
  tenant({ tenantId: 'std-high', category: { migrantShare: 'high' } }),
  tenant({ tenantId: 'std-normal' }),
  tenant({ tenantId: 'demo-1', tier: 'demonstration' }),
];
// Give migrant-population to high-migrant standard districts; take SMS away from county-rural ones.
const after: FlagSetInput = {
  version: 5,
  flags: defaultModuleFlags().map((f) =>
    f.key === 'migrant-population'
      ? {
          ...f,
          rules: [
            { id: 'migrant', conditions: [{ attribute: 'migrantShare', values: ['high'] }] },
            ...(f.rules ?? []),
          ],
        }
      : f.key === 'channel-sms'
        ? {
            ...f,
            rules: [
              {
                id: 'no-rural',
                conditions: [{ attribute: 'tier', values: ['basic', 'standard'] }],
                serve: 'off',
              },
              ...(f.rules ?? []),
            ],
          }
        : f,
  ),
};

describe('dryRun', () => {
  const r = dryRun(before, after, tenants, NOW);
  it('lists exactly which districts gain and lose which module', () => {
    expect(r.gains.map((g) => [g.tenantId, g.flagKey])).toEqual([['std-high', 'migrant-population']]);
    expect(r.losses.map((g) => [g.tenantId, g.flagKey]).sort()).toEqual([
      ['std-high', 'channel-sms'],
      ['std-normal', 'channel-sms'],
    ]);
    expect(r.byFlag['channel-sms']).toEqual({ gained: [], lost: ['std-high', 'std-normal'] });
    expect([...r.affectedTenants].sort()).toEqual(['std-high', 'std-normal']);
    expect(r.gains[0]?.after?.ruleId).toBe('migrant');
  });
  it('an identical set affects no one', () => {
    expect(dryRun(before, compileFlags(before), tenants, NOW).affectedTenants).toEqual([]);
  });
  it('four eyes above the threshold', () => {
    expect(needsSecondApproval(r, 2)).toBe(false);
    expect(needsSecondApproval(r, 1)).toBe(true);
  });
});

describe('diffFlagSets', () => {
  it('names added, removed and changed flags by field', () => {
    const d = diffFlagSets(
      {
        flags: [
          { key: 'a', labels: { zh: 'a', en: 'a' }, kind: 'module' },
          { key: 'b', labels: { zh: 'b', en: 'b' }, kind: 'module' },
        ],
      },
      {
        segments: { pilots: ['x'] },
        flags: [
          { key: 'a', labels: { zh: 'a', en: 'a' }, kind: 'module', default: 'on' },
          { key: 'c', labels: { zh: 'c', en: 'c' }, kind: 'module' },
        ],
      },
    );
    expect(d).toEqual({
      added: ['c'],
      removed: ['b'],
      changed: [{ key: 'a', fields: [{ field: 'default', before: 'off', after: 'on' }] }],
      segmentsChanged: ['pilots'],
    });
  });
});

describe('change records and approval', () => {
  it('needs four eyes when many districts are affected; the second approver must be someone else', () => {
    const dr = dryRun(before, after, tenants, NOW);
    const rec = recordChange({
      before,
      after,
      dryRun: dr,
      kind: 'edit',
      who: 'admin-li',
      why: '按计划推开',
      now: NOW,
      threshold: 1,
    });
    expect(rec).toMatchObject({
      version: 5,
      previousVersion: 4,
      approval: 'four-eyes',
      affectedTenants: 2,
      who: 'admin-li',
    });
    expect(rec.diff.changed.map((c) => c.key).sort()).toEqual(['channel-sms', 'migrant-population']);
    expect(isApproved(rec)).toBe(false);
    expect(() => approveChange(rec, 'admin-li', NOW)).toThrow();
    expect(isApproved(approveChange(rec, 'admin-wang', NOW))).toBe(true);
    const small = recordChange({
      before,
      after,
      dryRun: dr,
      kind: 'edit',
      who: 'admin-li',
      why: '小范围调整',
      now: NOW,
      threshold: 10,
    });
    expect(small.approval).toBe('single');
    expect(isApproved(small)).toBe(true);
  });

  it('the kill switch skips approval but is recorded', () => {
    const killed = killSwitch(before, 'channel-sms');
    expect(killed.version).toBe(5);
    const dr = dryRun(before, killed, tenants, NOW);
    expect(dr.losses.map((l) => l.tenantId).sort()).toEqual(['demo-1', 'std-high', 'std-normal']);
    expect(dr.losses[0]?.after?.reason).toBe('DISABLED');
    const rec = recordChange({
      before,
      after: killed,
      dryRun: dr,
      kind: 'kill-switch',
      who: 'admin-li',
      why: '短信通道故障',
      now: NOW,
      threshold: 1,
    });
    expect(rec.approval).toBe('none');
    expect(isApproved(rec)).toBe(true);
    expect(rec.diff.changed).toEqual([
      { key: 'channel-sms', fields: [{ field: 'enabled', before: true, after: false }] },
    ]);
  });

  it('a change needs a reason', () => {
    const dr = dryRun(before, after, tenants, NOW);
    expect(() =>
      recordChange({ before, after, dryRun: dr, kind: 'edit', who: 'a', why: ' ', now: NOW, threshold: 1 }),
    ).toThrow();
  });
});
