// The one way browser tests start Debian's Chromium (driven by playwright-core in each package).
import { existsSync } from "node:fs";

/** The Chromium binary: CHROMIUM_PATH, or Debian's package. */
export const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";

// Headless Chromium as root in a container, with nothing reaching beyond loopback.
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/**
 * Options for playwright-core's `chromium.launch`; throws, saying how to install it, when there is no Chromium.
 * @example browser = await chromium.launch(chromiumLaunchOptions());
 */
export function chromiumLaunchOptions() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's package with \`apt-get install chromium\`, or set CHROMIUM_PATH to a Chromium binary`);
  }
  return { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS };
}
