import * as fs from 'fs';
import { setupJest } from 'cdktf/lib/testing/adapters/jest';
import { ARRIVALS_ENV } from '../../scripts/chart-sources';
import { skipTokenStackTracesInTests } from './token-stack-traces';

setupJest();
// As npm run synth does: cdktf's tokens record no creation stack trace (see token-stack-traces.ts).
skipTokenStackTracesInTests();

// Removes the empty arrivals folder test/support/setup-env.ts made for this test file.
afterAll(() => {
  const dir = process.env[ARRIVALS_ENV];
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});
