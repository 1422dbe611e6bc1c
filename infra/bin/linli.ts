import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildLinli, configFromContext } from '../src/app.ts';

const app = new App();
buildLinli(app, configFromContext(app));
// cdk-nag runs on every synth: an unsuppressed AwsSolutions error fails `cdk synth`/`cdk deploy`.
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
app.synth();
