import { appendFile } from 'node:fs/promises';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { DomainEvent } from '../core/domain-events';
import { logger } from './service-logger';

/** Where domain events go: an EventBridge bus in AWS, a JSON Lines file offline. */
export interface PublisherTarget {
  eventBusName?: string;
  localEventsFile?: string;
}

/**
 * Publishes one domain event per transition. The audit event is the record of truth; a
 * publish that fails is logged with its cause and not retried (see docs/events.md).
 */
export class DomainEventPublisher {
  private readonly eventBridge?: EventBridgeClient;

  constructor(private readonly target: PublisherTarget) {
    if (target.eventBusName) this.eventBridge = new EventBridgeClient({ maxAttempts: 3 });
  }

  /** Sends the event to the configured target and logs it. */
  async publish(event: DomainEvent): Promise<void> {
    const { orchestrationId, seq, type } = event.detail;
    logger.info('Domain event published', {
      detailType: event.detailType,
      orchestrationId,
      seq,
      type,
    });

    if (this.target.localEventsFile) {
      await appendFile(this.target.localEventsFile, `${JSON.stringify(event)}\n`);
    }
    if (this.eventBridge && this.target.eventBusName) {
      await this.putEvent(this.eventBridge, this.target.eventBusName, event);
    }
  }

  private async putEvent(client: EventBridgeClient, busName: string, event: DomainEvent) {
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: busName,
            Source: event.source,
            DetailType: event.detailType,
            Detail: JSON.stringify(event.detail),
          },
        ],
      }),
    );
    if (result.FailedEntryCount) {
      throw new Error(`EventBridge refused the event: ${result.Entries?.[0]?.ErrorCode}`);
    }
  }
}
