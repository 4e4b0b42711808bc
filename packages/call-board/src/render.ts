// The board's DOM: one table row per call (newest first) whose data attributes name its status and
// direction, a live indicator for the stream, and the errors the user must see. Text only goes in
// through textContent, so nothing a payload carries is ever parsed as HTML.
import { callStatusName, directionName, type CallStatus, type CallStatusName } from "@fwcall/types";
import { ApiRequestError } from "./api.js";
import { agentLeg, callsNewestFirst, customerLeg, type Board, type BoardCall } from "./board.js";
import type { StreamState } from "./stream.js";

/** What main.ts drives. */
export interface BoardView {
  /** Shows every call of the board, updating rows in place. */
  showCalls(board: Board): void;
  /** Shows the stream's state in the live indicator. */
  showStream(state: StreamState, detail: { streamId?: string; message?: string }): void;
  /** Shows (or, with undefined, clears) the error of one source: "api", "stream", "mock", "config". */
  showError(source: string, message: string | undefined): void;
}

/** What a status is called on the board: its generated name, or "unknown" for a code Freshworks has not documented. */
export function statusKey(code: CallStatus | undefined): CallStatusName | "unknown" | "none" {
  if (code === undefined) return "none";
  return callStatusName(code) ?? "unknown";
}

/** A status for people: the generated name in words ("inProgress" → "in progress"), an undocumented code with its number. */
export function statusLabel(code: CallStatus | undefined): string {
  const key = statusKey(code);
  if (key === "unknown") return `unknown (${code})`;
  if (key === "none") return "–";
  return key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

/** An error as the user reads it: what happened and what to do. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiRequestError) {
    const hint: Partial<Record<number, string>> = {
      401: "The API refused the key: check VITE_FWCALL_API_KEY.",
      403: "The key may not read calls: check its permissions.",
      404: "The API has no such resource: check VITE_FWCALL_API_BASE.",
      422: "The API rejected the query.",
      429: `The API is rate-limiting this board${error.retryAfterSeconds === undefined ? "" : `: retry after ${error.retryAfterSeconds} s`}.`,
    };
    return `${hint[error.status] ?? "The API answered with an error."} ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

const COLUMNS = ["Call", "Direction", "Status", "Agent leg", "Customer", "Agent", "Started", "Updated", "Recording"] as const;

const time = new Intl.DateTimeFormat(undefined, { dateStyle: "short", timeStyle: "medium" });
const formatTime = (iso: string) => {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso : time.format(at);
};

function element<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, props: { className?: string; text?: string } = {}): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  return node;
}

function fillRow(doc: Document, row: HTMLTableRowElement, call: BoardCall): void {
  const customer = customerLeg(call);
  const agent = agentLeg(call);
  const status = statusKey(customer?.call_status);
  const previous = row.dataset["status"];
  row.dataset["callId"] = String(call.id);
  row.dataset["status"] = status;
  row.dataset["statusCode"] = customer === undefined ? "" : String(customer.call_status);
  row.dataset["direction"] = directionName(call.direction) ?? "unknown";
  row.dataset["agentStatus"] = statusKey(agent?.call_status);
  row.dataset["updatedTime"] = call.updated_time;
  // A status that changed while the board was open flashes once (the class restarts the animation).
  if (previous !== undefined && previous !== status) {
    row.classList.remove("changed");
    void row.offsetWidth;
    row.classList.add("changed");
  }
  const statusChip = element(doc, "span", { className: `status status-${status}`, text: statusLabel(customer?.call_status) });
  const agentChip = element(doc, "span", { className: `status status-${row.dataset["agentStatus"]}`, text: statusLabel(agent?.call_status) });
  const recording = element(doc, "td");
  if (call.recording) {
    const link = element(doc, "a", { text: `${call.recording.duration} ${call.recording.duration_unit}` });
    link.href = call.recording.url;
    link.rel = "noopener noreferrer";
    link.target = "_blank";
    recording.append(link);
  }
  const cells = [
    element(doc, "td", { className: "id", text: `#${call.id}` }),
    element(doc, "td", { className: `direction direction-${row.dataset["direction"]}`, text: call.direction }),
    element(doc, "td"),
    element(doc, "td"),
    element(doc, "td", { text: customer?.caller_number ?? call.phone_number }),
    element(doc, "td", { text: call.assigned_agent_name ?? (call.assigned_agent_id === null ? "–" : `agent ${call.assigned_agent_id}`) }),
    element(doc, "td", { text: formatTime(call.created_time) }),
    element(doc, "td", { text: formatTime(call.updated_time) }),
    recording,
  ];
  cells[2]!.append(statusChip);
  cells[3]!.append(agentChip);
  row.replaceChildren(...cells);
}

const STREAM_TEXT: Record<StreamState, string> = {
  connecting: "connecting…",
  live: "live",
  reconnecting: "reconnecting…",
  ended: "stream ended",
  failed: "stream failed",
};

/**
 * Builds the board inside `root` (its children are replaced) and returns what updates it.
 * @example const view = mountBoard(document.querySelector("#app")!); view.showCalls(board);
 */
export function mountBoard(root: HTMLElement): BoardView {
  const doc = root.ownerDocument;
  const header = element(doc, "header");
  const title = element(doc, "h1", { text: "Calls" });
  const live = element(doc, "span", { className: "live", text: STREAM_TEXT.connecting });
  live.dataset["state"] = "connecting";
  live.setAttribute("role", "status");
  const count = element(doc, "span", { className: "count", text: "loading…" });
  header.append(title, live, count);
  const errors = element(doc, "ul", { className: "errors" });
  errors.setAttribute("role", "alert");
  const table = element(doc, "table", { className: "calls" });
  const head = element(doc, "thead");
  const headRow = element(doc, "tr");
  headRow.append(...COLUMNS.map((name) => element(doc, "th", { text: name })));
  head.append(headRow);
  const body = element(doc, "tbody");
  table.append(head, body);
  root.replaceChildren(header, errors, table);

  const rows = new Map<number, HTMLTableRowElement>();
  const errorItems = new Map<string, HTMLLIElement>();

  const showError = (source: string, message: string | undefined) => {
    const item = errorItems.get(source);
    if (message === undefined) {
      item?.remove();
      errorItems.delete(source);
      return;
    }
    const next = item ?? element(doc, "li");
    next.dataset["source"] = source;
    next.textContent = message;
    if (!item) {
      errorItems.set(source, next);
      errors.append(next);
    }
  };

  return {
    showCalls(board) {
      const ordered = callsNewestFirst(board).map((call) => {
        let row = rows.get(call.id);
        if (!row) rows.set(call.id, (row = element(doc, "tr")));
        fillRow(doc, row, call);
        return row;
      });
      body.replaceChildren(...ordered);
      count.dataset["count"] = String(board.calls.size);
      const total = board.restTotal === undefined ? "" : ` (${board.restTotal} from the API)`;
      count.textContent = `${board.calls.size} calls${total}`;
    },
    showStream(state, detail) {
      live.dataset["state"] = state;
      if (detail.streamId !== undefined) live.dataset["streamId"] = detail.streamId;
      live.textContent = STREAM_TEXT[state];
      live.title = detail.message ?? "";
      showError("stream", state === "failed" ? detail.message : undefined);
    },
    showError,
  };
}
