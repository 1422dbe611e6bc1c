/**
 * SMS, the staff side: broadcasts of a notice to the residents of a community or street who have a
 * mobile (opted-out numbers skipped; the district's daily limit and quiet hours), the messages
 * residents texted for the hotline (turned into a case with channel `sms`, then closed), the day's
 * message log with each message's delivery state, and the district's rules.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { authorize } from '@linli/auth';
import { newId } from '@linli/core';
import type { ResidentView } from '@linli/population';
import {
  broadcastSchema,
  closeInboundSchema,
  inQuietHours,
  mainlandMobile,
  SMS_KINDS,
  SMS_STATES,
  SmsErrors,
  SmsStore,
  smsRulesSchema,
} from '@linli/services/channels';
import type { Item } from '@linli/tenancy';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit, requireModule } from '../../middleware.ts';
import { asRouteSchema, json, named, problems, security } from '../../openapi.ts';
import { actorOf, populationContext } from '../population/shared.ts';
import { type C, nowOf } from './shared.ts';

const Broadcast = z
  .object({
    id: z.string(),
    recipients: z.number().int(),
    sent: z.number().int(),
    failed: z.number().int(),
    skippedOptOut: z.number().int(),
  })
  .openapi('SmsBroadcast');
const Inbound = z
  .object({
    id: z.string(),
    receivedAt: z.string(),
    from: z.string(),
    text: z.string(),
    status: z.enum(['open', 'closed']),
    caseNumber: z.string().optional(),
    note: z.string().optional(),
    closedAt: z.string().optional(),
    closedBy: z.string().optional(),
  })
  .openapi('SmsInbound');
const LogEntry = z
  .object({
    id: z.string(),
    at: z.string(),
    direction: z.enum(['out', 'in']),
    kind: z.enum(SMS_KINDS),
    number: z.string(),
    text: z.string(),
    state: z.enum(SMS_STATES),
    broadcastId: z.string().optional(),
  })
  .openapi('SmsLogEntry');
const Rules = asRouteSchema(named(smsRulesSchema, 'SmsRules'));

const errors = problems([400, 401, 403, 404, 409, 429, 503], {
  404: 'no such message, or the SMS module is not enabled',
  409: 'quiet hours (SMS_QUIET_HOURS), no recipient (SMS_NO_RECIPIENTS) or already handled',
  429: 'over the district’s daily SMS limit (SMS_DAILY_LIMIT), nothing sent',
});

/** At most this many residents are read for one broadcast (25 pages of 200). */
const MAX_RECIPIENTS = 5000;

