// The board's entry: read the config, start the msw worker when mocked (before any request, so the
// first fetch is already answered by it), page through the REST list, then follow the live stream.
import "./style.css";
import { createApiClient } from "./api.js";
import { applyEvent, applyPage, emptyBoard } from "./board.js";
import { ConfigError, readConfig } from "./config.js";
import { errorMessage, mountBoard } from "./render.js";
import { connectStream } from "./stream.js";

const root = document.querySelector<HTMLElement>("#app");
if (!root) throw new Error("index.html has no element with id app to mount the board in");
const view = mountBoard(root);

async function start(): Promise<void> {
  const config = readConfig(import.meta.env, new URL(window.location.href));
  // VITE_FWCALL_MOCK is a literal in the bundle (see vite.config.ts): a build against the real API
  // has no mock chunk at all. config.mocked, read from the same value, agrees with it.
  if (import.meta.env.VITE_FWCALL_MOCK === "true" && config.mocked) {
    const { startMock } = await import("./mock.js");
    await startMock(config);
    document.documentElement.dataset["mock"] = "active";
  }
  let board = emptyBoard();
  const api = createApiClient({ baseUrl: config.apiBase, apiKey: config.apiKey });
  try {
    for await (const page of api.listCallPages()) {
      board = applyPage(board, page);
      view.showCalls(board);
    }
  } catch (error) {
    view.showError("api", errorMessage(error));
  }
  view.showCalls(board);
  connectStream(config.streamUrl, {
    onEvent(payload) {
      board = applyEvent(board, payload);
      view.showCalls(board);
    },
    onState: (state, detail) => view.showStream(state, detail),
    onProblem: (message) => view.showError("stream-message", message),
  });
}

start().catch((error: unknown) => view.showError(error instanceof ConfigError ? "config" : "start", errorMessage(error)));
