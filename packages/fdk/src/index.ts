// Public API of @fwcall/fdk: the Freshworks FDK's conventions, in one place. Node only.
export { FdkConfigError, FdkExportError } from "./errors.js";
export {
  PLATFORM_VERSIONS,
  parseFdkManifest,
  readFdkManifest,
  findFdkApp,
  type FdkPlatform,
  type FdkEventBinding,
  type FdkManifest,
} from "./manifest.js";
export { TEST_DATA_DIR, EXPORT_STATE_FILE, testDataFiles, type TestDataFile } from "./layout.js";
export { testDataContext, type TestDataContext } from "./context.js";
export { STORED_FIELDS, storedTestData, simulateDelivery, type SimulationExtras } from "./simulate.js";
export { exportFdkTestData, DEFAULT_EXPORT_CASES, type ExportedFile, type FdkExportOptions } from "./export.js";
