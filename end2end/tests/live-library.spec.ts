import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { openLibrary, trackLink } from "./helpers";

// The e2e server's media folder (serve-e2e.sh), seen from end2end/ where the tests run. The
// server watches it: a change shows in the list without a restart or a rescan.
const WORK = "../target/e2e";
const FOLDER = `${WORK}/media/Live Arrivals`;
const TITLE = "Live Arrival";

/**
 * Reloads the page until `shown` holds, for at most 5 s after the change. The page loads the
 * list once and does not follow the library yet, so the test reloads it; when the page updates
 * itself, the reload can go.
 */
async function reloadUntil(page: Page, shown: () => Promise<void>) {
  await expect(async () => {
    await page.reload();
    await shown();
  }).toPass({ timeout: 5_000, intervals: [250] });
}

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
      const copied = Date.now();
      await reloadUntil(page, () => expect(trackLink(page, TITLE)).toBeVisible({ timeout: 250 }));
      expect(Date.now() - copied).toBeLessThan(5_000);
    } finally {
      // The other tests expect the list as serve-e2e.sh made it.
      rmSync(FOLDER, { recursive: true, force: true });
    }
    await reloadUntil(page, () => expect(trackLink(page, TITLE)).toHaveCount(0, { timeout: 250 }));
  });
});
