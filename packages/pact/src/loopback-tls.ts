// The Pact verifier's native core builds a new HTTP client for every interaction, and each build
// reads the system's root certificates (rustls-native-certs: SSL_CERT_FILE, then every file of
// SSL_CERT_DIR or /etc/ssl/certs, about 4 ms for the 290 entries of a Debian store). A message
// pact is verified against pact-js's message proxy on loopback over plain HTTP, where no
// certificate is ever used: that reading was most of the verifier's time per message. Pointing
// both variables at the null device while such a verification runs gives an empty store instead.
// The variables belong to the whole process, hence a scope, not a default: anything else running
// meanwhile sees the empty store too, and Node under --use-openssl-ca reads it once, at its first
// TLS connection. verifyPactFiles runs each verification in a child process, where nothing else runs.
import { devNull } from "node:os";

const VARIABLES = ["SSL_CERT_FILE", "SSL_CERT_DIR"] as const;

/** Scopes open now, and the values the variables had before the first of them. */
let open = 0;
let saved: Array<string | undefined> = [];

/**
 * Runs `verify` (a verification whose traffic is plain HTTP on loopback) with an empty root
 * certificate store for the native verifier, then restores both variables as they were, also when
 * it throws; scopes may overlap.
 * @example await withoutRootCertificates(() => new MessageProviderPact(options).verify())
 */
export async function withoutRootCertificates<T>(verify: () => Promise<T>): Promise<T> {
  if (open++ === 0) {
    saved = VARIABLES.map((name) => process.env[name]);
    for (const name of VARIABLES) process.env[name] = devNull;
  }
  try {
    return await verify();
  } finally {
    if (--open === 0) {
      VARIABLES.forEach((name, i) => {
        const value = saved[i];
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      });
    }
  }
}
