import { expect, test } from "@playwright/test";
import { audioState, openLibrary, openLongTrack, waitForPlaybackPast } from "./helpers";

test.describe("player", () => {
  test("clicking a track plays it in the page", async ({ page }) => {
    await openLibrary(page);
    await page.getByRole("link", { name: "Morning Tide", exact: true }).click();
    await waitForPlaybackPast(page, 0.5);
    const state = await audioState(page);
    expect(state.paused).toBe(false);
    expect(state.src).toMatch(/\/music\/track\?track_id=\d+$/);
    await expect(page.locator("tr.track.playing")).toContainText("Morning Tide");
    await expect(page.locator(".now-title")).toHaveText("Morning Tide");
  });

  test("the tab title names the track, marked while it plays", async ({ page }) => {
    await openLibrary(page);
    await expect(page).toHaveTitle("Cadenza");
    await page.getByRole("link", { name: "Morning Tide", exact: true }).click();
    await expect(page).toHaveTitle("▶ Morning Tide – Lumen Drift · Cadenza");
    await page.getByRole("button", { name: /^Pause/ }).click();
    await expect(page).toHaveTitle("Morning Tide – Lumen Drift · Cadenza");
  });

  test("seeking to 70% of a long track fetches from 70% of the file and plays on from there", async ({
    page,
  }) => {
    const { fileSize, ranges, duration } = await openLongTrack(page);

    const target = duration * 0.7;
    await page.getByRole("slider", { name: "Seek" }).fill(String(target));

    // Chromium asks for the bytes from about 70% of the file, and the server answers 206.
    await expect
      .poll(() => ranges.filter((r) => Math.abs(r.start / fileSize - 0.7) < 0.05).length)
      .toBeGreaterThan(0);
    const seek = ranges.find((r) => Math.abs(r.start / fileSize - 0.7) < 0.05)!;
    const response = await seek.request.response();
    expect(response?.status()).toBe(206);
    expect(response?.headers()["content-range"]).toMatch(new RegExp(`^bytes ${seek.start}-\\d+/${fileSize}$`));

    // Playback goes on from there and never falls back to the start.
    await waitForPlaybackPast(page, target + 1);
    const samples: number[] = [];
    for (let i = 0; i < 10; i++) {
      samples.push((await audioState(page)).currentTime);
      await page.waitForTimeout(150);
    }
    expect(Math.min(...samples)).toBeGreaterThan(target - 1);
    expect(samples[samples.length - 1]).toBeGreaterThan(samples[0]);
    await expect(page.getByRole("slider", { name: "Seek" })).toHaveAttribute("aria-valuetext", /^2[01]:\d\d of 30:00$/);
  });
});

test.describe("keyboard", () => {
  test("space, arrows, N/P and M drive the player; the focused seek bar moves exactly 5 s", async ({ page }) => {
    await openLibrary(page);
    await page.getByRole("link", { name: "Endless Arpeggio", exact: true }).click();
    await waitForPlaybackPast(page, 0.3);

    // Space pauses and plays again.
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press(" ");
    await expect.poll(async () => (await audioState(page)).paused).toBe(true);
    await page.keyboard.press(" ");
    await expect.poll(async () => (await audioState(page)).paused).toBe(false);

    // M mutes and unmutes.
    await page.keyboard.press("m");
    expect(await page.locator("audio").evaluate((a: HTMLAudioElement) => a.muted)).toBe(true);
    await expect(page.getByRole("button", { name: "Unmute" })).toBeVisible();
    await page.keyboard.press("m");
    expect(await page.locator("audio").evaluate((a: HTMLAudioElement) => a.muted)).toBe(false);

    // → from the page jumps 5 s ahead.
    await page.keyboard.press(" ");
    await expect.poll(async () => (await audioState(page)).paused).toBe(true);
    const before = (await audioState(page)).currentTime;
    await page.keyboard.press("ArrowRight");
    await expect.poll(async () => (await audioState(page)).currentTime).toBeCloseTo(before + 5, 1);

    // On the focused seek bar one press is still exactly 5 s, not 10.
    const slider = page.getByRole("slider", { name: "Seek" });
    await slider.focus();
    const start = (await audioState(page)).currentTime;
    await page.keyboard.press("ArrowRight");
    await expect.poll(async () => (await audioState(page)).currentTime).toBeCloseTo(start + 5, 1);
    await page.keyboard.press("ArrowLeft");
    await expect.poll(async () => (await audioState(page)).currentTime).toBeCloseTo(start, 1);

    // N and P move through the list (after "Endless Arpeggio" comes the track that cannot play,
    // see queue.spec.ts, so from another album here).
    await page.getByRole("link", { name: "Clockwork Rain", exact: true }).click();
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("n");
    await expect(page.locator(".now-title")).toHaveText("Slow Orbit");
    await page.keyboard.press("p");
    await expect(page.locator(".now-title")).toHaveText("Clockwork Rain");

    // S turns shuffle on and off, R goes through the repeat modes.
    await page.keyboard.press("s");
    await expect(page.getByRole("button", { name: "Shuffle" })).toHaveAttribute("aria-pressed", "true");
    await page.keyboard.press("s");
    await expect(page.getByRole("button", { name: "Shuffle" })).toHaveAttribute("aria-pressed", "false");
    await page.keyboard.press("r");
    await expect(page.getByRole("button", { name: "Repeat: all" })).toBeVisible();
    await page.keyboard.press("r");
    await expect(page.getByRole("button", { name: "Repeat: one" })).toBeVisible();
    await page.keyboard.press("r");
    await expect(page.getByRole("button", { name: "Repeat: off" })).toBeVisible();
  });
});

test.describe("resume", () => {
  test("a deep link opens the track at that time, and a reload restores track and position", async ({ page }) => {
    await openLibrary(page);
    const href = (await page.getByRole("link", { name: "Endless Arpeggio", exact: true }).getAttribute("href")) ?? "";
    const id = /track_id=(\d+)/.exec(href)![1];

    await openLibrary(page, `/?track=${id}&t=600`);
    await expect(page.locator(".now-title")).toHaveText("Endless Arpeggio");
    await expect.poll(async () => (await audioState(page)).currentTime).toBeGreaterThan(599);
    await expect(page.getByRole("slider", { name: "Seek" })).toHaveAttribute("aria-valuetext", /^10:0\d of 30:00$/);
    await waitForPlaybackPast(page, 601);
    await page.locator("audio").evaluate((a: HTMLAudioElement) => a.pause());
    const left = (await audioState(page)).currentTime;

    await openLibrary(page, "/");
    await expect(page.locator(".now-title")).toHaveText("Endless Arpeggio");
    await expect.poll(async () => (await audioState(page)).currentTime).toBeGreaterThan(left - 1);
    expect((await audioState(page)).paused).toBe(true);
  });
});
