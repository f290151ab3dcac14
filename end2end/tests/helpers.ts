import { expect, type Page, type Request } from "@playwright/test";

/** The list in its default order (artist, album, disc, track), as serve-e2e.sh builds it. */
export const LIST_ORDER = [
  "Morning Tide",
  "Café Arpeggio",
  "Lantern Walk",
  "Sommernächte",
  "Endless Arpeggio",
  "Vanishing Act", // scanned, then its file is deleted: it cannot play
  "Clockwork Rain",
  "Slow Orbit",
  "Night Garden",
];

/** Opens the library page and waits until the WASM has hydrated it (clicks before that are lost). */
export async function openLibrary(page: Page, path = "/") {
  await page.goto(path);
  await expect(page.locator("body[data-hydrated]")).toBeAttached();
}

/** The title link of a track in the list. */
export function trackLink(page: Page, title: string) {
  return page.getByRole("link", { name: title, exact: true });
}

/** Clicks a track in the list and waits until it plays. */
export async function playTrack(page: Page, title: string) {
  await trackLink(page, title).click();
  await expect(page.locator(".now-title")).toHaveText(title);
  await waitForPlaybackPast(page, 0.2);
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

/** Sends playback to `secondsBeforeEnd` before the end of the track, through the seek bar. */
export async function seekNearEnd(page: Page, secondsBeforeEnd: number) {
  await expect.poll(async () => (await audioState(page)).duration).toBeGreaterThan(secondsBeforeEnd);
  const { duration } = await audioState(page);
  await page.getByRole("slider", { name: "Seek" }).fill(String(duration - secondsBeforeEnd));
}

/**
 * Records the seek bar's value and the audio element's time every 25 ms for `ms` milliseconds,
 * in the page itself, so no jump back between two test steps goes unseen.
 */
export function sampleSeekBar(page: Page, ms: number) {
  return page.evaluate(async (ms) => {
    const input = document.querySelector<HTMLInputElement>("input.seek")!;
    const audio = document.querySelector("audio")!;
    const samples: { handle: number; audio: number }[] = [];
    const end = performance.now() + ms;
    while (performance.now() < end) {
      samples.push({ handle: Number(input.value), audio: audio.currentTime });
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return samples;
  }, ms);
}

/** Opens the page, notes the 30-minute track's file size and every ranged stream request from then on. */
export async function openLongTrack(page: Page) {
  await openLibrary(page);
  const link = trackLink(page, "Endless Arpeggio");
  const href = (await link.getAttribute("href")) ?? "";
  const head = await page.request.head(href);
  const fileSize = Number(head.headers()["content-length"]);
  expect(fileSize).toBeGreaterThan(5_000_000);

  const ranges: { start: number; request: Request }[] = [];
  page.on("request", (request) => {
    const match = /^bytes=(\d+)-$/.exec(request.headers()["range"] ?? "");
    if (request.url().includes("/music/track") && match) {
      ranges.push({ start: Number(match[1]), request });
    }
  });

  await link.click();
  await waitForPlaybackPast(page, 0.3);
  const { duration } = await audioState(page);
  expect(duration).toBeGreaterThan(29 * 60);
  return { fileSize, ranges, duration };
}
