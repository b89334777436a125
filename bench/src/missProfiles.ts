import { profileSummary } from "./profiling.ts";
import type { MissProfile } from "./report.ts";
import type { Verdict } from "./targets.ts";

/** The missed targets grouped by the profile (and window) that bounds them, each summarised once. */
export const missProfiles = (verdicts: readonly Verdict[]): MissProfile[] => {
  const groups = new Map<string, MissProfile>();
  for (const { pass, target, bound } of verdicts) {
    if (pass) continue;
    const key = `${bound.profile}\u0000${bound.window ?? ""}`;
    const group = groups.get(key);
    if (!group)
      groups.set(key, {
        targets: [target],
        process: bound.process,
        tried: [bound.tried],
        summary: profileSummary(bound),
      });
    else {
      group.targets.push(target);
      if (!group.tried.includes(bound.tried)) group.tried.push(bound.tried);
    }
  }
  return [...groups.values()];
};
