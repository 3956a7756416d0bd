import { stringify } from 'yaml';
import { Rule, show } from '../private/validate';

/** Which ruler evaluates a group: Mimir (PromQL over metrics) or Loki (LogQL over logs). */
export type RuleBackend =
  /** Mimir's ruler: PromQL over the tenant's metrics. */
  | 'mimir'
  /** Loki's ruler: LogQL over the tenant's logs. */
  | 'loki';

/** Every ruler backend. */
export const RULE_BACKENDS: readonly RuleBackend[] = ['mimir', 'loki'];

/** An alerting rule: fires when `expr` returns series for `for`. */
export interface AlertingRule {
  /** Name of the alert (`HighErrorRate`): a Prometheus metric name. */
  readonly alert: string;
  /** The PromQL (Mimir) or LogQL (Loki) expression; every series it returns is an alert. */
  readonly expr: string;
  /**
   * How long `expr` must hold before the alert fires (a Prometheus duration: `5m`, `1h30m`).
   * @default '0s' - fires on the first evaluation
   */
  readonly for?: string;
  /**
   * Labels added to the alert (routing keys such as `severity`), over the group's labels.
   * @default - the group's labels only
   */
  readonly labels?: Readonly<Record<string, string>>;
  /** One line saying what is wrong, for the notification's title (annotation `summary`). */
  readonly summary: string;
  /**
   * What it means and what it affects (annotation `description`); may use `{{ $labels.x }}` and `{{ $value }}`.
   * @default - none
   */
  readonly description?: string;
  /**
   * Where the responder reads what to look at and what to do (annotation `runbook_url`).
   * @default - none
   */
  readonly runbookUrl?: string;
  /**
   * Further annotations (dashboard links, owners).
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A recording rule: evaluates `expr` every interval and stores the result as `record`. */
export interface RecordingRule {
  /** Name of the series written (`job:request_errors:rate5m`): a Prometheus metric name. */
  readonly record: string;
  /** The PromQL (Mimir) or LogQL metric (Loki) expression. */
  readonly expr: string;
  /**
   * Labels added to the recorded series.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/** One rule of a group: alerting or recording. */
export type LgtmRule = AlertingRule | RecordingRule;

/** True when `rule` is an alerting rule. */
export function isAlertingRule(rule: LgtmRule): rule is AlertingRule {
  return typeof (rule as AlertingRule).alert === 'string';
}

/**
 * A group of rules evaluated together, in order, by one tenant's ruler. The group name is unique
 * per tenant and backend: the ruler keys groups by it.
 */
export interface RuleGroup {
  /** Name of the group, unique per tenant and backend (letters, digits, `_`, `-`, `.`). */
  readonly name: string;
  /** The tenant whose data the rules read, and whose Alertmanager gets the alerts: one of the environment's tenants. */
  readonly tenant: string;
  /**
   * Which ruler evaluates it: PromQL in Mimir or LogQL in Loki.
   * @default 'mimir'
   */
  readonly backend?: RuleBackend;
  /**
   * How often the group is evaluated (a Prometheus duration).
   * @default - the ruler's evaluation interval (1m)
   */
  readonly interval?: string;
  /**
   * Labels added to every rule of the group (under each rule's own).
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /** The rules, at least one. */
  readonly rules: readonly LgtmRule[];
}

/** A Prometheus duration (model.ParseDuration): units in descending order, each at most once. */
export const PROMETHEUS_DURATION = /^(?!$)([0-9]+y)?([0-9]+w)?([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?$/;
/** A metric or alert name (Prometheus model.IsValidLegacyMetricName). */
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** A label name (model.LabelName, legacy validation). */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** A group name: it also names the PrometheusRule object, so the Kubernetes-safe subset. */
const GROUP_NAME = /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;
/**
 * Template openings of the two languages the rule text passes through on its way to the ruler: the
 * values of a helm_release are a Terraform string (`${`, `%{`). Helm's `{{` is safe: the alloy chart
 * writes `extraObjects` with toYaml, not tpl, so `{{ $labels.x }}` reaches the ruler as written.
 */
const TERRAFORM_TEMPLATE = /\$\{|%\{/;

/** The resolved backend of a group. */
export function backendOf(group: RuleGroup): RuleBackend {
  return group.backend ?? 'mimir';
}

/**
 * The validation rules of `groups` against the environment's `tenants`, one per problem, each
 * naming the field (`groups[2].rules[0].for`), the value and what is allowed.
 */
export function ruleGroupRules(groups: readonly RuleGroup[], tenants: readonly string[], field = 'groups'): Rule[] {
  const out: Rule[] = [];
  const seen = new Map<string, number>();
  groups.forEach((g, i) => {
    const at = `${field}[${i}]`;
    const backend = g?.backend ?? 'mimir';
    out.push(
      { when: typeof g?.name !== 'string' || !GROUP_NAME.test(g.name), message: `${at}.name is ${show(g?.name)}, but it must be 1-63 letters, digits, '_', '-' or '.', starting and ending with a letter or digit` },
      {
        when: !tenants.includes(g?.tenant),
        message: `${at}.tenant is ${show(g?.tenant)}, but the environment's tenants are ${tenants.map(show).join(', ') || 'none'}`,
      },
      {
        // The tenant is the value of the label Alloy selects a tenant's PrometheusRules by.
        when: tenants.includes(g?.tenant) && !/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/.test(g.tenant),
        message: `${at}.tenant is ${show(g?.tenant)}, but a tenant with rules must also be a Kubernetes label value (letters, digits, '-', '_', '.'; at most 63): Alloy selects its rules by label`,
      },
      { when: !RULE_BACKENDS.includes(backend), message: `${at}.backend is ${show(backend)}, but allowed backends are ${RULE_BACKENDS.join(', ')}` },
      {
        when: g?.interval !== undefined && (typeof g.interval !== 'string' || !PROMETHEUS_DURATION.test(g.interval) || /^0+[a-z]+$/.test(g.interval)),
        message: `${at}.interval is ${show(g?.interval)}, but it must be a positive Prometheus duration such as '1m' or '30s'`,
      },
      ...labelRules(g?.labels, `${at}.labels`),
      { when: !Array.isArray(g?.rules) || g.rules.length === 0, message: `${at}.rules is ${show(g?.rules)}, but a group needs at least one rule` },
    );
    if (typeof g?.name === 'string') {
      const key = `${g.tenant}\u0000${backend}\u0000${g.name}`;
      const first = seen.get(key);
      if (first !== undefined) {
        out.push({ when: true, message: `${at}.name is ${show(g.name)}, but groups[${first}] of tenant ${show(g.tenant)} in ${backend} has that name too; group names are unique per tenant and ruler` });
      } else {
        seen.set(key, i);
      }
    }
    (Array.isArray(g?.rules) ? g.rules : []).forEach((r, j) => out.push(...ruleRules(r, `${at}.rules[${j}]`)));
  });
  return out;
}

function ruleRules(r: LgtmRule, at: string): Rule[] {
  const alerting = typeof (r as AlertingRule)?.alert === 'string';
  const recording = typeof (r as RecordingRule)?.record === 'string';
  if (alerting === recording) {
    return [{ when: true, message: `${at} is ${show(r)}, but a rule has exactly one of alert (an alerting rule) or record (a recording rule)` }];
  }
  const name = alerting ? (r as AlertingRule).alert : (r as RecordingRule).record;
  const nameField = alerting ? 'alert' : 'record';
  const out: Rule[] = [
    { when: !METRIC_NAME.test(name), message: `${at}.${nameField} is ${show(name)}, but it must be a metric name: letters, digits, '_' and ':', not starting with a digit` },
    { when: typeof r.expr !== 'string' || r.expr.trim() === '', message: `${at}.expr is ${show(r.expr)}, but it is required` },
    ...labelRules(r.labels, `${at}.labels`),
    ...templateRules(r.expr, `${at}.expr`),
  ];
  if (alerting) {
    const a = r as AlertingRule;
    out.push(
      {
        when: a.for !== undefined && (typeof a.for !== 'string' || !PROMETHEUS_DURATION.test(a.for)),
        message: `${at}.for is ${show(a.for)}, but it must be a Prometheus duration such as '5m', '1h30m' or '0s'`,
      },
      { when: typeof a.summary !== 'string' || a.summary.trim() === '', message: `${at}.summary is ${show(a.summary)}, but every alert needs a one-line summary` },
      {
        when: a.runbookUrl !== undefined && (typeof a.runbookUrl !== 'string' || !/^https?:\/\/\S+$/.test(a.runbookUrl)),
        message: `${at}.runbookUrl is ${show(a.runbookUrl)}, but it must be an http(s) URL`,
      },
      ...labelRules(a.annotations, `${at}.annotations`),
      ...templateRules(a.summary, `${at}.summary`),
      ...templateRules(a.description, `${at}.description`),
      ...Object.entries(a.annotations ?? {}).flatMap(([k, v]) => templateRules(v, `${at}.annotations.${k}`)),
    );
  }
  return out;
}

function labelRules(labels: Readonly<Record<string, string>> | undefined, at: string): Rule[] {
  if (labels === undefined) return [];
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) return [{ when: true, message: `${at} is ${show(labels)}, but it must be an object of name: value` }];
  return Object.entries(labels).flatMap(([k, v]) => [
    { when: !LABEL_NAME.test(k) || k.startsWith('__'), message: `${at} has key ${show(k)}, but a label name is letters, digits and '_', not starting with a digit or '__'` },
    { when: typeof v !== 'string', message: `${at}.${k} is ${show(v)}, but it must be a string` },
    ...templateRules(v, `${at}.${k}`),
  ]);
}

function templateRules(text: unknown, at: string): Rule[] {
  return [{
    when: typeof text === 'string' && TERRAFORM_TEMPLATE.test(text),
    message: `${at} is ${show(text)}, but it cannot hold '\${' or '%{': Terraform would read it as a template (rule templates use {{ $labels.x }})`,
  }];
}

/** A group as the ruler reads it (Prometheus rule-file group), without empty fields. */
export function rulerGroup(group: RuleGroup): Record<string, unknown> {
  const groupLabels = group.labels ?? {};
  return {
    name: group.name,
    ...(group.interval === undefined ? {} : { interval: group.interval }),
    rules: group.rules.map((r) => {
      const labels = { ...groupLabels, ...(r.labels ?? {}) };
      const withLabels = Object.keys(labels).length > 0 ? { labels } : {};
      if (!isAlertingRule(r)) return { record: r.record, expr: r.expr, ...withLabels };
      const annotations: Record<string, string> = {
        summary: r.summary,
        ...(r.description === undefined ? {} : { description: r.description }),
        ...(r.runbookUrl === undefined ? {} : { runbook_url: r.runbookUrl }),
        ...(r.annotations ?? {}),
      };
      return { alert: r.alert, expr: r.expr, ...(r.for === undefined ? {} : { for: r.for }), ...withLabels, annotations };
    }),
  };
}

/**
 * `groups` as one Prometheus rule file (`groups:` YAML), the format `promtool check rules` and the
 * rulers' API read. All groups must be of one backend.
 */
export function ruleFileYaml(groups: readonly RuleGroup[]): string {
  return stringify({ groups: groups.map(rulerGroup) }, { lineWidth: 0 });
}
