import { defineConfig, devices } from "@playwright/test";
import { LISTENER_STATE } from "./tests/accounts";

// The browser tests run against the real server (built by `cargo leptos build`), started by
// `serve-e2e.sh` on its own port over the demo library plus a generated 30-minute track.
const port = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: "list",
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--autoplay-policy=no-user-gesture-required",
      ],
    },
  },
  projects: [
    // Signs in once through the form; the tests then start with that session.
    { name: "sign-in", testMatch: /\.setup\.ts$/, use: { ...devices["Desktop Chrome"] } },
    {
      name: "chromium",
      use: { ...devices["Desktop Chrome"], storageState: LISTENER_STATE },
      dependencies: ["sign-in"],
    },
  ],
  webServer: {
    command: `bash end2end/serve-e2e.sh ${port}`,
    cwd: "..",
    url: `http://127.0.0.1:${port}/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
