import { App } from 'cdktf';
import { buildEnvironments } from '../stacks/app';
import { ENVIRONMENTS } from '../stacks/environments';
import { runSynth } from '../stacks/synth-summary';

// Prints what each stack wrote and every finding; exits 1 on any error (no stack trace for bad input).
const app = new App();
process.exitCode = runSynth(app, process.stdout, (a) => buildEnvironments(a, ENVIRONMENTS));
