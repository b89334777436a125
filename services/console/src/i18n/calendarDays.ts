// People pick calendar days in their own time zone; the API takes instants. A day's start
// is its first instant, its end its last, and an inclusive last day of a range becomes the
// next day's start for the API's exclusive bounds. An empty day is no bound at all.

const localMidnight = (day: string) => new Date(`${day}T00:00:00`);

export const dayStart = (day: string): string | undefined =>
  day ? localMidnight(day).toISOString() : undefined;

export const dayEnd = (day: string): string | undefined =>
  day ? new Date(`${day}T23:59:59.999`).toISOString() : undefined;

export const nextDayStart = (day: string): string | undefined => {
  if (!day) return undefined;
  const date = localMidnight(day);
  date.setDate(date.getDate() + 1);
  return date.toISOString();
};
