import * as domain from "@crm/domain";
import { describe, expect, it } from "vitest";
import { EVENT_TYPES } from "./audit/eventTypes.ts";
import { en } from "./i18n/en.ts";
import { zhCN } from "./i18n/zh-CN.ts";

// The audit's filter offers the event types the console names: each must be one the domain
// knows, with a name in both languages.

describe("the console's vocabularies", () => {
  it("given the audit's event types, then each is one the domain knows, named in both languages", () => {
    for (const type of EVENT_TYPES) {
      expect(domain.CUSTOMER_EVENT_TYPES).toContain(type);
      expect(en.events[type], type).toBeTruthy();
      expect(zhCN.events[type], type).toBeTruthy();
    }
  });
});
