import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsNotifier, toE164 } from '../src/aws/notifier.ts';

// SNS SMS and SES have no local engine: these are the paths a client mock is for (STYLE.md).
const sns = mockClient(SNSClient);
const ses = mockClient(SESv2Client);

const notifier = (opts: { fromAddress?: string; smsSenderId?: string } = {}) =>
  new AwsNotifier({
    sns: new SNSClient({ region: 'ap-east-1' }),
    ses: new SESv2Client({ region: 'ap-east-1' }),
    ...opts,
  });

afterEach(() => {
  sns.reset();
  ses.reset();
});

describe('AwsNotifier', () => {
  it('sends an SMS with SNS Publish to the E.164 number, transactional', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    await notifier().send({
      channel: 'sms',
      to: '13812345678',
      text: '【邻里】验证码 123456',
      code: '123456',
    });
    expect(sns).toHaveReceivedCommandOnce(PublishCommand);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      PhoneNumber: '+8613812345678',
      Message: '【邻里】验证码 123456',
      MessageAttributes: { 'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' } },
    });
    expect(ses).not.toHaveReceivedAnyCommand();
  });

  it('keeps an E.164 number and adds the sender id when configured', async () => {
    sns.on(PublishCommand).resolves({});
    await notifier({ smsSenderId: 'LINLI' }).send({ channel: 'sms', to: '+85291234567', text: 'hi' });
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input.PhoneNumber).toBe('+85291234567');
    expect(input.MessageAttributes?.['AWS.SNS.SMS.SenderID']).toEqual({
      DataType: 'String',
      StringValue: 'LINLI',
    });
  });

  it('refuses a malformed phone number before calling SNS', async () => {
    await expect(notifier().send({ channel: 'sms', to: '12345', text: 'x' })).rejects.toMatchObject({
      code: 'NOTIFY_INVALID_PHONE',
      status: 400,
    });
    expect(sns).not.toHaveReceivedAnyCommand();
  });

  it('sends e-mail with SES v2 SendEmail from the configured address', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'e-1' });
    await notifier({ fromAddress: 'noreply@linli.example.cn' }).send({
      channel: 'email',
      to: 'admin@district.example.cn',
      text: '【邻里】平台已开通',
    });
    expect(ses).toHaveReceivedCommandExactlyOnceWith(SendEmailCommand, {
      FromEmailAddress: 'noreply@linli.example.cn',
      Destination: { ToAddresses: ['admin@district.example.cn'] },
      Content: {
        Simple: {
          Subject: { Data: '邻里 Linli', Charset: 'UTF-8' },
          Body: { Text: { Data: '【邻里】平台已开通', Charset: 'UTF-8' } },
        },
      },
    });
    expect(sns).not.toHaveReceivedAnyCommand();
  });

  it('refuses e-mail when no sender address is configured (503, nothing sent)', async () => {
    await expect(notifier().send({ channel: 'email', to: 'a@b.cn', text: 'x' })).rejects.toMatchObject({
      code: 'NOTIFY_EMAIL_NOT_CONFIGURED',
      status: 503,
    });
    expect(ses).not.toHaveReceivedAnyCommand();
  });

  it('propagates provider failures (the caller must not report success)', async () => {
    sns.on(PublishCommand).rejects(new Error('Throttling'));
    await expect(notifier().send({ channel: 'sms', to: '13812345678', text: 'x' })).rejects.toThrow(
      'Throttling',
    );
  });

  it('normalises numbers: spaces and dashes, +86, E.164', () => {
    expect(toE164('138 1234-5678')).toBe('+8613812345678');
    expect(toE164('+8613812345678')).toBe('+8613812345678');
    expect(() => toE164('+0123')).toThrow();
  });
});
