// The package as a user gets it: `npm pack` (which builds through prepack), the tarball's contents,
// then examples/existing-vpc-and-cluster installed beside it in a temporary project, compiled with
// this repository's TypeScript through the package's `exports` map and run with node. Offline: the
// package's dependencies are symlinks to this repository's node_modules. Slow (a build, a compile and
// a synth, about 10 s on 2 cores), hence its own file.
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { parse } from 'yaml';
import { REPO_ROOT } from '../support/paths';

const EXAMPLE_DIR = path.join(REPO_ROOT, 'examples', 'existing-vpc-and-cluster');
const EXAMPLE_FILES = ['main.ts', 'tsconfig.json', 'package.json', 'cdktf.json'];
const TSC = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

// The existing cluster and VPC of examples/existing-vpc-and-cluster/main.ts.
const CLUSTER_NAME = 'platform-eu-west-1';
const CLUSTER_ENDPOINT = 'https://EXAMPLE0123456789ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com';
const VPC_ID = 'vpc-0123456789abcdef0';
const PRIVATE_SUBNETS = ['subnet-0a000000000000001', 'subnet-0a000000000000002', 'subnet-0a000000000000003'];
const BACKENDS = ['loki', 'mimir', 'pyroscope', 'tempo'];

/** What may be in the tarball: the build, the chart values index, README and package.json. */
const ALLOWED_ENTRY = /^(package\.json|README\.md|dist\/[a-z0-9/-]+\.(js|d\.ts)|dist\/config\/charts\/[a-z0-9-]+\.json|dist\/helm\/manifests-chart\/(Chart|values|templates\/objects)\.yaml)$/;

type Resources = Record<string, Record<string, Record<string, unknown>>>;
type PackageJson = {
  name: string;
  version: string;
  main?: string;
  types?: string;
  exports?: Record<string, unknown>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

let tmp: string;
let tarball: string;
let entries: string[];
/** The temporary user project: the example's files, node_modules/cdktf-lgtm from the tarball. */
let app: string;
let installed: string;
let compile: SpawnSyncReturns<string>;
let synth: SpawnSyncReturns<string>;

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
  });
}

