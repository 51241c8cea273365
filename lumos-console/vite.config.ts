/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import tailwindcss from "@tailwindcss/vite";

// The bundle goes straight into Maven's output folder: the jar carries it under lumos-console/, and the server
// serves it at / (index.html never cached, the hashed files under /assets cached for a year).
export default defineConfig({
  plugins: [react(), tailwindcss()],
  base: "/",
  build: {
    outDir: "target/classes/lumos-console",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 900,
    // a loaded build machine makes Tailwind's transform look slow: no timing report in Maven's output
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  server: {
    // `npm run dev` next to `lumos serve`: the API calls go to the server
    proxy: { "/v1": "http://127.0.0.1:8765", "/livez": "http://127.0.0.1:8765", "/readyz": "http://127.0.0.1:8765" },
  },
  test: {
    environment: "jsdom",
    include: ["web/**/*.test.{ts,tsx}"],
    // a loaded 2-core machine renders jsdom slowly: a generous deadline, never a speed check
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
