export * from './channel-adapter';
export * from './channel.registry';
export * from './channels.module';
export * from './sandbox/sandbox.adapter';
export * from './webhook/webhook.adapter';
export * from './webhook/signature';
export * from './webhook/address-policy';
export * from './webhook/host-resolver';
export { assertWebhookDestination, CheckedDestination, DestinationPolicy, resolveDestination } from './webhook/destination-guard';
