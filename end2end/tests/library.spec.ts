import { expect, test } from "@playwright/test";
import { audioState, openLibrary, playTrack, trackLink } from "./helpers";

test.describe("track list", () => {
  test("is in the server-rendered HTML, even without JavaScript", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/");
    const rows = page.locator("table.tracks tbody tr");
    await expect(rows.filter({ hasText: "Morning Tide" })).toHaveCount(1);
    const row = rows.filter({ hasText: "Morning Tide" });
    await expect(row.locator(".artist")).toHaveText("Lumen Drift");
    await expect(row.locator(".album")).toHaveText("Harbour Lights");
    await expect(row.locator(".time")).toHaveText("0:27");
    // Without WASM the title links to the stream itself, the artist and album to their search.
    await expect(row.locator("td.title a")).toHaveAttribute("href", /\/music\/track\?track_id=\d+$/);
    await expect(row.locator("td.artist a")).toHaveAttribute("href", "/?q=Lumen+Drift");
    await row.locator("td.album a").click();
    await expect(page).toHaveURL(/\/\?q=Harbour\+Lights$/);
    await expect(rows.locator("td.title")).toHaveText(["Morning Tide", "Café Arpeggio", "Lantern Walk"]);
    await context.close();
  });

  test("lists every demo format, each with its type, and each plays", async ({ page }) => {
    await openLibrary(page);
    const formats: [string, string, string][] = [
      ["Morning Tide", "audio/mpeg", "0:27"],
      ["Café Arpeggio", "audio/flac", ""],
      ["Lantern Walk", "audio/ogg", ""],
      ["Sommernächte", "audio/ogg; codecs=opus", ""],
      ["Clockwork Rain", "audio/mpeg", ""],
      ["Slow Orbit", "audio/mp4", ""],
      ["Night Garden", "audio/wav", ""],
      ["Endless Arpeggio", "audio/mpeg", "30:00"],
    ];
    for (const [title, type, time] of formats) {
      const link = trackLink(page, title);
      await expect(link).toBeVisible();
      const row = page.locator("table.tracks tbody tr").filter({ has: link });
      if (time) await expect(row.locator(".time")).toHaveText(time);
      const head = await page.request.head((await link.getAttribute("href")) ?? "");
      expect(head.status(), title).toBe(200);
      expect(head.headers()["content-type"], title).toBe(type);
      // The browser decodes it: the clock moves and the element reports no error.
      await playTrack(page, title);
      const state = await audioState(page);
      expect(state.duration, title).toBeGreaterThan(0.5);
      expect(await page.locator("audio").evaluate((el: HTMLAudioElement) => el.error), title).toBeNull();
    }
  });
});
