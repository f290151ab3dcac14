// The player in headless Chromium: time to first audio after a click on a track, and the time
// from a seek on the seek bar until playback runs again. Run by seek_playing.sh, which starts the
// release server and adds the user; this file only drives the browser and writes the results.
//
//   BENCH_URL=… BENCH_PASSWORD=… node scripts/bench/seek_playing.mjs   (environment below)
//
// The page and the stream are for signed-in users. Each browser context signs in first, with the
// POST the sign-in form sends (`username`, `password`), made through the context's own request
// client (context.request): the session cookie lands in the context's cookie jar, so the page and
// its <audio> element's Range requests carry it. Not by filling in the form in the page, since the
// sign-in page loads /pkg/cadenza.css, and each page load below is meant to start with an empty
// cache. The password is written nowhere (not in the JSON either).
//
// Every time is taken inside the page with performance.now(), by capture-phase listeners on
// `document` installed before the app's scripts run (media events do not bubble, but capture
// listeners on the document still see them):
//
//   first audio  the `click` on the track's title link → the audio element's first `playing`
//   seek         the seek bar's `change` event (Playwright's fill() on the range input, as a click
//                or the end of a drag sends it; the app's handler then sets audio.currentTime) →
//                the first `playing` event after it. Should Chromium not fire `playing` (a seek
//                into data it already holds, without `waiting`), the `seeked` event counts and
//                the sample is flagged as "seeked-only".
//
// The Range requests behind each seek come from the DevTools protocol (Network domain), mapped
// onto the page's clock through the document request (its sendStart equals the navigation
// entry's requestStart), so each seek splits into: seek → request sent (the media pipeline
// deciding to fetch), request sent → response headers (server TTFB), headers → first body bytes,
// and first bytes → playing (demux, decode, audio renderer preroll).
//
// Environment:
//   BENCH_URL          base URL of the running server (e.g. http://127.0.0.1:3190)
//   BENCH_USER         [bench] who to sign in as
//   BENCH_PASSWORD     their password (required)
//   BENCH_TITLE        ["Hour Long"] title of the track to play
//   BENCH_SEEKS        [20] seeks to random positions
//   BENCH_LOADS        [5] page loads (fresh browser context each) for the first-audio time
//   BENCH_SETTLE_MS    [1000] playback time between two seeks
//   BENCH_SEED         [6] seed of the seek positions (the same positions on every run)
//   BENCH_JSON         [target/bench/seek-playing.json] raw samples
//   CHROMIUM_PATH      [/usr/bin/chromium]
import { createRequire } from "node:module";
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(join(ROOT, "end2end", "package.json"));
const { chromium } = require("playwright-core");

const BASE = process.env.BENCH_URL;
if (!BASE) {
  console.error("BENCH_URL is not set (seek_playing.sh sets it)");
  process.exit(2);
}
const USER = process.env.BENCH_USER ?? "bench";
const PASSWORD = process.env.BENCH_PASSWORD;
if (!PASSWORD) {
  console.error("BENCH_PASSWORD is not set (seek_playing.sh sets it): the page is for signed-in users");
  process.exit(2);
}
const TITLE = process.env.BENCH_TITLE ?? "Hour Long";
const SEEKS = Number(process.env.BENCH_SEEKS ?? 20);
const LOADS = Number(process.env.BENCH_LOADS ?? 5);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 1000);
const SEED = Number(process.env.BENCH_SEED ?? 6);
const JSON_OUT = process.env.BENCH_JSON ?? join(ROOT, "target/bench/seek-playing.json");

const LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
  ],
};

