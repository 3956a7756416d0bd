import * as fs from 'fs';
import { SHARED_SYNTH_ENV } from './shared-synth-env';

/** jest globalTeardown: removes the run's shared synths (global-setup.ts). */
export default function globalTeardown(): void {
  const dir = process.env[SHARED_SYNTH_ENV];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
