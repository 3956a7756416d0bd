import * as fs from 'fs';
import * as path from 'path';
import { loadBalancerControllerStatements } from '../../lib/aws/private/addon-policies';
import { CHARTS } from '../../lib/config/charts';
import { chartSourceDir } from '../support/paths';

// lib/aws/private/addon-policies.ts against the controller's own docs/install/iam_policy.json,
// vendored beside the pinned chart (charts/aws-load-balancer-controller-<version>/iam_policy.json):
// a chart bump that changes the policy fails here until the statements follow it.

const CLUSTER = 'lgtm-test';
const CLUSTER_TAG = 'elbv2.k8s.aws/cluster';

interface Condition { readonly test: string; readonly variable: string; readonly values: string[] }
interface Statement { readonly sid?: string; readonly actions: string[]; readonly resources: string[]; readonly conditions: Condition[] }

interface UpstreamStatement {
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

function upstream(): Statement[] {
  const pin = CHARTS['aws-load-balancer-controller'];
  const file = path.join(chartSourceDir(pin.chart, pin.version), 'iam_policy.json');
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { Statement: UpstreamStatement[] };
  return doc.Statement.map((s) => ({
    actions: list(s.Action),
    resources: list(s.Resource),
    conditions: Object.entries(s.Condition ?? {}).flatMap(([test, vars]) =>
      Object.entries(vars).map(([variable, values]) => ({ test, variable, values: list(values) })),
    ),
    effect: s.Effect,
  }));
}

function ours(): Statement[] {
  return loadBalancerControllerStatements(CLUSTER).map((s) => ({ ...s, conditions: [...(s.conditions ?? [])] }));
}

const PRESENCE_TESTS = ['StringEquals', 'StringLike', 'ArnEquals', 'ArnLike'];

/**
 * True when `d` allows no more than `c`: the same test on the same key with the same or fewer
 * values, or (for `Null: false`, "the key exists") a value test on that key, which needs it to exist.
 */
function narrows(d: Condition, c: Condition): boolean {
  if (d.variable !== c.variable) return false;
  if (d.test === c.test) {
    return c.test === 'Null' ? [...d.values].sort().join() === [...c.values].sort().join() : d.values.every((v) => c.values.includes(v));
  }
  return c.test === 'Null' && c.values.join() === 'false' && PRESENCE_TESTS.includes(d.test);
}

/**
 * True when `mine`'s conditions allow no more than `theirs`: each of theirs is narrowed by one of
 * mine, and each of mine narrows one of theirs (stricter only by refining upstream's own conditions,
 * never by a key upstream does not test, which could lock the controller out of what it needs).
 */
function sameOrStricter(mine: Condition[], theirs: Condition[]): boolean {
  return theirs.every((c) => mine.some((d) => narrows(d, c))) && mine.every((d) => theirs.some((c) => narrows(d, c)));
}

const show = (c: Condition[]) => c.map((x) => `${x.test} ${x.variable}=${x.values.join('|')}`).join(' & ') || 'no condition';

describe("the load balancer controller's IAM policy against the controller's own iam_policy.json", () => {
  test('upstream allows only (the comparison reads Allow statements)', () => {
    expect(new Set(upstream().map((s) => (s as Statement & { effect: string }).effect))).toEqual(new Set(['Allow']));
  });

  test('every upstream action is granted on the same resources, with the same or stricter conditions', () => {
    const missing: string[] = [];
    for (const up of upstream()) {
      for (const action of up.actions) {
        for (const resource of up.resources) {
          const covered = ours().some((s) => s.actions.includes(action) && s.resources.includes(resource) && sameOrStricter(s.conditions, up.conditions));
          if (!covered) missing.push(`${action} on ${resource} when ${show(up.conditions)}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  test('grants nothing upstream does not: every action, resource and condition traces to an upstream statement', () => {
    const extra: string[] = [];
    const ups = upstream();
    for (const s of ours()) {
      for (const action of s.actions) {
        for (const resource of s.resources) {
          const traced = ups.some((up) => up.actions.includes(action) && up.resources.includes(resource) && sameOrStricter(s.conditions, up.conditions));
          if (!traced) extra.push(`${s.sid ?? '(no sid)'}: ${action} on ${resource} when ${show(s.conditions)}`);
        }
      }
    }
    expect(extra).toEqual([]);
  });

  test(`where upstream only needs the ${CLUSTER_TAG} tag to exist, it must name this cluster`, () => {
    const presenceOnly = upstream().flatMap((s) => s.conditions).filter((c) => c.test === 'Null' && c.values.join() === 'false');
    expect(presenceOnly.map((c) => c.variable).sort()).toEqual(expect.arrayContaining([`aws:RequestTag/${CLUSTER_TAG}`, `aws:ResourceTag/${CLUSTER_TAG}`]));
    for (const c of presenceOnly) expect(c.variable.endsWith(`/${CLUSTER_TAG}`)).toBe(true);
    const mine = ours().flatMap((s) => s.conditions);
    // Never "the tag exists": always "the tag is this cluster's name".
    expect(mine.filter((c) => c.test === 'Null' && c.values.join() === 'false')).toEqual([]);
    const byName = mine.filter((c) => c.variable.endsWith(`/${CLUSTER_TAG}`) && c.test !== 'Null');
    expect(byName.length).toBeGreaterThan(0);
    for (const c of byName) expect(c).toEqual({ test: 'StringEquals', variable: c.variable, values: [CLUSTER] });
  });

  describe('the comparison itself', () => {
    const exists = { test: 'Null', variable: `aws:ResourceTag/${CLUSTER_TAG}`, values: ['false'] };
    const named = { test: 'StringEquals', variable: `aws:ResourceTag/${CLUSTER_TAG}`, values: [CLUSTER] };

    test('a tag named where upstream needs it to exist is stricter; the reverse is not', () => {
      expect(sameOrStricter([named], [exists])).toBe(true);
      expect(sameOrStricter([exists], [named])).toBe(false);
    });

    test('a missing condition, or one on a key upstream does not test, is not the same or stricter', () => {
      expect(sameOrStricter([], [exists])).toBe(false);
      expect(sameOrStricter([named, { test: 'StringEquals', variable: 'aws:ResourceTag/other', values: ['x'] }], [exists])).toBe(false);
    });

    test('fewer allowed values are stricter; more are not', () => {
      const up = { test: 'StringEquals', variable: 'elasticloadbalancing:CreateAction', values: ['CreateTargetGroup', 'CreateLoadBalancer'] };
      expect(sameOrStricter([{ ...up, values: ['CreateLoadBalancer'] }], [up])).toBe(true);
      expect(sameOrStricter([{ ...up, values: [...up.values, 'CreateListener'] }], [up])).toBe(false);
    });
  });
});
