import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { openLibrary, trackLink } from "./helpers";

// The e2e server's media folder (serve-e2e.sh), seen from end2end/ where the tests run. The
// server watches it: a change shows in the open page's list without a restart, a rescan or a
// reload.
const WORK = "../target/e2e";
const FOLDER = `${WORK}/media/Live Arrivals`;
const TITLE = "Live Arrival";

test.describe("live library", () => {
  test("a file copied into the media folder shows within 5 s, and goes when deleted", async ({ page }) => {
    // A short MP3 with its own title, made outside the media folder.
    const made = `${WORK}/live-arrival.mp3`;
    execFileSync("sox", ["-n", "-r", "22050", "-c", "1", `${WORK}/live-arrival.wav`, "synth", "2", "pluck", "D4"]);
    execFileSync("lame", [
      "--quiet", "-b", "48", "--cbr", "--tt", TITLE, "--ta", "Test Signals", "--tl", "Arrivals",
      `${WORK}/live-arrival.wav`, made,
    ]);
    await openLibrary(page);
    await expect(trackLink(page, TITLE)).toHaveCount(0);

    mkdirSync(FOLDER, { recursive: true });
    try {
      copyFileSync(made, `${FOLDER}/01 ${TITLE}.mp3`);
      // The open page follows the library by itself: no reload.
      await expect(trackLink(page, TITLE)).toBeVisible({ timeout: 5_000 });
    } finally {
      // The other tests expect the list as serve-e2e.sh made it.
      rmSync(FOLDER, { recursive: true, force: true });
    }
    await expect(trackLink(page, TITLE)).toHaveCount(0, { timeout: 5_000 });
  });
});
