/**
 * Queue names are a wire contract between deployed producers and workers: never rename
 * a value, only add new ones (and deploy workers before producers that use them).
 */
export enum QueueName {
  Events = 'events',
  Mechanics = 'mechanics',
  Outreach = 'outreach',
  Scoring = 'scoring',
  Maintenance = 'maintenance',
  /** Slow, CPU-heavy steps (audio analysis), kept apart so they never delay routing. */
  Analysis = 'analysis',
}
