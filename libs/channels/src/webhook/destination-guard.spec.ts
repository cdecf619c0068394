import { DomainError } from '@lib/domain';
import { assertWebhookDestination, resolveDestination } from './destination-guard';
import { HostResolver, ResolvedAddress, UnresolvableHostError } from './host-resolver';

const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });
const v6 = (address: string): ResolvedAddress => ({ address, family: 6 });
const DNS: Record<string, ResolvedAddress[]> = {
  'hooks.shop.example': [v4('8.8.8.8'), v6('2001:4860:4860::8888')],
  localhost: [v4('127.0.0.1'), v6('::1')],
  'half-private.example': [v4('8.8.8.8'), v4('10.0.0.1')],
  'metadata.example': [v4('169.254.169.254')],
};
const resolver: HostResolver = async (host) => {
  const answer = DNS[host];
  if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return answer;
};

type Verdict = 'allowed' | 'blocked';
// [url, verdict with private targets refused, verdict with them allowed]
const URLS: [string, Verdict, Verdict][] = [
  ['http://8.8.8.8/hook', 'allowed', 'allowed'],
  ['https://[2606:4700:4700::1111]:8443/hook?x=1', 'allowed', 'allowed'],
  ['https://hooks.shop.example/canyu', 'allowed', 'allowed'],
  ['http://127.0.0.1:8080/hook', 'blocked', 'allowed'],
  ['http://10.1.2.3/hook', 'blocked', 'allowed'],
  ['http://[::1]:9000/hook', 'blocked', 'allowed'],
  ['http://localhost:8080/hook', 'blocked', 'allowed'],
  ['http://100.64.0.1/hook', 'blocked', 'allowed'],
  ['http://[fd00::1]/hook', 'blocked', 'allowed'],
  // numeric spellings the WHATWG parser turns into 127.0.0.1
  ['http://2130706433/', 'blocked', 'allowed'],
  ['http://0x7f.1/', 'blocked', 'allowed'],
  ['http://0177.0.0.1/', 'blocked', 'allowed'],
  ['http://127.1/', 'blocked', 'allowed'],
  ['http://[::ffff:127.0.0.1]/', 'blocked', 'allowed'],
  ['http://[::ffff:7f00:1]/', 'blocked', 'allowed'],
  // never, whatever the operator allows
  ['http://[::]:3000/', 'blocked', 'blocked'],
  ['http://0.0.0.0:3000/', 'blocked', 'blocked'],
  ['http://0/', 'blocked', 'blocked'],
  ['http://169.254.169.254/latest/meta-data', 'blocked', 'blocked'],
  ['http://2852039166/latest/meta-data', 'blocked', 'blocked'],
  ['http://[::ffff:169.254.169.254]/', 'blocked', 'blocked'],
  ['http://[fe80::1]/x', 'blocked', 'blocked'],
  ['http://[64:ff9b::7f00:1]/', 'blocked', 'blocked'],
  ['http://[2002:7f00:1::1]/', 'blocked', 'blocked'],
  ['http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', 'blocked', 'blocked'],
  ['http://198.18.0.1/', 'blocked', 'blocked'],
  ['http://240.0.0.1/', 'blocked', 'blocked'],
  ['http://255.255.255.255/', 'blocked', 'blocked'],
  ['http://224.0.0.1/', 'blocked', 'blocked'],
  ['http://metadata.example/', 'blocked', 'blocked'],
  ['http://half-private.example/', 'blocked', 'allowed'],
  ['ftp://8.8.8.8/hook', 'blocked', 'blocked'],
  ['file:///etc/passwd', 'blocked', 'blocked'],
  ['not a url', 'blocked', 'blocked'],
];

async function verdict(url: string, allowPrivate: boolean): Promise<Verdict> {
  try {
    await resolveDestination(url, { allowPrivate, resolver });
    return 'allowed';
  } catch (err) {
    if (err instanceof DomainError && err.code === 'WEBHOOK.BLOCKED_DESTINATION') return 'blocked';
    throw err;
  }
}

describe('resolveDestination', () => {
  it.each(URLS)('should judge %s as %s without private targets and %s with them', async (url, without, withPrivate) => {
    expect([await verdict(url, false), await verdict(url, true)]).toEqual([without, withPrivate]);
  });

  it('should return every checked address and the bracket-less host when the destination is allowed', async () => {
    const checked = await resolveDestination('https://hooks.shop.example/canyu', { allowPrivate: false, resolver });
    expect(checked.hostname).toBe('hooks.shop.example');
    expect(checked.addresses).toEqual(DNS['hooks.shop.example']);
    const literal = await resolveDestination('http://[::1]:9000/x', { allowPrivate: true, resolver });
    expect([literal.hostname, literal.addresses]).toEqual(['::1', [v6('::1')]]);
  });

  it('should not ask DNS about an IP literal', async () => {
    const never: HostResolver = () => Promise.reject(new Error('DNS must not be asked'));
    await expect(resolveDestination('http://8.8.8.8/', { allowPrivate: false, resolver: never })).resolves.toMatchObject({ hostname: '8.8.8.8' });
  });

  it('should throw a retryable UnresolvableHostError, not a DomainError, when DNS fails, answers nothing or hangs', async () => {
    const empty: HostResolver = async () => [];
    const hanging: HostResolver = () => new Promise(() => undefined);
    await expect(resolveDestination('http://nowhere.invalid/', { allowPrivate: false, resolver })).rejects.toThrow(
      new UnresolvableHostError('nowhere.invalid', 'ENOTFOUND'),
    );
    await expect(resolveDestination('http://a.example/', { allowPrivate: false, resolver: empty })).rejects.toBeInstanceOf(UnresolvableHostError);
    await expect(resolveDestination('http://a.example/', { allowPrivate: false, resolver: hanging, timeoutMs: 20 })).rejects.toThrow(
      'webhook host a.example did not resolve (no answer within 20 ms)',
    );
  });
});

describe('assertWebhookDestination', () => {
  it('should refuse an unresolvable host with WEBHOOK.UNRESOLVABLE_DESTINATION', async () => {
    await expect(assertWebhookDestination('https://nowhere.invalid/hook', { allowPrivate: true, resolver })).rejects.toMatchObject({
      code: 'WEBHOOK.UNRESOLVABLE_DESTINATION',
      category: 'validation',
    });
  });

  it('should refuse a blocked destination with WEBHOOK.BLOCKED_DESTINATION and accept a public one', async () => {
    await expect(assertWebhookDestination('http://[::]:3000/', { allowPrivate: true, resolver })).rejects.toMatchObject({ code: 'WEBHOOK.BLOCKED_DESTINATION' });
    await expect(assertWebhookDestination('https://hooks.shop.example/', { allowPrivate: false, resolver })).resolves.toBeUndefined();
  });
});
