import { expect, type Page } from "@playwright/test";

/**
 * The accounts serve-e2e.sh creates through `server user add` before the server starts. The
 * passwords are test fixtures, nothing more: the server only exists for the test run.
 */
export const LISTENER = { name: "lena", password: "e2e listener passphrase" };
export const ADMIN = { name: "ada", password: "e2e admin passphrase" };

/** Where the listener's signed-in browser state is kept between the setup step and the tests. */
export const LISTENER_STATE = ".auth/listener.json";

/** Signs in through the real form (from the sign-in page the browser is on). */
export async function signIn(page: Page, account: { name: string; password: string }) {
  await page.getByLabel("Name").fill(account.name);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Opens the sign-in page and signs in; waits until the library shows. */
export async function signInFromStart(page: Page, account: { name: string; password: string }) {
  await page.goto("/login");
  await signIn(page, account);
  await expect(page.locator("table.tracks")).toBeVisible();
}
