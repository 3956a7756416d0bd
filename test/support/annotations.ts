import { IConstruct } from 'constructs';

/** Every warning (Annotations.of(..).addWarning) recorded on `scope` or below it. */
export function warningsOf(scope: IConstruct): string[] {
  return scope.node.findAll().flatMap((c) => c.node.metadata).filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
}
