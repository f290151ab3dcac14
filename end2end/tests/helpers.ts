import { expect, type Page } from "@playwright/test";

/** Opens the library page and waits until the WASM has hydrated it (clicks before that are lost). */
export async function openLibrary(page: Page, path = "/") {
  await page.goto(path);
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
}

/** The page's audio element state. */
export async function audioState(page: Page) {
  return page.locator("audio").evaluate((el: HTMLAudioElement) => ({
    currentTime: el.currentTime,
    duration: el.duration,
    paused: el.paused,
    src: el.currentSrc,
  }));
}

/** Waits until the audio element plays past `seconds`. */
export async function waitForPlaybackPast(page: Page, seconds: number) {
  await expect
    .poll(async () => (await audioState(page)).currentTime, { timeout: 20_000 })
    .toBeGreaterThan(seconds);
}
