import { defineConfig } from "vitest/config";

// One run over every workspace, in three projects selected by file name (Emmett's habit):
// *.unit.spec.ts (no I/O beyond memory: `npm run test:unit`, `npm run test:watch`),
// *.int.spec.ts (a real store or broker: `npm run test:int`), *.e2e.spec.ts (HTTP to the
// stores: `npm run test:e2e`). The summary reporter prints the plain
// "N passed, N failed, N skipped" line CI reads.
const slow = { testTimeout: 60_000, hookTimeout: 120_000 };

export default defineConfig({
  test: {
    reporters: ["default", "./tools/summary-reporter.ts"],
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.unit.spec.ts", "services/*/src/**/*.unit.spec.ts"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["packages/*/src/**/*.int.spec.ts", "services/*/src/**/*.int.spec.ts"],
          ...slow,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["packages/*/src/**/*.e2e.spec.ts", "services/*/src/**/*.e2e.spec.ts"],
          ...slow,
        },
      },
    ],
  },
});
