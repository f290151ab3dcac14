// A long playlist in headless Chromium: how long `/playlists/{id}` takes until its entries are
// shown and until the page is interactive, and how long a reorder takes, by the move buttons
// (a mouse click, then Enter on the button that keeps the focus) and by a drag. Run by
// collection.sh, which starts the release server with the playlist in its database; this file
// only drives the browser and writes the results.
//
//   BENCH_URL=… BENCH_PASSWORD=… BENCH_PLAYLIST=ID node scripts/bench/playlist_browser.mjs
//
// Each browser context signs in first with the sign-in form's POST (as seek_playing.mjs does).
// Every time is taken inside the page with performance.now(), by an init script installed
// before the app's scripts:
//
//   load     navigation start → response start (server), → the whole HTML received,
//            → DOMContentLoaded (every server-rendered entry is in the document then; their count
//            is checked), → first contentful paint, → body[data-hydrated] (the WASM has hydrated
//            the page: the buttons work). Long tasks (PerformanceObserver "longtask", ≥ 50 ms)
//            until then are listed.
//   reorder  the input event (capture-phase listener on document: `click` for a move button,
//            whether from the mouse or from Enter; `drop` for a drag) → the first DOM mutation
//            after which the moved entry is at its new place (MutationObserver on the list),
//            → the next animation frame after it (about when the change is painted). Event
//            Timing's duration of that event (input → next paint, 8 ms steps) is kept too, and
//            every long task that starts within a second of the input. Then the page waits for
//            the answer of the server function edit_playlist (its Resource Timing is kept).
//
// "Without a visible stall" is read as: no long task over 100 ms, and the change on the screen
// within 100 ms of the input.
//
// At the end the order in the page is compared with the order expected from the moves made, and
// once more after a reload (what the server kept).
//
// Environment:
//   BENCH_URL        base URL of the running server
//   BENCH_USER       [bench]    BENCH_PASSWORD (required)
//   BENCH_PLAYLIST   the playlist's id (required); BENCH_ENTRIES [5000]: how many entries it has
//   BENCH_LOADS      [3] page loads, each in a fresh context (empty cache)
//   BENCH_JSON       [target/bench/collection/playlist-browser.json]
//   CHROMIUM_PATH    [/usr/bin/chromium]
//   BENCH_EXTRA_CSS  a style sheet added to each page before it loads (an experiment, e.g.
//                    "li.entry{content-visibility:auto;contain-intrinsic-size:auto 2.5rem}")
import { createRequire } from "node:module";
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(join(ROOT, "end2end", "package.json"));
const { chromium } = require("playwright-core");

const BASE = process.env.BENCH_URL;
const USER = process.env.BENCH_USER ?? "bench";
const PASSWORD = process.env.BENCH_PASSWORD;
const PLAYLIST = process.env.BENCH_PLAYLIST;
if (!BASE || !PASSWORD || !PLAYLIST) {
  console.error("BENCH_URL, BENCH_PASSWORD and BENCH_PLAYLIST must be set (collection.sh sets them)");
  process.exit(2);
}
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 5000);
const LOADS = Number(process.env.BENCH_LOADS ?? 3);
const JSON_OUT = process.env.BENCH_JSON ?? join(ROOT, "target/bench/collection/playlist-browser.json");
const ADDRESS = `${BASE}/playlists/${PLAYLIST}`;

const LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
};

