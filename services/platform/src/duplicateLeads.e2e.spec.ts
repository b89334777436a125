import { describe, expect, it } from "vitest";
import { givenALead } from "./testing/customerFixtures.ts";
import { platformPerSuite } from "./testing/platformPerSuite.ts";
import { aLead } from "./testing/testPlatform.ts";

// Contract section 2, "Duplicate leads": the same customer under another spelling of its email,
// phone or organisation is `409 duplicate` naming who it duplicates; a near match only warns;
// a client-supplied customerId makes a create idempotent.

const unique = () => crypto.randomUUID().slice(0, 8);
const aMobile = () => `13${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;
const spaced = (mobile: string) => `${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`;
const fullWidth = (text: string) =>
  text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

describe("duplicate leads", () => {
  const crm = platformPerSuite();

  const create = (body: Record<string, unknown>) => crm.as("sales").post("/leads", body);
  const refusedAsDuplicateOf = async (body: Record<string, unknown>, ids: string[]) => {
    const { reply, appended } = await crm.appendedBy(() => create(body));
    expect(reply).toMatchObject({
      status: 409,
      body: { error: "duplicate", details: { duplicateOf: [...ids].sort() } },
    });
    expect(appended).toEqual([]);
  };

  it.each([
    ["other case", (mailbox: string) => `${mailbox.toUpperCase()}@EXAMPLE.COM`],
    ["surrounding spaces, as pasted", (mailbox: string) => ` ${mailbox}@example.com\t`],
    [
      "full-width letters, as typed in a Chinese IME",
      (mailbox: string) => fullWidth(`${mailbox}@example.com`),
    ],
  ])("given a customer, when a lead gives its email in %s, then 409 duplicate", async (_form, write) => {
    const mailbox = `ada.${unique()}`;
    const existing = await givenALead(crm, { email: `${mailbox}@Example.com` });

    await refusedAsDuplicateOf(aLead({ email: write(mailbox) }), [existing]);
  });

  it.each([
    ["+86 and spaces", (m: string) => `+86 ${spaced(m)}`],
    ["0086 and dashes", (m: string) => `0086-${m.slice(0, 3)}-${m.slice(3)}`],
    ["no country code", (m: string) => m],
    ["full-width digits", (m: string) => fullWidth(m)],
  ])(
    "given a customer with a +86 mobile, when a lead gives it with %s, then 409 duplicate",
    async (_form, write) => {
      const mobile = aMobile();
      const existing = await givenALead(crm, { phone: `+86 ${mobile}` });

      await refusedAsDuplicateOf(aLead({ phone: write(mobile) }), [existing]);
    },
  );

  it.each([
    ["Globex Co., Ltd.", "GLOBEX"],
    ["Globex Inc", "globex corp"],
    ["Globex GmbH", "Globex Company"],
    ["北京字节跳动科技有限公司", "北京字节跳动科技"],
    ["阿里巴巴集团", "阿里巴巴（股份有限公司）"],
  ])("given the company %s, when a lead names %s, then 409 duplicate", async (first, second) => {
    const tag = unique();
    const existing = await givenALead(crm, { company: `${tag} ${first}` });

    await refusedAsDuplicateOf(aLead({ company: `${tag.toUpperCase()} ${second}` }), [existing]);
  });

  it("given a person on file without a company, when a lead names that person as its company, then 409 duplicate", async () => {
    const name = `Initech ${unique()} Inc`;
    const existing = await givenALead(crm, { name, company: null });

    await refusedAsDuplicateOf(aLead({ company: name.replace(" Inc", "") }), [existing]);
  });

  it("given two customers, when a lead shares the email of one and the phone of the other, then duplicateOf names both", async () => {
    const email = `${unique()}@globex.example`;
    const mobile = aMobile();
    const byEmail = await givenALead(crm, { email });
    const byPhone = await givenALead(crm, { phone: mobile });

    await refusedAsDuplicateOf(aLead({ email, phone: `+86${mobile}` }), [byEmail, byPhone]);
  });

  it("given 中国移动北京, when 北京移动 is created, then 201 with it in possibleDuplicates", async () => {
    const tag = unique();
    const existing = await givenALead(crm, { company: `中国移动北京${tag}分部`, email: null });

    const reply = await create(aLead({ company: `北京移动${tag}`, email: null }));

    expect(reply).toMatchObject({ status: 201, body: { revision: 0, possibleDuplicates: [existing] } });
  });

  it("given a customer, when the same email is created with allowDuplicate: true, then 201 lists the exact duplicate, and a third create is refused naming both", async () => {
    const email = `${unique()}@twins.example`;
    const first = await givenALead(crm, { email });

    const second = await create(aLead({ email, allowDuplicate: true }));

    expect(second).toMatchObject({ status: 201, body: { revision: 0, possibleDuplicates: [first] } });
    await refusedAsDuplicateOf(aLead({ email }), [first, second.body.customerId]);
  });

  it("given a lead created with a client customerId, when the same body is sent again, then the first answer comes back and nothing is appended", async () => {
    const customerId = crypto.randomUUID();
    const body = aLead({ customerId });
    const first = await create(body);
    expect(first).toMatchObject({ status: 201, body: { customerId, revision: 0 } });

    const { reply, appended } = await crm.appendedBy(() => create({ ...body }));

    expect(reply.status).toBe(201);
    expect(reply.body).toEqual(first.body);
    expect(appended).toEqual([]);
  });

  it("given a lead created with a client customerId, when that id is sent with another body, then 409 conflict and nothing is appended", async () => {
    const body = aLead({ customerId: crypto.randomUUID() });
    expect((await create(body)).status).toBe(201);

    const { reply, appended } = await crm.appendedBy(() => create({ ...body, name: "Somebody Else" }));

    expect(reply).toMatchObject({ status: 409, body: { error: "conflict" } });
    expect(appended).toEqual([]);
  });

  it("given a client customerId in upper case, then it is stored in lower case and both spellings name one customer", async () => {
    const customerId = crypto.randomUUID();
    const body = aLead({ customerId: customerId.toUpperCase() });

    const first = await create(body);
    const again = await create({ ...body, customerId });

    expect(first).toMatchObject({ status: 201, body: { customerId } });
    expect(again).toMatchObject({ status: 201, body: first.body });
    expect((await crm.as("sales").get(`/customers/${customerId.toUpperCase()}`)).body).toMatchObject({
      customerId,
    });
    expect(await crm.customerStream(customerId)).toHaveLength(1);
  });
});
