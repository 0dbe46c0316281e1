import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type AuditEvent,
  type AuditEventDraft,
  EMPTY_CHAIN_HEAD,
  sealAuditEvent,
} from '../core/audit-event';
import { domainEventOf } from '../core/domain-events';
import { ConflictError, NotFoundError } from '../core/errors';
import type { Orchestration } from '../core/orchestration';
import { applyAuditEvent, foldAuditEvents } from '../core/orchestration-reducer';
import type { WaitStage } from '../core/statuses';
import { AuditStore, orchestrationKey } from './audit-store';
import type { DomainEventPublisher } from './domain-event-publisher';
import { isConditionFailure } from './dynamodb-document-client';
import type { MetricsStore } from './metrics-store';
import { logger } from './service-logger';

const STATE_KEY = 'STATE';
const EVENTS_HELP = 'Audit events recorded, by type (one per transition)';
// Every round of a race has one winner, so this bounds even 20 writers on one chain.
const MAX_APPEND_ATTEMPTS = 30;

/** Decides the next audit event from the current state, or nothing when there is no change. */
export type TransitionDecision = (state: Orchestration) => AuditEventDraft | undefined;

/** The outcome of an attempted transition. */
export interface TransitionResult {
  state: Orchestration;
  /** The event this call wrote; absent when the decision was that nothing changes. */
  event?: AuditEvent;
}

/** Table names the store writes to. */
export interface OrchestrationStoreTables {
  orchestrations: string;
  audit: string;
}

/**
 * Orchestrations as the design's data model keeps them: the audit event decides a transition
 * (one conditional put), the state item is a projection that only moves forward, and a reader
 * that finds newer events folds them in and repairs the projection.
 */
