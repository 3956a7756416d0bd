// Loads one module in a fresh process and prints its wall time and peak memory as JSON.
// Usage: node scripts/measure.js <package name | file path>
const path = require('path');
const target = process.argv[2];
const start = process.hrtime.bigint();
require(target.startsWith('.') || path.isAbsolute(target) ? path.resolve(target) : target);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
process.stdout.write(JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n');
