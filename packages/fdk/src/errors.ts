// The errors that end a use of an FDK app as a whole (a single file's problem is a per-file result instead).

/**
 * An FDK app fwcall cannot use as it stands: the message names the file, what is wrong and what to do.
 * @example try { readFdkManifest("my-app") } catch (error) { if (error instanceof FdkConfigError) console.error(error.message) }
 */
export class FdkConfigError extends Error {
  override name = "FdkConfigError";
}

/**
 * An export that cannot go ahead (no such app, a folder that cannot be written, a link where fwcall keeps its state).
 * @example try { exportFdkTestData("my-app") } catch (error) { if (error instanceof FdkExportError) console.error(error.message) }
 */
export class FdkExportError extends Error {
  override name = "FdkExportError";
}
