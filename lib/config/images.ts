/** Container images this library runs itself (not through a chart), pinned like the chart table. */
export interface ImagePin {
  /** Registry and repository, e.g. `docker.io/library/nginx`. */
  readonly repository: string;
  /** Exact tag: a release, never `latest` or a moving minor. */
  readonly tag: string;
  /** The application version the tag ships, for configuration that differs between versions. */
  readonly version: string;
}

/** The images of the pinned table. */
export type ImageName = 'nginx';

/**
 * The pinned image table. nginx: the Docker Official Image of the 1.30 stable branch (released
 * 2026-04, nginx.org CHANGES-1.30), Alpine variant, multi-arch (amd64 and arm64 nodes alike). A
 * bump is one line here, reviewed as a plan diff; the gateway's configuration is generated for
 * `version` (lib/tenancy/nginx-config.ts) and exercised against a real nginx in the tests.
 */
export const IMAGES: Readonly<Record<ImageName, ImagePin>> = {
  nginx: { repository: 'docker.io/library/nginx', tag: '1.30.0-alpine', version: '1.30.0' },
};

/** `repository:tag` of a pinned image. */
export function imageRef(pin: ImagePin): string {
  return `${pin.repository}:${pin.tag}`;
}
