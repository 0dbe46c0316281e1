import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { TableEncryptionChoice } from './orchestrator-config';

/** Name of the orchestrations table's index for listing an organisation's orchestrations. */
export const BY_ORG_INDEX = 'byOrg';

/** Attribute holding the epoch second after which DynamoDB may delete an item. */
export const TIME_TO_LIVE_ATTRIBUTE = 'expiresAt';

/** Props of {@link OrchestrationTables}. */
export interface OrchestrationTablesProps {
  /** AWS owned encryption, or a customer managed key (given, or created here). */
  readonly encryption: TableEncryptionChoice;
}

/**
 * The two DynamoDB tables: `Orchestrations` (state projections, task tokens, idempotency
 * records, counters; TTL on `expiresAt`; GSI `byOrg`) and `Audit` (append-only audit events,
 * kept apart so IAM can forbid updates and deletes there). Both are on demand, with
 * point-in-time recovery and deletion protection, and outlive the stack.
 */
export class OrchestrationTables extends Construct {
  /** State items, task tokens and other records keyed by `pk`/`sk`. */
  readonly orchestrations: Table;
  /** Hash-chained audit events keyed by `pk`/`sk`. */
  readonly audit: Table;
  /** The customer managed key of both tables; undefined with AWS owned encryption. */
  readonly encryptionKey?: IKey;

  constructor(scope: Construct, id: string, props: OrchestrationTablesProps) {
    super(scope, id);

    this.encryptionKey = this.keyFor(props.encryption);
    this.orchestrations = this.keptTable('Orchestrations', TIME_TO_LIVE_ATTRIBUTE);
    this.orchestrations.addGlobalSecondaryIndex({
      indexName: BY_ORG_INDEX,
      partitionKey: { name: 'orgPk', type: AttributeType.STRING },
      sortKey: { name: 'orgSk', type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });

    this.audit = this.keptTable('Audit');
  }

  private keyFor(encryption: TableEncryptionChoice): IKey | undefined {
    if (encryption.kind === 'aws-owned') {
      return undefined;
    }

    if (encryption.keyArn !== undefined) {
      return Key.fromKeyArn(this, 'TableKey', encryption.keyArn);
    }

    return new Key(this, 'TableKey', {
      description: 'Encrypts the Incident Orchestrator tables',
      enableKeyRotation: true,
      rotationPeriod: Duration.days(365),
      // The retained tables stay readable only while their key exists.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  private keptTable(id: string, timeToLiveAttribute?: string): Table {
    const key = this.encryptionKey;

    return new Table(this, id, {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute,
      ...(key === undefined
        ? { encryption: TableEncryption.DEFAULT }
        : { encryption: TableEncryption.CUSTOMER_MANAGED, encryptionKey: key }),
      // The audit trail and live orchestrations must outlive the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
