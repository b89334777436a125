// The contract's closed vocabularies (sections 1 and 2), for the console's choices: the domain's
// own lists, from its browser-safe entry point.

export {
  COMPLAINT_CATEGORIES,
  DEPARTMENTS,
  DIRECTIONS,
  INTERACTION_CHANNELS,
  LEAD_SOURCES,
  LIFECYCLE_STAGES,
  LOST_REASONS,
  OPEN_STAGES,
  OUTCOMES,
  SEVERITIES,
  STAGES,
} from "@crm/domain/vocabulary";
