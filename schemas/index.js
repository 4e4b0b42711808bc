// Loads the schema files of this package, so tools never hard-code their list.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));
const schemaDirs = [".", "enums", "rest"];

/** Every schema of the package, with its path relative to the package root. */
export function loadSchemas() {
  return schemaDirs.flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter((name) => name.endsWith(".json") && !name.startsWith(".") && name !== "package.json")
      .sort()
      .map((name) => {
        const file = dir === "." ? name : `${dir}/${name}`;
        return { file, schema: JSON.parse(readFileSync(join(root, file), "utf8")) };
      }),
  );
}

/** Example documents kept as files: examples/<schema file without .json>/<name>.json. */
export function loadExampleFiles() {
  const dir = join(root, "examples");
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => ({
      schemaFile: `${file.slice(0, file.lastIndexOf("/"))}.json`,
      file: `examples/${file}`,
      example: JSON.parse(readFileSync(join(dir, file), "utf8")),
    }));
}

export const schemasRoot = root;