/** Installed before any script of the page: records clicks, seek bar changes and media events. */
function recorder() {
  const log = [];
  window.__bench = { log };
  const now = () => performance.now();
  const media = ["loadstart", "loadedmetadata", "canplay", "play", "playing", "waiting", "seeking", "seeked", "pause", "stalled", "error", "ended"];
  for (const type of media) {
    document.addEventListener(
      type,
      (e) => {
        if (e.target instanceof HTMLMediaElement) {
          log.push({ type, t: now(), ct: e.target.currentTime, rs: e.target.readyState });
        }
      },
      true,
    );
  }
  document.addEventListener(
    "click",
    (e) => {
      const link = e.target instanceof Element ? e.target.closest("tr.track a") : null;
      if (link) log.push({ type: "click", t: now(), text: link.textContent.trim() });
    },
    true,
  );
  document.addEventListener(
    "change",
    (e) => {
      const input = e.target;
      if (input instanceof HTMLInputElement && input.classList.contains("seek")) {
        const audio = document.querySelector("audio");
        const target = Number(input.value);
        let buffered = false;
        for (let i = 0; audio && i < audio.buffered.length; i++) {
          if (audio.buffered.start(i) <= target && target < audio.buffered.end(i)) buffered = true;
        }
        log.push({ type: "seek", t: now(), target, buffered, from: audio ? audio.currentTime : null });
      }
    },
    true,
  );
  // When the WASM marks the page as hydrated (an Effect sets body[data-hydrated]).
  new MutationObserver((_, observer) => {
    if (document.body && document.body.hasAttribute("data-hydrated")) {
      log.push({ type: "hydrated", t: now() });
      observer.disconnect();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-hydrated"] });
}

/** Network events of one page through CDP, kept by request id. */
async function watchNetwork(context, page) {
  const cdp = await context.newCDPSession(page);
  const requests = new Map();
  const get = (id) => {
    if (!requests.has(id)) requests.set(id, { id, chunks: [] });
    return requests.get(id);
  };
  cdp.on("Network.requestWillBeSent", (e) => {
    const r = get(e.requestId);
    r.url = e.request.url;
    r.range = e.request.headers.Range ?? e.request.headers.range ?? null;
    r.willBeSent = e.timestamp * 1000;
  });
  cdp.on("Network.requestWillBeSentExtraInfo", (e) => {
    const r = get(e.requestId);
    r.range = r.range ?? e.headers.Range ?? e.headers.range ?? null;
  });
  cdp.on("Network.responseReceived", (e) => {
    const r = get(e.requestId);
    const timing = e.response.timing;
    r.status = e.response.status;
    r.contentRange = e.response.headers["Content-Range"] ?? e.response.headers["content-range"] ?? null;
    r.contentEncoding = e.response.headers["Content-Encoding"] ?? e.response.headers["content-encoding"] ?? null;
    if (timing) {
      const base = timing.requestTime * 1000;
      r.sendStart = base + timing.sendStart;
      r.headersEnd = base + timing.receiveHeadersEnd;
    }
  });
  cdp.on("Network.dataReceived", (e) => {
    get(e.requestId).chunks.push({ t: e.timestamp * 1000, bytes: e.dataLength });
  });
  cdp.on("Network.loadingFinished", (e) => {
    const r = get(e.requestId);
    r.finished = e.timestamp * 1000;
    r.encodedDataLength = e.encodedDataLength;
  });
  cdp.on("Network.loadingFailed", (e) => {
    const r = get(e.requestId);
    r.failed = e.timestamp * 1000;
    r.error = e.errorText + (e.canceled ? " (canceled)" : "");
  });
  await cdp.send("Network.enable");
  return { cdp, requests };
}

/** Offset that turns a CDP monotonic time (ms) into the page's performance.now() time. */
async function clockOffset(page, requests) {
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType("navigation")[0];
    return { url: n.name, requestStart: n.requestStart, responseStart: n.responseStart };
  });
  const doc = [...requests.values()].find((r) => r.url === nav.url && r.sendStart !== undefined);
  if (!doc) throw new Error(`no CDP record of the document request ${nav.url}`);
  return {
    offset: doc.sendStart - nav.requestStart,
    // How far the two clocks disagree on the response start (a check of the mapping).
    check: doc.headersEnd - (doc.sendStart - nav.requestStart) - nav.responseStart,
  };
}

/** Signs the context in: POST /login as the form sends it; 303 with the session cookie, which the
 * context's cookie jar keeps for the page (see the top of this file). */
async function signIn(context) {
  const response = await context.request.post(BASE + "/login", {
    form: { username: USER, password: PASSWORD },
    maxRedirects: 0,
  });
  const status = response.status();
  await response.dispose();
  const cookies = await context.cookies(BASE);
  if (status !== 303 || !cookies.some((c) => c.name.endsWith("cadenza_session"))) {
    throw new Error(`signing in as ${USER} failed: POST /login answered ${status}${status === 303 ? " without a session cookie" : ""}`);
  }
}

async function openPage(browser) {
  const context = await browser.newContext();
  await signIn(context);
  const page = await context.newPage();
  await page.addInitScript(recorder);
  const net = await watchNetwork(context, page);
  await page.goto(BASE + "/");
  if (new URL(page.url()).pathname !== "/") {
    throw new Error(`${BASE}/ sent the browser on to ${page.url()}: the session cookie did not work`);
  }
  await page.locator("body[data-hydrated]").waitFor({ state: "attached", timeout: 30_000 });
  const clock = await clockOffset(page, net.requests);
  return { context, page, net, clock };
}

const log = (page) => page.evaluate(() => window.__bench.log);

/** Waits until the page log has an entry after index `from` that `match` accepts (checked in the page). */
async function waitForEvent(page, from, types, timeout = 20_000) {
  await page.waitForFunction(
    ([from, types]) => window.__bench.log.slice(from).some((e) => types.includes(e.type)),
    [from, types],
    { timeout, polling: 10 },
  );
}

/** Clicks the track and returns the first-audio sample. */
async function firstAudio(page) {
  const start = (await log(page)).length;
  await page.getByRole("link", { name: TITLE, exact: true }).click();
  await waitForEvent(page, start, ["playing"]);
  const entries = (await log(page)).slice(start);
  const click = entries.find((e) => e.type === "click");
  const playing = entries.find((e) => e.type === "playing" && e.t >= click.t);
  const first = (type) => entries.find((e) => e.type === type && e.t >= click.t);
  return {
    ms: playing.t - click.t,
    loadedmetadata: first("loadedmetadata") ? first("loadedmetadata").t - click.t : null,
    canplay: first("canplay") ? first("canplay").t - click.t : null,
    clickAt: click.t,
  };
}

/** Deterministic positions (mulberry32) spread over the whole track. */
function positions(count, duration, seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => Math.round(next() * (duration - 10) * 1000) / 1000);
}

