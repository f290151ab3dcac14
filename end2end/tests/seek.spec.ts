import { expect, test, type Page, type Request } from "@playwright/test";
import { audioState, openLibrary, openLongTrack, sampleSeekBar, trackLink, waitForPlaybackPast } from "./helpers";

/** Chromium asked for the bytes from about `share` of the file, and the server answered 206. */
async function expectRangeFrom(
  ranges: { start: number; request: Request }[],
  fileSize: number,
  share: number,
) {
  const near = () => ranges.filter((r) => Math.abs(r.start / fileSize - share) < 0.03);
  await expect.poll(() => near().length).toBeGreaterThan(0);
  const seek = near()[0];
  const response = await seek.request.response();
  expect(response?.status()).toBe(206);
  expect(response?.headers()["content-range"]).toMatch(new RegExp(`^bytes ${seek.start}-\\d+/${fileSize}$`));
}

/** From now on, the handle and the audio never fall back below `target`, and playback goes on. */
async function expectPlaysOnFrom(page: Page, target: number) {
  const samples = await sampleSeekBar(page, 2500);
  expect(Math.min(...samples.map((s) => s.handle))).toBeGreaterThan(target - 1);
  expect(Math.min(...samples.map((s) => s.audio))).toBeGreaterThan(target - 1);
  await waitForPlaybackPast(page, target + 1);
  expect((await audioState(page)).paused).toBe(false);
}

test.describe("seek bar", () => {
  test("is a slider named Seek, with its value in seconds and as text", async ({ page }) => {
    await openLibrary(page);
    const slider = page.getByRole("slider", { name: "Seek" });
    await expect(slider).toBeDisabled();
    await trackLink(page, "Morning Tide").click();
    await waitForPlaybackPast(page, 1.2);
    await expect(slider).toBeEnabled();
    await expect(slider).toHaveAccessibleName("Seek");
    await expect(slider).toHaveAttribute("aria-valuemin", "0");
    await expect(slider).toHaveAttribute("aria-valuemax", "27");
    await expect(slider).toHaveAttribute("aria-valuenow", /^([1-9]|1\d)$/);
    await expect(slider).toHaveAttribute("aria-valuetext", /^0:\d\d of 0:27$/);
    // What assistive technology reads: the computed role, name and value.
    expect(await slider.ariaSnapshot()).toMatch(/^- slider "Seek"/);
  });

  test("dragging the handle to 70% of the long track holds it there, then plays on from 70%", async ({ page }) => {
    const { fileSize, ranges, duration } = await openLongTrack(page);
    const slider = page.getByRole("slider", { name: "Seek" });
    const box = (await slider.boundingBox())!;
    const y = box.y + box.height / 2;
    // The thumb is 14 px wide: its centre runs from 7 px to width − 7 px.
    const xAt = (share: number) => box.x + 7 + (box.width - 14) * share;
    const now = (await audioState(page)).currentTime / duration;

    await page.mouse.move(xAt(now), y);
    await page.mouse.down();
    await page.mouse.move(xAt(0.7), y, { steps: 12 });
    // Held: the handle stays where the pointer is while the track plays on underneath.
    const held = await sampleSeekBar(page, 1000);
    const target = held[0].handle;
    expect(Math.abs(target / duration - 0.7)).toBeLessThan(0.02);
    expect(held.every((s) => Math.abs(s.handle - target) < 0.01)).toBe(true);
    expect(held[held.length - 1].audio).toBeLessThan(60); // no seek before the release
    await expect(slider).toHaveAttribute("aria-valuetext", /^2[01]:\d\d of 30:00$/);

    // Released: sample from before the release on, so that no jump back goes unseen.
    const during = sampleSeekBar(page, 1500);
    await page.mouse.up();
    const loading = await during;
    expect(Math.min(...loading.map((s) => s.handle))).toBeGreaterThan(target - 1);
    const reached = loading.findIndex((s) => s.audio > target - 1);
    expect(reached).toBeGreaterThanOrEqual(0);
    expect(Math.min(...loading.slice(reached).map((s) => s.audio))).toBeGreaterThan(target - 1);
    await expectRangeFrom(ranges, fileSize, target / duration);
    await expectPlaysOnFrom(page, target);
    expect(Number(await slider.getAttribute("aria-valuenow"))).toBeGreaterThanOrEqual(Math.floor(target));
  });

  test("the keyboard gets to 70%: Home, then Page Up seven times (a tenth each)", async ({ page }) => {
    const { fileSize, ranges, duration } = await openLongTrack(page);
    const slider = page.getByRole("slider", { name: "Seek" });
    await slider.focus();
    await page.keyboard.press("Home");
    await expect(slider).toHaveAttribute("aria-valuenow", /^[0-2]$/);
    for (let i = 0; i < 7; i++) {
      await page.keyboard.press("PageUp");
    }
    const target = duration * 0.7;
    await expect(slider).toHaveAttribute("aria-valuenow", /^12[6-9]\d$/);
    await expect(slider).toHaveAttribute("aria-valuetext", /^21:0\d of 30:00$/);
    await expectRangeFrom(ranges, fileSize, 0.7);
    await expectPlaysOnFrom(page, target);

    // Page Down goes back a tenth, and the page's own shortcuts do not add to it.
    await page.keyboard.press("PageDown");
    await expect.poll(async () => (await audioState(page)).currentTime).toBeLessThan(target - 170);
    await expect.poll(async () => (await audioState(page)).currentTime).toBeGreaterThan(target - 185);
  });
});
