import { DomainError } from '@lib/domain';
import { assertPublicDestination } from './destination-guard';

describe('assertPublicDestination', () => {
  it.each(['http://169.254.169.254/latest/meta-data', 'http://[fe80::1]/x', 'http://0.0.0.0:3000/'])(
    'should refuse %s even when private targets are allowed',
    async (url) => {
      await expect(assertPublicDestination(url, true)).rejects.toMatchObject({ code: 'WEBHOOK.BLOCKED_DESTINATION' });
    },
  );

  it.each(['http://127.0.0.1:8080/hook', 'http://10.1.2.3/hook', 'http://192.168.0.10/hook', 'http://[::1]:9000/hook', 'http://localhost:8080/hook'])(
    'should refuse the private address %s unless the operator allows private targets',
    async (url) => {
      await expect(assertPublicDestination(url, false)).rejects.toBeInstanceOf(DomainError);
      await expect(assertPublicDestination(url, true)).resolves.toBeUndefined();
    },
  );

  it('should allow a public address when it is given as an IP literal', async () => {
    await expect(assertPublicDestination('https://203.0.113.7/hooks', false)).resolves.toBeUndefined();
  });
});
