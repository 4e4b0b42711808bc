// While a message pact is verified the native verifier gets an empty root certificate store (it
// reads one per interaction; its traffic is plain HTTP on loopback); the caller's environment
// comes back as it was, whether the verification passes, fails or overlaps another.
import { devNull } from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { buildCase } from "@fwcall/cases";
import { verifyMessagePact, type CaseId } from "../src/index.js";
import { withoutRootCertificates } from "../src/loopback-tls.js";
import { writeMessagePact } from "./helpers.js";

const IDS: CaseId[] = ["create/outgoing/connecting", "update/incoming/voicemail/recording"];
const pactFile = await writeMessagePact(IDS);
const before = { file: process.env.SSL_CERT_FILE, dir: process.env.SSL_CERT_DIR };
const certificateEnv = () => ({ file: process.env.SSL_CERT_FILE, dir: process.env.SSL_CERT_DIR });

afterEach(() => {
  for (const [name, value] of [["SSL_CERT_FILE", before.file], ["SSL_CERT_DIR", before.dir]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe("verifyMessagePact and root certificates", () => {
  it("names the null device for both variables while the provider is asked, and restores them after", async () => {
    process.env.SSL_CERT_FILE = "/etc/ssl/certs/ca-certificates.crt";
    delete process.env.SSL_CERT_DIR;
    const seen: Array<ReturnType<typeof certificateEnv>> = [];
    const report = await verifyMessagePact({ pactFiles: [pactFile], messageFor: (id) => (seen.push(certificateEnv()), buildCase(id)) });
    expect(report.interactions.every((r) => r.ok)).toBe(true);
    expect(seen).toHaveLength(IDS.length);
    for (const env of seen) expect(env).toEqual({ file: devNull, dir: devNull });
    expect(certificateEnv()).toEqual({ file: "/etc/ssl/certs/ca-certificates.crt", dir: undefined });
    expect("SSL_CERT_DIR" in process.env).toBe(false);
  });

  it("restores them when the verification fails", async () => {
    process.env.SSL_CERT_DIR = "/etc/ssl/certs";
    delete process.env.SSL_CERT_FILE;
    await expect(verifyMessagePact({ pactFiles: [pactFile], messageFor: (id) => ({ ...buildCase(id), event: "onCallSomething" }) })).rejects.toThrow(/failed verification/);
    expect(certificateEnv()).toEqual({ file: undefined, dir: "/etc/ssl/certs" });
  });
});

describe("withoutRootCertificates", () => {
  it("keeps the store empty until the last of overlapping scopes ends, then restores, also after a throw", async () => {
    process.env.SSL_CERT_FILE = "mine.pem";
    process.env.SSL_CERT_DIR = "mine";
    let releaseFirst!: () => void;
    const first = withoutRootCertificates(() => new Promise<void>((resolve) => (releaseFirst = resolve)));
    const second = withoutRootCertificates(async () => {
      throw new Error("broke");
    });
    await expect(second).rejects.toThrow("broke");
    expect(certificateEnv()).toEqual({ file: devNull, dir: devNull });
    releaseFirst();
    await first;
    expect(certificateEnv()).toEqual({ file: "mine.pem", dir: "mine" });
  });
});
