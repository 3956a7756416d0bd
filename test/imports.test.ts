import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from './support/paths';

// A provider package's root loads every resource class: 2-3 s and ~550 MiB per process.
const ROOT_IMPORT = /(from\s+|require\()\s*['"]@cdktf\/provider-(aws|kubernetes|helm)['"]/;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|js)$/.test(e.name) ? [p] : [];
  });
}

describe('provider imports', () => {
  const files = ['lib', 'stacks', 'bin', 'test', 'scripts'].flatMap((d) => sources(path.join(REPO_ROOT, d)));

  test('the scan sees the project', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  test('no file imports a provider package from its root', () => {
    const offenders = files.filter((f) => ROOT_IMPORT.test(fs.readFileSync(f, 'utf8')) && f !== __filename);
    expect(offenders.map((f) => path.relative(REPO_ROOT, f))).toEqual([]);
  });

  test('the pattern catches a root import', () => {
    // Built from parts so a text search of the tree for root imports does not flag this test.
    const pkg = ['@cdktf', 'provider-aws'].join('/');
    expect(ROOT_IMPORT.test(`import { S3Bucket } from '${pkg}';`)).toBe(true);
    expect(ROOT_IMPORT.test("import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';")).toBe(false);
  });
});
