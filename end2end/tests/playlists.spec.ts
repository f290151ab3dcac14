import { expect, test, type Page } from "@playwright/test";
import { ADMIN, signInFromStart } from "./accounts";
import { openLibrary } from "./helpers";

const entries = (page: Page) => page.locator(".playlist-entries a.title");
const library = (page: Page) => page.getByRole("navigation", { name: "Library" });

/** Adds the track titled `title` from the list shown to the playlist `name`. */
async function addFromList(page: Page, title: string, name: string) {
  await page.getByLabel(`Add ${title} to a playlist`).click();
  await page.locator("details[open] .menu").getByRole("button", { name }).click();
  await expect(page.locator("details.add-to .done").filter({ hasText: `Added to ${name}` }).first()).toBeAttached();
}

test.describe("playlists", () => {
  test("a playlist made, filled from the list and an album, reordered by keyboard and drag, reloaded and played; private to its owner", async ({ page, browser }) => {
    const name = `Road trip ${Date.now()}`;
    await openLibrary(page, "/playlists");
    await page.getByPlaceholder("Name").fill(name);
    await page.getByRole("button", { name: "Create" }).click();
    await expect(page.getByRole("heading", { name })).toBeVisible();
    await expect(page).toHaveURL(/\/playlists\/\d+$/);
    const address = page.url();

    await library(page).getByRole("link", { name: "Tracks" }).click();
    await addFromList(page, "Night Garden", name);
    await addFromList(page, "Slow Orbit", name);
    await library(page).getByRole("link", { name: "Albums" }).click();
    await page.locator(".album-card", { hasText: "Paper Skies" }).locator("a.album-link").click();
    await page.getByLabel("Add Paper Skies to a playlist").click();
    await page.locator("details[open] .menu").getByRole("button", { name }).click();

    await page.goto(address);
    await expect(page.locator("body[data-hydrated]")).toBeAttached();
    await expect(entries(page)).toHaveText(["Night Garden", "Slow Orbit", "Sommernächte"]);
    // The keyboard moves the first entry down twice; the focus stays on its button.
    await page.getByRole("button", { name: "Move Night Garden down" }).focus();
    await page.keyboard.press("Enter");
    await expect(entries(page)).toHaveText(["Slow Orbit", "Night Garden", "Sommernächte"]);
    await page.keyboard.press("Enter");
    await expect(entries(page)).toHaveText(["Slow Orbit", "Sommernächte", "Night Garden"]);
    // A drag puts the last entry first.
    const row = (title: string) => page.locator(".playlist-entries li.entry", { hasText: title });
    await row("Night Garden").dragTo(row("Slow Orbit"));
    await expect(entries(page)).toHaveText(["Night Garden", "Slow Orbit", "Sommernächte"]);
    await page.getByRole("button", { name: "Remove Sommernächte" }).click();
    await expect(entries(page)).toHaveText(["Night Garden", "Slow Orbit"]);

    await page.reload();
    await expect(page.locator("body[data-hydrated]")).toBeAttached();
    await expect(entries(page)).toHaveText(["Night Garden", "Slow Orbit"]);
    await page.getByRole("button", { name: "Play playlist" }).click();
    await expect(page.locator(".now-title")).toHaveText("Night Garden");
    await page.getByRole("button", { name: "Next", exact: true }).click();
    await expect(page.locator(".now-title")).toHaveText("Slow Orbit");
    await page.getByRole("button", { name: "Pause", exact: true }).click();
    // The queue (this playlist, as it plays) goes to the end of it.
    await page.getByRole("button", { name: "Add the queue" }).click();
    await expect(entries(page)).toHaveText(["Night Garden", "Slow Orbit", "Night Garden", "Slow Orbit"]);

    // Another listener sees neither the playlist in the list nor at its address.
    const other = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const admin = await other.newPage();
    await signInFromStart(admin, ADMIN);
    await admin.goto("/playlists");
    await expect(admin.locator(".playlists")).not.toContainText(name);
    await admin.goto(address);
    await expect(admin.locator("main")).toContainText("No such playlist.");

    // Made public, it shows for them, to play but not to change.
    await page.getByLabel("Public: other listeners may play it").check();
    await expect(page.getByLabel("Public: other listeners may play it")).toBeChecked();
    await admin.reload();
    await expect(admin.getByRole("heading", { name })).toBeVisible();
    await expect(admin.locator(".playlist-entries a.title")).toHaveText(["Night Garden", "Slow Orbit", "Night Garden", "Slow Orbit"]);
    await expect(admin.getByRole("button", { name: "Remove Slow Orbit" })).toHaveCount(0);
    await expect(admin.getByRole("button", { name: "Delete" })).toHaveCount(0);
    await other.close();

    await page.getByRole("button", { name: "Delete" }).click();
    await expect(page).toHaveURL(/\/playlists$/);
    await expect(page.locator(".playlists")).not.toContainText(name);
  });
});
