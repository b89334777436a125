// The contract's closed vocabularies (sections 1 and 2) on their own: no I/O and no Node module
// behind them, so the console's browser bundle takes them from the domain (`@crm/domain/vocabulary`)
// instead of restating them.

export { LIFECYCLE_STAGES } from "./lifecycle.ts";
export { FUNNEL_STAGES, LOST_REASONS, OPEN_STAGES, STAGES } from "./stages.ts";
export {
  COMPLAINT_CATEGORIES,
  DEPARTMENTS,
  DIRECTIONS,
  INTERACTION_CHANNELS,
  LEAD_SOURCES,
  OUTCOMES,
  SEVERITIES,
} from "./vocabulary.ts";
