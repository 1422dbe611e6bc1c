import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { LinliError } from '@linli/core';
import { tableNames } from '@linli/tables';
import type { ProvisioningLauncher } from './provisioning/runner.ts';

/**
 * Starts the provisioning state machine. The execution name is the tenant id, so a second start
 * for the same tenant is refused by Step Functions (ExecutionAlreadyExists) instead of running twice;
 * an operator retry passes a suffixed name.
 */
export class StepFunctionsLauncher implements ProvisioningLauncher {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async start(tenantId: string): Promise<void> {
    try {
      await this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: `${tenantId}-${Date.now().toString(36)}`,
          input: JSON.stringify({ tenantId }),
        }),
      );
    } catch (e) {
      if ((e as { name?: string }).name !== 'ExecutionAlreadyExists') throw e;
    }
  }
}

/**
 * In AWS a silo table belongs to the district's own CDK stack (`-c siloTenants=<id>:<tier>`).
 * The data-store step waits for it: missing → a retryable error the state machine backs off on.
 */
export const awaitSiloTable =
  (dynamo: DynamoDBClient, stage: string) =>
  async (tenantId: string): Promise<string> => {
    const name = tableNames(stage).siloTenant(tenantId);
    try {
      const out = await dynamo.send(new DescribeTableCommand({ TableName: name }));
      if (out.Table?.TableStatus === 'ACTIVE') return name;
    } catch (e) {
      if ((e as { name?: string }).name !== 'ResourceNotFoundException') throw e;
    }
    throw new LinliError('SILO_STACK_PENDING', 503, {
      zh: `独立实例数据表 ${name} 尚未部署`,
      en: `Silo table ${name} is not deployed yet (deploy the silo stack, then retry)`,
    });
  };
