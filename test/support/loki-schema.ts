import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { CHARTS } from '../../lib/config/charts';
import { chartSourceDir } from './paths';

let validate: ValidateFunction | undefined;

/**
 * Validates Helm values against the pinned Loki chart's own values.schema.json (JSON Schema
 * draft-07), vendored in charts/loki-<version>/, with ajv; returns the errors, empty when valid.
 * The schema is compiled once per file.
 */
export function lokiSchemaErrors(values: unknown): ErrorObject[] {
  if (!validate) {
    const file = path.join(chartSourceDir('loki', CHARTS.loki.version), 'values.schema.json');
    // strict: false, because the chart's schema uses annotation keywords ajv does not know.
    validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(fs.readFileSync(file, 'utf8')));
  }
  return validate(values) ? [] : [...(validate.errors ?? [])];
}
