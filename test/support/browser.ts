// A person at a GraphiQL explorer, in headless Chromium (Debian's `chromium`, driven by
// playwright-core) on a machine with no internet: every request to a host other than the page's
// own is refused, and recorded for the test to see.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";

/** Why browser tests cannot run on this machine, or undefined when they can. */
export const noChromium = existsSync(CHROMIUM) ? undefined : `no browser at ${CHROMIUM} (apt-get install chromium)`;

export interface ExplorerRun {
  /** What the page asked of other hosts; each request was refused. */
  outsideRequests: string[];
  /** The server's answer to the pre-filled operation, as sent. */
  response: { data?: unknown; errors?: unknown[] };
  /** What the result pane shows. */
  shown: string;
}

/**
 * Opens the explorer at `url`, pastes `headers` (JSON, as a person pastes their token) over the
 * headers editor's text when given, and runs the pre-filled operation named `operationName`.
 */
export async function runExplorer(url: string, options: { operationName: string; headers?: string }): Promise<ExplorerRun> {
  const origin = new URL(url).origin;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
    const outsideRequests: string[] = [];
    await context.route("**/*", (route) => {
      const requested = new URL(route.request().url());
      if (requested.origin === origin || requested.protocol === "data:" || requested.protocol === "blob:") return route.continue();
      outsideRequests.push(requested.href);
      return route.abort("internetdisconnected");
    });
    const page = await context.newPage();
    await page.goto(url);
    const run = page.locator(".graphiql-execute-button");
    await run.waitFor();
    if (options.headers !== undefined) {
      // Pasted rather than typed: the editor closes brackets and quotes as they are typed.
      await page.locator(".graphiql-editor-tool .graphiql-editor:not(.hidden) .monaco-editor").click();
      await page.keyboard.press("ControlOrMeta+A");
      await page.evaluate((text) => navigator.clipboard.writeText(text), options.headers);
      await page.keyboard.press("ControlOrMeta+V");
    }
    const answered = page.waitForResponse(
      (response) => response.request().method() === "POST" && response.request().postDataJSON()?.operationName === options.operationName,
    );
    await run.click();
    const response = (await (await answered).json()) as ExplorerRun["response"];
    // The pane may still show the schema request's answer until this one is drawn.
    const pane = page.locator(".graphiql-response");
    await pane.filter({ hasText: response.data ? '"data"' : '"errors"' }).waitFor();
    // The editor draws spaces as no-break spaces.
    return { outsideRequests, response, shown: (await pane.innerText()).replaceAll("\u00a0", " ") };
  } finally {
    await browser.close();
  }
}
