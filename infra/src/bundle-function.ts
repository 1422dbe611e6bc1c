/**
 * `node --import tsx infra/src/bundle-function.ts <function> <outDir>`: one function's Lambda
 * asset, built by {@link bundleFunction}. The CDK's local bundling runs this in a child process
 * (its `tryBundle` hook is synchronous; esbuild's plugins need the asynchronous API).
 */
import { bundleFunction, type LambdaFunctionName, lambdaFunctions } from './bundling.ts';

const [name, outDir] = process.argv.slice(2);
if (!name || !outDir || !(name in lambdaFunctions)) {
  console.error(`usage: bundle-function.ts <${Object.keys(lambdaFunctions).join('|')}> <outDir>`);
  process.exit(2);
}
const out = await bundleFunction(name as LambdaFunctionName, outDir);
console.log(
  `${name}: ${(out.initBytes / 1024).toFixed(1)} KiB at cold start, ${(out.totalBytes / 1024).toFixed(1)} KiB in all`,
);
