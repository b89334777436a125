/**
 * Deep-freezes what several readers of the same event are handed (a decoded row, decrypted data):
 * a reader that changed it would otherwise change it for the others. Returns the value itself.
 */
export const frozenForReaders = <T>(value: T): T => {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) frozenForReaders(inner);
    Object.freeze(value);
  }
  return value;
};
