import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { CloudFrontAbuseAcl } from '../constructs/abuse-limits.ts';

/** The region CloudFront-scope WAF resources must live in. */
export const WAF_REGION = 'us-east-1';

/** Where the web stack finds the web ACL's ARN (an SSM parameter in {@link WAF_REGION}). */
export const webAclParameterName = (stage: string) => `/linli/${stage}/cloudfront-web-acl-arn`;

export interface WafStackProps extends StackProps {
  readonly stage: string;
}

/**
 * The CloudFront distribution's web ACL: rate-based rules per source address on the anonymous API
 * routes and on everything (`abuse-limits.ts`). CLOUDFRONT-scope web ACLs exist only in
 * us-east-1, so this is its own stack there; the web stack (any region) reads the ACL's ARN from
 * the SSM parameter this stack writes.
 */
export class WafStack extends Stack {
  readonly acl: CloudFrontAbuseAcl;

  constructor(scope: Construct, id: string, props: WafStackProps) {
    super(scope, id, { ...props, env: { ...(props.env ?? {}), region: WAF_REGION } });
    this.acl = new CloudFrontAbuseAcl(this, 'Cloudfront', { stage: props.stage });
    new ssm.StringParameter(this, 'WebAclArn', {
      parameterName: webAclParameterName(props.stage),
      stringValue: this.acl.acl.attrArn,
      description: 'ARN of the CloudFront web ACL (read by the web stack in its own region)',
    });
    new CfnOutput(this, 'WebAclArnOutput', { value: this.acl.acl.attrArn });
  }
}
