import { defineConfig } from "vite";

// The console is served by the platform at `/`, next to the API at /api/v1.
// `npm run dev -w @crm/console` proxies the API to a platform on port 3000.
export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // ECharts is most of the bundle; one file is fine for a console served from the same host.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // react-router marks its module "use client" (for server components); meaningless in an SPA.
      onwarn: (warning, warn) => (warning.code === "MODULE_LEVEL_DIRECTIVE" ? undefined : warn(warning)),
    },
  },
  server: { proxy: { "/api": "http://127.0.0.1:3000", "/docs": "http://127.0.0.1:3000" } },
});
