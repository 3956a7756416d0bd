import { X509Certificate, createHash } from 'crypto';
import { RDS_GLOBAL_BUNDLE } from '../../lib/grafana/private/rds-ca-bundle';
import { caBundleProblem, pemCertificates, rdsCaBundle, rdsCaRegions } from '../../lib/grafana/rds-ca';

const commonName = (pem: string) => new X509Certificate(pem).subject.split('\n').find((l) => l.startsWith('CN='));

describe('the vendored RDS global CA bundle', () => {
  test('is the text its provenance note records (SHA-256)', () => {
    expect(createHash('sha256').update(RDS_GLOBAL_BUNDLE).digest('hex')).toBe('05c6b4a9bf4daa95c888711481e19cc8e2e11aed4de8db759f51f4a6fce64917');
  });

  test('holds 102 self-signed Amazon RDS root CAs, each valid past 2060', () => {
    const pems = pemCertificates(RDS_GLOBAL_BUNDLE);
    expect(pems).toHaveLength(102);
    for (const pem of pems) {
      const cert = new X509Certificate(pem);
      expect(cert.ca).toBe(true);
      expect(cert.issuer).toBe(cert.subject);
      expect(cert.verify(cert.publicKey)).toBe(true);
      expect(cert.subject).toContain('OU=Amazon RDS');
      expect(new Date(cert.validTo).getUTCFullYear()).toBeGreaterThanOrEqual(2060);
    }
  });

  test('covers 32 commercial regions', () => {
    expect(rdsCaRegions()).toHaveLength(32);
    expect(rdsCaRegions()).toEqual(expect.arrayContaining(['eu-west-1', 'us-east-1', 'ap-southeast-7', 'mx-central-1']));
  });
});

describe('rdsCaBundle', () => {
  test("is the region's three root CAs (RSA2048, RSA4096, ECC384 G1), no other region's", () => {
    const pems = pemCertificates(rdsCaBundle('eu-west-1')!);
    expect(pems.map(commonName).sort()).toEqual([
      'CN=Amazon RDS eu-west-1 Root CA ECC384 G1',
      'CN=Amazon RDS eu-west-1 Root CA RSA2048 G1',
      'CN=Amazon RDS eu-west-1 Root CA RSA4096 G1',
    ]);
  });

  test('is undefined for a region the bundle lacks (GovCloud has its own bundle)', () => {
    expect(rdsCaBundle('us-gov-west-1')).toBeUndefined();
    expect(rdsCaBundle('eu-west-9')).toBeUndefined();
  });
});

describe('caBundleProblem', () => {
  test('accepts a bundle of CA certificates', () => {
    expect(caBundleProblem(rdsCaBundle('us-east-1')!)).toBeUndefined();
  });

  test('refuses text without a certificate, and a certificate that does not parse', () => {
    expect(caBundleProblem('not a pem')).toBe('it holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
    expect(caBundleProblem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')).toMatch(/^certificate 1 does not parse/);
  });
});
