import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/** Name of the orchestrations table's index for listing an organisation's orchestrations. */
export const BY_ORG_INDEX = 'byOrg';

/**
 * The two DynamoDB tables: `Orchestrations` (state projections, task tokens, idempotency
 * records, counters; TTL on `expiresAt`; GSI `byOrg`) and `Audit` (append-only audit events,
 * kept apart so IAM can forbid updates and deletes there).
 */
export class OrchestrationTables extends Construct {
  /** State items, task tokens and other records keyed by `pk`/`sk`. */
  readonly orchestrations: Table;
  /** Hash-chained audit events keyed by `pk`/`sk`. */
  readonly audit: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.orchestrations = keptTable(this, 'Orchestrations', 'expiresAt');
    this.orchestrations.addGlobalSecondaryIndex({
      indexName: BY_ORG_INDEX,
      partitionKey: { name: 'orgPk', type: AttributeType.STRING },
      sortKey: { name: 'orgSk', type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });

    this.audit = keptTable(this, 'Audit');
  }
}

function keptTable(scope: Construct, id: string, timeToLiveAttribute?: string): Table {
  return new Table(scope, id, {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    sortKey: { name: 'sk', type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    timeToLiveAttribute,
    // The audit trail and live orchestrations must outlive the stack.
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
