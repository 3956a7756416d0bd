/** Why `name` is not a valid S3 bucket name for this library, or undefined. */
export function s3BucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `it is ${name.length} characters long, but S3 allows 3-63`;
  if (!/^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(name)) {
    // Dots are legal in S3 names but break TLS on virtual-hosted-style URLs, so they are refused here.
    return 'only lowercase letters, digits and dashes are allowed, starting and ending with a letter or digit';
  }
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return "names must not start with 'xn--', 'sthree-' or 'amzn-s3-demo-'";
  if (/(-s3alias|--ol-s3|--x-s3|--table-s3)$/.test(name)) return "names must not end with '-s3alias', '--ol-s3', '--x-s3' or '--table-s3'";
  return undefined;
}
