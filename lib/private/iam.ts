/** True for `*` and `service:*`: every action, or every action of a service. */
export function isWildcardAction(action: string): boolean {
  return action === '*' || /^[a-z0-9-]+:\*$/i.test(action);
}
