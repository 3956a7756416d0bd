import { deepFreeze, deepMerge, isPlainObject } from '../../lib/helm/values';

describe('deepMerge', () => {
  test('merges objects key by key and lets the override win', () => {
    const base = { ingester: { replicas: 3, resources: { cpu: 1 } }, list: [1, 2] };
    const merged = deepMerge(base, { ingester: { replicas: 5 }, list: [9] });
    expect(merged).toEqual({ ingester: { replicas: 5, resources: { cpu: 1 } }, list: [9] });
  });

  test('keeps null in the override, which Helm reads as removing a chart default', () => {
    expect(deepMerge({ a: { b: 1 } }, { a: null })).toEqual({ a: null });
  });

  test('mutates neither input and shares no objects with them', () => {
    const base = { a: { b: [{ c: 1 }] } };
    const override = { a: { d: { e: 2 } } };
    const merged = deepMerge(base, override);
    (merged.a as { d: { e: number } }).d.e = 3;
    ((merged.a as { b: { c: number }[] }).b[0]).c = 4;
    expect(base).toEqual({ a: { b: [{ c: 1 }] } });
    expect(override).toEqual({ a: { d: { e: 2 } } });
  });
});

describe('isPlainObject', () => {
  test.each([[[]], [null], ['s'], [1], [new Date()]])('is false for %p', (v) => {
    expect(isPlainObject(v)).toBe(false);
  });
});

describe('deepFreeze', () => {
  test('freezes nested objects and arrays', () => {
    const v = deepFreeze({ a: { b: [1] } });
    expect(Object.isFrozen(v.a)).toBe(true);
    expect(Object.isFrozen(v.a.b)).toBe(true);
  });
});
