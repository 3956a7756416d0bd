import { X509Certificate } from 'crypto';
import { RDS_GLOBAL_BUNDLE } from './private/rds-ca-bundle';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----/g;

/** The PEM certificate blocks of `text`, each ending in a newline. */
export function pemCertificates(text: string): string[] {
  return (text.match(PEM_CERTIFICATE) ?? []).map((pem) => `${pem.replace(/\r\n/g, '\n')}\n`);
}

/**
 * Why `text` is not a CA bundle Grafana can verify a server with, or undefined: it must hold at least
 * one PEM certificate, every one must parse, and every one must be a CA certificate.
 */
export function caBundleProblem(text: string): string | undefined {
  const pems = pemCertificates(text);
  if (pems.length === 0) return 'it holds no PEM certificate (-----BEGIN CERTIFICATE-----)';
  for (const [i, pem] of pems.entries()) {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(pem);
    } catch (e) {
      return `certificate ${i + 1} does not parse (${(e as Error).message})`;
    }
    if (!cert.ca) return `certificate ${i + 1} (${cert.subject.replace(/\n/g, ', ')}) is not a CA certificate`;
  }
  return undefined;
}

let parsed: { readonly pem: string; readonly commonName: string }[] | undefined;

function bundle(): readonly { readonly pem: string; readonly commonName: string }[] {
  // Parsed once per process: 102 certificates.
  parsed ??= pemCertificates(RDS_GLOBAL_BUNDLE).map((pem) => {
    const subject = new X509Certificate(pem).subject.split('\n');
    return { pem, commonName: (subject.find((l) => l.startsWith('CN=')) ?? '').slice(3) };
  });
  return parsed;
}

/**
 * The Amazon RDS root CAs of `region` (rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1: every
 * CA an RDS instance there can be given) as one PEM bundle, from the global bundle vendored in this
 * library (its provenance: lib/grafana/private/rds-ca-bundle.ts); undefined for a region the bundle
 * does not cover (newer than it, or GovCloud and China, which AWS publishes separately).
 */
export function rdsCaBundle(region: string): string | undefined {
  const certs = bundle().filter((c) => c.commonName.startsWith(`Amazon RDS ${region} Root CA `));
  return certs.length === 0 ? undefined : certs.map((c) => c.pem).join('');
}

/** The regions the vendored RDS bundle has root CAs for, sorted. */
export function rdsCaRegions(): string[] {
  const regions = bundle()
    .map((c) => /^Amazon RDS ([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+) Root CA /.exec(c.commonName)?.[1])
    .filter((r): r is string => r !== undefined);
  return [...new Set(regions)].sort();
}
