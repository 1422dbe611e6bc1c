import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import type { LinliHttpApi } from '../constructs/http-api.ts';

export interface WebStackProps extends StackProps {
  readonly stage: string;
  readonly controlApi: LinliHttpApi;
  /** The pooled tenant API (`/api/t/*`). */
  readonly tenantApi: LinliHttpApi;
  /** The pooled tenant API's import-upload bucket, which the browser posts files to. */
  readonly importBucket: s3.IBucket;
  /** Keep the site and log buckets on stack deletion. @default true */
  readonly retainData?: boolean;
  /**
   * The CloudFront web ACL (`WafStack`, us-east-1), found through its SSM parameter there.
   * @default none: the distribution has no web ACL
   */
  readonly webAcl?: { readonly parameterName: string; readonly region: string };
}

/**
 * Every path without a file extension is a client-side route of the SPA. A viewer-request function
 * on the S3 behaviour only, rather than distribution-wide 403/404 error pages, which would also turn
 * the APIs' 404s into `index.html`.
 */
export const SPA_REWRITE_FUNCTION = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.lastIndexOf('.') <= uri.lastIndexOf('/')) {
    request.uri = '/index.html';
  }
  return request;
}`;

/** Origin of a presigned POST to `bucket` (`createPresignedPost`: `https://<bucket>.s3.<region>.<suffix>/`). */
export const importUploadOrigin = (bucket: s3.IBucket, stack: Stack): string =>
  `https://${bucket.bucketName}.s3.${stack.region}.${stack.urlSuffix}`;

/** Path patterns in CloudFront evaluation order: the tenant API before the catch-all control API. */
export const API_PATH_PATTERNS = { tenant: '/api/t/*', control: '/api/*' } as const;

/**
 * The resident portal's pages, rendered on the server by the `portal-ssr` Lambda (a route of the
 * control HTTP API): the first screen arrives as HTML with its data, compressed at the edge.
 */
export const PORTAL_PATH_PATTERN = '/t/*';

/** Open311 GeoReport v2 (`/open311/v2/<slug>/…`): public routes of the pooled tenant HTTP API. */
export const OPEN311_PATH_PATTERN = '/open311/*';

/** The kiosk's and the TV's API (`/kiosk/v1/<slug>/…`): public routes of the pooled tenant HTTP API. */
export const KIOSK_PATH_PATTERN = '/kiosk/*';

/**
 * The one public entry point: the React client from a private S3 bucket (OAC) and both HTTP APIs
 * under the same origin, so the browser needs no CORS and cookies/tokens stay first-party.
 * Its own stack because it depends on both the control plane and the pooled tenant stack, which
 * itself depends on the control plane (pools, control table).
 */
