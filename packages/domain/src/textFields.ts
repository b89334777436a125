import { z } from "zod";

// The rules every text a client sends obeys (contract section 2: "non-empty after trimming",
// "bounded"), and the same rules as JSON Schema patterns for the OpenAPI document, so a client
// (or a fuzzer) reading the document sends what the server accepts and nothing it refuses.

// Every text is well-formed Unicode: a lone surrogate has no canonical JSON (RFC 8785), so the
// event could be neither fingerprinted nor hash-chained; it is the client's mistake, a 400.
const text = () =>
  z.string().refine((value) => value.isWellFormed(), {
    message: "must be valid Unicode text (it holds a lone surrogate)",
  });

// Control characters (NUL, escape, C1 codes) are never part of a name or a note: they come from
// broken imports or probes, and they break CSV cells, terminals and search. Free texts keep the
// layout characters a person types (tab, line breaks).
const ANY_CONTROL = /\p{Cc}/u;
const CONTROL_BUT_LAYOUT = /[^\P{Cc}\t\n\r]/u;
// Zero-width and other invisible format characters are not content: a name made only of them
// (or of spaces) is empty to the person who reads it.
const VISIBLE = /[^\p{White_Space}\p{Cf}]/u;

// The same classes spelt out for JSON Schema patterns (which have no \p{...}).
const TRIMMED = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";
const CONTROLS = "\\u0000-\\u001f\\u007f-\\u009f";
const CONTROLS_BUT_LAYOUT = "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f";
const INVISIBLE =
  `${TRIMMED}\\u0085\\u00ad\\u0600-\\u0605\\u061c\\u06dd\\u070f\\u0890\\u0891\\u08e2\\u180e` +
  "\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ufff9-\\ufffb";
/** Spaces around, then no forbidden character; a required one has a visible character too. */
const textPattern = (forbidden: string, required: boolean) =>
  required
    ? `^[${TRIMMED}]*[^${forbidden}]*[^${forbidden}${INVISIBLE}][^${forbidden}]*[${TRIMMED}]*$`
    : `^[${TRIMMED}]*[^${forbidden}]*[${TRIMMED}]*$`;

/**
 * A text of at most `max` characters (code points, as JSON Schema counts them; an emoji is one)
 * as sent, spaces included (a 204-character name is refused even if trimming would shorten it);
 * then trimmed, so a tab or line break pasted around a name goes, and only then judged for
 * control characters; a required one needs something visible.
 */
const boundedText = (max: number, layout: boolean, required: boolean) => {
  const schema = text()
    .refine((value) => [...value].length <= max, { message: `must be at most ${max} characters` })
    .trim()
    .refine((value) => !(layout ? CONTROL_BUT_LAYOUT : ANY_CONTROL).test(value), {
      message: "must not contain control characters",
    });
  const checked = required
    ? schema.min(1, "must not be empty").refine((value) => value === "" || VISIBLE.test(value), {
        message: "must not be empty (it holds only invisible characters)",
      })
    : schema;
  return checked.meta({
    maxLength: max,
    ...(required ? { minLength: 1 } : {}),
    pattern: textPattern(layout ? CONTROLS_BUT_LAYOUT : CONTROLS, required),
  });
};

/** A name, id or label: no control characters at all. */
export const nameText = (max: number, { required }: { required: boolean }) =>
  boundedText(max, false, required);
/** A free text (summary, note, description): line breaks and tabs are fine. */
export const freeText = (max: number, { required }: { required: boolean }) =>
  boundedText(max, true, required);

/** At most `max` characters, counted as JSON Schema counts them (code points), for query parameters. */
export const queryText = (max: number, { allowEmpty = false }: { allowEmpty?: boolean } = {}) =>
  z
    .string()
    .min(allowEmpty ? 0 : 1)
    .refine((value) => [...value].length <= max, { message: `must be at most ${max} characters` })
    .meta({ minLength: allowEmpty ? 0 : 1, maxLength: max });

/** A text with at least three digits (a phone number as people write it). */
export const phoneText = (max: number) =>
  nameText(max, { required: false })
    .refine((value) => (value.normalize("NFKC").match(/\d/g) ?? []).length >= 3, {
      message: "must contain a phone number",
    })
    .meta({
      maxLength: max,
      pattern: `^[${TRIMMED}]*(?:[^${CONTROLS}0-9]*[0-9]){3}[^${CONTROLS}]*[${TRIMMED}]*$`,
    });
