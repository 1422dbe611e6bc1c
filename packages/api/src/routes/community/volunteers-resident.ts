/**
 * The signed-in resident's own volunteer hours (`/api/t/resident/community/volunteer-hours`, module
 * `civil-organizations`): the volunteer registered for their community record (the record with
 * their verified mobile), every entry and the totals. Nobody else's.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { getTeam, periodRange, totalsOf, volunteerEntries, volunteerOfResident } from '@linli/community';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit, requireModule } from '../../middleware.ts';
import { json, security } from '../../openapi.ts';
import type { C, PopulationContext } from '../population/shared.ts';
import { residentRecordOf } from './resident-record.ts';
import { errors } from './shared.ts';
import { HoursEntrySchema } from './volunteer-schemas.ts';

const Mine = z
  .object({
    recordFound: z.boolean(),
    volunteer: z
      .object({
        status: z.enum(['active', 'inactive']),
        since: z.string(),
        teams: z.array(z.object({ id: z.string(), name: z.string() })),
        skills: z.array(z.string()),
      })
      .nullable(),
    totals: z.object({ year: z.number().int(), last12Months: z.number().int(), all: z.number().int() }),
    entries: z.array(HoursEntrySchema),
  })
  .openapi('ResidentVolunteerHours');

export const registerResidentVolunteerRoutes = (
  app: OpenAPIHono<AppEnv>,
  deps: ApiDeps,
  pop: PopulationContext,
): void => {
  const now = () => new Date(deps.now?.() ?? Date.now());
  const recordOf = residentRecordOf(deps, pop);
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/resident/community/volunteer-hours',
      summary: 'The resident’s own volunteer hours: entries (corrections too) and totals',
      security,
      middleware: [permit('volunteers:own'), requireModule(deps, 'civil-organizations')] as const,
      responses: { 200: json(Mine), ...errors },
    }),
    async (c) => {
      const none = { volunteer: null, totals: { year: 0, last12Months: 0, all: 0 }, entries: [] };
      const r = await recordOf(c as C);
      if (!r) return c.json({ recordFound: false, ...none }, 200);
      const store = c.get('store');
      const v = await volunteerOfResident(store, r.residentId);
      if (!v) return c.json({ recordFound: true, ...none }, 200);
      const entries = await volunteerEntries(store, v.id);
      const at = now();
      const within = (p: 'year' | '12m') => {
        const range = periodRange(p, at);
        return totalsOf(entries.filter((e) => e.date >= range.from && e.date <= range.to)).minutes;
      };
      const teams = await Promise.all(
        v.teams.map(async (id) => ({ id, name: (await getTeam(store, id))?.name ?? '' })),
      );
      return c.json(
        {
          recordFound: true,
          volunteer: { status: v.status, since: v.createdAt, teams, skills: [...v.skills] },
          totals: { year: within('year'), last12Months: within('12m'), all: totalsOf(entries).minutes },
          entries: entries.map((e) => ({ ...e })).reverse(),
        },
        200,
      );
    },
  );
};
