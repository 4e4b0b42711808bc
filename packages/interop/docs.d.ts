// The types of `@fwcall/interop/docs` (docs.js).

/** The file in an output folder that says fwcall docs wrote it, so a second run may write there again. */
export declare const DOCS_RECORD_FILE: ".fwcall-docs.json";

/** One renderer: its package, the version fwcall's browser test renders with, the page it renders, and its files (package path, output path). */
export interface DocsRenderer {
  readonly name: string;
  readonly version: string;
  readonly renders: "openapi.html" | "asyncapi.html";
  readonly files: ReadonlyArray<readonly [from: string, to: string]>;
}

/** The renderers (Redoc, the AsyncAPI React component) at their tested versions: the optional peer dependencies. */
export declare const DOCS_RENDERERS: readonly DocsRenderer[];

/** The install command that brings every renderer, at its tested version. */
export declare const DOCS_INSTALL_COMMAND: string;

/** Why fwcall docs cannot render (a renderer missing, an output folder it will not write in): the message is for the user. */
export declare class DocsError extends Error {}

export interface RenderDocsOptions {
  /** Write into a non-empty folder that fwcall docs did not write (its other files are left alone). */
  force?: boolean;
  /** Where a relative `outDir` starts and where renderers are looked for after @fwcall/interop's own folder (default: process.cwd()). */
  cwd?: string;
}

export interface RenderedDocs {
  /** The output folder, absolute. */
  outDir: string;
  /** Every file written, relative to outDir with `/`. */
  files: string[];
  /** The renderers used: package, installed version, the page each rendered. */
  renderers: Array<{ name: string; version: string; renders: string }>;
  /** A renderer at another version than the tested one, one line each. */
  warnings: string[];
}

/**
 * Renders the AsyncAPI and OpenAPI documents to static HTML in `outDir` (index.html, asyncapi.html,
 * openapi.html, the documents, the renderers under assets/); offline, works from file://.
 * @example
 * import { renderDocs } from "@fwcall/interop/docs";
 * const { files } = await renderDocs("fwcall-docs"); // ["index.html", "asyncapi.html", "openapi.html", …]
 */
export declare function renderDocs(outDir: string, options?: RenderDocsOptions): Promise<RenderedDocs>;
