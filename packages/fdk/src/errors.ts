// The one error for an app whose configuration fwcall cannot use.

/**
 * An FDK app fwcall cannot use as it stands: the message names the file, what is wrong and what to do.
 * @example try { readFdkManifest("my-app") } catch (error) { if (error instanceof FdkConfigError) console.error(error.message) }
 */
export class FdkConfigError extends Error {
  override name = "FdkConfigError";
}