/** Network phases of the media requests that started after `t0` (page clock), until `tEnd`. */
function mediaRequestsBetween(requests, clock, t0, tEnd) {
  const page = (t) => (t === undefined ? undefined : t - clock.offset);
  return [...requests.values()]
    .filter((r) => r.url && r.url.includes("/music/track") && page(r.willBeSent) >= t0 - 1 && page(r.willBeSent) <= tEnd)
    .sort((a, b) => a.willBeSent - b.willBeSent)
    .map((r) => {
      const firstChunk = r.chunks.length ? r.chunks[0].t : undefined;
      const bytesBeforeEnd = r.chunks.filter((c) => page(c.t) <= tEnd).reduce((s, c) => s + c.bytes, 0);
      return {
        range: r.range,
        status: r.status,
        contentRange: r.contentRange,
        sent: page(r.sendStart ?? r.willBeSent) - t0,
        willBeSent: page(r.willBeSent) - t0,
        headers: r.headersEnd === undefined ? null : page(r.headersEnd) - t0,
        firstBytes: firstChunk === undefined ? null : page(firstChunk) - t0,
        ttfb: r.headersEnd === undefined || r.sendStart === undefined ? null : r.headersEnd - r.sendStart,
        bytesBeforePlaying: bytesBeforeEnd,
        error: r.error ?? null,
      };
    });
}

async function seeks(page, net, clock) {
  const audio = page.locator("audio");
  const duration = await audio.evaluate((a) => a.duration);
  const slider = page.getByRole("slider", { name: "Seek" });
  const samples = [];
  for (const target of positions(SEEKS, duration, SEED)) {
    // Let playback run steadily before each seek, as a listener would.
    await page.waitForFunction(() => !document.querySelector("audio").paused, null, { timeout: 20_000 });
    await page.waitForTimeout(SETTLE_MS);
    const start = (await log(page)).length;
    await slider.fill(String(target));
    await waitForEvent(page, start, ["playing", "seeked"]);
    // `seeked` may come first; give `playing` its chance before calling it a seeked-only sample.
    try {
      await waitForEvent(page, start, ["playing"], 5_000);
    } catch {
      /* seeked-only */
    }
    const entries = (await log(page)).slice(start);
    const seek = entries.find((e) => e.type === "seek");
    const after = (type) => entries.find((e) => e.type === type && e.t >= seek.t);
    const playing = after("playing");
    const seeked = after("seeked");
    const end = playing ?? seeked;
    samples.push({
      target,
      from: seek.from,
      buffered: seek.buffered,
      ms: end.t - seek.t,
      kind: playing ? "playing" : "seeked-only",
      seeking: after("seeking") ? after("seeking").t - seek.t : null,
      waiting: after("waiting") ? after("waiting").t - seek.t : null,
      seeked: seeked ? seeked.t - seek.t : null,
      playing: playing ? playing.t - seek.t : null,
      requests: mediaRequestsBetween(net.requests, clock, seek.t, end.t),
    });
  }
  return { duration, samples };
}

