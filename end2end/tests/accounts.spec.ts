import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { expect, request as apiRequest, test } from "@playwright/test";
import { ADMIN, LISTENER, signIn } from "./accounts";
import { openLibrary, trackLink } from "./helpers";

// These start from a browser without a session.
test.use({ storageState: { cookies: [], origins: [] } });

test.describe("accounts", () => {
  test("a visitor signs in through the form and lands on the page they asked for", async ({ page }) => {
    await page.goto("/?q=arpeggio");
    await expect(page).toHaveURL(/\/login\?next=%2F%3Fq%3Darpeggio$/);

    await signIn(page, { name: LISTENER.name, password: "not the password" });
    await expect(page.getByRole("alert")).toHaveText("Wrong name or password.");
    await expect(page).toHaveURL(/\/login$/);

    await signIn(page, LISTENER);
    await expect(page).toHaveURL(/\/\?q=arpeggio$/);
    await expect(trackLink(page, "Endless Arpeggio")).toBeVisible();
  });

  test("after signing out the stream answers 401, even to the old cookie", async ({ page, baseURL }) => {
    await page.goto("/login");
    await signIn(page, LISTENER);
    await openLibrary(page);
    const href = (await trackLink(page, "Night Garden").getAttribute("href")) ?? "";
    expect((await page.request.head(href)).status()).toBe(200);
    const [cookie] = await page.context().cookies();
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    const after = await page.request.get(href);
    expect(after.status()).toBe(401);
    expect(await after.json()).toEqual({ message: "UNAUTHENTICATED" });

    // A copy of the cookie taken before signing out opens nothing: the session is gone.
    const replay = await apiRequest.newContext({
      baseURL,
      extraHTTPHeaders: { cookie: `${cookie.name}=${cookie.value}` },
    });
    expect((await replay.get(href)).status()).toBe(401);
    await replay.dispose();
  });

  test("a fresh server prints a setup link that makes the first admin, once", async ({ page }) => {
    // A second server, with an empty database, as a new user starts one.
    const port = 3190;
    const db = "../target/e2e/setup.db";
    for (const file of [db, `${db}-wal`, `${db}-shm`]) rmSync(file, { force: true });
    const server = spawn(
      process.env.CADENZA_E2E_SERVER ?? "../target/debug/server",
      ["serve", "--no-scan", "--addr", `127.0.0.1:${port}`],
      {
        env: { ...process.env, DATABASE_URL: `sqlite://${db}?mode=rwc`, CADENZA_MEDIA_DIR: "../media" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    try {
      let printed = "";
      server.stdout.on("data", (chunk) => (printed += chunk));
      await expect.poll(() => printed, { timeout: 30_000 }).toContain("/setup?token=");
      const link = /(http:\/\/\S+\/setup\?token=\S+)/.exec(printed)![1];

      await page.goto(`http://127.0.0.1:${port}/`);
      await expect(page).toHaveURL(/\/login$/);
      await expect(page.locator("main.account")).toContainText("setup link");
      const guessed = await page.goto(`http://127.0.0.1:${port}/setup?token=guess`);
      expect(guessed!.status()).toBe(403);

      await page.goto(link);
      await page.getByLabel("Name").fill("Root");
      // Long enough for the browser's own check, but one of the most common: the server refuses it.
      await page.getByLabel("Password").fill("password123");
      await page.getByRole("button", { name: "Create the account" }).click();
      await expect(page.getByRole("alert")).toContainText("most common");
      await page.getByLabel("Password").fill("the first admin's passphrase");
      await page.getByRole("button", { name: "Create the account" }).click();
      await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
      await expect(page).toHaveURL(`http://127.0.0.1:${port}/`);

      const again = await page.goto(link);
      expect(again!.status()).toBe(403);
    } finally {
      server.kill();
    }
  });

  test("an admin adds a user with a temporary password, which the user must replace", async ({ page }) => {
    await page.goto("/login");
    await signIn(page, ADMIN);
    await page.getByRole("link", { name: "Account" }).click();
    await expect(page.locator("main.account")).toContainText(`Signed in as ${ADMIN.name}`);
    await page.getByRole("link", { name: "Manage users" }).click();
    await expect(page).toHaveURL(/\/admin$/);

    const name = `sam${Date.now() % 100000}`;
    const form = page.locator('form[action="/admin/users"]');
    await form.getByLabel("Name").fill(name);
    await form.getByLabel("Password").fill("a temporary passphrase");
    await form.getByRole("button", { name: "Add the user" }).click();
    await expect(page.getByRole("status")).toHaveText("The user is added.");
    await expect(page.locator("ul.rows")).toContainText(`${name} · listener · active`);

    await page.getByLabel(`Temporary password for ${name}`).fill("another temporary one");
    await page.getByLabel(`Temporary password for ${name}`).press("Enter");
    await expect(page.getByRole("status")).toContainText("temporary password is set");
    await expect(page.locator("ul.rows")).toContainText("must choose a new password");

    // The new user signs in with it and must choose their own before anything else.
    await page.goto("/logout");
    await page.getByRole("button", { name: "Sign out" }).click();
    await signIn(page, { name, password: "another temporary one" });
    await expect(page).toHaveURL(/\/account\/password$/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/account\/password$/);
    await page.getByLabel("Current password").fill("another temporary one");
    await page.getByLabel("New password").fill("my very own passphrase");
    await page.getByRole("button", { name: "Change the password" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await page.getByRole("link", { name: "Back to the library" }).click();
    await expect(trackLink(page, "Night Garden")).toBeVisible();
    // A listener has no business on the admin page.
    const admin = await page.goto("/admin");
    expect(admin!.status()).toBe(403);
  });
});
