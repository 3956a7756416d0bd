import * as fs from 'fs';
import * as path from 'path';
import { correlationLinks, formatDiagram, main as diagramMain } from '../../scripts/diagram';
import { EnvironmentReport, formatPlan, main as planMain, synthesizeReports } from '../../scripts/plan';
import { main as costMain } from '../../scripts/cost';
import { selectEnvironments } from '../../scripts/report-args';
import { ENVIRONMENTS } from '../../stacks/environments';
import { REFERENCE_LOAD } from '../sizing/reference-load';

// One synth of every shipped environment for every test of this file.
let reports: EnvironmentReport[];
beforeAll(() => {
  reports = synthesizeReports(ENVIRONMENTS);
});
const report = (name: string) => reports.find((r) => r.env.name === name)!;

describe('plan summary', () => {
  test.each(ENVIRONMENTS.map((e) => e.name))('%s matches its snapshot', (name) => {
    expect(formatPlan(report(name))).toMatchSnapshot();
  });

  test('prod shows its releases with replicas and resources, its buckets with retention, its node groups', () => {
    const plan = formatPlan(report('prod'));
    expect(plan).toMatch(/^- mimir-distributed: chart mimir-distributed \S+, namespace lgtm$/m);
    expect(plan).toMatch(/^ {4}ingester: 3 x \(cpu 3500m, mem 8Gi, pv 50Gi\)$/m);
    expect(plan).toMatch(/^- S3 bucket lgtm-prod-mimir-blocks-\*: objects expire after \d+ days$/m);
    expect(plan).toMatch(/^- node group nodes-a-: \S+ \(AL2023_x86_64_STANDARD\), min \d+ \/ desired \d+ \/ max \d+$/m);
    expect(plan).toMatch(/^- RDS postgres .*Multi-AZ true/m);
    expect(plan).toContain('- platform, payments, search');
    expect(plan).toMatch(/^- total: \$\d+\.\d\d/m);
  });

  test('dev keeps its monolithic sizes', () => {
    expect(formatPlan(report('dev'))).toMatch(/^ {4}singleBinary: 1 x /m);
  });

  test('an environment with a load is sized from it: node plan with the Graviton difference, S3 priced', () => {
    const [sized] = synthesizeReports([{ name: 'ref', region: 'us-east-1', tier: 'microservices', tenants: ['ref'], load: REFERENCE_LOAD }]);
    const plan = formatPlan(sized);
    expect(plan).toMatch(/^- node sizing from the load: \d+ x m6i\.2xlarge .*Graviton \d+ x m6g\.2xlarge .*saves \$\d+/m);
    expect(plan).toMatch(/^- node group nodes-a-: m6i\.2xlarge/m);
    expect(plan).toMatch(/^ {4}distributor: 2 x /m);
    expect(plan).not.toMatch(/S3 storage and requests, NAT data and inter-AZ traffic: not estimated/);
  });
});

describe('diagram', () => {
  test.each(ENVIRONMENTS.map((e) => e.name))('%s matches its snapshot', (name) => {
    expect(formatDiagram(report(name))).toMatchSnapshot();
  });

  test('the README embeds the prod diagram as npm run diagram prod writes it', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(`\`\`\`mermaid\n${formatDiagram(report('prod')).trimEnd()}\n\`\`\``);
  });

  test('prod shows collector, backends with replicas, buckets, database, cache, Grafana and the correlation links', () => {
    const d = formatDiagram(report('prod'));
    expect(d.split('\n')[0]).toBe('flowchart LR');
    expect(d).toMatch(/alloy\["alloy collector/);
    expect(d).toContain('mimir_ingester["ingester x3"]');
    expect(d).toMatch(/\[\("S3 lgtm-prod-mimir-blocks-\*"\)\]/);
    expect(d).toMatch(/\[\("RDS postgres \S+ Multi-AZ"\)\]/);
    expect(d).toMatch(/\[\("ElastiCache valkey /);
    expect(d).toMatch(/grafana\["Grafana x3/);
    expect(d).toContain('mimir -. exemplarTraceIdDestinations .-> tempo');
    expect(d).toContain('tempo -. tracesToProfiles .-> pyroscope');
    expect(correlationLinks(undefined)).toEqual([]);
  });
});

describe('script arguments', () => {
  test('fails on an unknown environment, listing the known ones', () => {
    expect(() => selectEnvironments(['qa'], ENVIRONMENTS)).toThrow("unknown environment 'qa'; known environments are dev, staging, prod");
  });

  test.each([['plan', planMain], ['cost', costMain], ['diagram', diagramMain]] as const)('npm run %s exits 2 with the usage on an unknown environment', (script, main) => {
    let err = '';
    expect(main(['qa'], { write: () => true }, { write: (t: string) => { err += t; } })).toBe(2);
    expect(err).toContain('known environments are dev, staging, prod');
    expect(err).toContain(`usage: npm run ${script} -- [env ...]`);
  });

  test('no name selects every environment; names keep their order', () => {
    expect(selectEnvironments([], ENVIRONMENTS).map((e) => e.name)).toEqual(['dev', 'staging', 'prod']);
    expect(selectEnvironments(['prod', 'dev'], ENVIRONMENTS).map((e) => e.name)).toEqual(['prod', 'dev']);
  });
});
