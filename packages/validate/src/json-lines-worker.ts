// A worker thread of validateJsonLines: judges each batch of whole lines it is sent and posts the
// outcome back, the batch's bytes transferred in and the clean lines' numbers transferred out.
import { parentPort, workerData } from "node:worker_threads";
import { judgeBatch, type LineSettings } from "./json-lines-core.js";

/** A batch as the calling thread sends it. */
interface BatchMessage {
  id: number;
  bytes: Uint8Array;
  firstLine: number;
}

const settings = workerData as LineSettings;
const port = parentPort;
if (port) {
  port.on("message", ({ id, bytes, firstLine }: BatchMessage) => {
    try {
      const outcome = judgeBatch(bytes, firstLine, settings);
      // The batch's buffer goes back too, for the reader to fill again.
      port.postMessage({ id, outcome, spare: bytes.buffer }, [outcome.clean.buffer as ArrayBuffer, bytes.buffer as ArrayBuffer]);
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
  port.postMessage({ ready: true });
}
