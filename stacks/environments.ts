import { EnvironmentConfig } from './environment-config';

/**
 * Every environment this repository deploys. Adding an environment is adding one entry; `npm run
 * synth` then writes its two stacks, `<name>-platform` and `<name>-observability`.
 */
export const ENVIRONMENTS: readonly EnvironmentConfig[] = [
  {
    name: 'dev',
    region: 'eu-west-1',
    tier: 'monolithic',
    tenants: ['dev'],
  },
  {
    name: 'staging',
    region: 'eu-west-1',
    tier: 'simple-scalable',
    tenants: ['platform', 'payments'],
    // Telemetry of these namespaces goes to their team's tenant; every other namespace to 'platform'.
    namespaceTenants: { payments: 'payments' },
    // One credential per team, each its own tenant. The htpasswd file goes into the Secrets Manager
    // secret the gateway creates (lgtm/<cluster>/tenant-gateway-htpasswd); see README, Tenant gateway.
    gateway: {
      identities: [
        { name: 'platform', tenant: 'platform' },
        { name: 'payments', tenant: 'payments' },
      ],
      auth: { mode: 'basic' },
    },
  },
  {
    name: 'prod',
    region: 'eu-west-1',
    tier: 'microservices',
    production: true,
    tenants: ['platform', 'payments', 'search'],
    namespaceTenants: { payments: 'payments', search: 'search' },
    // State of production lives in an encrypted, locked S3 bucket (it holds the session store's AUTH
    // token). A placeholder: create the bucket (versioned) and put its name here before the first deploy.
    state: { type: 's3', bucket: 'change-me-lgtm-terraform-state' },
    cluster: {
      // The operators' and CI's egress range (a documentation range here: put yours). Production
      // refuses an API endpoint open to the internet.
      publicAccessCidrs: ['203.0.113.0/24'],
    },
    gateway: {
      identities: [
        { name: 'platform', tenant: 'platform' },
        { name: 'payments', tenant: 'payments' },
        { name: 'search', tenant: 'search' },
      ],
      auth: { mode: 'basic' },
      limits: { platform: { requestsPerSecond: 500, burst: 1000, maxBodyBytes: 20 * 1024 * 1024 } },
      // Production serves TLS only. A placeholder: request an ACM certificate for the gateway's
      // name in this region and put its ARN here before the first deploy.
      loadBalancer: { certificateArn: 'arn:aws:acm:eu-west-1:111122223333:certificate/00000000-0000-0000-0000-000000000000' },
    },
  },
];
