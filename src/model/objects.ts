/** The object without its undefined fields (JSON leaves them out too; CTRF's schema lists none). */
export function omitUndefined<T extends object>(object: T): T {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (value !== undefined) kept[key] = value;
  }
  return kept as T;
}
