import { expect, test } from "@playwright/test";
import { audioState, openLibrary, playTrack, waitForPlaybackPast } from "./helpers";

const titles = (page: import("@playwright/test").Page) => page.locator("table.tracks tbody td.title").allTextContents();

test.describe("search, sort and pages", () => {
  test("typing searches as you go, ignoring case and accents, and keeps the search in the URL", async ({ page }) => {
    await openLibrary(page);
    const search = page.getByRole("searchbox", { name: "Search the library" });
    await search.fill("CAFE");
    await expect.poll(() => titles(page)).toEqual(["Café Arpeggio"]);
    await expect(page).toHaveURL(/\?q=CAFE$/);
    await expect(page.locator("nav.pager .count")).toHaveText("1 track");
    // Typing a letter the shortcuts use (M mutes) does not reach the player.
    await search.press("End");
    await search.type(" m");
    await expect(page.locator("audio")).toHaveJSProperty("muted", false);
    await search.fill("no such thing at all");
    await expect(page.locator("p.empty")).toContainText("Nothing matches");
    await search.fill("");
    await expect.poll(async () => (await titles(page)).length).toBeGreaterThanOrEqual(8);
  });

  test("the sort menu orders by title, ignoring case and accents", async ({ page }) => {
    await openLibrary(page);
    await page.getByRole("combobox", { name: "Sort by" }).selectOption("title");
    await expect(page).toHaveURL(/sort=title/);
    await expect.poll(async () => (await titles(page)).slice(0, 3)).toEqual(["Café Arpeggio", "Clockwork Rain", "Endless Arpeggio"]);
    const shown = await titles(page);
    const folded = (t: string) => t.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    expect(shown.map(folded)).toEqual([...shown].map(folded).sort());
  });

  test("pages are links that work without JavaScript too", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/?per_page=3");
    await expect(page.locator("table.tracks tbody tr")).toHaveCount(3);
    await expect(page.locator("nav.pager .where")).toHaveText(/^Page 1 of \d+$/);
    await page.getByRole("link", { name: "Next →" }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.locator("nav.pager .where")).toHaveText(/^Page 2 of \d+$/);
    // The search form is a plain GET form.
    await page.getByRole("searchbox", { name: "Search the library" }).fill("sommernachte");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page.locator("table.tracks tbody td.title")).toHaveText(["Sommernächte"]);
    await context.close();
  });

  test("with the WASM, a page link shows the next page in place: the music goes on, Back returns", async ({ page }) => {
    await openLibrary(page, "/?per_page=3");
    const first = await titles(page);
    await playTrack(page, first[0]);
    // A marker on window survives only if the page is not reloaded.
    await page.evaluate(() => ((window as any).stillHere = true));
    await page.getByRole("link", { name: "Next →" }).click();
    await expect(page).toHaveURL(/per_page=3&page=2$|page=2&per_page=3$/);
    await expect(page.locator("nav.pager .where")).toHaveText(/^Page 2 of \d+$/);
    await expect.poll(() => titles(page)).not.toEqual(first);
    expect(await page.evaluate(() => (window as any).stillHere)).toBe(true);
    expect((await audioState(page)).paused).toBe(false);
    await expect(page.locator(".now-title")).toHaveText(first[0]);
    await page.goBack();
    await expect(page.locator("nav.pager .where")).toHaveText(/^Page 1 of \d+$/);
    await expect.poll(() => titles(page)).toEqual(first);
    expect(await page.evaluate(() => (window as any).stillHere)).toBe(true);
  });

  test("Back and Forward bring the list, the search box and the sort menu back together", async ({ page }) => {
    await openLibrary(page);
    const search = page.getByRole("searchbox", { name: "Search the library" });
    const sort = page.getByRole("combobox", { name: "Sort by" });
    const all = await titles(page);
    await sort.selectOption("title");
    await expect(page).toHaveURL(/\?sort=title$/);
    await search.fill("arpeggio");
    await expect.poll(() => titles(page)).toEqual(["Café Arpeggio", "Endless Arpeggio"]);
    // Typing replaced the sorted entry: Back goes to the first page, as it was.
    await page.goBack();
    await expect(page).toHaveURL(/\/$/);
    await expect.poll(() => titles(page)).toEqual(all);
    await expect(search).toHaveValue("");
    await expect(sort).toHaveValue("artist");
    await page.goForward();
    await expect.poll(() => titles(page)).toEqual(["Café Arpeggio", "Endless Arpeggio"]);
    await expect(search).toHaveValue("arpeggio");
    await expect(sort).toHaveValue("title");
  });

  test("an artist or album name searches the library for it, in place", async ({ page }) => {
    await openLibrary(page, "/?sort=title");
    await playTrack(page, "Night Garden");
    const row = page.locator("table.tracks tbody tr", { hasText: "Night Garden" });
    await row.getByRole("link", { name: "The Glass Orchard" }).click();
    await expect(page).toHaveURL(/\?q=The\+Glass\+Orchard&sort=title$/);
    await expect.poll(() => titles(page)).toEqual(["Clockwork Rain", "Night Garden", "Slow Orbit"]);
    await expect(page.getByRole("searchbox", { name: "Search the library" })).toHaveValue("The Glass Orchard");
    expect((await audioState(page)).paused).toBe(false);
    await row.getByRole("link", { name: "Small Hours" }).click();
    await expect(page).toHaveURL(/\?q=Small\+Hours&sort=title$/);
    await expect.poll(() => titles(page)).toEqual(["Clockwork Rain", "Night Garden", "Slow Orbit"]);
    // Without JavaScript the same links lead to the same search.
    const href = await row.getByRole("link", { name: "The Glass Orchard" }).getAttribute("href");
    expect(href).toBe("/?q=The+Glass+Orchard&sort=title");
  });

  test("an unknown path answers 404 with a short page", async ({ page }) => {
    const response = await page.goto("/no/such/page");
    expect(response!.status()).toBe(404);
    await expect(page.locator("p.empty")).toHaveText("Page not found.");
  });

  test("rows show their album's cover, or a placeholder", async ({ page }) => {
    await openLibrary(page);
    const cover = (title: string) =>
      page.locator("table.tracks tbody tr", { hasText: title }).locator("td.cover img");
    for (const title of ["Morning Tide", "Sommernächte"]) {
      await cover(title).scrollIntoViewIfNeeded();
      await expect
        .poll(() => cover(title).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
        .toBeGreaterThan(0);
    }
    const morning = await cover("Morning Tide").getAttribute("src");
    const response = await page.request.get(morning!);
    expect(response.headers()["content-type"]).toBe("image/jpeg");
    const summer = await cover("Sommernächte").getAttribute("src");
    expect((await page.request.get(summer!)).headers()["content-type"]).toBe("image/svg+xml");
  });

  test("a deep link opens a track that is not on the page shown, and a click makes that page the queue", async ({ page }) => {
    const found = await (await page.request.get("/api/tracks?q=endless")).json();
    const id = found.items[0].id;
    await openLibrary(page, `/?per_page=2&track=${id}&t=60`);
    await expect(page.locator("table.tracks tbody tr")).toHaveCount(2);
    await expect(page.locator(".now-title")).toHaveText("Endless Arpeggio");
    await waitForPlaybackPast(page, 60.5);
    expect((await audioState(page)).src).toContain(`track_id=${id}`);

    // Clicking a track of the page shown makes that page the queue: next goes to its second row.
    const rows = await titles(page);
    await page.getByRole("link", { name: rows[0], exact: true }).click();
    await expect(page.locator(".now-title")).toHaveText(rows[0]);
    await page.getByRole("button", { name: /^Next/ }).click();
    await expect(page.locator(".now-title")).toHaveText(rows[1]);
  });
});
