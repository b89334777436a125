import { describe, expect, it } from "vitest";
import type { DuplicateCandidate } from "./duplicateCandidates.ts";
import { duplicatePairs, pageOfDuplicatePairs } from "./duplicatePairs.ts";

// Contract 9.2, the review queue as a function of the candidates' documents.

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const customer = (n: number, fields: Partial<DuplicateCandidate> = {}): DuplicateCandidate => ({
  customerId: id(n),
  revision: 0,
  createdAt: new Date(Date.UTC(2026, 0, n)).toISOString(),
  name: `Person ${n}`,
  company: null,
  email: null,
  phone: null,
  mergedInto: null,
  dismissed: [],
  ...fields,
});

describe("duplicate pairs", () => {
  it("pairs equal keys and near organisations, the newer customer first, reasons in the contract's order", () => {
    const pairs = duplicatePairs([
      customer(1, { company: "中国移动北京", email: "li@a.cn", phone: "+86 138 0013 8000" }),
      customer(2, { company: "北京移动", email: "LI@a.cn ", phone: "13800138000" }),
      customer(3, { company: "Globex Co., Ltd." }),
      customer(4, { company: "GLOBEX" }),
    ]);

    expect(pairs).toEqual([
      { customerId: id(4), candidateId: id(3), reasons: ["organisation"] },
      { customerId: id(2), candidateId: id(1), reasons: ["email", "phone", "near_organisation"] },
    ]);
  });

  it("leaves out a pair dismissed on either side", () => {
    const a = customer(1, { email: "a@x.cn" });
    const b = customer(2, { email: "a@x.cn" });

    expect(duplicatePairs([{ ...a, dismissed: [id(2)] }, b])).toEqual([]);
    expect(duplicatePairs([a, { ...b, dismissed: [id(1)] }])).toEqual([]);
  });

  it("leaves out merged customers, and pairs a newcomer with the survivor of a duplicate it matches", () => {
    const pairs = duplicatePairs([
      customer(1, { email: "old@x.cn" }),
      customer(2, { email: "dup@x.cn", mergedInto: id(1) }),
      customer(3, { email: "dup@x.cn" }),
    ]);

    expect(pairs).toEqual([{ customerId: id(3), candidateId: id(1), reasons: ["email"] }]);
  });

  it("leaves out erased customers, two erased ones included, and what was merged into one", () => {
    const erased = { name: "[erased]", erased: true };

    const pairs = duplicatePairs([
      customer(1, erased),
      customer(2, erased),
      customer(3, { email: "a@x.cn", mergedInto: id(1) }),
      customer(4, { email: "a@x.cn" }),
    ]);

    expect(pairs).toEqual([]);
  });

  it("pages with a cursor that survives the pair it names leaving the queue", () => {
    const documents = [1, 2, 3, 4].map((n) => customer(n, { email: "same@x.cn" }));
    const first = pageOfDuplicatePairs(documents, { limit: 2 });
    const cursor = JSON.parse(Buffer.from(first.nextCursor as string, "base64url").toString()) as {
      customerId: string;
      candidateId: string;
    };
    const [, last] = first.items;
    const dismissed = documents.map((document) =>
      document.customerId === last?.customerId ? { ...document, dismissed: [last.candidateId] } : document,
    );

    const next = pageOfDuplicatePairs(dismissed, { limit: 10, cursor });

    expect(next.items).toEqual(duplicatePairs(documents).slice(2));
  });
});
