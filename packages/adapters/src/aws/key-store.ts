import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { WrappedKeyStore } from '@linli/population';
import { controlKeys } from '@linli/tenancy';

/**
 * A tenant's KMS-wrapped data key lives on its registry item (`dataKey`), written once with a
 * condition so that the first of two racing cold starts wins and the other adopts its key.
 */
export const registryWrappedKeyStore = (doc: DynamoDBDocumentClient, table: string): WrappedKeyStore => ({
  async get(tenantId) {
    const out = await doc.send(
      new GetCommand({
        TableName: table,
        Key: controlKeys.tenant(tenantId),
        ProjectionExpression: 'dataKey',
        ConsistentRead: true,
      }),
    );
    const k = out.Item?.dataKey as Uint8Array | undefined;
    return k ? Buffer.from(k) : undefined;
  },
  async putIfAbsent(tenantId, encrypted) {
    try {
      await doc.send(
        new UpdateCommand({
          TableName: table,
          Key: controlKeys.tenant(tenantId),
          UpdateExpression: 'SET dataKey = :k',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(dataKey)',
          ExpressionAttributeValues: { ':k': encrypted },
        }),
      );
      return encrypted;
    } catch (err) {
      if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
      const existing = await this.get(tenantId);
      if (!existing) throw err;
      return existing;
    }
  },
});
