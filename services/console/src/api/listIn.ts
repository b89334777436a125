/**
 * The list in an answer, whatever its field is called ({stages}, {items}, {actors}): answers of
 * routes that arrived later than the console are read by their shape, not by a field's name.
 */
export const listIn = <T>(answer: unknown): T[] => {
  if (Array.isArray(answer)) return answer as T[];
  const list = Object.values((answer ?? {}) as Record<string, unknown>).find(Array.isArray);
  return (list ?? []) as T[];
};
