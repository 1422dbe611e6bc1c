import type { Bilingual } from '@linli/core';
import { auditOp, type Channel, listStreets, type Tenant, type TenantStore } from '@linli/tenancy';
import type { Invitations } from './invitations.ts';

export const CHECKLIST_KEYS = ['review-org', 'invite-staff', 'import-residents', 'choose-modules'] as const;
export type ChecklistKey = (typeof CHECKLIST_KEYS)[number];

export interface ChecklistItem {
  readonly key: ChecklistKey;
  readonly done: boolean;
  readonly label: Bilingual;
  readonly detail: Bilingual;
  /** Where in the workspace the item is done. */
  readonly link: string;
}

/** Markers the admin sets by confirming (the org review, the module choice). */
export const markerKey = (store: TenantStore, key: 'review-org' | 'choose-modules') => ({
  pk: store.keys.pk('ONBOARDING'),
  sk: key === 'review-org' ? 'ORG-REVIEWED' : 'MODULES-CHOSEN',
});

/**
 * Record a confirmed checklist step with its audit entry, in one transaction. `detail` is kept on
 * the marker (the chosen modules) and in the entry.
 */
export const markChecklistStep = async (
  store: TenantStore,
  key: 'review-org' | 'choose-modules',
  actor: { sub: string; username: string; role: string; channel: Channel },
  detail: Record<string, unknown> = {},
): Promise<void> => {
  await store.transact([
    { put: { ...markerKey(store, key), ...detail, by: actor.sub, at: new Date().toISOString() } },
    auditOp(store, {
      actor: actor.sub,
      actorName: actor.username,
      role: actor.role,
      action: `onboarding.checklist.${key}`,
      target: 'ONBOARDING',
      channel: actor.channel,
      ...(Object.keys(detail).length ? { detail } : {}),
    }),
  ]);
};

/**
 * How many residents the district has. The population module owns that data; until it exposes a
 * counter this reads its statistics item, then any item of its residents partition.
 */
export type ResidentProbe = (store: TenantStore) => Promise<number>;

export const defaultResidentProbe: ResidentProbe = async (store) => {
  const stats = await store.get<{ count?: number }>(store.keys.pk('STATS'), 'RESIDENTS');
  if (stats?.count) return stats.count;
  const page = await store.query({ pk: store.keys.pk('RESIDENTS'), limit: 1 });
  return page.items.length;
};

/**
 * Staff are invited once an invitation went out or the district already has other members (seeded
 * or added by the platform); the detail says which, so "done" never sits beside "0 invitations".
 */
export const inviteStaffItem = (invitations: number, members: number): ChecklistItem => {
  const others = Math.max(0, members - 1);
  return {
    key: 'invite-staff',
    done: invitations > 0 || others > 0,
    label: { zh: '邀请工作人员', en: 'Invite staff' },
    detail:
      others > 0 && invitations === 0
        ? { zh: `已有 ${others} 位其他工作人员`, en: `${others} other staff already have accounts` }
        : others > 0
          ? {
              zh: `已有 ${others} 位其他工作人员，已发出 ${invitations} 个邀请`,
              en: `${others} other staff have accounts; ${invitations} invitations sent`,
            }
          : invitations > 0
            ? { zh: `已发出 ${invitations} 个邀请`, en: `${invitations} invitations sent` }
            : { zh: '尚未邀请任何工作人员', en: 'No staff invited yet' },
    link: '/workspace/invitations',
  };
};

/** The district admin's getting-started list; every item ticks itself from real state. */
export const checklistFor = async (
  tenant: Tenant,
  store: TenantStore,
  invitations: Invitations,
  members: number,
  residents: ResidentProbe = defaultResidentProbe,
): Promise<{ items: ChecklistItem[]; done: number; total: number }> => {
  const [streets, orgMark, modulesMark, invites, residentCount] = await Promise.all([
    listStreets(store),
    store.get(markerKey(store, 'review-org').pk, markerKey(store, 'review-org').sk),
    store.get<{ modules?: string[] }>(
      markerKey(store, 'choose-modules').pk,
      markerKey(store, 'choose-modules').sk,
    ),
    invitations.list(tenant.id),
    residents(store),
  ]);
  const communities = streets.reduce((n, s) => n + s.communityCount, 0);
  const items: ChecklistItem[] = [
    {
      key: 'review-org',
      done: streets.length > 0 && !!orgMark,
      label: { zh: '核对街道和社区', en: 'Review streets and communities' },
      detail: {
        zh: `已导入 ${streets.length} 个街道（乡镇）、${communities} 个社区（村）`,
        en: `${streets.length} streets and ${communities} communities imported`,
      },
      link: '/workspace/org',
    },
    inviteStaffItem(invites.length, members),
    {
      key: 'import-residents',
      done: residentCount > 0,
      label: { zh: '导入居民数据', en: 'Import residents' },
      detail:
        residentCount > 0
          ? { zh: '已有居民数据', en: 'Residents present' }
          : { zh: '尚无居民数据', en: 'No residents yet' },
      link: '/workspace/residents',
    },
    {
      key: 'choose-modules',
      done: !!modulesMark,
      label: { zh: '选择可选功能模块', en: 'Choose optional modules' },
      detail: modulesMark?.modules
        ? {
            zh: `已选 ${modulesMark.modules.length} 个模块`,
            en: `${modulesMark.modules.length} modules chosen`,
          }
        : { zh: '尚未确认', en: 'Not confirmed yet' },
      link: '/workspace',
    },
  ];
  return { items, done: items.filter((i) => i.done).length, total: items.length };
};
