/** Plain code-unit order (not locale order), so an answer's ordering never depends on the server's locale. */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
