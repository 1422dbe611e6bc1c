/** The signed-in resident as their community's record: one active record with their verified mobile. */
import { Errors } from '@linli/core';
import type { ApiDeps } from '../../deps.ts';
import { bearer } from '../../middleware.ts';
import type { C, PopulationContext } from '../population/shared.ts';

export interface ResidentRecord {
  readonly residentId: string;
  readonly communityCode: string;
  readonly building?: string | undefined;
  readonly status: string;
}

export const residentRecordOf =
  (deps: ApiDeps, pop: PopulationContext) =>
  async (c: C): Promise<ResidentRecord | undefined> => {
    const ctx = c.get('ctx');
    if (ctx.kind !== 'resident' || ctx.pool !== 'residents')
      throw Errors.forbidden({ zh: '仅限居民账号', en: 'resident accounts only' });
    const token = bearer(c.req.header('authorization'));
    if (!token || !deps.getCognitoUser) return undefined;
    const user = await deps.getCognitoUser(token);
    const mobile = user.phoneVerified ? user.phone?.replace(/^\+86/, '') : undefined;
    if (!mobile) return undefined;
    const found = (await (await pop.popOf(c)).searchTerm({ mobile }, undefined, 3)).items.filter(
      (r) => r.status === 'active',
    );
    const r = found.length === 1 ? found[0] : undefined;
    return r
      ? { residentId: r.id, communityCode: r.communityCode, building: r.building, status: r.status }
      : undefined;
  };
