/** The Chromium binary: CHROMIUM_PATH, or Debian's package. */
export declare const CHROMIUM: string;
/** Options for playwright-core's `chromium.launch`; throws, saying how to install it, when there is no Chromium. */
export declare function chromiumLaunchOptions(): { executablePath: string; headless: true; args: string[] };
