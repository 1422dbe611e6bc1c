import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

export interface NotifyProps {
  /** Sender address; it, or its domain, must be a verified SES identity in the region. */
  readonly fromAddress: string;
}

/**
 * Permissions of the `AwsNotifier` (`@linli/adapters/aws`): SMS through SNS `Publish` to a phone number and
 * e-mail through SES v2 `SendEmail` from one identity. The identities themselves (SES domain or
 * address verification, SMS sandbox exit / sender id) are account prerequisites, see docs/deploy.md.
 */
export class Notify extends Construct {
  readonly fromAddress: string;
  /** The SES identities `fromAddress` may be verified as: the address itself and its domain. */
  readonly identityArns: readonly string[];

  constructor(scope: Construct, id: string, props: NotifyProps) {
    super(scope, id);
    const domain = props.fromAddress.split('@')[1];
    if (!domain) throw new Error(`sesFromAddress "${props.fromAddress}" is not an e-mail address`);
    this.fromAddress = props.fromAddress;
    const stack = Stack.of(this);
    this.identityArns = [props.fromAddress, domain].map((name) =>
      stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name }),
    );
  }

  /** `ses:SendEmail` from the sender identity only. */
  grantEmail(role: iam.IRole): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SendEmailFromLinliIdentity',
        actions: ['ses:SendEmail'],
        resources: [...this.identityArns],
      }),
    );
  }

  /** `sns:Publish` for SMS: a publish to a phone number has no ARN to scope it to. */
  grantSms(role: iam.IRole): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'SendSms', actions: ['sns:Publish'], resources: ['*'] }),
    );
    NagSuppressions.addResourceSuppressions(
      role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'SMS to a phone number (sns:Publish with PhoneNumber) has no topic or resource ARN; SNS accepts only Resource "*" for it. The app publishes only to phone numbers (AwsNotifier).',
          appliesTo: ['Resource::*'],
        },
      ],
      true,
    );
  }
}
