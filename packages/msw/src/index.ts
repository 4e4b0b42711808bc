// Public API of @fwcall/msw.
export {
  handleApiRequest,
  errorResponse,
  matchRoute,
  scenarioOf,
  callStore,
  toRestCall,
  isScenarioName,
  SCENARIOS,
  DEFAULT_SCENARIO,
  DEFAULT_SEED,
  LIVE_START,
  BASE_PATH,
  ROUTES,
  SCENARIO_HEADER,
  AUTH_HEADER,
  RETRY_AFTER_SECONDS,
  DEFAULT_PER_PAGE,
  MAX_PER_PAGE,
  type MockRequest,
  type MockResponse,
  type MockOptions,
  type RouteName,
  type ScenarioName,
  type CallStore,
} from "./core.js";
export { createHandlers, type HandlerOptions } from "./handlers.js";
export { toMockRequest, toHttpResponse } from "./fetch-adapter.js";
export {
  createEventStream,
  timelineOf,
  formatSse,
  isValidSpeed,
  DEFAULT_STREAM_CALLS,
  MAX_STREAM_CALLS,
  DEFAULT_MAX_GAP_MS,
  type EventStream,
  type EventStreamOptions,
  type DirectionMix,
  type TimelineEvent,
  type StreamEvent,
  type StreamListener,
} from "./stream.js";
export { createStreamHandlers, type StreamHandlerOptions, type StreamHandlers } from "./stream-msw.js";
export { STREAM_PATH, STREAM_ACTIONS, DEFAULT_HEARTBEAT_MS, MAX_STREAM_SPEED, streamOptionsOf, controlStream, matchStreamRoute } from "./stream-routes.js";