export class WebStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const retain = props.retainData ?? true;
    const removal = retain
      ? { removalPolicy: RemovalPolicy.RETAIN }
      : { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true };

    const logs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logs are delivered with ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(180) }],
      ...removal,
    });
    NagSuppressions.addResourceSuppressions(logs, [
      { id: 'AwsSolutions-S1', reason: 'This is the access-log bucket; logging it into itself would loop.' },
    ]);

    this.bucket = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 's3/',
      ...removal,
    });

    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Linli security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          override: true,
          contentSecurityPolicy: [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            // Import files go straight to the upload bucket (presigned POST, the URL the SDK signs:
            // virtual-hosted, regional).
            `connect-src 'self' https://cognito-idp.${this.region}.${this.urlSuffix} ${importUploadOrigin(props.importBucket, this)}`,
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "object-src 'none'",
          ].join('; '),
        },
        strictTransportSecurity: {
          override: true,
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { override: true, frameOption: cloudfront.HeadersFrameOption.DENY },
        referrerPolicy: {
          override: true,
          referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
        },
        xssProtection: { override: true, protection: true, modeBlock: true },
      },
    });

    const apiBehavior = (api: LinliHttpApi): cloudfront.BehaviorOptions => ({
      origin: new origins.HttpOrigin(api.domainName, {
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      }),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      // Forward Authorization, query strings and cookies, but not Host (API Gateway routes on it).
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: headers,
    });

    // The web ACL lives in us-east-1 (CLOUDFRONT scope); read its ARN from the parameter there.
    const webAclArn = props.webAcl ? readWebAclArn(this, props.webAcl) : undefined;

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Linli ${props.stage}`,
      ...(webAclArn ? { webAclId: webAclArn } : {}),
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [
          {
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
            function: new cloudfront.Function(this, 'SpaRewrite', {
              runtime: cloudfront.FunctionRuntime.JS_2_0,
              code: cloudfront.FunctionCode.fromInline(SPA_REWRITE_FUNCTION),
              comment: 'SPA fallback: extension-less paths -> /index.html',
            }),
          },
        ],
      },
      // Insertion order is CloudFront's evaluation order: /api/t/* must precede /api/*.
      additionalBehaviors: {
        [API_PATH_PATTERNS.tenant]: apiBehavior(props.tenantApi),
        [API_PATH_PATTERNS.control]: apiBehavior(props.controlApi),
        [OPEN311_PATH_PATTERN]: apiBehavior(props.tenantApi),
        [KIOSK_PATH_PATTERN]: apiBehavior(props.tenantApi),
        [PORTAL_PATH_PATTERN]: {
          ...apiBehavior(props.controlApi),
          // Pages are read, never posted to; always revalidated (Cache-Control: no-cache), compressed.
          allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          compress: true,
        },
      },
    });

    NagSuppressions.addResourceSuppressions(this.distribution, [
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'No custom domain yet: the default *.cloudfront.net certificate cannot be pinned to TLSv1.2_2021 by CloudFront. Add a domain, an ACM certificate (us-east-1) and minimumProtocolVersion TLSv1.2_2021 before go-live.',
      },
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Districts serve residents who may be anywhere (migrant workers); no geo restriction.',
      },
      ...(webAclArn
        ? []
        : [
            {
              id: 'AwsSolutions-CFR2',
              reason:
                'Built without the WAF stack (webAcl unset); API Gateway throttling and the app limiters bound request rates.',
            },
          ]),
    ]);

    new CfnOutput(this, 'SiteBucketName', { value: this.bucket.bucketName });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
    new CfnOutput(this, 'Url', { value: `https://${this.distribution.distributionDomainName}` });
  }
}

/**
 * The web ACL's ARN from the SSM parameter `WafStack` writes in us-east-1, read at deploy time by a
 * custom resource (a cross-region read: CloudFormation parameters cannot reach another region).
 */
const readWebAclArn = (stack: Stack, at: { readonly parameterName: string; readonly region: string }) => {
  const read = new cr.AwsCustomResource(stack, 'WebAclArn', {
    onUpdate: {
      service: 'SSM',
      action: 'getParameter',
      parameters: { Name: at.parameterName },
      region: at.region,
      // Deterministic: a replaced ACL (new ARN) is picked up by deploying this stack again.
      physicalResourceId: cr.PhysicalResourceId.of(at.parameterName),
    },
    policy: cr.AwsCustomResourcePolicy.fromSdkCalls({
      resources: [
        stack.formatArn({
          service: 'ssm',
          region: at.region,
          resource: 'parameter',
          resourceName: at.parameterName.replace(/^\//, ''),
        }),
      ],
    }),
    installLatestAwsSdk: false,
  });
  NagSuppressions.addResourceSuppressionsByPath(
    stack,
    `/${stack.node.path}/AWS679f53fac002430cb0da5b7982bd2287`,
    [
      {
        id: 'AwsSolutions-IAM4',
        reason:
          'CDK AwsCustomResource provider: AWSLambdaBasicExecutionRole only lets it write its own logs; it reads one SSM parameter (the web ACL ARN) at deploy time.',
      },
      {
        id: 'AwsSolutions-L1',
        reason: 'The runtime of the CDK AwsCustomResource provider is chosen by the CDK version in use.',
      },
    ],
    true,
  );
  return read.getResponseField('Parameter.Value');
};