/** Runs a step the later assertions need; its failure shows the step's output. */
function mustRun(what: string, command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const result = run(command, args, cwd);
  if (result.status !== 0) {
    throw new Error(`${what} failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}\n${result.error ?? ''}`);
  }
  return result;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Links a dependency from this repository's node_modules into the temporary project. */
function linkDependency(name: string): void {
  const target = path.join(REPO_ROOT, 'node_modules', name);
  if (!fs.existsSync(target)) throw new Error(`${name} is not installed in this repository's node_modules; run npm ci`);
  const link = path.join(app, 'node_modules', name);
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(target, link, 'dir');
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-lgtm-pack-'));
  const packDir = path.join(tmp, 'pack');
  fs.mkdirSync(packDir);
  mustRun('npm pack', 'npm', ['pack', '--pack-destination', packDir, '--offline'], REPO_ROOT);
  const tarballs = fs.readdirSync(packDir).filter((f) => f.endsWith('.tgz'));
  if (tarballs.length !== 1) throw new Error(`npm pack wrote ${JSON.stringify(tarballs)} to ${packDir}, expected one tarball`);
  tarball = path.join(packDir, tarballs[0]);
  entries = mustRun('tar -tzf', 'tar', ['-tzf', tarball], tmp).stdout.split('\n').filter((l) => l !== '' && !l.endsWith('/'));

  app = path.join(tmp, 'app');
  installed = path.join(app, 'node_modules', 'cdktf-lgtm');
  fs.mkdirSync(installed, { recursive: true });
  mustRun('tar -xzf', 'tar', ['-xzf', tarball, '-C', installed, '--strip-components=1'], tmp);
  for (const file of EXAMPLE_FILES) fs.copyFileSync(path.join(EXAMPLE_DIR, file), path.join(app, file));
  // What `npm install` of the example would put beside the package: the package's dependencies and
  // the example's own; nothing else, so a dependency the package forgot to declare fails the run.
  const pkg = readJson<PackageJson>(path.join(installed, 'package.json'));
  const example = readJson<PackageJson>(path.join(app, 'package.json'));
  const needed = new Set([
    ...Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }),
    ...Object.keys({ ...example.dependencies, ...example.devDependencies }),
  ]);
  needed.delete(pkg.name);
  for (const name of [...needed].sort()) linkDependency(name);

  // --skipLibCheck false: the package's declarations are type-checked too, as a strict user would.
  compile = run(process.execPath, [TSC, '-p', path.join(app, 'tsconfig.json'), '--skipLibCheck', 'false', '--listFiles'], app);
  synth = compile.status === 0 ? run(process.execPath, [path.join(app, 'dist', 'main.js')], app) : compile;
}, 180_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the tarball', () => {
  test('holds dist (.js and .d.ts), the chart values index, README.md and package.json, nothing else', () => {
    expect(entries.filter((e) => !e.startsWith('package/'))).toEqual([]);
    const paths = entries.map((e) => e.slice('package/'.length));
    expect(paths.filter((p) => !ALLOWED_ENTRY.test(p))).toEqual([]);
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/config/chart-index.js']));
    for (const folder of ['lib/', 'charts/']) expect(paths.filter((p) => p.startsWith(folder))).toEqual([]);
    // Anywhere, dist/ included: this repository's app, scripts, tests and examples are not the package.
    for (const folder of ['test', 'stacks', 'scripts', 'bin', 'examples']) {
      expect(paths.filter((p) => p.split('/').slice(0, -1).includes(folder))).toEqual([]);
    }
    expect(paths.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([]);
  });

  test('has a declaration beside every module', () => {
    const paths = new Set(entries.map((e) => e.slice('package/'.length)));
    const js = [...paths].filter((p) => p.endsWith('.js'));
    expect(js.length).toBeGreaterThan(40);
    expect(js.filter((p) => !paths.has(p.replace(/\.js$/, '.d.ts')))).toEqual([]);
  });

  test('holds the chart values index, byte for byte, beside the built chart-index.js that reads it', () => {
    const source = path.join(REPO_ROOT, 'lib', 'config', 'charts');
    const indexes = fs.readdirSync(source).filter((f) => f.endsWith('.json')).sort();
    expect(indexes.length).toBeGreaterThan(0);
    const packed = path.join(installed, 'dist', 'config', 'charts');
    expect(fs.readdirSync(packed).sort()).toEqual(indexes);
    for (const file of indexes) {
      expect({ file, same: fs.readFileSync(path.join(packed, file)).equals(fs.readFileSync(path.join(source, file))) }).toEqual({ file, same: true });
    }
  });

  test('has no @internal in any declaration', () => {
    const declarations = files(path.join(installed, 'dist')).filter((f) => f.endsWith('.d.ts'));
    expect(declarations.length).toBeGreaterThan(40);
    expect(declarations.filter((f) => fs.readFileSync(f, 'utf8').includes('@internal')).map((f) => path.relative(installed, f))).toEqual([]);
  });

  test('package.json points main, types and the exports map at built files', () => {
    const pkg = readJson<PackageJson>(path.join(installed, 'package.json'));
    expect(pkg.exports).toEqual({ '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './package.json': './package.json' });
    for (const file of [pkg.main!, pkg.types!, './dist/index.d.ts', './dist/index.js']) {
      expect({ file, exists: fs.existsSync(path.join(installed, file)) }).toEqual({ file, exists: true });
    }
    expect(pkg.scripts?.prepack).toBe('npm run build');
  });
});

describe('examples/existing-vpc-and-cluster against the installed package', () => {
  test('depends on the packed tarball and on the same exact versions as this repository', () => {
    const repo = readJson<PackageJson>(path.join(REPO_ROOT, 'package.json'));
    const example = readJson<PackageJson>(path.join(EXAMPLE_DIR, 'package.json'));
    const ours = { ...repo.devDependencies, ...repo.dependencies };
    const { 'cdktf-lgtm': lgtm, ...rest } = { ...example.dependencies, ...example.devDependencies };
    expect(lgtm).toBe(`file:../../${path.basename(tarball)}`);
    for (const [name, version] of Object.entries(rest)) expect({ name, version }).toEqual({ name, version: ours[name] });
    expect(Object.keys(example.dependencies ?? {})).toEqual(expect.arrayContaining(Object.keys(repo.dependencies ?? {}).filter((d) => d !== 'yaml')));
  });

  test("resolves 'cdktf-lgtm' through the exports map, and nothing below it", () => {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(app, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    })!;
    expect([ts.ModuleResolutionKind.Node16, ts.ModuleResolutionKind.NodeNext, ts.ModuleResolutionKind.Bundler]).toContain(config.options.moduleResolution);
    const from = path.join(app, 'main.ts');
    const resolve = (name: string) => ts.resolveModuleName(name, from, config.options, ts.sys).resolvedModule?.resolvedFileName;
    expect(resolve('cdktf-lgtm')).toBe(path.join(installed, 'dist', 'index.d.ts'));
    expect(resolve('cdktf-lgtm/dist/aws/network')).toBeUndefined();
    // A user on the legacy resolution (main/types) or a bundler gets the same declarations.
    for (const moduleResolution of [ts.ModuleResolutionKind.Node10, ts.ModuleResolutionKind.Bundler]) {
      const options = { ...config.options, moduleResolution, module: moduleResolution === ts.ModuleResolutionKind.Bundler ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS };
      expect(ts.resolveModuleName('cdktf-lgtm', from, options, ts.sys).resolvedModule?.resolvedFileName).toBe(path.join(installed, 'dist', 'index.d.ts'));
    }
    const deep = run(process.execPath, ['-e', "require.resolve('cdktf-lgtm/dist/aws/network')"], app);
    expect(deep.status).not.toBe(0);
    expect(deep.stderr).toMatch(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
  });

  test('an ES module app imports the same names as a CommonJS one', () => {
    const names = (code: string, esm: boolean) => {
      const result = run(process.execPath, [...(esm ? ['--input-type=module'] : []), '-e', code], app);
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
      return (JSON.parse(result.stdout) as string[]).filter((n) => !['default', 'module.exports', '__esModule'].includes(n)).sort();
    };
    const cjs = names("console.log(JSON.stringify(Object.keys(require('cdktf-lgtm'))))", false);
    expect(cjs).toEqual(expect.arrayContaining(['Compliance', 'LgtmObservability', 'LgtmPlatform', 'rules']));
    expect(names("const m = await import('cdktf-lgtm'); console.log(JSON.stringify(Object.keys(m)))", true)).toEqual(cjs);
  });

  test('main.ts compiles with the package declarations type-checked', () => {
    expect({ status: compile.status, output: compile.status === 0 ? '' : `${compile.stdout}${compile.stderr}` }).toEqual({ status: 0, output: '' });
    expect(compile.stdout.split('\n')).toContain(path.join(installed, 'dist', 'index.d.ts'));
  });

  describe('the synthesized stack', () => {
    let stack: { resource: Resources; provider: Record<string, Array<Record<string, unknown>>>; output?: Record<string, unknown> };
    let resources: Resources;
    const ofType = (type: string) => Object.values(resources[type] ?? {});
    const pathOf = (r: Record<string, unknown>) => (r['//'] as { metadata: { path: string } }).metadata.path;
    /** `${type.name.attr}` of the one resource of `type` whose construct path ends in `suffix`. */
    const ref = (type: string, suffix: string, attr: string) => {
      const names = Object.entries(resources[type] ?? {}).filter(([, r]) => pathOf(r).endsWith(suffix)).map(([name]) => name);
      expect({ type, suffix, names: names.length }).toEqual({ type, suffix, names: 1 });
      return `\${${type}.${names[0]}.${attr}}`;
    };

    beforeAll(() => {
      expect({ status: synth.status, output: synth.status === 0 ? '' : `${synth.stdout}${synth.stderr}` }).toEqual({ status: 0, output: '' });
      stack = readJson(path.join(app, 'cdktf.out', 'stacks', 'lgtm', 'cdk.tf.json'));
      resources = stack.resource;
    });

    test('creates no VPC and no cluster: both exist', () => {
      const created = Object.keys(resources);
      expect(created.length).toBeGreaterThan(10);
      expect(created.filter((t) => ['aws_vpc', 'aws_subnet', 'aws_nat_gateway', 'aws_eks_cluster', 'aws_eks_node_group', 'aws_eks_addon'].includes(t))).toEqual([]);
    });

    test('has the 7 buckets', () => {
      expect(ofType('aws_s3_bucket')).toHaveLength(7);
    });

    test('binds the four backend roles to service accounts of the existing cluster', () => {
      const associations = ofType('aws_eks_pod_identity_association');
      for (const backend of BACKENDS) {
        const role = ref('aws_iam_role', `/identities/${backend}/role`, 'arn');
        expect(associations.filter((a) => a.role_arn === role)).toEqual([expect.objectContaining({ cluster_name: CLUSTER_NAME, namespace: 'lgtm' })]);
      }
    });

    test("binds the load balancer controller's role to kube-system/aws-load-balancer-controller", () => {
      const role = ref('aws_iam_role', '/lb-controller-role/role', 'arn');
      expect(ofType('aws_eks_pod_identity_association').filter((a) => a.role_arn === role)).toEqual([
        expect.objectContaining({ cluster_name: CLUSTER_NAME, namespace: 'kube-system', service_account: 'aws-load-balancer-controller' }),
      ]);
    });

    test("puts the database and the session store in the existing VPC's private subnets", () => {
      expect(ofType('aws_db_subnet_group').map((g) => g.subnet_ids)).toEqual([PRIVATE_SUBNETS]);
      expect(ofType('aws_elasticache_subnet_group').map((g) => g.subnet_ids)).toEqual([PRIVATE_SUBNETS]);
      expect(ofType('aws_db_instance')).toEqual([expect.objectContaining({ db_subnet_group_name: ref('aws_db_subnet_group', '', 'name') })]);
      expect(ofType('aws_elasticache_replication_group')).toEqual([expect.objectContaining({ subnet_group_name: ref('aws_elasticache_subnet_group', '', 'name') })]);
      expect(ofType('aws_security_group').map((g) => g.vpc_id)).toEqual(ofType('aws_security_group').map(() => VPC_ID));
      expect(ofType('aws_security_group').length).toBeGreaterThanOrEqual(2);
    });

    test('installs the load balancer controller with helm on the existing cluster', () => {
      const releases = ofType('helm_release').filter((r) => r.chart === 'aws-load-balancer-controller');
      expect(releases).toEqual([expect.objectContaining({ namespace: 'kube-system', repository: 'https://aws.github.io/eks-charts' })]);
      const values = parse((releases[0].values as string[])[0]) as Record<string, unknown>;
      expect(values).toMatchObject({ clusterName: CLUSTER_NAME, vpcId: VPC_ID, region: 'eu-west-1' });
      expect(stack.provider.kubernetes).toEqual([expect.objectContaining({ host: CLUSTER_ENDPOINT })]);
      expect(stack.provider.helm).toEqual([expect.objectContaining({ kubernetes: expect.objectContaining({ host: CLUSTER_ENDPOINT }) })]);
    });

    test('runs the four backends, the collector and Grafana; Mimir and Loki as the service accounts the platform bound their roles to', () => {
      const byChart = Object.fromEntries(ofType('helm_release').filter((r) => r.repository !== undefined).map((r) => [r.chart, r]));
      expect(Object.keys(byChart).sort()).toEqual(['alloy', 'aws-load-balancer-controller', 'external-secrets', 'grafana', 'loki', 'mimir-distributed', 'prometheus-operator-crds', 'pyroscope', 'tempo-distributed']);
      // The NetworkPolicies' release installs the chart shipped in the package, copied beside the stack.
      const policies = ofType('helm_release').find((r) => r.name === 'lgtm-network-policies')!;
      expect(fs.readFileSync(path.join(app, 'cdktf.out', 'stacks', 'lgtm', String(policies.chart), 'Chart.yaml'), 'utf8')).toContain('name: lgtm-manifests');
      const mimir = parse((byChart['mimir-distributed'].values as string[])[0]) as Record<string, any>;
      const loki = parse((byChart.loki.values as string[])[0]) as Record<string, any>;
      expect(mimir.serviceAccount).toMatchObject({ name: 'mimir-distributed' });
      expect(loki.serviceAccount).toMatchObject({ name: 'loki' });
      expect(loki.loki.storage.bucketNames.chunks).toMatch(/loki_chunks|loki-chunks/);
      expect(Object.keys(stack.output ?? {})).toEqual(expect.arrayContaining(['mimir_remote_write_url', 'loki_push_url']));
    });

    test('passes its compliance check', () => {
      const report = readJson<{ mode: string; findings: unknown[] }>(path.join(app, 'cdktf.out', 'stacks', 'lgtm', 'compliance-report.json'));
      expect(report.mode).toBe('warning');
      expect(report.findings).toEqual([]);
    });
  });
});
