import 'reflect-metadata';
import http, { createServer, Server } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { WebhookEnv } from '@lib/config';
import { DomainError } from '@lib/domain';
import { OutboundDelivery } from '../channel-adapter';
import { HostResolver, ResolvedAddress } from './host-resolver';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature, workspaceSigningKey } from './signature';
import { WebhookAdapter } from './webhook.adapter';

const SECRET = 'a'.repeat(16) + 'b'.repeat(16);
const env = (allowPrivate: boolean, timeoutMs = 500): WebhookEnv =>
  Object.assign(new WebhookEnv(), { WEBHOOK_SIGNING_SECRET: SECRET, WEBHOOK_ALLOW_PRIVATE_TARGETS: allowPrivate, WEBHOOK_TIMEOUT_MS: timeoutMs });
const delivery = (endpoint: string): OutboundDelivery => ({
  messageId: 'm-1',
  workspaceId: 'ws-1',
  campaignId: 'c-1',
  participantRef: 'buyer-1',
  purpose: 'invitation',
  body: { text: 'hi' },
  endpoint,
});

/** A DNS that answers differently on each call (rebinding), counting the calls. */
function rebinding(...answers: ResolvedAddress[][]): HostResolver & { calls: number } {
  const resolver = Object.assign(async () => answers[Math.min(resolver.calls++, answers.length - 1)], { calls: 0 });
  return resolver;
}

describe('WebhookAdapter', () => {
  let server: Server;
  let port: number;
  let connections = 0;
  let status = 200;
  const received: { url?: string; headers: Record<string, unknown>; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ url: req.url, headers: req.headers, body });
        if (status === 302) res.setHeader('location', `http://127.0.0.1:${port}/elsewhere`);
        res.statusCode = status;
        res.end('ignored');
      });
    });
    server.on('connection', (socket: Socket) => {
      connections++;
      socket.unref();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((r) => server.close(r)));
  afterEach(() => jest.restoreAllMocks());
  beforeEach(() => {
    connections = 0;
    status = 200;
    received.length = 0;
  });

  it('should connect only to the checked public address when DNS answers loopback the second time (rebinding)', async () => {
    // Arrange: record where each socket connects and cut it there, so no packet leaves the machine
    const connectedTo: string[] = [];
    const realRequest = http.request;
    jest.spyOn(http, 'request').mockImplementation(((...args: Parameters<typeof http.request>) => {
      const req = realRequest(...args);
      req.on('socket', (socket) =>
        socket.on('lookup', (_err: Error | null, address: string) => {
          connectedTo.push(address);
          socket.destroy(new Error('cut by the test'));
        }),
      );
      return req;
    }) as typeof http.request);
    const dns = rebinding([{ address: '8.8.8.8', family: 4 }], [{ address: '127.0.0.1', family: 4 }]);
    // Act
    const sending = new WebhookAdapter(env(false), dns).send(delivery(`http://rebind.example:${port}/hook`));
    // Assert
    await expect(sending).rejects.toThrow('webhook POST to rebind.example failed: cut by the test');
    await expect(sending).rejects.not.toBeInstanceOf(DomainError);
    expect(connectedTo).toEqual(['8.8.8.8']);
    expect(dns.calls).toBe(1);
    expect(connections).toBe(0);
  });

  it('should deliver to the checked loopback address when private targets are allowed and DNS rebinds to metadata', async () => {
    const dns = rebinding([{ address: '127.0.0.1', family: 4 }], [{ address: '169.254.169.254', family: 4 }]);
    await new WebhookAdapter(env(true), dns).send(delivery(`http://rebind.example:${port}/hook?k=1`));
    expect(dns.calls).toBe(1);
    expect(received).toHaveLength(1);
    expect(received[0].url).toBe('/hook?k=1');
    expect(received[0].headers.host).toBe(`rebind.example:${port}`);
  });

  it('should refuse with a DomainError, without connecting, when any resolved address is blocked', async () => {
    const dns = rebinding([
      { address: '127.0.0.1', family: 4 },
      { address: '169.254.169.254', family: 4 },
    ]);
    await expect(new WebhookAdapter(env(true), dns).send(delivery(`http://mixed.example:${port}/`))).rejects.toMatchObject({
      code: 'WEBHOOK.BLOCKED_DESTINATION',
    });
    expect(connections).toBe(0);
  });

  it.each([`http://[::]:PORT/`, `http://0.0.0.0:PORT/`, `http://[::ffff:0.0.0.0]:PORT/`])(
    'should refuse %s, which would reach loopback, even when private targets are allowed',
    async (url) => {
      const send = new WebhookAdapter(env(true), rebinding([])).send(delivery(url.replace('PORT', String(port))));
      await expect(send).rejects.toBeInstanceOf(DomainError);
      expect(connections).toBe(0);
    },
  );

  it('should sign the body with the workspace key and send it when the receiver answers 2xx', async () => {
    await new WebhookAdapter(env(true), rebinding([])).send(delivery(`http://127.0.0.1:${port}/hooks`));
    const [{ headers, body }] = received;
    const check = verifySignature(workspaceSigningKey(SECRET, 'ws-1'), { signature: headers[SIGNATURE_HEADER] as string, timestamp: headers[TIMESTAMP_HEADER] as string }, body, new Date(), 60_000);
    expect(check).toEqual({ ok: true });
    expect(JSON.parse(body)).toEqual({ id: 'm-1', campaignId: 'c-1', participantId: 'buyer-1', purpose: 'invitation', message: { text: 'hi' } });
    expect(headers['content-type']).toBe('application/json');
  });

  it.each([503, 404, 302])('should throw a retryable error, following no redirect, when the receiver answers %i', async (code) => {
    status = code;
    const send = new WebhookAdapter(env(true), rebinding([])).send(delivery(`http://127.0.0.1:${port}/hooks`));
    await expect(send).rejects.toThrow(`webhook answered ${code}`);
    await expect(send).rejects.not.toBeInstanceOf(DomainError);
    expect(received.map((r) => r.url)).toEqual(['/hooks']);
  });

  it('should time out after WEBHOOK_TIMEOUT_MS when the receiver does not answer', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
      await expect(new WebhookAdapter(env(true, 150), rebinding([])).send(delivery(url))).rejects.toThrow('timed out after 150 ms');
    } finally {
      silent.closeAllConnections();
      await new Promise((r) => silent.close(r));
    }
  });

  it('should throw a retryable error when the workspace has no webhook URL', async () => {
    await expect(new WebhookAdapter(env(true), rebinding([])).send({ ...delivery(''), endpoint: null })).rejects.toThrow('no webhook URL');
  });
});
