import { type RegexFilter, streamNameFilter } from "@eventstore/db-client";

// Escaped as \uXXXX per UTF-16 code unit: .NET regexes (the server's) read that form for any
// character, so no stream name can be taken for regex syntax; letters and digits stay readable.
const escapeForDotNetRegex = (text: string): string =>
  Array.from({ length: text.length }, (_, index) => {
    const char = text.charAt(index);
    return /[A-Za-z0-9]/.test(char) ? char : `\\u${text.charCodeAt(index).toString(16).padStart(4, "0")}`;
  }).join("");

/**
 * The regex the server matches stream names against: never a `$` system stream, and only names
 * that start with `streamPrefix` when one is given. A regex rather than the server's prefix filter,
 * because the prefix filter compares with the server's culture (String.StartsWith), a regex ordinally.
 */
export const streamNameRegex = (streamPrefix = ""): string => `^(?!\\$)${escapeForDotNetRegex(streamPrefix)}`;

/** The server-side filter for $all reads and subscriptions. */
export const allStreamFilter = (streamPrefix?: string): RegexFilter =>
  streamNameFilter({ regex: streamNameRegex(streamPrefix) });
