/** Where a message or a spread event travels. Values are stored and are a wire contract. */
export enum Channel {
  WeChat = 'wechat',
  QqZone = 'qq_zone',
  Forum = 'forum',
  Weibo = 'weibo',
  Sandbox = 'sandbox',
  Webhook = 'webhook',
}

export const CHANNELS: readonly Channel[] = Object.values(Channel);
