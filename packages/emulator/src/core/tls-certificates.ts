import { webcrypto } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// @peculiar/x509 registers its parts with tsyringe, which needs the Reflect metadata API loaded first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

/**
 * The emulator's own certificate authority for `--tls`: a CA certificate (what a client trusts, through
 * AWS_CA_BUNDLE) and a server certificate it signs for the loopback names. Kept in `dir`, so a restart with
 * the same --data-dir serves a certificate the learner's AWS_CA_BUNDLE still trusts.
 *
 * Why a library: node:crypto makes keys and verifies certificates but cannot issue one, and writing X.509's
 * DER by hand is where subtle bugs live. @peculiar/x509 builds certificates on WebCrypto. Loaded only with
 * `--tls` (start-emulator imports this module on demand), so a plain emulator pays nothing for it.
 */
export interface TlsMaterial {
  /** PEM of the CA certificate: the file clients trust. */
  caPath: string;
  /** PEM of the server certificate, then the CA (the chain a TLS server sends). */
  cert: string;
  /** PEM of the server's private key (PKCS#8). */
  key: string;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const YEAR_MS = 365 * 24 * 3600 * 1000;

export async function loadOrCreateTls(dir: string, hosts: readonly string[]): Promise<TlsMaterial> {
  const caPath = join(dir, 'ca.pem');
  const certPath = join(dir, 'server.pem');
  const keyPath = join(dir, 'server-key.pem');
  if (existsSync(caPath) && existsSync(certPath) && existsSync(keyPath) && stillValid(certPath, hosts)) {
    return { caPath, cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
  }
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const now = new Date();
  const notAfter = new Date(now.getTime() + YEAR_MS);
  const caKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: 'CN=cloudlab emulator local CA',
    notBefore: now,
    notAfter,
    signingAlgorithm: ALGORITHM,
    keys: caKeys as unknown as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'],
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  const serverKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const server = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: 'CN=cloudlab emulator',
    issuer: ca.subject,
    notBefore: now,
    notAfter,
    signingAlgorithm: ALGORITHM,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(hosts.map(altName)),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', serverKeys.privateKey);
  const key = x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
  const cert = `${server.toString('pem')}\n${ca.toString('pem')}\n`;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(caPath, `${ca.toString('pem')}\n`);
  writeFileSync(certPath, cert);
  writeFileSync(keyPath, key, { mode: 0o600 });
  chmodSync(keyPath, 0o600);
  return { caPath, cert, key };
}

/** A certificate is reused while it has a month left and names every host asked for. */
function stillValid(certPath: string, hosts: readonly string[]): boolean {
  try {
    const cert = new x509.X509Certificate(readFileSync(certPath, 'utf8'));
    const names = cert.getExtension(x509.SubjectAlternativeNameExtension)?.names.items.map((n) => n.value);
    return (
      cert.notAfter.getTime() - Date.now() > 30 * 24 * 3600 * 1000 &&
      hosts.every((host) => names?.includes(host))
    );
  } catch {
    return false;
  }
}

function altName(host: string): x509.JsonGeneralName {
  return /^[\d.]+$/.test(host) || host.includes(':')
    ? { type: 'ip', value: host }
    : { type: 'dns', value: host };
}

function serial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // a positive serial, as RFC 5280 asks
  return Buffer.from(bytes).toString('hex');
}
