import { defineConfig } from "vitest/config";

// One run over every workspace; the summary reporter prints the plain
// "N passed, N failed, N skipped" line CI reads.
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
          include: [
            "packages/*/src/**/*.int.spec.ts",
            "services/*/src/**/*.int.spec.ts",
            "packages/*/src/**/*.e2e.spec.ts",
            "services/*/src/**/*.e2e.spec.ts",
          ],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