export class OrchestrationStore {
  readonly audit: AuditStore;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: OrchestrationStoreTables,
    private readonly metrics?: MetricsStore,
    private readonly publisher?: DomainEventPublisher,
  ) {
    this.audit = new AuditStore(client, tables.audit);
  }

  /** Writes the first event of a new orchestration and its projection. */
  async create(orchestrationId: string, draft: AuditEventDraft): Promise<Orchestration> {
    const event = sealAuditEvent(orchestrationId, EMPTY_CHAIN_HEAD, draft);
    if (!(await this.audit.append(event))) {
      throw new ConflictError(`Orchestration ${orchestrationId} already exists`);
    }

    const state = applyAuditEvent(undefined, event);
    await this.saveProjection(state);
    await this.announce(state, event);
    return state;
  }

  /** The current state with every recorded event folded in; undefined for an unknown id. */
  async load(orchestrationId: string): Promise<Orchestration | undefined> {
    const projection = await this.readProjection(orchestrationId);
    const newer = await this.audit.listAfter(orchestrationId, projection?.version ?? 0);
    return this.repair(projection, newer);
  }

  /** Loads the state, or answers 404 when the id is unknown or of another organisation. */
  async loadForOrg(orchestrationId: string, orgId: string): Promise<Orchestration> {
    return requireOrg(orchestrationId, orgId, await this.load(orchestrationId));
  }

  /** The state and its whole audit chain, read once: the chain also repairs the state. */
  async loadWithEvents(orchestrationId: string, orgId: string) {
    const projection = await this.readProjection(orchestrationId);
    const events = await this.audit.listAfter(orchestrationId, 0);
    const newer = events.filter((event) => event.seq > (projection?.version ?? 0));
    const state = requireOrg(orchestrationId, orgId, await this.repair(projection, newer));
    return { state, events };
  }

  /**
   * Applies a decision with one conditional write. A loser of the race re-reads and decides
   * again, so a decision that no longer holds surfaces as the decision's own error (409).
   * With `orgId`, an orchestration of another organisation is as unknown as a missing one.
   */
  async transition(
    orchestrationId: string,
    decide: TransitionDecision,
    orgId?: string,
  ): Promise<TransitionResult> {
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt += 1) {
      const loaded = await this.load(orchestrationId);
      const state = requireOrg(orchestrationId, orgId ?? loaded?.orgId, loaded);

      const draft = decide(state);
      if (!draft) return { state };

      const event = sealAuditEvent(orchestrationId, state.auditHead, draft);
      if (await this.audit.append(event)) {
        const next = applyAuditEvent(state, event);
        await this.saveProjection(next);
        await this.announce(next, event);
        return { state: next, event };
      }
    }

    throw new ConflictError('Too many concurrent changes to this orchestration; try again');
  }

  /** Stores a task token so a later decision can release the wait. */
  async parkTaskToken(orchestrationId: string, stage: WaitStage, taskToken: string, ttl: number) {
    const item = { pk: orchestrationKey(orchestrationId), sk: tokenKey(stage), taskToken };
    await this.client.send(
      new PutCommand({ TableName: this.tables.orchestrations, Item: { ...item, expiresAt: ttl } }),
    );
  }

  /** The parked task token of a wait, if any. */
  async readTaskToken(orchestrationId: string, stage: WaitStage): Promise<string | undefined> {
    const key = { pk: orchestrationKey(orchestrationId), sk: tokenKey(stage) };
    const result = await this.client.send(
      new GetCommand({ TableName: this.tables.orchestrations, Key: key, ConsistentRead: true }),
    );
    return typeof result.Item?.taskToken === 'string' ? result.Item.taskToken : undefined;
  }

  /** Forgets a task token once it is spent, so no secret lingers longer than needed. */
  async deleteTaskToken(orchestrationId: string, stage: WaitStage, taskToken: string) {
    const key = { pk: orchestrationKey(orchestrationId), sk: tokenKey(stage) };
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tables.orchestrations,
          Key: key,
          ConditionExpression: 'taskToken = :token',
          ExpressionAttributeValues: { ':token': taskToken },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /**
   * Counts and publishes a recorded transition. Only the writer that won the conditional put
   * gets here, so each transition is announced once; a failure is logged, never turned into
   * an error for a caller whose transition is already recorded.
   */
  private async announce(state: Orchestration, event: AuditEvent): Promise<void> {
    const labels = { type: event.type };
    await Promise.all([
      this.metrics
        ?.increment(state.orgId, 'incident_orchestrator_audit_events_total', EVENTS_HELP, labels)
        .catch((error) => logger.warn('Counter not incremented', { error })),
      this.publisher
        ?.publish(domainEventOf(state, event))
        .catch((error) => logger.error('Domain event not published', { error, seq: event.seq })),
    ]);
  }

  private async repair(
    projection: Orchestration | undefined,
    newer: readonly AuditEvent[],
  ): Promise<Orchestration | undefined> {
    if (newer.length === 0) return projection;

    const repaired = foldAuditEvents(projection, newer);
    if (repaired) await this.saveProjection(repaired);
    return repaired;
  }

  private async readProjection(orchestrationId: string): Promise<Orchestration | undefined> {
    const key = { pk: orchestrationKey(orchestrationId), sk: STATE_KEY };
    const result = await this.client.send(
      new GetCommand({ TableName: this.tables.orchestrations, Key: key, ConsistentRead: true }),
    );
    return result.Item?.projection as Orchestration | undefined;
  }

  private async saveProjection(state: Orchestration): Promise<void> {
    const item = {
      pk: orchestrationKey(state.orchestrationId),
      sk: STATE_KEY,
      version: state.version,
      status: state.status,
      orgPk: `ORG#${state.orgId}`,
      orgSk: `${state.createdAt}#${state.orchestrationId}`,
      projection: state,
    };

    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tables.orchestrations,
          Item: item,
          // The projection only moves forward; a newer one already there is just as true.
          ConditionExpression: 'attribute_not_exists(pk) OR version < :version',
          ExpressionAttributeValues: { ':version': state.version },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}

function requireOrg(
  orchestrationId: string,
  orgId: string | undefined,
  state: Orchestration | undefined,
): Orchestration {
  if (!state || state.orgId !== orgId) {
    throw new NotFoundError(`No orchestration ${orchestrationId} in this organisation`);
  }
  return state;
}

function tokenKey(stage: WaitStage): string {
  return `TOKEN#${stage}`;
}
