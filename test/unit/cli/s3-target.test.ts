import { describe, expect, it } from 'vitest';
import { S3_PROFILE_ID, s3ProfileFrom } from '../../../electron/cli/s3-target';
import { s3ConnectionOf } from '../../../electron/core/lake/io/store-connections';
import { isFloeError } from '../../../shared/errors';

describe('the CLI object store (--s3-* flags, keys from the environment)', () => {
  const env = { FLOE_S3_ACCESS_KEY_ID: 'AKID', FLOE_S3_SECRET_ACCESS_KEY: 'SECRET' };

  it('becomes a process-only profile whose S3 connection carries the environment\'s keys', () => {
    const resolved = s3ProfileFrom({ 's3-endpoint': 'http://127.0.0.1:9000', 's3-region': 'eu-west-1', 's3-path-style': true }, env);
    expect(resolved?.profile.id).toBe(S3_PROFILE_ID);
    expect(resolved && s3ConnectionOf(resolved)).toEqual({ endpoint: 'http://127.0.0.1:9000', region: 'eu-west-1', pathStyle: true, accessKeyId: 'AKID', secretAccessKey: 'SECRET' });
  });

  it('is absent without flags or keys, and refuses flags without keys or a non-URL endpoint', () => {
    expect(s3ProfileFrom({}, {})).toBeNull();
    const fails = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isFloeError(e, 'BAD_INPUT') ? e.message : 'other error';
      }
      return 'no error';
    };
    expect(fails(() => s3ProfileFrom({ 's3-endpoint': 'http://x:1' }, {}))).toMatch(/FLOE_S3_ACCESS_KEY_ID and FLOE_S3_SECRET_ACCESS_KEY/);
    expect(fails(() => s3ProfileFrom({ 's3-endpoint': 'x:1' }, env))).toMatch(/http\(s\):\/\/ URL/);
  });
});
