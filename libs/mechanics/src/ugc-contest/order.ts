/**
 * Code-point order of two strings: the byte order of their UTF-8 forms, which is what Postgres
 * sorts by under COLLATE "C". JS `<` compares UTF-16 units, which differs above U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i].codePointAt(0) ?? 0) - (y[i].codePointAt(0) ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return x.length < y.length ? -1 : x.length > y.length ? 1 : 0;
}

/** Business-time order with a total tie-break, so a sort never depends on input order. */
export function byTimeThenId<T>(timeOf: (t: T) => Date, idsOf: (t: T) => readonly string[]): (a: T, b: T) => number {
  return (a, b) => {
    const dt = timeOf(a).getTime() - timeOf(b).getTime();
    if (dt !== 0) return dt < 0 ? -1 : 1;
    const ia = idsOf(a);
    const ib = idsOf(b);
    for (let i = 0; i < Math.min(ia.length, ib.length); i++) {
      const d = compareCodePoints(ia[i], ib[i]);
      if (d !== 0) return d;
    }
    return 0;
  };
}
