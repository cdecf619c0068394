/**
 * Rows of a raw query. TypeORM's pg driver answers an UPDATE or DELETE with `[rows, rowCount]`
 * rather than the rows, so `UPDATE … RETURNING` read as rows would see two "rows". Every raw
 * UPDATE/DELETE … RETURNING goes through here.
 */
export async function returning<T>(runner: { query(sql: string, params?: unknown[]): Promise<unknown> }, sql: string, params: unknown[] = []): Promise<T[]> {
  const result = await runner.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
