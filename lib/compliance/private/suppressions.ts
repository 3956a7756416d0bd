import { IConstruct } from 'constructs';

/** One suppression as recorded on a construct. */
export interface RecordedSuppression {
  readonly ruleId: string;
  readonly reason: string;
  /** Path of the construct the suppression was put on. */
  readonly path: string;
}

// Kept beside the tree, not in it: a suppression changes no synthesized output.
const SUPPRESSIONS = new WeakMap<IConstruct, RecordedSuppression[]>();

/** Records a suppression on `construct` (validated by the caller). */
export function recordSuppression(construct: IConstruct, ruleId: string, reason: string): void {
  const list = SUPPRESSIONS.get(construct) ?? [];
  SUPPRESSIONS.set(construct, [...list, { ruleId, reason, path: construct.node.path }]);
}

/** The nearest suppression of `ruleId` on `construct` or one of its ancestors. */
export function findSuppression(construct: IConstruct, ruleId: string): RecordedSuppression | undefined {
  const scopes = construct.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const hit = SUPPRESSIONS.get(scopes[i])?.find((s) => s.ruleId === ruleId);
    if (hit) return hit;
  }
  return undefined;
}

/** Every suppression on `scope` or a construct under it, in tree order. */
export function suppressionsIn(scope: IConstruct): RecordedSuppression[] {
  return scope.node.findAll().flatMap((c) => SUPPRESSIONS.get(c) ?? []);
}
