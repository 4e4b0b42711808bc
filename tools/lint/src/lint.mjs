#!/usr/bin/env node
// `pnpm lint`: every static check, each run even when an earlier one failed, so one run shows all
// that is wrong. oxlint (.oxlintrc.json: bugs, unused code), knip (knip.jsonc: unused files,
// dependencies and exports), TypeScript (tsconfig.base.json: strict, no unused locals or
// parameters), then the build and publint and arethetypeswrong on every publishable package's
// packed tarball. Ends with "lint: N passed, N failed" and exits 1 when a check failed.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));

const CHECKS = [
  ["oxlint", "pnpm", ["exec", "oxlint", "--deny-warnings"]],
  ["knip", "pnpm", ["exec", "knip", "--no-progress"]],
  // Through the root scripts, so these turbo runs key their cache as `pnpm build` and `pnpm typecheck` do.
  ["typecheck", "pnpm", ["run", "typecheck", "--output-logs=errors-only"]],
  ["build", "pnpm", ["run", "build", "--output-logs=errors-only"]],
  ["packed packages", "node", ["tools/lint/src/packed-cli.mjs"]],
];

let passed = 0;
let failed = 0;
let built = false;
for (const [title, command, args] of CHECKS) {
  // Packing needs the build: without it the tarballs would be checked against a stale dist/.
  if (title === "packed packages" && !built) {
    failed++;
    console.log(`✗ ${title}: not run, the build failed`);
    continue;
  }
  console.log(`\n── lint: ${title}`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit" });
  if (result.status === 0) passed++;
  else {
    failed++;
    console.log(`✗ ${title} failed (exit ${result.status ?? result.signal})`);
  }
  if (title === "build") built = result.status === 0;
}
console.log(`lint: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
