// The errors that end a use of an FDK app as a whole (a single file's problem is a per-file result instead).

/**
 * An FDK app fwcall cannot use as it stands: the message names the file, what is wrong and what to do.
 * @example try { readFdkManifest("my-app") } catch (error) { if (error instanceof FdkConfigError) console.error(error.message) }
 */
export class FdkConfigError extends Error {
  override name = "FdkConfigError";
  constructor(message: string) {
    super(printable(message));
  }
}

/** A message quotes names from the app's files: their control and bidi characters are shown escaped, never sent to a terminal. */
function printable(message: string): string {
  return message.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * An export that cannot go ahead (no such app, a folder that cannot be written, a link where fwcall keeps its state).
 * @example try { exportFdkTestData("my-app") } catch (error) { if (error instanceof FdkExportError) console.error(error.message) }
 */
export class FdkExportError extends Error {
  override name = "FdkExportError";
}
