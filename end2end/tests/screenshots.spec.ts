import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./accounts";
import { openLibrary, playTrack } from "./helpers";

// Pictures of the page while a track plays, light and dark, at desktop and phone width: attached
// to the test results and kept under test-results/ for a person to look at. They assert only
// that the player bar fits the width and leaves the title room; the looking is done by people.
const sizes = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
];

for (const colorScheme of ["light", "dark"] as const) {
  for (const size of sizes) {
    test(`screenshot: ${size.name}, ${colorScheme}`, async ({ page }, testInfo) => {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.emulateMedia({ colorScheme });
      await openLibrary(page);
      await playTrack(page, "Morning Tide");
      await page.getByRole("button", { name: "Shuffle" }).click();
      await page.getByRole("button", { name: "Repeat: off" }).click();
      await page.getByRole("link", { name: "Morning Tide", exact: true }).blur();
      // The title of what plays has room to be read (on a phone it once got three letters).
      expect((await page.locator(".now-title").boundingBox())!.width).toBeGreaterThan(100);
      // Nothing in the player bar spills out of the window.
      const bar = (await page.locator("footer.player").boundingBox())!;
      expect(bar.width).toBeLessThanOrEqual(size.width);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);

      await shoot(`player-${size.name}-${colorScheme}`);

      // The message about a track that cannot play (shown for a moment before the next one).
      await page.getByRole("link", { name: "Vanishing Act", exact: true }).click();
      await expect(page.getByRole("alert")).toBeVisible();
      await page.getByRole("link", { name: "Vanishing Act", exact: true }).blur();
      await shoot(`player-${size.name}-${colorScheme}-error`);

      async function shoot(name: string) {
        const png = await page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
        await testInfo.attach(name, { body: png, contentType: "image/png" });
      }
    });
  }
}

// The sign-in form, which a new visitor sees first.
for (const colorScheme of ["light", "dark"] as const) {
  for (const size of sizes) {
    test(`screenshot: sign-in, ${size.name}, ${colorScheme}`, async ({ browser }, testInfo) => {
      const context = await browser.newContext({
        storageState: { cookies: [], origins: [] },
        viewport: { width: size.width, height: size.height },
        colorScheme,
      });
      const page = await context.newPage();
      await page.goto("/");
      await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const png = await page.screenshot({ path: testInfo.outputPath(`sign-in-${size.name}-${colorScheme}.png`) });
      await testInfo.attach(`sign-in-${size.name}-${colorScheme}`, { body: png, contentType: "image/png" });
      await context.close();
    });
  }
}

// The admin's users page and the account page, as an admin sees them.
for (const [colorScheme, size] of [["light", sizes[0]], ["dark", sizes[1]]] as const) {
  test(`screenshot: admin and account pages, ${size.name}, ${colorScheme}`, async ({ browser }, testInfo) => {
    const context = await browser.newContext({
      storageState: { cookies: [], origins: [] },
      viewport: { width: size.width, height: size.height },
      colorScheme,
    });
    const page = await context.newPage();
    await page.goto("/login");
    await signIn(page, ADMIN);
    for (const path of ["/admin", "/account"]) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const name = `${path.slice(1)}-${size.name}-${colorScheme}`;
      const png = await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
      await testInfo.attach(name, { body: png, contentType: "image/png" });
    }
    await context.close();
  });
}

// The collection's views, light on a desktop and dark on a phone: nothing spills out of the
// window, and the album grid shows its covers.
for (const [size, colorScheme] of [
  [sizes[0], "light"],
  [sizes[1], "dark"],
] as const) {
  test(`screenshot: collection views, ${size.name}, ${colorScheme}`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.emulateMedia({ colorScheme });
    await openLibrary(page, "/albums");
    await expect(page.locator(".album-card img").first()).toBeVisible();
    await shoot("albums");
    await page.locator(".album-card", { hasText: "Harbour Lights" }).locator("a.album-link").click();
    await expect(page.getByRole("heading", { name: "Harbour Lights" })).toBeVisible();
    await shoot("album");
    await page.locator(".detail-facts .by a").click();
    await expect(page.getByRole("heading", { name: "Lumen Drift" })).toBeVisible();
    await shoot("artist");
    for (const view of ["Playlists", "Favourites", "History"]) {
      await page.getByRole("navigation", { name: "Library" }).getByRole("link", { name: view }).click();
      await expect(page.getByRole("heading", { name: view, level: 2 })).toBeVisible();
      await shoot(view.toLowerCase());
    }

    async function shoot(name: string) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${name} spills out`).toBeLessThanOrEqual(0);
      const file = `collection-${name}-${size.name}-${colorScheme}`;
      const png = await page.screenshot({ path: testInfo.outputPath(`${file}.png`) });
      await testInfo.attach(file, { body: png, contentType: "image/png" });
    }
  });
}
