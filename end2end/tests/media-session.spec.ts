import { expect, test, type Page } from "@playwright/test";
import { audioState, openLibrary, playTrack } from "./helpers";

// The system's media controls cannot be pressed from a test, so before the page loads the
// handlers the app registers, and the position states it reports, are recorded where the test
// can reach them.
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as {
      mediaHandlers: Record<string, (details: object) => void>;
      positionStates: MediaPositionState[];
    };
    w.mediaHandlers = {};
    w.positionStates = [];
    if (!("mediaSession" in navigator)) return;
    const session = MediaSession.prototype;
    const setActionHandler = session.setActionHandler;
    session.setActionHandler = function (action, handler) {
      if (handler) w.mediaHandlers[action] = handler as (details: object) => void;
      return setActionHandler.call(this, action, handler);
    };
    const setPositionState = session.setPositionState;
    session.setPositionState = function (state) {
      if (state) w.positionStates.push(state);
      return setPositionState.call(this, state);
    };
  });
});

/** Presses one of the system's media buttons. */
async function press(page: Page, action: string, details: object = {}) {
  await page.evaluate(
    ([action, details]) => {
      const handlers = (window as unknown as { mediaHandlers: Record<string, (d: object) => void> }).mediaHandlers;
      handlers[action as string]({ action, ...(details as object) });
    },
    [action, details] as const,
  );
}

const session = (page: Page) =>
  page.evaluate(() => {
    const { metadata, playbackState } = navigator.mediaSession;
    const w = window as unknown as { mediaHandlers: object; positionStates: MediaPositionState[] };
    return {
      title: metadata?.title,
      artist: metadata?.artist,
      album: metadata?.album,
      artwork: metadata ? [...metadata.artwork].map((a) => a.src) : [],
      playbackState,
      actions: Object.keys(w.mediaHandlers).sort(),
      lastPosition: w.positionStates[w.positionStates.length - 1],
    };
  });

test.describe("media session", () => {
  test("shows the track in the system's controls and obeys their buttons", async ({ page, baseURL }) => {
    await openLibrary(page);
    expect((await session(page)).playbackState).toBe("none");
    await expect.poll(async () => (await session(page)).actions).toEqual(
      ["nexttrack", "pause", "play", "previoustrack", "seekbackward", "seekforward", "seekto"].sort(),
    );

    await playTrack(page, "Morning Tide");
    const playing = await session(page);
    expect(playing).toMatchObject({
      title: "Morning Tide",
      artist: "Lumen Drift",
      album: "Harbour Lights",
      playbackState: "playing",
    });
    // The cover as an absolute URL on this server.
    expect(playing.artwork).toHaveLength(1);
    expect(playing.artwork[0]).toMatch(new RegExp(`^${baseURL}/covers/(\\d+|none)$`));

    // The position the system's seek bar shows follows playback.
    await expect.poll(async () => (await session(page)).lastPosition?.position ?? 0).toBeGreaterThan(0.5);
    const { lastPosition } = await session(page);
    expect(lastPosition.duration).toBeCloseTo(27.3, 0);
    expect(lastPosition.playbackRate).toBe(1);

    await press(page, "pause");
    await expect.poll(async () => (await audioState(page)).paused).toBe(true);
    await expect.poll(async () => (await session(page)).playbackState).toBe("paused");
    await press(page, "play");
    await expect.poll(async () => (await audioState(page)).paused).toBe(false);
    await expect.poll(async () => (await session(page)).playbackState).toBe("playing");

    await press(page, "seekto", { seekTime: 20 });
    await expect.poll(async () => (await audioState(page)).currentTime).toBeGreaterThanOrEqual(20);
    await expect.poll(async () => (await session(page)).lastPosition.position).toBeGreaterThanOrEqual(20);
    await press(page, "pause");
    await expect.poll(async () => (await audioState(page)).paused).toBe(true);
    const at = (await audioState(page)).currentTime;
    await press(page, "seekbackward");
    await expect.poll(async () => (await audioState(page)).currentTime).toBeCloseTo(at - 5, 1);
    await press(page, "seekforward");
    await expect.poll(async () => (await audioState(page)).currentTime).toBeCloseTo(at + 5, 1);
    await press(page, "seekforward", { seekOffset: 2 });
    await expect.poll(async () => (await audioState(page)).currentTime).toBeCloseTo(at + 7, 1);

    await press(page, "nexttrack");
    await expect(page.locator(".now-title")).toHaveText("Café Arpeggio");
    await expect.poll(async () => (await session(page)).title).toBe("Café Arpeggio");
    await press(page, "previoustrack");
    await expect(page.locator(".now-title")).toHaveText("Morning Tide");
    await expect.poll(async () => (await session(page)).title).toBe("Morning Tide");
  });
});