export const registerSmsRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const pop = populationContext(deps);
  const smsOf = async (c: C) => new SmsStore(c.get('store'), (await pop.popOf(c)).cipher, nowOf(deps));
  const mod = requireModule(deps, 'channel-sms');

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/sms/broadcasts',
      summary:
        'Text a notice to the residents of a community or street who have a mobile: opted-out numbers skipped, the daily limit reserved first (all or nothing), none in quiet hours; each text logged',
      security,
      middleware: [permit('content:publish'), mod] as const,
      request: {
        body: {
          required: true,
          content: {
            'application/json': { schema: asRouteSchema(named(broadcastSchema, 'BroadcastInput')) },
          },
        },
      },
      responses: { 201: json(Broadcast, 'sent'), ...errors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const area = 'community' in body.area ? body.area : body.area;
      authorize(
        c.get('ctx'),
        'content:publish',
        'community' in area
          ? { communityCode: area.community, streetCode: area.community.slice(0, 9) }
          : { streetCode: area.street },
      );
      const sms = await smsOf(c);
      const rules = await sms.rules();
      const now = nowOf(deps)();
      if (inQuietHours(rules, now)) throw SmsErrors.quietHours(rules);
      const people = await pop.popOf(c);
      const numbers = new Map<string, string>();
      let cursor: string | undefined;
      do {
        const page: { items: ResidentView[]; cursor?: string } =
          'community' in area
            ? await people.listCommunity(area.community, { limit: 200, ...(cursor ? { cursor } : {}) })
            : await people.listStreets([area.street], { limit: 200, ...(cursor ? { cursor } : {}) });
        for (const r of page.items) {
          const m = r.mobile ? mainlandMobile(r.mobile) : undefined;
          if (m) numbers.set(sms.hashOf(m), m);
        }
        cursor = page.cursor;
      } while (cursor && numbers.size < MAX_RECIPIENTS);
      if (numbers.size === 0) throw SmsErrors.noRecipients();
      const opted = await sms.optedOut();
      const targets = [...numbers].filter(([h]) => !opted.has(h)).map(([, m]) => m);
      const skipped = [...numbers].filter(([h]) => opted.has(h)).map(([, m]) => m);
      if (targets.length) await sms.reserve(targets.length, rules);
      const id = newId();
      const district = c.get('ctx').tenant!.name;
      const logs: Item[] = [];
      let sent = 0;
      for (const to of targets) {
        let ok = false;
        try {
          if (deps.notifier) {
            await deps.notifier.send({
              channel: 'sms',
              to: `+86${to}`,
              text: `【${district}】${body.text} 回复TD退订`,
            });
            ok = true;
          }
        } catch {
          ok = false;
        }
        if (ok) sent++;
        const op = sms.logOp(to, {
          direction: 'out',
          kind: 'broadcast',
          text: body.text,
          state: ok ? 'sent' : 'failed',
          broadcastId: id,
        });
        if ('put' in op) logs.push(op.put);
      }
      for (const to of skipped) {
        const op = sms.logOp(to, {
          direction: 'out',
          kind: 'broadcast',
          text: body.text,
          state: 'skipped-opt-out',
          broadcastId: id,
        });
        if ('put' in op) logs.push(op.put);
      }
      await c.get('store').batchPut(logs);
      const out = {
        id,
        recipients: numbers.size,
        sent,
        failed: targets.length - sent,
        skippedOptOut: skipped.length,
      };
      await sms.recordBroadcast(
        {
          id,
          text: body.text,
          area,
          recipients: out.recipients,
          sent,
          failed: out.failed,
          skipped: out.skippedOptOut,
        },
        actorOf(c),
      );
      return c.json(out, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/sms/messages',
      summary:
        'Texts residents sent for the hotline (not CX / TD), newest first; the number shown to the operator',
      security,
      middleware: [permit('hotline:operate'), mod] as const,
      request: { query: z.object({ status: z.enum(['open', 'closed']).optional() }) },
      responses: { 200: json(z.object({ items: z.array(Inbound) })), ...errors },
    }),
    async (c) => c.json({ items: await (await smsOf(c)).inbound(c.req.valid('query').status) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/sms/messages/{id}/close',
      summary: 'Close a message: turned into a case (its number; filed with channel `sms`) or answered, once',
      security,
      middleware: [permit('hotline:operate'), mod] as const,
      request: {
        params: z.object({ id: z.string().regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z#[0-9A-Z]{26}$/) }),
        body: {
          required: true,
          content: {
            'application/json': { schema: asRouteSchema(named(closeInboundSchema, 'CloseSmsMessage')) },
          },
        },
      },
      responses: { 200: json(Inbound), ...errors },
    }),
    async (c) => {
      const out = await (await smsOf(c)).closeInbound(
        c.req.valid('param').id,
        c.req.valid('json'),
        actorOf(c),
      );
      return c.json(out, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/sms/log',
      summary:
        'One day’s texts in and out (China day, default today) with their delivery state; numbers masked',
      security,
      middleware: [permit('hotline:operate'), mod] as const,
      request: {
        query: z.object({
          day: z
            .string()
            .regex(/^\d{8}$/)
            .optional(),
        }),
      },
      responses: { 200: json(z.object({ day: z.string(), items: z.array(LogEntry) })), ...errors },
    }),
    async (c) => {
      const now = nowOf(deps)();
      const day =
        c.req.valid('query').day ??
        new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
      return c.json({ day, items: await (await smsOf(c)).logOf(day) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/sms/rules',
      summary: 'The district’s SMS rules: daily broadcast limit and quiet hours (China time)',
      security,
      middleware: [permit('content:publish'), mod] as const,
      responses: { 200: json(Rules), ...errors },
    }),
    async (c) => c.json(await (await smsOf(c)).rules(), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/t/sms/rules',
      summary: 'Set the district’s SMS rules (district admin)',
      security,
      middleware: [permit('modules:configure'), mod] as const,
      request: { body: { required: true, content: { 'application/json': { schema: Rules } } } },
      responses: { 200: json(Rules), ...errors },
    }),
    async (c) => {
      const r = c.req.valid('json');
      await (await smsOf(c)).saveRules(r, actorOf(c));
      return c.json(r, 200);
    },
  );
};