/** Installed before any script of the page. */
function recorder() {
  const b = { longtasks: [], events: [], inputs: [], hydrated: null, dcl: null, watch: null, done: [] };
  window.__bench = b;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.name === "click" || e.name === "drop" || e.name === "keydown" || e.name === "pointerup") {
          b.events.push({ name: e.name, start: e.startTime, duration: e.duration,
            processingStart: e.processingStart, processingEnd: e.processingEnd });
        }
      }
    }).observe({ type: "event", durationThreshold: 16, buffered: true });
  } catch { /* no Event Timing */ }
  for (const type of ["click", "drop", "dragstart"]) {
    document.addEventListener(type, (e) => {
      const t = performance.now();
      const el = e.target instanceof Element ? e.target : null;
      b.inputs.push({ type, t, label: el?.getAttribute("aria-label") ?? el?.tagName ?? null });
    }, true);
  }
  document.addEventListener("DOMContentLoaded", () => {
    b.dcl = { t: performance.now(), entries: document.querySelectorAll("li.entry").length };
  });
  new MutationObserver((_, observer) => {
    if (document.body && document.body.hasAttribute("data-hydrated")) {
      b.hydrated = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-hydrated"] });
  /** Watches the list until entry `index` links to `href`; records when, and the frame after. */
  b.expect = (index, href) => {
    const list = document.querySelector("ol.playlist-entries");
    const at = () => list.children[index]?.querySelector("a.title")?.getAttribute("href");
    const sample = { index, href, dom: null, frame: null, mutations: 0 };
    b.done.push(sample);
    const observer = new MutationObserver((records) => {
      sample.mutations += records.length;
      if (sample.dom === null && at() === href) {
        sample.dom = performance.now();
        observer.disconnect();
        requestAnimationFrame(() => { sample.frame = performance.now(); });
      }
    });
    observer.observe(list, { childList: true });
  };
}

async function signIn(context) {
  const response = await context.request.post(BASE + "/login", {
    form: { username: USER, password: PASSWORD },
    headers: { Origin: BASE },
    maxRedirects: 0,
  });
  const status = response.status();
  await response.dispose();
  const cookies = await context.cookies(BASE);
  if (status !== 303 || !cookies.some((c) => c.name.endsWith("cadenza_session"))) {
    throw new Error(`signing in as ${USER} failed: POST /login answered ${status}`);
  }
}

const hrefs = (page) => page.$$eval("ol.playlist-entries li.entry a.title", (as) => as.map((a) => a.getAttribute("href")));

async function load(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await signIn(context);
  const page = await context.newPage();
  await page.addInitScript(recorder);
  if (process.env.BENCH_EXTRA_CSS) {
    await page.addInitScript((css) => {
      document.addEventListener("DOMContentLoaded", () => {
        const style = document.createElement("style");
        style.textContent = css;
        document.head.append(style);
      });
    }, process.env.BENCH_EXTRA_CSS);
  }
  await page.goto(ADDRESS, { waitUntil: "load", timeout: 120_000 });
  await page.waitForFunction(() => window.__bench.hydrated !== null, null, { timeout: 120_000, polling: 50 });
  const count = await page.locator("li.entry").count();
  if (count !== ENTRIES) throw new Error(`${count} entries in the page, ${ENTRIES} expected`);
  await page.waitForTimeout(500); // long tasks right after hydration are counted too
  const sample = await page.evaluate(() => {
    const n = performance.getEntriesByType("navigation")[0];
    const fcp = performance.getEntriesByName("first-contentful-paint")[0];
    const b = window.__bench;
    return {
      responseStart: n.responseStart, responseEnd: n.responseEnd, domContentLoaded: b.dcl?.t ?? n.domContentLoadedEventStart,
      entriesAtDcl: b.dcl?.entries ?? null, fcp: fcp ? fcp.startTime : null, load: n.loadEventEnd,
      hydrated: b.hydrated, htmlBytes: n.decodedBodySize, htmlTransfer: n.transferSize,
      wasm: performance.getEntriesByType("resource").filter((r) => r.name.includes("/pkg/")).map((r) => ({ name: r.name.split("/").pop(), duration: r.duration, end: r.responseEnd })),
      longtasks: b.longtasks.filter((t) => t.start <= b.hydrated + 500),
    };
  });
  sample.longestTask = Math.max(0, ...sample.longtasks.map((t) => t.duration));
  return { context, page, sample };
}

/** One reorder: `act` makes the input; the entry expected at `index` afterwards has `href`. */
async function reorder(page, kind, index, href, act) {
  const before = await page.evaluate(() => ({ inputs: window.__bench.inputs.length, events: window.__bench.events.length, done: window.__bench.done.length }));
  await page.evaluate(([i, h]) => window.__bench.expect(i, h), [index, href]);
  const answered = page.waitForResponse((r) => r.url().endsWith("/api/edit_playlist"), { timeout: 60_000 });
  await act();
  await page.waitForFunction((k) => window.__bench.done[k]?.frame != null, before.done, { timeout: 60_000, polling: 10 });
  const response = await answered;
  if (response.status() !== 200) throw new Error(`edit_playlist answered ${response.status()}`);
  await page.waitForTimeout(1000); // long tasks and Event Timing entries of this input arrive
  return page.evaluate(([before, kind]) => {
    const b = window.__bench;
    const type = kind === "drag" ? "drop" : "click";
    const input = b.inputs.slice(before.inputs).find((e) => e.type === type);
    const done = b.done[before.done];
    const event = b.events.slice(before.events).find((e) => e.name === type && Math.abs(e.start - input.t) < 50);
    const edits = performance.getEntriesByType("resource").filter((r) => r.name.endsWith("/api/edit_playlist") && r.startTime >= input.t - 1);
    const edit = edits[0];
    return {
      kind, label: input.label,
      toDom: done.dom - input.t,
      toFrame: done.frame - input.t,
      mutations: done.mutations,
      eventDuration: event ? event.duration : null,
      eventProcessing: event ? event.processingEnd - event.processingStart : null,
      longtasks: b.longtasks.filter((t) => t.start >= input.t - 20 && t.start <= input.t + 1000),
      serverEdit: edit ? { sent: edit.requestStart - input.t, duration: edit.responseEnd - edit.startTime, ttfb: edit.responseStart - edit.requestStart } : null,
    };
  }, [before, kind]);
}

const move = (list, from, to) => { const [x] = list.splice(from, 1); list.splice(to, 0, x); };

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
const result = { url: ADDRESS, chromium: browser.version(), entries: ENTRIES, extraCss: process.env.BENCH_EXTRA_CSS ?? null, loads: [], reorders: [] };
try {
  let kept;
  for (let i = 0; i < LOADS; i++) {
    const opened = await load(browser);
    result.loads.push(opened.sample);
    console.error(`load ${i + 1}: hydrated ${opened.sample.hydrated.toFixed(0)} ms, longest task ${opened.sample.longestTask.toFixed(0)} ms`);
    if (i === LOADS - 1) kept = opened;
    else await opened.context.close();
  }
  const { page } = kept;
  const expected = await hrefs(page);
  const entry = (i) => page.locator("ol.playlist-entries li.entry").nth(i);
  // Move buttons: a mouse click on "Move … down", then Enter twice on the button that keeps
  // the focus (the same entry going on down).
  for (const start of [0, 1000, 2500, 4000, ENTRIES - 4]) {
    const moved = expected[start];
    move(expected, start, start + 1);
    const button = entry(start).locator('button[aria-label$=" down"]');
    result.reorders.push(await reorder(page, "button (mouse)", start + 1, moved, () => button.click()));
    for (let k = 1; k <= 2; k++) {
      move(expected, start + k, start + k + 1);
      result.reorders.push(await reorder(page, "button (Enter)", start + k + 1, moved, () => page.keyboard.press("Enter")));
    }
    console.error(`moves at ${start}: ${result.reorders.slice(-3).map((r) => r.toFrame.toFixed(0)).join(", ")} ms`);
  }
  // Drags: an entry dropped on one a few rows above it (both on the screen at once).
  for (const [from, to] of [[5, 1], [1005, 1000], [2508, 2500], [4006, 4000], [ENTRIES - 2, ENTRIES - 8]]) {
    const moved = expected[from];
    move(expected, from, to);
    result.reorders.push(await reorder(page, "drag", to, moved, () => entry(from).dragTo(entry(to))));
    console.error(`drag ${from} → ${to}: ${result.reorders.at(-1).toFrame.toFixed(0)} ms`);
  }
  const shown = await hrefs(page);
  result.orderInPage = shown.length === expected.length && shown.every((h, i) => h === expected[i]);
  await page.reload({ waitUntil: "load", timeout: 120_000 });
  await page.waitForFunction(() => window.__bench.hydrated !== null, null, { timeout: 120_000, polling: 50 });
  const kept2 = await hrefs(page);
  result.orderAfterReload = kept2.length === expected.length && kept2.every((h, i) => h === expected[i]);
  await kept.context.close();
} finally {
  await browser.close();
}

const L = result.loads;
const R = (kind) => result.reorders.filter((r) => kind === undefined || r.kind === kind);
const longest = (r) => Math.max(0, ...r.longtasks.map((t) => t.duration));
result.summary = {
  responseStart: summary(L.map((l) => l.responseStart)),
  responseEnd: summary(L.map((l) => l.responseEnd)),
  domContentLoaded: summary(L.map((l) => l.domContentLoaded)),
  fcp: summary(L.map((l) => l.fcp)),
  hydrated: summary(L.map((l) => l.hydrated)),
  loadLongestTask: summary(L.map((l) => l.longestTask)),
  htmlBytes: L[0]?.htmlBytes,
  entriesAtDcl: L.map((l) => l.entriesAtDcl),
};
for (const kind of ["button (mouse)", "button (Enter)", "drag"]) {
  result.summary[kind] = {
    toDom: summary(R(kind).map((r) => r.toDom)),
    toFrame: summary(R(kind).map((r) => r.toFrame)),
    eventDuration: summary(R(kind).map((r) => r.eventDuration)),
    longestTask: summary(R(kind).map(longest)),
    tasksOver100: R(kind).filter((r) => longest(r) > 100).length,
    serverEdit: summary(R(kind).map((r) => r.serverEdit?.duration)),
  };
}
result.summary.orderInPage = result.orderInPage;
result.summary.orderAfterReload = result.orderAfterReload;
mkdirSync(dirname(JSON_OUT), { recursive: true });
writeFileSync(JSON_OUT, JSON.stringify(result, null, 2));
process.stdout.write(JSON.stringify(result.summary, null, 2) + "\n");
