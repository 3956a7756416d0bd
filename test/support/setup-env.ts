import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ARRIVALS_ENV } from '../../scripts/chart-sources';

// The suite must pass from a clone with nothing beside it: the folder where new chart versions
// arrive is, for every test file, a fresh empty one. A test or script that read its charts from
// there instead of the vendored charts/ would find nothing and fail
// (test/config/chart-sources.test.ts checks the folder is empty).
process.env[ARRIVALS_ENV] = fs.mkdtempSync(path.join(os.tmpdir(), 'lgtm-no-chart-arrivals-'));
