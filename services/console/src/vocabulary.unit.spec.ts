import * as domain from "@crm/domain";
import { describe, expect, it } from "vitest";
import { EVENT_TYPES } from "./audit/eventTypes.ts";
import { LIFECYCLE_STAGES as VIEW_LIFECYCLE } from "./dashboards/viewAnswers.ts";
import { en } from "./i18n/en.ts";
import { zhCN } from "./i18n/zh-CN.ts";
import * as vocabulary from "./vocabulary.ts";

// The console restates the contract's vocabularies (the browser bundle does not carry the
// domain package); this keeps them equal to the domain's, so no choice is missing or extra.

describe("the console's vocabularies", () => {
  it.each([
    ["STAGES", vocabulary.STAGES, domain.STAGES],
    ["OPEN_STAGES", vocabulary.OPEN_STAGES, domain.OPEN_STAGES],
    ["LIFECYCLE_STAGES", vocabulary.LIFECYCLE_STAGES, domain.LIFECYCLE_STAGES],
    ["LOST_REASONS", vocabulary.LOST_REASONS, domain.LOST_REASONS],
    ["LEAD_SOURCES", vocabulary.LEAD_SOURCES, domain.LEAD_SOURCES],
    ["INTERACTION_CHANNELS", vocabulary.INTERACTION_CHANNELS, domain.INTERACTION_CHANNELS],
    ["DIRECTIONS", vocabulary.DIRECTIONS, domain.DIRECTIONS],
    ["DEPARTMENTS", vocabulary.DEPARTMENTS, domain.DEPARTMENTS],
    ["OUTCOMES", vocabulary.OUTCOMES, domain.OUTCOMES],
    ["COMPLAINT_CATEGORIES", vocabulary.COMPLAINT_CATEGORIES, domain.COMPLAINT_CATEGORIES],
    ["SEVERITIES", vocabulary.SEVERITIES, domain.SEVERITIES],
  ])("given %s, then the console offers exactly the domain's", (_name, console, expected) => {
    expect([...console]).toEqual([...expected]);
  });

  it("given the lifecycle view, then its stages are the domain's", () => {
    expect([...VIEW_LIFECYCLE]).toEqual([...domain.LIFECYCLE_STAGES]);
  });

  it("given the audit's event types, then each is one the domain knows, named in both languages", () => {
    for (const type of EVENT_TYPES) {
      expect(domain.CUSTOMER_EVENT_TYPES).toContain(type);
      expect(en.events[type], type).toBeTruthy();
      expect(zhCN.events[type], type).toBeTruthy();
    }
  });
});
