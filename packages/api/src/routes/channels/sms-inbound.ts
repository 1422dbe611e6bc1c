/**
 * Inbound SMS: the provider (AWS End User Messaging SMS) publishes each text a resident sends to
 * the district's number to an SNS topic, which POSTs it here. The district is the path's key
 * (`/api/t/sms/inbound/<lsms key>`, issued by the district admin, stored hashed: SNS cannot send
 * headers); the message is then proven by its SNS signature (certificate only from an SNS host).
 * Keyword commands: `CX <case number>` answers the status — only to the case's own applicant (a
 * foreign or unknown number gets the same "not found" reply); `TD` stops broadcasts (never case
 * notices); anything else opens a message for the hotline. Every text in and out is logged.
 *
 * Locally (no `snsCerts` in the deps) the dev outbox's form posts the same envelope unsigned, and
 * the signature is not checked; in AWS it always is.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { LinliError } from '@linli/core';
import { CaseStore, CLOSED_STATUSES } from '@linli/services';
import {
  ChannelKeyStore,
  httpsCertFetcher,
  mainlandMobile,
  parseCommand,
  SmsStore,
  SnsErrors,
  snsMessageSchema,
  verifySnsMessage,
} from '@linli/services/channels';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { json, problems } from '../../openapi.ts';
import { cipherOf, nowOf, requireKey } from './shared.ts';

const Outcome = z
  .object({
    status: z.enum(['confirmed', 'ignored', 'duplicate', 'status-replied', 'opted-out', 'message-opened']),
  })
  .openapi('SmsInboundOutcome');

const invalid = () =>
  new LinliError('SNS_MESSAGE_INVALID', 400, { zh: '不是有效的 SNS 消息', en: 'Not a valid SNS message' });

/** The End User Messaging inbound payload inside the SNS `Message`. */
const InboundSms = z.object({
  originationNumber: z.string().max(20),
  messageBody: z.string().max(1600),
  destinationNumber: z.string().max(20).optional(),
  inboundMessageId: z.string().max(100).optional(),
});

const STATUS_ZH: Record<string, string> = {
  pending: '办理中',
  returned: '待补正',
  approved: '已办结',
  rejected: '不予办理',
  withdrawn: '已撤回',
};

const route = (deps: ApiDeps) =>
  createRoute({
    method: 'post',
    path: '/api/t/sms/inbound/{key}',
    summary:
      'Inbound SMS from the SNS topic of the district’s number (SNS HTTPS subscription; body: the SNS message as text/plain JSON). The path key names and proves the district; the SNS signature the message',
    security: [],
    middleware: [requireKey(deps, 'sms', (c) => c.req.param('key'))] as const,
    request: { params: z.object({ key: z.string().max(200) }) },
    responses: {
      200: json(Outcome, 'handled (or a redelivery, or a confirmation)'),
      ...problems([400, 401, 403, 404, 429], {
        400: 'not an SNS message (SNS_MESSAGE_INVALID)',
        401: 'the path key is unknown, revoked or not an SMS key (CHANNEL_KEY_INVALID)',
        403: 'the signature does not verify (SNS_SIGNATURE_INVALID), or the district is suspended',
      }),
    },
  });

export const registerSmsInboundRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const fetchCert = deps.snsCerts ?? (deps.mode === 'aws' ? httpsCertFetcher() : undefined);
  app.openapi(route(deps), async (c) => {
    const raw = await c.req.text();
    if (raw.length > 300_000) throw invalid();
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw invalid();
    }
    const msg = snsMessageSchema.safeParse(parsed);
    if (!msg.success) throw invalid();
    const m = msg.data;
    const now = nowOf(deps)();
    if (fetchCert) {
      await verifySnsMessage(m, { fetchCert, now });
      // The key's topic: pinned by its first signed message (or set when issued); another AWS
      // account's topic subscribed to a leaked key's URL is refused like a bad signature.
      const keyId = c.get('keyAuth').actor.id.replace(/^key:/, '');
      if (!(await new ChannelKeyStore(c.get('store'), nowOf(deps)).pinTopic(keyId, m.TopicArn)))
        throw SnsErrors.invalid();
    }
    if (m.Type !== 'Notification') {
      // Confirm the subscription by visiting its SubscribeURL (an SNS host only), in AWS.
      if (m.Type === 'SubscriptionConfirmation' && deps.mode === 'aws' && m.SubscribeURL) {
        const u = new URL(m.SubscribeURL);
        if (u.protocol === 'https:' && /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(u.hostname))
          await fetch(u, { signal: AbortSignal.timeout(5000) });
        return c.json({ status: 'confirmed' as const }, 200);
      }
      return c.json({ status: 'ignored' as const }, 200);
    }
    let body: z.infer<typeof InboundSms>;
    try {
      body = InboundSms.parse(JSON.parse(m.Message));
    } catch {
      return c.json({ status: 'ignored' as const }, 200);
    }
    const from = mainlandMobile(body.originationNumber);
    if (!from) return c.json({ status: 'ignored' as const }, 200);
    const { tenant, actor } = c.get('keyAuth');
    const store = c.get('store');
    const cipher = await cipherOf(deps, tenant.id);
    const sms = new SmsStore(store, cipher, nowOf(deps));
    if (!(await sms.firstDelivery(m.MessageId))) return c.json({ status: 'duplicate' as const }, 200);
    await sms.log(from, {
      direction: 'in',
      kind: 'inbound',
      text: body.messageBody.slice(0, 500),
      state: 'received',
    });

    const reply = async (text: string) => {
      let state: 'sent' | 'failed' = 'failed';
      try {
        if (deps.notifier) {
          await deps.notifier.send({ channel: 'sms', to: `+86${from}`, text: `【${tenant.name}】${text}` });
          state = 'sent';
        }
      } catch {
        state = 'failed';
      }
      await sms.log(from, { direction: 'out', kind: 'reply', text, state });
    };

    const cmd = parseCommand(body.messageBody);
    if (cmd.kind === 'status') {
      const cases = new CaseStore(store, cipher, { districtCode: tenant.divisionCode, now: nowOf(deps) });
      const id = await cases.idOfNumber(cmd.number);
      // Only the applicant's own number is told anything; every other case reads as unknown.
      const own = id ? (await cases.contactOf(id)) === from : false;
      const c0 = own && id ? await cases.read(id) : undefined;
      if (c0) {
        const def = await cases.definition(c0.serviceCode, c0.serviceVersion);
        const step = def.workflow[c0.stepIndex]?.name.zh;
        const closed = CLOSED_STATUSES.includes(c0.status);
        await reply(
          `您的办件 ${c0.number}（${c0.serviceName.zh}）${STATUS_ZH[c0.status] ?? c0.status}${!closed && step ? `，当前环节：${step}，承诺 ${c0.due} 前办结` : ''}。`,
        );
      } else
        await reply(
          `未查到您名下编号为 ${cmd.number} 的办件，请核对编号或致电 ${tenant.hotline ?? '12345'}。`,
        );
      return c.json({ status: 'status-replied' as const }, 200);
    }
    if (cmd.kind === 'opt-out') {
      await sms.optOut(from, actor);
      await reply('您已退订本区县的群发短信。办件进度通知不受影响。');
      return c.json({ status: 'opted-out' as const }, 200);
    }
    await sms.openInbound(from, body.messageBody.slice(0, 500), actor);
    await reply(`已收到您的短信，热线工作人员将尽快处理。查询办件请回复 CX+办件编号，退订群发请回复 TD。`);
    return c.json({ status: 'message-opened' as const }, 200);
  });
};
