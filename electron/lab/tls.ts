import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireTool } from './prerequisites';
import { run } from './run';

export interface LabTls {
  caPem: string;
  /** PKCS12 keystore with the broker's key and CA-signed certificate (SAN 127.0.0.1, localhost). */
  serverKeystore: string;
  /** PKCS12 truststore holding the lab CA (the mTLS listener trusts client certificates it signed). */
  truststore: string;
  clientCertPem: string;
  clientKeyPem: string;
  password: string;
}

const VALIDITY_DAYS = '3650';

// Runs every keytool step in one JVM (a JVM start per step costs ~0.5 s, there are 17) and writes
// private keys as PEM, which keytool cannot. Java 11+ runs a single source file without javac.
const BATCH_JAVA = `
import java.io.FileInputStream;
import java.lang.reflect.Method;
import java.nio.file.*;
import java.security.*;
import java.util.Base64;
public class TlsBatch {
  public static void main(String[] a) throws Exception {
    Method keytool = a.length < 2 ? Class.forName("sun.security.tools.keytool.Main").getMethod("main", String[].class) : null;
    for (String line : Files.readAllLines(Path.of(a[0]))) {
      if (line.isBlank()) continue;
      String[] args = line.split("\\t");
      if (args[0].equals("export-key")) exportKey(args[1], args[2], args[3], args[4]);
      else if (a.length < 2) keytool.invoke(null, (Object) args);
    }
  }
  static void exportKey(String store, String pass, String alias, String out) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(store)) { ks.load(in, pass.toCharArray()); }
    Key key = ks.getKey(alias, pass.toCharArray());
    String body = Base64.getMimeEncoder(64, "\\n".getBytes()).encodeToString(key.getEncoded());
    Files.writeString(Path.of(out), "-----BEGIN PRIVATE KEY-----\\n" + body + "\\n-----END PRIVATE KEY-----\\n");
  }
}
`;

export function tlsFiles(dir: string, password: string): LabTls {
  return {
    caPem: join(dir, 'ca.pem'),
    serverKeystore: join(dir, 'broker.p12'),
    truststore: join(dir, 'truststore.p12'),
    clientCertPem: join(dir, 'client.pem'),
    clientKeyPem: join(dir, 'client-key.pem'),
    password,
  };
}

/** keytool invocations (and the key exports) that make a CA, a broker keystore, a truststore and a client certificate. */
function steps(password: string): string[][] {
  const store = (file: string) => ['-keystore', file, '-storetype', 'PKCS12', '-storepass', password];
  const pair = (file: string, alias: string, dname: string, ...ext: string[]) => [
    ['-genkeypair', '-alias', alias, '-keyalg', 'RSA', '-keysize', '2048', '-dname', dname, '-validity', VALIDITY_DAYS, ...ext, ...store(file), '-keypass', password],
  ];
  const signed = (file: string, alias: string, ext: string[]) => [
    ['-certreq', '-alias', alias, '-file', `${alias}.csr`, ...store(file)],
    ['-gencert', '-rfc', '-alias', 'ca', '-infile', `${alias}.csr`, '-outfile', `${alias}.pem`, '-validity', VALIDITY_DAYS, ...ext, ...store('ca.p12')],
    ['-importcert', '-noprompt', '-alias', 'ca', '-file', 'ca.pem', ...store(file)],
    ['-importcert', '-noprompt', '-alias', alias, '-file', `${alias}.pem`, ...store(file)],
  ];
  const usage = ['-ext', 'KeyUsage=digitalSignature,keyEncipherment'];
  return [
    ...pair('ca.p12', 'ca', 'CN=Floe Lab CA,O=Floe', '-ext', 'bc:c', '-ext', 'KeyUsage=keyCertSign,cRLSign'),
    ['-exportcert', '-rfc', '-alias', 'ca', '-file', 'ca.pem', ...store('ca.p12')],
    ['-importcert', '-noprompt', '-alias', 'ca', '-file', 'ca.pem', ...store('truststore.p12')],
    ...pair('broker.p12', 'broker', 'CN=localhost,O=Floe Lab'),
    ...signed('broker.p12', 'broker', ['-ext', 'SAN=ip:127.0.0.1,dns:localhost', ...usage, '-ext', 'ExtendedKeyUsage=serverAuth']),
    ...pair('client.p12', 'client', 'CN=floe-client,O=Floe Lab'),
    ...signed('client.p12', 'client', [...usage, '-ext', 'ExtendedKeyUsage=clientAuth']),
    ['export-key', 'client.p12', password, 'client', 'client-key.pem'],
  ];
}

const ADD_EXPORTS = '--add-exports=java.base/sun.security.tools.keytool=ALL-UNNAMED';

/** A lab CA, a broker keystore and a client certificate, made once per lab home with the JDK's keytool. */
export async function ensureTls(dir: string, password: string, signal?: AbortSignal): Promise<LabTls> {
  const files = tlsFiles(dir, password);
  if ([files.caPem, files.serverKeystore, files.truststore, files.clientCertPem, files.clientKeyPem].every((f) => existsSync(f))) return files;
  requireTool('java');
  const work = `${dir}.tmp-${process.pid}`;
  const all = steps(password);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true, mode: 0o700 });
  writeFileSync(join(work, 'TlsBatch.java'), BATCH_JAVA);
  writeFileSync(join(work, 'steps.tsv'), all.map((s) => s.join('\t')).join('\n'), { mode: 0o600 });
  try {
    await makeAll(work, all, signal);
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
  for (const scratch of ['broker.csr', 'client.csr', 'broker.pem', 'TlsBatch.java', 'steps.tsv']) rmSync(join(work, scratch), { force: true });
  rmSync(dir, { recursive: true, force: true });
  renameSync(work, dir);
  return files;
}

async function makeAll(work: string, all: string[][], signal?: AbortSignal): Promise<void> {
  try {
    await run('keytool (lab certificates)', 'java', [ADD_EXPORTS, 'TlsBatch.java', 'steps.tsv'], { cwd: work, signal, timeoutMs: 120_000 });
  } catch (error) {
    if (signal?.aborted) throw error;
    // keytool's class is JDK-internal: if a JDK ever hides it, run keytool once per step instead.
    requireTool('keytool');
    for (const file of readdirSync(work)) if (!/\.(java|tsv)$/.test(file)) rmSync(join(work, file), { force: true });
    for (const step of all.filter((s) => s[0] !== 'export-key')) await run(`keytool ${step[0]}`, 'keytool', step, { cwd: work, signal, timeoutMs: 60_000 });
    await run('exporting the client key', 'java', ['TlsBatch.java', 'steps.tsv', 'export-only'], { cwd: work, signal, timeoutMs: 60_000 });
  }
}
