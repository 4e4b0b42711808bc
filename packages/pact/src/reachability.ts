// Whether anything accepts connections at a URL: asked before handing it to a tool that would
// retry for a minute (the Pact verifier, the Pact CLI) and then report it as a failed check.
import { connect } from "node:net";

/** How long the probe waits for a connection. */
const PROBE_TIMEOUT_MS = 5_000;

/**
 * Why nothing accepts connections at the URL's host and port, or undefined when something does.
 * @example await unreachable("http://127.0.0.1:1") // "ECONNREFUSED"
 */
export function unreachable(url: string): Promise<string | undefined> {
  const { hostname, port, protocol } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname.replace(/^\[(.*)\]$/, "$1"), port: Number(port || (protocol === "https:" ? 443 : 80)) });
    socket.setTimeout(PROBE_TIMEOUT_MS, () => socket.destroy(new Error(`no connection within ${PROBE_TIMEOUT_MS / 1000} s`)));
    socket.once("connect", () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}
