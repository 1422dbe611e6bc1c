import type { Me } from '../../../api/types';

/**
 * What community work (街道任务与报表) offers the signed-in staff member; the server checks the same
 * (`community-work:*` in `@linli/auth`'s matrix). A module on its own (no antd), so the workspace's
 * menu can leave the area out for whom it has nothing (the call centre).
 */
export const communityCaps = (me: Me) => {
  const has = (...roles: string[]) => roles.some((r) => me.roles.includes(r));
  return {
    /** See the tasks and report cycles of their scope. */
    read: has('district-admin', 'street-staff', 'community-worker', 'department-staff'),
    /** Hand tasks down, open report cycles, return or accept reports. */
    assign: has('district-admin', 'street-staff', 'department-staff'),
    /** Accept and report tasks back, fill reports. */
    write: has('district-admin', 'community-worker'),
    community: me.scope.communityCode,
    street: me.scope.streetCode ?? me.scope.communityCode?.slice(0, 9),
  };
};
