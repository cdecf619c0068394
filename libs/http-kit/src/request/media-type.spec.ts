import { isJsonContentType, requireJsonBody } from './media-type';

describe('isJsonContentType', () => {
  it('should accept JSON and +json types, with or without a UTF-8 charset', () => {
    const ok = ['application/json', 'Application/JSON', 'application/json; charset=utf-8', 'application/json;charset="UTF-8"', 'application/merge-patch+json'];
    expect(ok.filter((t) => !isJsonContentType(t))).toEqual([]);
  });

  it('should refuse text, forms, other charsets and a missing type', () => {
    const refused = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/jsonp', 'text/json', '', undefined];
    expect(refused.filter((t) => isJsonContentType(t))).toEqual([]);
  });
});

describe('requireJsonBody', () => {
  const run = (method: string, path: string, headers: Record<string, string>) => {
    let passed: unknown = 'not called';
    const req = { method, path, headers } as unknown as Parameters<ReturnType<typeof requireJsonBody>>[0];
    requireJsonBody([{ method: 'POST', path: '/v1/voice-entries' }])(req, {} as never, (err?: unknown) => (passed = err ?? null));
    return passed === null ? 'next' : (passed as { code: string }).code;
  };
  const form = { 'content-type': 'multipart/form-data; boundary=x', 'content-length': '10' };
  const json = { 'content-type': 'application/json', 'content-length': '10' };

  it('should let multipart through on a listed route only, and only multipart there', () => {
    expect(run('POST', '/v1/voice-entries', form)).toBe('next');
    expect(run('POST', '/v1/voice-entries/', form)).toBe('next');
    expect(run('POST', '/v1/voice-entries', json)).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
    expect(run('POST', '/v1/voice-entries', {})).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
    expect(run('POST', '/v1/events', form)).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
    expect(run('PUT', '/v1/voice-entries', form)).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
    expect(run('POST', '/v1/events', json)).toBe('next');
    expect(run('GET', '/v1/events', {})).toBe('next');
  });
});
