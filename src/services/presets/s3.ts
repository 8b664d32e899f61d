import { buildUrl, GENERATED_PASSWORD, type Preset } from '../preset.js';

/**
 * S3-compatible object storage: RustFS, Apache-2.0 and MinIO-compatible, since MinIO stopped
 * publishing community images (October 2025) and removed them from Docker Hub (September 2026).
 */
export const s3: Preset = {
  name: 's3',
  kind: 's3',
  image: 'rustfs/rustfs:1.0.0-rc.6',
  ports: [9000],
  env: { RUSTFS_ACCESS_KEY: 'rustfsadmin', RUSTFS_SECRET_KEY: GENERATED_PASSWORD },
  health: () => ({ kind: 'http', port: 9000, path: '/health' }),
  secretEnv: ['RUSTFS_SECRET_KEY'],
  url: (c) => buildUrl('http', c, 9000),
  variables: (c) => ({
    AWS_ENDPOINT_URL: buildUrl('http', c, 9000),
    AWS_ACCESS_KEY_ID: c.env.RUSTFS_ACCESS_KEY ?? '',
    AWS_SECRET_ACCESS_KEY: c.env.RUSTFS_SECRET_KEY ?? '',
    AWS_REGION: c.env.AWS_REGION || 'us-east-1',
  }),
};
