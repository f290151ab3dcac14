import { expect, test } from "@playwright/test";

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

  test("lists every demo format", async ({ page }) => {
    await page.goto("/");
    for (const title of [
      "Morning Tide",
      "Café Arpeggio",
      "Lantern Walk",
      "Sommernächte",
      "Clockwork Rain",
      "Slow Orbit",
      "Night Garden",
      "Endless Arpeggio",
    ]) {
      await expect(page.getByRole("link", { name: title, exact: true })).toBeVisible();
    }
  });
});
