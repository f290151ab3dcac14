import { expect, test, type Page } from "@playwright/test";
import {
  LIST_ORDER,
  audioState,
  openLibrary,
  playTrack,
  seekNearEnd,
  trackLink,
  waitForPlaybackPast,
} from "./helpers";

const nowTitle = (page: Page) => page.locator(".now-title");
const button = (page: Page, name: string) => page.getByRole("button", { name, exact: true });

/** Clicks the repeat button until it is in `mode`. */
async function setRepeat(page: Page, mode: "off" | "all" | "one") {
  const repeat = page.locator("button.repeat");
  for (let i = 0; i < 3 && (await repeat.getAttribute("data-mode")) !== mode; i++) {
    await repeat.click();
  }
  await expect(button(page, `Repeat: ${mode}`)).toBeVisible();
}

/** Clicks Next and waits for another title than `from`; returns it. */
async function next(page: Page, from: string) {
  await button(page, "Next").click();
  await expect(nowTitle(page)).not.toHaveText(from);
  return (await nowTitle(page).textContent()) ?? "";
}

test.describe("queue", () => {
  test("next and previous follow the list; previous after a few seconds restarts the track", async ({ page }) => {
    await openLibrary(page);
    const titles = await page.locator("table.tracks tbody td.title").allTextContents();
    expect(titles).toEqual(LIST_ORDER);

    await playTrack(page, "Morning Tide");
    await button(page, "Next").click();
    await expect(nowTitle(page)).toHaveText("Café Arpeggio");
    await expect(page.locator("tr.track.playing")).toContainText("Café Arpeggio");
    await button(page, "Next").click();
    await expect(nowTitle(page)).toHaveText("Lantern Walk");
    await button(page, "Previous").click();
    await expect(nowTitle(page)).toHaveText("Café Arpeggio");

    // Three seconds in, Previous goes back to the start of the same track first.
    await waitForPlaybackPast(page, 3.5);
    await button(page, "Previous").click();
    await expect.poll(async () => (await audioState(page)).currentTime).toBeLessThan(2);
    await expect(nowTitle(page)).toHaveText("Café Arpeggio");
    await button(page, "Previous").click();
    await expect(nowTitle(page)).toHaveText("Morning Tide");

    // At the first track with repeat off there is nothing before: Previous restarts it.
    await button(page, "Previous").click();
    await page.waitForTimeout(500);
    await expect(nowTitle(page)).toHaveText("Morning Tide");
  });

  test("a track that ends starts the next one", async ({ page }) => {
    await openLibrary(page);
    await playTrack(page, "Morning Tide");
    await seekNearEnd(page, 1.5);
    await expect(nowTitle(page)).toHaveText("Café Arpeggio", { timeout: 10_000 });
    await waitForPlaybackPast(page, 0.5);
    expect((await audioState(page)).src).toMatch(/track_id=\d+$/);
    expect((await audioState(page)).paused).toBe(false);
  });

  test("at the end of the last track playback stops unless repeat all wraps to the first", async ({ page }) => {
    await openLibrary(page);
    await playTrack(page, "Night Garden");
    // Repeat off: Next on the last track does nothing, and its end stops playback.
    await button(page, "Next").click();
    await page.waitForTimeout(500);
    await expect(nowTitle(page)).toHaveText("Night Garden");
    await seekNearEnd(page, 1);
    await expect.poll(async () => (await audioState(page)).paused, { timeout: 10_000 }).toBe(true);
    await expect(nowTitle(page)).toHaveText("Night Garden");
    await expect(button(page, "Play")).toBeVisible();

    // Repeat all: the end of the last track leads to the first…
    await playTrack(page, "Night Garden");
    await setRepeat(page, "all");
    await seekNearEnd(page, 1.5);
    await expect(nowTitle(page)).toHaveText(LIST_ORDER[0], { timeout: 10_000 });
    await waitForPlaybackPast(page, 0.5);
    // …and Previous on the first leads to the last.
    await button(page, "Previous").click();
    await expect(nowTitle(page)).toHaveText("Night Garden");
    await button(page, "Next").click();
    await expect(nowTitle(page)).toHaveText(LIST_ORDER[0]);
  });

  test("repeat one plays the track again at its end; next still moves on", async ({ page }) => {
    await openLibrary(page);
    await playTrack(page, "Morning Tide");
    await setRepeat(page, "one");
    await seekNearEnd(page, 1.5);
    // Past the end it starts again from 0, the same track, still playing.
    await expect.poll(async () => (await audioState(page)).currentTime, { timeout: 10_000 }).toBeLessThan(1.5);
    await waitForPlaybackPast(page, 0.5);
    await expect(nowTitle(page)).toHaveText("Morning Tide");
    expect((await audioState(page)).paused).toBe(false);
    await button(page, "Next").click();
    await expect(nowTitle(page)).toHaveText("Café Arpeggio");
    // The mode stays after a reload.
    await openLibrary(page);
    await expect(button(page, "Repeat: one")).toBeVisible();
  });

  test("shuffle plays every other track of the list once, in a random order, then stops", async ({ page }) => {
    await openLibrary(page);
    await playTrack(page, "Morning Tide");
    const shuffle = button(page, "Shuffle");
    await expect(shuffle).toHaveAttribute("aria-pressed", "false");
    await shuffle.click();
    await expect(shuffle).toHaveAttribute("aria-pressed", "true");

    const played = ["Morning Tide"];
    for (let i = 1; i < LIST_ORDER.length; i++) {
      played.push(await next(page, played[played.length - 1]));
    }
    // Each track once, and not simply the list's order (the chance of that is 1 in 8!).
    expect([...played].sort()).toEqual([...LIST_ORDER].sort());
    expect(played).not.toEqual(LIST_ORDER);
    // Repeat is off: after the last of the shuffled order, Next does nothing.
    const last = played[played.length - 1];
    await button(page, "Next").click();
    await page.waitForTimeout(500);
    await expect(nowTitle(page)).toHaveText(last);

    // Previous walks the same order back.
    await button(page, "Previous").click();
    await expect(nowTitle(page)).toHaveText(played[played.length - 2]);

    // Shuffle off: the list's order again, from the current track.
    await shuffle.click();
    await expect(shuffle).toHaveAttribute("aria-pressed", "false");
    await playTrack(page, "Lantern Walk");
    await button(page, "Next").click();
    await expect(nowTitle(page)).toHaveText("Sommernächte");
  });

  test("shuffle with repeat all goes round again in a new order", async ({ page }) => {
    await openLibrary(page);
    await playTrack(page, "Clockwork Rain");
    await button(page, "Shuffle").click();
    await setRepeat(page, "all");
    const played = ["Clockwork Rain"];
    for (let i = 1; i < LIST_ORDER.length + 3; i++) {
      played.push(await next(page, played[played.length - 1]));
    }
    expect([...played.slice(0, LIST_ORDER.length)].sort()).toEqual([...LIST_ORDER].sort());
    // The next round begins with another track than the one that ended the first.
    expect(played[LIST_ORDER.length]).not.toBe(played[LIST_ORDER.length - 1]);
  });

  test("a track whose file is gone says so and the next track starts after a moment", async ({ page }) => {
    await openLibrary(page);
    const href = (await trackLink(page, "Vanishing Act").getAttribute("href")) ?? "";
    const missing = await page.request.get(href);
    expect(missing.status()).toBe(404);
    expect(await missing.json()).toEqual({ message: "FILE_MISSING" });

    await trackLink(page, "Vanishing Act").click();
    const alert = page.getByRole("alert");
    await expect(alert).toContainText("Vanishing Act");
    await expect(alert).toContainText(/missing/);
    await expect(alert).toContainText(/next track/);
    // Not at once: the message stays long enough to be read.
    await page.waitForTimeout(800);
    await expect(nowTitle(page)).toHaveText("Vanishing Act");

    // Then the next track of the list plays, and the message is gone.
    await expect(nowTitle(page)).toHaveText("Clockwork Rain", { timeout: 10_000 });
    await waitForPlaybackPast(page, 0.5);
    expect((await audioState(page)).paused).toBe(false);
    await expect(alert).toHaveCount(0);

    // Going back with Previous skips it backwards, to the track before it.
    await button(page, "Previous").click();
    await expect(nowTitle(page)).toHaveText("Vanishing Act");
    await expect(nowTitle(page)).toHaveText("Endless Arpeggio", { timeout: 10_000 });
    await waitForPlaybackPast(page, 0.5);
  });
});
