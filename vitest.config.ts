import { configDefaults, defineConfig } from "vitest/config";

// One run over every workspace, in projects selected by file name (Emmett's habit):
// *.unit.spec.ts (no I/O beyond memory: `npm run test:unit`, `npm run test:watch`),
// *.int.spec.ts (a real store or broker: `npm run test:int`), *.e2e.spec.ts (HTTP to the
// stores: `npm run test:e2e`). The summary reporter prints the plain
// "N passed, N failed, N skipped" line CI reads.
//
// Files run side by side (docs/decisions.md, "Test files side by side"): vitest's default on a
// 2-core machine is one worker, so every file waited for the one before, though most
// integration and e2e files spend their time waiting on brokers, sockets and child processes.
// Every spec keeps to its own topic, consumer group, database and temp folder, and listens on
// port 0, so they can. The fault specs below (processes killed at random moments, a broker
// restarted, several services started at once) are the exception: they load the machine in
// bursts and race their own timers, so they run one at a time after the rest, in projects of
// their own. A new spec that kills processes or restarts a server joins this list.
const oneAtATime = [
  "services/projector/src/processKills.int.spec.ts",
  "services/projector/src/scaleOut.int.spec.ts",
  "services/projector/src/brokerRestart.int.spec.ts",
  "services/projector/src/readStoreOutage.int.spec.ts",
  "services/platform/src/idempotencyCrash.e2e.spec.ts",
];
const sideBySide = { maxWorkers: 3, sequence: { groupOrder: 0 } };
const afterTheRest = { maxWorkers: 1, sequence: { groupOrder: 1 } };
const slow = { testTimeout: 60_000, hookTimeout: 120_000 };
const integration = [
  "packages/*/src/**/*.int.spec.ts",
  "services/*/src/**/*.int.spec.ts",
  "bench/src/**/*.int.spec.ts",
];
const e2e = ["packages/*/src/**/*.e2e.spec.ts", "services/*/src/**/*.e2e.spec.ts"];
const faults = (suffix: string) => oneAtATime.filter((file) => file.endsWith(suffix));

export default defineConfig({
  test: {
    reporters: ["default", "./tools/summary-reporter.ts"],
    projects: [
      {
        test: {
          name: "unit",
          include: [
            "packages/*/src/**/*.unit.spec.ts",
            "services/*/src/**/*.unit.spec.ts",
            "bench/src/**/*.unit.spec.ts",
          ],
          ...sideBySide,
        },
      },
      {
        test: {
          name: "integration",
          include: integration,
          exclude: [...configDefaults.exclude, ...oneAtATime],
          ...slow,
          ...sideBySide,
        },
      },
      {
        test: {
          name: "e2e",
          include: e2e,
          exclude: [...configDefaults.exclude, ...oneAtATime],
          ...slow,
          ...sideBySide,
        },
      },
      {
        test: { name: "integration-faults", include: faults(".int.spec.ts"), ...slow, ...afterTheRest },
      },
      {
        test: { name: "e2e-faults", include: faults(".e2e.spec.ts"), ...slow, ...afterTheRest },
      },
    ],
  },
});
