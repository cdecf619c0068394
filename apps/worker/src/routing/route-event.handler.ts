import { Injectable } from '@nestjs/common';
import { EventBatchReceivedV1, EventReceivedV1, JobHandler } from '@lib/queue';
import { EventRouter } from './event-router';

/** One event (single ingests, the sweeper). */
@Injectable()
export class RouteEventHandler implements JobHandler<'event.received'> {
  constructor(private readonly router: EventRouter) {}

  handle(data: EventReceivedV1): Promise<void> {
    return this.router.route(data.workspaceId, [data.eventId]);
  }
}

/** The events of one ingest batch, routed together. */
@Injectable()
export class RouteBatchHandler implements JobHandler<'event.batch-received'> {
  constructor(private readonly router: EventRouter) {}

  handle(data: EventBatchReceivedV1): Promise<void> {
    return this.router.route(data.workspaceId, data.eventIds);
  }
}