/** Nearest-rank percentile (with 20 samples, p99 is the largest). */
function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(values) {
  const v = values.filter((x) => x !== null && x !== undefined);
  if (!v.length) return null;
  return { n: v.length, p50: percentile(v, 50), p99: percentile(v, 99), max: Math.max(...v), min: Math.min(...v) };
}

const browser = await chromium.launch(LAUNCH);
const result = { url: BASE, chromium: browser.version(), title: TITLE, settleMs: SETTLE_MS, seed: SEED };
try {
  // First audio: a fresh context (empty cache) for each page load.
  result.loads = [];
  let kept;
  for (let i = 0; i < LOADS; i++) {
    const opened = await openPage(browser);
    const hydrated = (await log(opened.page)).find((e) => e.type === "hydrated");
    const sample = await firstAudio(opened.page);
    sample.hydratedAt = hydrated ? hydrated.t : null;
    const reqs = mediaRequestsBetween(opened.net.requests, opened.clock, sample.clickAt, sample.clickAt + sample.ms);
    sample.requests = reqs;
    const pkg = [...opened.net.requests.values()].filter((r) => r.url && r.url.includes("/pkg/"));
    sample.pkg = pkg.map((r) => ({ url: r.url.replace(BASE, ""), encodedDataLength: r.encodedDataLength, contentEncoding: r.contentEncoding }));
    sample.clockCheckMs = opened.clock.check;
    result.loads.push(sample);
    if (i === LOADS - 1) kept = opened;
    else await opened.context.close();
  }
  // Seeks, in the last page, which is playing the track.
  const { duration, samples } = await seeks(kept.page, kept.net, kept.clock);
  result.duration = duration;
  result.seeks = samples;
  await kept.context.close();
} finally {
  await browser.close();
}

const seekMs = result.seeks.map((s) => s.ms);
const firstReq = (s) => s.requests.find((r) => r.status === 206 || r.status === 200) ?? s.requests[0];
result.summary = {
  firstAudio: summary(result.loads.map((l) => l.ms)),
  hydrated: summary(result.loads.map((l) => l.hydratedAt)),
  seek: summary(seekMs),
  seekToRequest: summary(result.seeks.map((s) => (firstReq(s) ? firstReq(s).sent : null))),
  seekTtfb: summary(result.seeks.map((s) => (firstReq(s) ? firstReq(s).ttfb : null))),
  seekHeadersToPlaying: summary(result.seeks.map((s) => (firstReq(s) && firstReq(s).headers !== null ? s.ms - firstReq(s).headers : null))),
  seekFirstBytesToPlaying: summary(result.seeks.map((s) => (firstReq(s) && firstReq(s).firstBytes !== null ? s.ms - firstReq(s).firstBytes : null))),
  seekRequests: summary(result.seeks.map((s) => s.requests.length)),
  seekBytesBeforePlaying: summary(result.seeks.map((s) => s.requests.reduce((sum, r) => sum + r.bytesBeforePlaying, 0))),
  kinds: result.seeks.reduce((m, s) => ({ ...m, [s.kind]: (m[s.kind] ?? 0) + 1 }), {}),
  bufferedTargets: result.seeks.filter((s) => s.buffered).length,
};

mkdirSync(dirname(JSON_OUT), { recursive: true });
writeFileSync(JSON_OUT, JSON.stringify(result, null, 2));
process.stdout.write(JSON.stringify(result.summary, null, 2) + "\n");
