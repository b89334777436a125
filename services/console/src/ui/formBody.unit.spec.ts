import { describe, expect, it } from "vitest";
import { formBody } from "./formBody.ts";

// What a form sends: the API's JSON, with its defaults left to the API for empty fields.

const form = (fields: [string, string][]) => {
  const data = new FormData();
  for (const [name, value] of fields) data.append(name, value);
  return data;
};

describe("a form's fields as the API's body", () => {
  it("given empty fields, then they are left out so the API's defaults apply", () => {
    expect(
      formBody(
        form([
          ["name", "Li Lei"],
          ["company", "  "],
          ["email", ""],
        ]),
      ),
    ).toEqual({ name: "Li Lei" });
  });

  it("given numbers, lists and checkboxes, then each has its JSON type", () => {
    const body = formBody(
      form([
        ["expectedValue", "12000.50"],
        ["tags", "vip，北京, 2026 ,"],
        ["apologized", "true"],
      ]),
      {
        numbers: ["expectedValue"],
        lists: ["tags"],
        booleans: ["apologized", "allowDuplicate"],
      },
    );
    expect(body).toEqual({
      expectedValue: 12000.5,
      tags: ["vip", "北京", "2026"],
      apologized: true,
      allowDuplicate: false,
    });
  });

  it("given a field that may be cleared, when it is emptied, then it is sent as null", () => {
    expect(formBody(form([["ownerId", ""]]), { nullable: ["ownerId"] })).toEqual({ ownerId: null });
  });

  it("given a local date and time, then it is sent as an ISO instant; given nonsense, then as typed for the API to refuse", () => {
    const local = "2026-12-01T10:00";
    expect(formBody(form([["dueAt", local]]), { instants: ["dueAt"] })).toEqual({
      dueAt: new Date(local).toISOString(),
    });
    expect(formBody(form([["dueAt", "soon"]]), { instants: ["dueAt"] })).toEqual({ dueAt: "soon" });
  });

  it("given text with spaces around it, then the API gets it as typed (it trims what it must)", () => {
    expect(formBody(form([["summary", "  called back  "]]))).toEqual({ summary: "  called back  " });
  });
});
