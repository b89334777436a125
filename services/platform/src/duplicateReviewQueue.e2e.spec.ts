import { describe, expect, it } from "vitest";
import { givenALead } from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { aLead, type Reply } from "./testing/testPlatform.ts";
import { refusalsOf } from "./testing/thenSteps.ts";

// Contract 9.2, the review queue: GET /duplicates lists suspected pairs among customers not merged
// (exact duplicates let in with allowDuplicate, and near organisation matches), minus the pairs
// dismissed with POST /duplicates/dismiss (DuplicateDismissed on the first customer's stream).

const unique = () => crypto.randomUUID().slice(0, 8);

type Pair = { customerId: string; candidateId: string; reasons: string[] };

describe("the duplicate review queue", () => {
  const crm = platformPerSuite();

  const queue = async (role: "sales" | "analyst" | "admin" = "sales"): Promise<Pair[]> => {
    const reply = await crm.as(role).get("/duplicates?limit=500");
    expect(reply.status).toBe(200);
    return reply.body.items;
  };
  const pairOf = async (a: string, b: string) =>
    (await queue()).find(
      (pair) => [pair.customerId, pair.candidateId].sort().join() === [a, b].sort().join(),
    );
  const dismiss = (body: unknown, role: "sales" | "analyst" | "admin" = "sales") =>
    crm.as(role).post("/duplicates/dismiss", body);
  const refused = refusalsOf(crm);

  it("given an exact duplicate let in with allowDuplicate, then the pair is listed, the newer customer first, with its reasons", async () => {
    const email = `${unique()}@twice.example`;
    const first = await givenALead(crm, { email });
    const second = await givenALead(crm, { email, allowDuplicate: true });

    expect(await pairOf(first, second)).toEqual({
      customerId: second,
      candidateId: first,
      reasons: ["email"],
    });
  });

  it("given 北京移动 and 中国移动北京, then the pair is listed as a near organisation match", async () => {
    const tag = unique();
    const first = await givenALead(crm, { company: `中国移动北京${tag}` });
    const second = await givenALead(crm, { company: `北京移动${tag}` });

    expect(await pairOf(first, second)).toEqual({
      customerId: second,
      candidateId: first,
      reasons: ["near_organisation"],
    });
  });

  it("given a listed pair, when dismissed, then it leaves the queue; dismissed again, nothing more is appended", async () => {
    const email = `${unique()}@dismiss.example`;
    const first = await givenALead(crm, { email });
    const second = await givenALead(crm, { email, allowDuplicate: true });

    const { reply, appended } = await crm.appendedBy(() =>
      dismiss({ customerId: second, candidateId: first }),
    );

    expect(reply).toMatchObject({ status: 200, body: { customerId: second, revision: 1 } });
    expect(appended.map((event) => [event.streamName, event.type, event.data])).toEqual([
      [`crm-customer-${second}`, "DuplicateDismissed", { schemaVersion: 1, candidateId: first }],
    ]);
    expect(await pairOf(first, second)).toBeUndefined();
    const repeat = await crm.appendedBy(() => dismiss({ customerId: first, candidateId: second }, "admin"));
    expect(repeat.reply.status).toBe(200);
    expect(await pairOf(first, second)).toBeUndefined();
  });

  it("given a listed pair, when merged, then it leaves the queue", async () => {
    const email = `${unique()}@merge.example`;
    const first = await givenALead(crm, { email });
    const second = await givenALead(crm, { email, allowDuplicate: true });
    expect(await pairOf(first, second)).toBeDefined();

    expect((await crm.as("sales").post(`/customers/${first}/merge`, { duplicateId: second })).status).toBe(
      200,
    );

    expect(await pairOf(first, second)).toBeUndefined();
  });

  it("given a profile changed to another customer's phone with allowDuplicate, then the pair is listed", async () => {
    const phone = `13${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;
    const first = await givenALead(crm, { phone });
    const second = await givenALead(crm);
    expect(
      (
        await crm
          .as("sales")
          .send("PATCH", `/customers/${second}`, { payload: { phone, allowDuplicate: true } })
      ).status,
    ).toBe(200);

    expect(await pairOf(first, second)).toMatchObject({ reasons: ["phone"] });
  });

  it("given more pairs than the limit, then the cursor pages through all of them once", async () => {
    const email = `${unique()}@paging.example`;
    await Promise.all(
      [0, 1, 2, 3].map(async (i) => givenALead(crm, { email, allowDuplicate: true, name: `P${i}` })),
    );
    const all = await queue();

    const paged: Pair[] = [];
    let cursor: string | null = null;
    do {
      const reply: Reply = await crm
        .as("analyst")
        .get(`/duplicates?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(reply.body.items.length).toBeLessThanOrEqual(2);
      paged.push(...reply.body.items);
      cursor = reply.body.nextCursor;
    } while (cursor);

    expect(paged).toEqual(all);
  });

  it.each([
    ["limit=0", "limit"],
    ["limit=many", "limit"],
    ["cursor=not-ours", "cursor"],
    ["sort=asc", "sort"],
  ])("given ?%s, then 400 validation_failed naming %s", async (query, field) => {
    const reply = await crm.as("sales").get(`/duplicates?${query}`);

    expect(reply).toMatchObject({ status: 400, body: { error: "validation_failed" } });
    expect(reply.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
  });

  describe("dismissals that cannot happen append nothing", () => {
    it.each([
      [{ candidateId: crypto.randomUUID() }, "customerId"],
      [{ customerId: "nope", candidateId: crypto.randomUUID() }, "customerId"],
      [{ customerId: crypto.randomUUID() }, "candidateId"],
      [{ customerId: crypto.randomUUID(), candidateId: crypto.randomUUID(), why: "x" }, "why"],
    ])("given %j, then 400 validation_failed naming %s", async (body, field) => {
      const reply = await refused(() => dismiss(body), 400, "validation_failed");

      expect(reply.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
    });

    it("given an unknown customer or candidate, then 404 not_found", async () => {
      const id = await givenALead(crm);

      await refused(() => dismiss({ customerId: crypto.randomUUID(), candidateId: id }), 404, "not_found");
      await refused(() => dismiss({ customerId: id, candidateId: crypto.randomUUID() }), 404, "not_found");
    });

    it("given a customer paired with itself, then 422 invalid_transition", async () => {
      const id = await givenALead(crm);

      await refused(() => dismiss({ customerId: id, candidateId: id }), 422, "invalid_transition");
    });
  });

  it.each([
    ["service", "GET"],
    ["auditor", "GET"],
    ["analyst", "POST"],
    ["service", "POST"],
  ] as const)("given the %s role, then %s is 403 forbidden", async (role, method) => {
    const [a, b] = [await givenALead(crm), await givenALead(crm)];
    const reply =
      method === "GET"
        ? await crm.as(role).get("/duplicates")
        : await crm.as(role).post("/duplicates/dismiss", { customerId: a, candidateId: b });

    expect(reply).toMatchObject({ status: 403, body: { error: "forbidden" } });
  });

  it("given a lead that is not anyone's duplicate, then it is in no pair", async () => {
    const id = (await crm.as("sales").post("/leads", aLead({ company: `Zyxwv ${unique()} GmbH` }))).body
      .customerId;

    expect((await queue("admin")).some((pair) => pair.customerId === id || pair.candidateId === id)).toBe(
      false,
    );
  });
});
