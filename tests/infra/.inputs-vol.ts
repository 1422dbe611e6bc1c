import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleFunction } from '@linli/infra';
const out = await bundleFunction('tenant-community-api', mkdtempSync(join(tmpdir(), 'vol-')));
const rows: string[] = [];
for (const [file, o] of Object.entries(out.metafile.outputs)) {
  if (!out.files.some((f) => f.init && file.endsWith(f.file))) continue;
  for (const [inp, v] of Object.entries(o.inputs)) rows.push(`${v.bytesInOutput}\t${inp}`);
}
writeFileSync(process.argv[2]!, rows.sort().join('\n'));
