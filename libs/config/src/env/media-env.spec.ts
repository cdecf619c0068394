import 'reflect-metadata';
import { InvalidEnvError, loadEnv } from '../validate-env';
import { MediaEnv } from './media.env';

function problems(source: Record<string, string>): string[] {
  try {
    loadEnv(MediaEnv, source);
    return [];
  } catch (err) {
    if (err instanceof InvalidEnvError) return err.problems;
    throw err;
  }
}

const S3 = { MEDIA_STORE: 's3', S3_BUCKET: 'canyu-media', S3_ACCESS_KEY_ID: 'AKIAEXAMPLE', S3_SECRET_ACCESS_KEY: 'secret-from-env' };

describe('MediaEnv', () => {
  it('should default to the local directory store with a 10 MiB upload limit and a closed fetcher', () => {
    const env = loadEnv(MediaEnv, {});
    expect(env).toMatchObject({ MEDIA_STORE: 'local', MEDIA_DIR: '.canyu/media', MEDIA_UPLOAD_MAX_BYTES: 10_485_760, MEDIA_FETCH_ALLOW_HTTP: false, MEDIA_FETCH_ALLOW_PRIVATE_TARGETS: false });
    expect(env.bootWarnings()).toEqual([]);
  });

  it('should not ask for S3 settings unless MEDIA_STORE=s3', () => {
    expect(problems({ S3_ENDPOINT: 'not a url' })).toEqual([]);
  });

  it('should refuse MEDIA_STORE=s3 without a bucket and both keys, naming each (no default secrets)', () => {
    const listed = problems({ MEDIA_STORE: 's3' }).join('\n');
    for (const name of ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY']) expect(listed).toContain(name);
  });

  it('should take a complete S3 configuration, and refuse an endpoint that is not an http(s) URL', () => {
    expect(problems({ ...S3, S3_ENDPOINT: 'http://127.0.0.1:9000', S3_FORCE_PATH_STYLE: 'true' })).toEqual([]);
    expect(loadEnv(MediaEnv, { ...S3, S3_FORCE_PATH_STYLE: 'true' }).S3_FORCE_PATH_STYLE).toBe(true);
    expect(problems({ ...S3, S3_ENDPOINT: 'ftp://files.example' })).toEqual(['S3_ENDPOINT must be an http(s) URL']);
    expect(problems({ MEDIA_STORE: 'dropbox' }).join()).toContain('MEDIA_STORE');
  });

  it('should warn at boot when the fetcher may use http or reach private addresses', () => {
    const env = loadEnv(MediaEnv, { MEDIA_FETCH_ALLOW_HTTP: 'true', MEDIA_FETCH_ALLOW_PRIVATE_TARGETS: '1' });
    expect(env.bootWarnings()).toHaveLength(2);
  });
});
