import type { KeyDef, TableDef } from '@linli/tables';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

export interface LinliTableProps {
  /** The shared definition from `@linli/tables`; keys and indexes are never re-typed here. */
  readonly def: TableDef;
  readonly tableName: string;
  /** Keep the table (and refuse deletion) when the stack goes away. @default true */
  readonly retain?: boolean;
}

const attribute = (key: KeyDef): dynamodb.Attribute => ({
  name: key.name,
  type: key.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER,
});

/**
 * A DynamoDB table built from a `TableDef`: on-demand, encrypted with the AWS-managed KMS key,
 * point-in-time recovery on, TTL and a NEW_AND_OLD_IMAGES stream when the definition asks for them.
 */
export class LinliTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: LinliTableProps) {
    super(scope, id);
    const { def } = props;
    const retain = props.retain ?? true;
    this.table = new dynamodb.Table(this, 'Table', {
      tableName: props.tableName,
      partitionKey: attribute(def.partitionKey),
      sortKey: attribute(def.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      ...(def.ttlAttribute ? { timeToLiveAttribute: def.ttlAttribute } : {}),
      ...(def.stream ? { stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES } : {}),
      deletionProtection: retain,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    for (const index of def.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: attribute(index.partitionKey),
        sortKey: attribute(index.sortKey),
        projectionType:
          index.projection === 'ALL' ? dynamodb.ProjectionType.ALL : dynamodb.ProjectionType.KEYS_ONLY,
      });
    }
  }
}
