import { isPlainObject } from '../../helm/values';

// Two template engines read a chart's values before Grafana does: Terraform, which renders every
// string of the helm_release (so a literal `${` or `%{` must be written `$${` / `%%{`), and Helm's
// `tpl`, which the grafana chart runs over grafana.ini strings, data sources and extraObjects (so a
// literal `{{` must reach it as a Go template string constant).

// A cdktf token in a string (`${TfToken[TOKEN.12]}`) is resolved to a Terraform reference at synth
// and must stay as it is.
const TERRAFORM_LITERAL = /\$\{(?!TfToken\[)|%\{/g;

/**
 * `text` as Terraform renders it back: `${` becomes `$${` and `%{` becomes `%%{`, except in cdktf
 * tokens (references to resources, which Terraform must resolve). Grafana's `${POD_IP}` reaches
 * the pod only when written `$${POD_IP}` in the plan.
 */
export function terraformLiteral(text: string): string {
  return text.replace(TERRAFORM_LITERAL, (m) => (m === '%{' ? '%%{' : '$${'));
}

/** A string Helm's `tpl` renders as itself: text with `{{` becomes a Go template string constant. */
export function helmTplLiteral(text: string): string {
  if (!text.includes('{{')) return text;
  // A raw string constant cannot hold a backtick; an interpreted one can hold anything JSON escapes.
  return text.includes('`') ? `{{ ${JSON.stringify(text)} }}` : `{{\`${text}\`}}`;
}

/** Applies `fn` to every string of a values tree (keys too), returning a new tree. */
export function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [fn(k), mapStrings(v, fn)]));
  return value;
}
