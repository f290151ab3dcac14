import { test as setup } from "@playwright/test";
import { LISTENER, LISTENER_STATE, signInFromStart } from "./accounts";

// Every other browser test starts signed in as the listener, through the real form.
setup("sign in as the listener", async ({ page }) => {
  await signInFromStart(page, LISTENER);
  await page.context().storageState({ path: LISTENER_STATE });
});
