/** One linter's verdict on one package's tarball; `output` is what the linter printed. */
export interface TarballVerdict {
  tool: "publint" | "attw";
  name: string;
  exitCode: number;
  output: string;
  ok: boolean;
}

/** The packages an FDK app's server.js may require() at run time: they must be right for CommonJS too. */
export declare const RUNTIME_PACKAGES: string[];

/** publint's verdict (strict: warnings fail too) on the tarball of `name`. */
export declare function publintTarball(name: string, tarball: string): Promise<TarballVerdict>;

/** arethetypeswrong's verdict: runtime packages under the strict profile, every other package as ESM only. */
export declare function attwTarball(name: string, tarball: string): Promise<TarballVerdict>;

/** Both linters' verdicts on the tarball of `name`, publint first. */
export declare function lintTarball(name: string, tarball: string): Promise<TarballVerdict[]>;
