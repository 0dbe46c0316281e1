import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type ApprovalPolicy,
  DEFAULT_APPROVAL_POLICY,
  type PolicyInForce,
} from '../core/approval-policy';
import { type Actor, type AuditEvent, EMPTY_CHAIN_HEAD, sealAuditEvent } from '../core/audit-event';
import { ConflictError } from '../core/errors';
import { AuditStore, organisationChainId } from './audit-store';
import { isConditionFailure } from './dynamodb-document-client';

const POLICY_KEY = 'POLICY';

/**
 * Organisation policies. Like orchestrations, a change is decided by one conditional write of
 * an audit event — here into the organisation's own chain — and the policy item is its
 * projection, repaired by any reader that finds a newer event.
 */
export class PolicyStore {
  private readonly audit: AuditStore;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: { orchestrations: string; audit: string },
  ) {
    this.audit = new AuditStore(client, tables.audit);
  }

  /** The policy in force for an organisation; the default until it sets one. */
  async load(orgId: string): Promise<PolicyInForce> {
    const chainId = organisationChainId(orgId);
    const stored = await this.readProjection(orgId);
    const newer = await this.audit.listAfter(chainId, stored?.version ?? 0);
    const latest = newer.at(-1);
    if (!latest) return stored ?? defaultPolicy(orgId);

    const repaired = projectionOf(orgId, latest);
    await this.saveProjection(repaired, latest);
    return repaired;
  }

  /** Replaces the policy when `expectedVersion` is still current; the change is audited. */
  async replace(
    orgId: string,
    policy: ApprovalPolicy,
    actor: Actor,
    expectedVersion: number,
  ): Promise<{ policy: PolicyInForce; event: AuditEvent }> {
    const current = await this.load(orgId);
    if (current.version !== expectedVersion) {
      throw new ConflictError(
        `The policy is at version ${current.version}, not ${expectedVersion}`,
      );
    }

    const head =
      current.version === 0 ? EMPTY_CHAIN_HEAD : await this.headOf(orgId, current.version);
    const data = { orgId, previous: current.policy, policy };
    const at = new Date().toISOString();
    const event = sealAuditEvent(organisationChainId(orgId), head, {
      type: 'POLICY_CHANGED',
      at,
      actor,
      data,
    });
    if (!(await this.audit.append(event))) {
      throw new ConflictError('Another policy change won the race; read the policy and retry');
    }

    const next = projectionOf(orgId, event);
    await this.saveProjection(next, event);
    return { policy: next, event };
  }

  /** The organisation's audit chain of policy changes. */
  async history(orgId: string): Promise<AuditEvent[]> {
    return this.audit.listAfter(organisationChainId(orgId), 0);
  }

  private async headOf(orgId: string, version: number) {
    const event = await this.audit.get(organisationChainId(orgId), version);
    if (!event) throw new ConflictError('The policy chain head is missing; it was tampered with');
    return { seq: event.seq, hash: event.hash };
  }

  private async readProjection(orgId: string): Promise<PolicyInForce | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tables.orchestrations,
        Key: { pk: organisationChainId(orgId), sk: POLICY_KEY },
        ConsistentRead: true,
      }),
    );
    return result.Item?.projection as PolicyInForce | undefined;
  }

  private async saveProjection(policy: PolicyInForce, event: AuditEvent): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tables.orchestrations,
          Item: {
            pk: organisationChainId(policy.orgId),
            sk: POLICY_KEY,
            version: policy.version,
            projection: policy,
            chainHead: { seq: event.seq, hash: event.hash },
          },
          ConditionExpression: 'attribute_not_exists(pk) OR version < :version',
          ExpressionAttributeValues: { ':version': policy.version },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}

function defaultPolicy(orgId: string): PolicyInForce {
  return { orgId, version: 0, policy: DEFAULT_APPROVAL_POLICY, source: 'default' };
}

function projectionOf(orgId: string, event: AuditEvent): PolicyInForce {
  const policy = event.data.policy as ApprovalPolicy;
  return { orgId, version: event.seq, policy, source: 'organisation' };
}
