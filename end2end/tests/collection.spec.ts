import { expect, test, type Page } from "@playwright/test";
import { LISTENER, signInFromStart } from "./accounts";
import { audioState, openLibrary, waitForPlaybackPast } from "./helpers";

const nowTitle = (page: Page) => page.locator(".now-title");

/** Opens Harbour Lights from the album grid, in place. */
async function openHarbourLights(page: Page) {
  await openLibrary(page);
  await page.getByRole("navigation", { name: "Library" }).getByRole("link", { name: "Albums" }).click();
  await expect(page).toHaveURL(/\/albums$/);
  await page.locator(".album-card", { hasText: "Harbour Lights" }).locator("a.album-link").click();
  await expect(page.getByRole("heading", { name: "Harbour Lights" })).toBeVisible();
  await expect(page).toHaveURL(/\/albums\/\d+$/);
}

test.describe("collection", () => {
  test("the album grid sorts, and an album page plays its tracks in order", async ({ page }) => {
    await openLibrary(page, "/albums?sort=year");
    const byYear = await page.locator(".album-card .album-title").allTextContents();
    expect(byYear).toEqual(["Small Hours", "Harbour Lights", "Paper Skies", "Long Test"]);
    await page.getByRole("navigation", { name: "Sort albums" }).getByRole("link", { name: "Title" }).click();
    await expect(page).toHaveURL(/sort=title/);
    await expect(page.locator(".album-card .album-title").first()).toHaveText("Harbour Lights");

    await openHarbourLights(page);
    await expect(page.locator(".facts")).toHaveText("2024 · 3 tracks · 1:13");
    const titles = await page.locator("table.tracks tbody td.title").allTextContents();
    expect(titles).toEqual(["Morning Tide", "Café Arpeggio", "Lantern Walk"]);
    await page.getByRole("button", { name: "Play album" }).click();
    await expect(nowTitle(page)).toHaveText("Morning Tide");
    await waitForPlaybackPast(page, 0.2);
    // The album is the queue: next walks it in order, and the music goes on across views.
    await page.getByRole("button", { name: "Next", exact: true }).click();
    await expect(nowTitle(page)).toHaveText("Café Arpeggio");
    await page.locator(".detail-facts .by a").click();
    await expect(page.getByRole("heading", { name: "Lumen Drift" })).toBeVisible();
    await waitForPlaybackPast(page, 0.5);
    expect((await audioState(page)).paused).toBe(false);
    await page.getByRole("button", { name: "Next", exact: true }).click();
    await expect(nowTitle(page)).toHaveText("Lantern Walk");
    // Back returns to the album, in place.
    await page.goBack();
    await expect(page.getByRole("heading", { name: "Harbour Lights" })).toBeVisible();
    expect((await audioState(page)).paused).toBe(false);
  });

  test("a star survives a reload and shows in the favourites", async ({ page }) => {
    await openHarbourLights(page);
    const star = page.getByRole("button", { name: "Star Café Arpeggio" });
    await expect(star).toHaveAttribute("aria-pressed", "false");
    await star.click();
    await expect(star).toHaveAttribute("aria-pressed", "true");
    await page.reload();
    await expect(page.locator("body[data-hydrated]")).toBeAttached();
    await expect(page.getByRole("button", { name: "Star Café Arpeggio" })).toHaveAttribute("aria-pressed", "true");

    await page.getByRole("navigation", { name: "Library" }).getByRole("link", { name: "Favourites" }).click();
    await expect(page.locator(".favourites table.tracks td.title")).toHaveText(["Café Arpeggio"]);
    // Unstarred from the favourites, it is gone after a reload.
    await page.getByRole("button", { name: "Star Café Arpeggio" }).click();
    await page.reload();
    await expect(page.locator(".favourites .empty")).toContainText("Nothing starred yet");
  });

  test("a track played past half shows in the history", async ({ page }) => {
    await openLibrary(page, "/history");
    await expect(page.locator(".history-part.recent")).not.toContainText("Lantern Walk");
    await page.getByRole("navigation", { name: "Library" }).getByRole("link", { name: "Tracks" }).click();
    await page.getByRole("link", { name: "Lantern Walk", exact: true }).click();
    await expect(nowTitle(page)).toHaveText("Lantern Walk");
    // 24 s long: it counts after 12 s heard. Played four times as fast, that is 3 s.
    await page.locator("audio").evaluate((el: HTMLAudioElement) => (el.playbackRate = 4));
    await waitForPlaybackPast(page, 14);
    await page.getByRole("navigation", { name: "Library" }).getByRole("link", { name: "History" }).click();
    await expect(page.locator(".history-part.recent td.title")).toContainText(["Lantern Walk"]);
    await page.reload();
    await expect(page.locator(".history-part.most td.title").first()).toHaveText("Lantern Walk");
  });

  test("another browser of the same listener offers to continue where the first stopped", async ({ page, browser }) => {
    await openLibrary(page);
    await page.getByRole("link", { name: "Endless Arpeggio", exact: true }).click();
    await waitForPlaybackPast(page, 0.2);
    await page.getByRole("slider", { name: "Seek" }).fill("600");
    await waitForPlaybackPast(page, 600.5);
    await page.getByRole("button", { name: "Pause", exact: true }).click();
    const stoppedAt = (await audioState(page)).currentTime;

    // A browser of its own, signed in through the form: a session of its own.
    const phone = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const other = await phone.newPage();
    await signInFromStart(other, LISTENER);
    await expect(other.locator("body[data-hydrated]")).toBeAttached();
    const offer = other.getByRole("complementary", { name: "Continue listening" });
    await expect(offer).toContainText("Endless Arpeggio");
    await expect(offer).toContainText("at 10:0");
    await offer.getByRole("button", { name: "Continue" }).click();
    await expect(other.locator(".now-title")).toHaveText("Endless Arpeggio");
    await waitForPlaybackPast(other, stoppedAt + 0.2);
    expect((await audioState(other)).currentTime).toBeLessThan(stoppedAt + 5);
    await other.getByRole("button", { name: "Pause", exact: true }).click();
    await phone.close();
  });
});
