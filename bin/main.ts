import { App } from 'cdktf';
import { buildEnvironments } from '../stacks/app';
import { ENVIRONMENTS } from '../stacks/environments';

const app = new App();
buildEnvironments(app, ENVIRONMENTS);
app.synth();
