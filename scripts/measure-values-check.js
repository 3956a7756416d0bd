// Times the Helm values check in a fresh process, on the compiled library: the cold load of each
// chart's values index, then the check of every sample release over many rounds. Prints JSON.
// Usage: node scripts/measure-values-check.js <dist dir> <samples.json> <rounds>
const path = require('path');
const fs = require('fs');
const [dist, samplesFile, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg);
const samples = JSON.parse(fs.readFileSync(samplesFile, 'utf8'));
const { CHARTS } = require(path.resolve(dist, 'lib/config/charts.js'));
const { chartValuesIndex } = require(path.resolve(dist, 'lib/config/chart-index.js'));
const { assertKnownValues } = require(path.resolve(dist, 'lib/helm/values-check.js'));
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;

let start = process.hrtime.bigint();
const charts = [...new Set(samples.map((s) => s.chart))];
for (const chart of charts) chartValuesIndex(chart, CHARTS[chart].version);
const loadMs = ms(start);

start = process.hrtime.bigint();
for (let i = 0; i < rounds; i++) {
  for (const s of samples) assertKnownValues(s.id, CHARTS[s.chart], s.values);
}
const roundMs = ms(start) / rounds;
process.stdout.write(JSON.stringify({ loadMs, roundMs, charts: charts.length, releases: samples.length }) + '\n');
