/**
 * Placeholders for the variables the handlers validate at import (the names the stacks set); the
 * values CloudFormation would resolve at deploy time do not matter for loading the module.
 */
export const LAMBDA_ENV: Record<string, string> = {
  AWS_REGION: 'cn-north-1',
  STAGE: 'bench',
  CONTROL_TABLE: 'linli-bench-control',
  TENANT_TABLE: 'linli-bench-tenant-data',
  TENANT_TABLE_ARNS: 'arn:aws-cn:dynamodb:cn-north-1:000000000000:table/linli-bench-tenant-data',
  TENANT_DATA_ROLE_ARN: 'arn:aws-cn:iam::000000000000:role/linli-bench-tenant-data',
  STAFF_POOL_ID: 'cn-north-1_bench0001',
  STAFF_CLIENT_ID: 'benchstaffclient',
  RESIDENT_POOL_ID: 'cn-north-1_bench0002',
  RESIDENT_CLIENT_ID: 'benchresidentclient',
  TABLE: 'bench',
  TENANT_LIFECYCLE_FUNCTION: 'linli-bench-tenant-lifecycle',
  ONBOARDING_CODE_PEPPER: 'bench-pepper-bench-pepper-bench-pepper-0001',
  PROVISIONING_STATE_MACHINE_ARN: 'arn:aws-cn:states:cn-north-1:000000000000:stateMachine:linli-bench',
  KMS_KEY_ID: 'arn:aws-cn:kms:cn-north-1:000000000000:key/00000000-0000-0000-0000-000000000000',
  IMPORT_BUCKET: 'linli-bench-imports',
  IMPORT_WORKER_FUNCTION: 'linli-bench-tenant-imports',
};
