type Sample = { labels: Record<string, string>; value: number };

/** Every sample of the series named that carries the labels given (others may be present), as a scraper reads them. */
export const samples = (text: string, name: string, labels: Record<string, string> = {}): Sample[] =>
  text.split("\n").flatMap((line) => {
    const match = line.match(/^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/);
    if (!match || match[1] !== name) return [];
    const found: Record<string, string> = Object.fromEntries(
      [...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key, value]),
    );
    if (!Object.entries(labels).every(([key, value]) => found[key] === value)) return [];
    return [{ labels: found, value: Number(match[3]) }];
  });

/** The value of the first sample that matches; undefined when no such series is exposed. */
export const sampleValue = (
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined => samples(text, name, labels)[0]?.value;
