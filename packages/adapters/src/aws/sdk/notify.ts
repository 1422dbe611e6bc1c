/* See ./s3.ts. */

export { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
export { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
