import { isJsonContentType } from './media-type';

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
