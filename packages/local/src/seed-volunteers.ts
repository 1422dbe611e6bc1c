/**
 * Demo volunteers (社区民间组织): in a demo district with `civil-organizations`, the demo street's
 * first community gets a volunteer team in the base data (邻里守望志愿服务队, saved through the
 * population store like any organization), four of its seeded residents as volunteers and two
 * past activities with recorded hours, so the workspace's 社区民间组织 shows teams, volunteers and
 * totals. Once: skipped when the community has volunteers.
 */
import { createActivity, createVolunteer, listTeams, listVolunteers } from '@linli/community';
import { communitiesOf, streetsOf } from '@linli/divisions';
import { PopulationStore, popKeys, RecordStore, TenantCipher } from '@linli/population';
import type { Tenant, TenantStore } from '@linli/tenancy';
import { localKeys } from './apps.ts';
import type { PlatformEnv } from './types.ts';

const actor = { id: 'seed', role: 'community-worker', channel: 'system' as const };
const daysAgo = (n: number) =>
  new Date(Date.now() + 8 * 3600_000 - n * 86_400_000).toISOString().slice(0, 10);

export const ensureVolunteers = async (env: PlatformEnv, tenant: Tenant, store: TenantStore) => {
  const street = streetsOf(tenant.divisionCode)[0];
  const community = (await communitiesOf(tenant.divisionCode)).find((c) => c.streetCode === street?.code);
  if (!community) return;
  if ((await listVolunteers(store, community.code)).length > 0) return;
  const residents = await store.query<{ id: string }>({
    index: 'gsi1',
    pk: popKeys(store).byCommunity(community.code, 'active'),
    limit: 4,
  });
  if (residents.items.length === 0) return;
  let team = (await listTeams(store, community.code)).find((t) => t.type === 'volunteer-team');
  if (!team) {
    const cipher = await TenantCipher.forTenant(localKeys(env), tenant.id);
    const pop = new PopulationStore(store, cipher, { districtCode: tenant.divisionCode });
    const saved = await new RecordStore(pop).saveOrganization(
      { communityCode: community.code, name: '邻里守望志愿服务队', type: 'volunteer-team', memberCount: 12 },
      actor,
    );
    team = {
      id: saved.id,
      communityCode: community.code,
      name: '邻里守望志愿服务队',
      type: 'volunteer-team',
    };
  }
  const skills = [['急救'], ['理发', '维修'], ['书法'], []];
  const volunteers = [];
  for (const [i, r] of residents.items.entries())
    volunteers.push(
      await createVolunteer(
        store,
        { residentId: r.id, communityCode: community.code, teams: [team.id], skills: skills[i] ?? [] },
        actor,
      ),
    );
  const base = { communityCode: community.code, orgId: team.id, orgName: team.name };
  await createActivity(
    store,
    {
      ...base,
      date: daysAgo(20),
      title: '楼道清洁日',
      place: `${community.name}各楼栋`,
      description: '清理楼道堆放杂物，张贴消防安全提示。',
      participants: 8,
      hours: volunteers.map((v, i) => ({ volunteer: v, minutes: [180, 150, 120, 90][i] ?? 60 })),
    },
    actor,
  );
  await createActivity(
    store,
    {
      ...base,
      date: daysAgo(6),
      title: '探访独居老人',
      place: `${community.name}`,
      description: '上门陪伴聊天，检查燃气和用电安全。',
      participants: 3,
      hours: volunteers.slice(0, 2).map((v) => ({ volunteer: v, minutes: 90 })),
    },
    actor,
  );
};
