import { ConditionOp, CONDITION_OPS, firstFailingCondition, readPath, TriggerCondition } from './conditions';

const data = {
  sku: 'mi-11',
  amount: 1999,
  qty: 0,
  tags: ['vip', 'new'],
  note: 'two eggs, extra pancake',
  store: { city: 'Tianjin', geo: { district: 'Heping' } },
  gift: null,
};

const holds = (field: string, op: ConditionOp, value?: unknown): boolean =>
  firstFailingCondition([{ field, op, value }], data) === null;

describe('readPath', () => {
  it('should read a nested value when the path is dotted', () => {
    expect(readPath(data, 'store.geo.district')).toBe('Heping');
  });

  it('should return undefined when an intermediate segment is missing, null or a primitive', () => {
    expect(readPath(data, 'store.country.code')).toBeUndefined();
    expect(readPath(data, 'gift.kind')).toBeUndefined();
    expect(readPath(data, 'sku.length')).toBeUndefined();
  });
});

describe('firstFailingCondition', () => {
  it('should cover every declared operator when this table is complete', () => {
    // Guard: a new op without a case below must fail here first.
    expect([...CONDITION_OPS].sort()).toEqual(['contains', 'eq', 'exists', 'gt', 'gte', 'in', 'lt', 'lte', 'neq', 'nin']);
  });

  it('should hold for eq when values are strictly equal and fail when only loosely equal', () => {
    expect(holds('sku', 'eq', 'mi-11')).toBe(true);
    expect(holds('amount', 'eq', '1999')).toBe(false);
  });

  it('should hold for neq when values differ and fail when equal', () => {
    expect(holds('sku', 'neq', 'mi-12')).toBe(true);
    expect(holds('sku', 'neq', 'mi-11')).toBe(false);
  });

  it('should compare numbers for gt/gte/lt/lte when both sides are finite numbers', () => {
    expect([holds('amount', 'gt', 1998), holds('amount', 'gt', 1999)]).toEqual([true, false]);
    expect([holds('amount', 'gte', 1999), holds('amount', 'gte', 2000)]).toEqual([true, false]);
    expect([holds('amount', 'lt', 2000), holds('amount', 'lt', 1999)]).toEqual([true, false]);
    expect([holds('amount', 'lte', 1999), holds('amount', 'lte', 1998)]).toEqual([true, false]);
  });

  it('should treat zero as a number when comparing', () => {
    expect(holds('qty', 'lt', 1)).toBe(true);
    expect(holds('qty', 'gte', 0)).toBe(true);
  });

  it('should fail gt/gte/lt/lte when either side is not a number (type mismatch)', () => {
    // Arrange: numeric strings, missing fields and non-finite numbers never compare
    const cases: [string, ConditionOp, unknown][] = [
      ['amount', 'gt', '1000'],
      ['sku', 'gt', 1],
      ['missing', 'lt', 10],
      ['amount', 'lte', Infinity],
      ['amount', 'gte', null],
      ['tags', 'gt', 0],
    ];
    // Act / Assert
    for (const [field, op, value] of cases) expect(holds(field, op, value)).toBe(false);
  });

  it('should hold for in when the value is listed and fail when not listed or the list is not an array', () => {
    expect(holds('sku', 'in', ['mi-10', 'mi-11'])).toBe(true);
    expect(holds('sku', 'in', ['mi-10'])).toBe(false);
    expect(holds('sku', 'in', 'mi-11')).toBe(false);
  });

  it('should hold for nin when the value is not listed and fail when listed or the list is not an array', () => {
    expect(holds('sku', 'nin', ['mi-10'])).toBe(true);
    expect(holds('sku', 'nin', ['mi-11'])).toBe(false);
    expect(holds('sku', 'nin', 'mi-10')).toBe(false);
  });

  it('should hold for exists when the field is present, even null, and fail when absent', () => {
    expect(holds('store.city', 'exists')).toBe(true);
    expect(holds('gift', 'exists', true)).toBe(true);
    expect(holds('store.zip', 'exists')).toBe(false);
  });

  it('should invert exists when value is false', () => {
    expect(holds('store.zip', 'exists', false)).toBe(true);
    expect(holds('store.city', 'exists', false)).toBe(false);
  });

  it('should hold for contains when a string has the substring or an array has the element', () => {
    expect(holds('note', 'contains', 'pancake')).toBe(true);
    expect(holds('note', 'contains', 'bacon')).toBe(false);
    expect(holds('tags', 'contains', 'vip')).toBe(true);
    expect(holds('tags', 'contains', 'gold')).toBe(false);
  });

  it('should fail contains when the types do not fit', () => {
    expect(holds('amount', 'contains', '99')).toBe(false);
    expect(holds('note', 'contains', 5)).toBe(false);
  });

  it('should apply operators to nested dotted paths', () => {
    expect(holds('store.geo.district', 'in', ['Heping', 'Nankai'])).toBe(true);
    expect(holds('store.geo.district', 'eq', 'Nankai')).toBe(false);
  });

  it('should return the first failing condition when several fail', () => {
    // Arrange
    const conditions: TriggerCondition[] = [
      { field: 'sku', op: 'eq', value: 'mi-11' },
      { field: 'amount', op: 'gt', value: 5000 },
      { field: 'store.city', op: 'eq', value: 'Beijing' },
    ];
    // Act
    const failing = firstFailingCondition(conditions, data);
    // Assert
    expect(failing).toBe(conditions[1]);
  });

  it('should return null when the list is empty or every condition holds', () => {
    expect(firstFailingCondition([], data)).toBeNull();
    expect(firstFailingCondition([{ field: 'sku', op: 'eq', value: 'mi-11' }, { field: 'amount', op: 'gte', value: 1000 }], data)).toBeNull();
  });
});
