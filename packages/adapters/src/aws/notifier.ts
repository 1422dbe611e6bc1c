import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { Notifier, OutboxEntry } from '@linli/api';
import { LinliError } from '@linli/core';
import { type ClientSource, clientOf, once } from '../lazy.ts';

export interface AwsNotifierOptions {
  /** The SNS client. @default one for `region`, made on the first SMS */
  readonly sns?: ClientSource<SNSClient>;
  /** The SES v2 client. @default one for `region`, made on the first e-mail */
  readonly ses?: ClientSource<SESv2Client>;
  readonly region?: string;
  /** Verified SES identity (address, or an address of a verified domain). Without it e-mail is refused. */
  readonly fromAddress?: string;
  /** SNS `AWS.SNS.SMS.SenderID` (where the destination country supports one). */
  readonly smsSenderId?: string;
  /** @default '邻里 Linli' */
  readonly emailSubject?: string;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const CN_MOBILE = /^1[3-9]\d{9}$/;

/**
 * A phone number as SNS wants it (E.164). Linli stores mainland mobiles as 11 digits
 * (`13812345678`), so those get `+86`; anything else must already be E.164.
 */
export const toE164 = (phone: string): string => {
  const p = phone.replace(/[\s-]/g, '');
  if (E164.test(p)) return p;
  if (CN_MOBILE.test(p)) return `+86${p}`;
  throw new LinliError('NOTIFY_INVALID_PHONE', 400, {
    zh: '手机号码格式不正确',
    en: 'Not a valid mobile number (E.164 or an 11-digit mainland number)',
  });
};

/**
 * The production {@link Notifier}: SMS through SNS `Publish` to a phone number (transactional),
 * e-mail through SES v2 `SendEmail`. The code, when given, is already in `text`; it is never
 * logged or sent separately. The SDK modules load on the first message, so a function that never
 * sends does not pay for them at cold start.
 */
export class AwsNotifier implements Notifier {
  private readonly sns: ClientSource<SNSClient>;
  private readonly ses: ClientSource<SESv2Client>;

  constructor(private readonly opts: AwsNotifierOptions) {
    const region = opts.region;
    this.sns = opts.sns ?? once(async () => new (await import('./sdk/notify.ts')).SNSClient({ region }));
    this.ses = opts.ses ?? once(async () => new (await import('./sdk/notify.ts')).SESv2Client({ region }));
  }

  async send(entry: Omit<OutboxEntry, 'at'>): Promise<void> {
    if (entry.channel === 'sms') {
      const { PublishCommand } = await import('./sdk/notify.ts');
      await (await clientOf(this.sns)).send(
        new PublishCommand({
          PhoneNumber: toE164(entry.to),
          Message: entry.text,
          MessageAttributes: {
            // Transactional: verification codes and invitations go out ahead of promotional traffic.
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            ...(this.opts.smsSenderId
              ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: this.opts.smsSenderId } }
              : {}),
          },
        }),
      );
      return;
    }
    if (!this.opts.fromAddress)
      throw new LinliError('NOTIFY_EMAIL_NOT_CONFIGURED', 503, {
        zh: '未配置邮件发送地址',
        en: 'E-mail is not configured in this deployment (SES_FROM_ADDRESS)',
      });
    const { SendEmailCommand } = await import('./sdk/notify.ts');
    await (await clientOf(this.ses)).send(
      new SendEmailCommand({
        FromEmailAddress: this.opts.fromAddress,
        Destination: { ToAddresses: [entry.to] },
        Content: {
          Simple: {
            Subject: { Data: this.opts.emailSubject ?? '邻里 Linli', Charset: 'UTF-8' },
            Body: { Text: { Data: entry.text, Charset: 'UTF-8' } },
          },
        },
      }),
    );
  }
}
