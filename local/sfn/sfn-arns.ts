/** Where the emulated state machines live: ARNs are built from these. */
export interface ArnScope {
  region: string;
  accountId: string;
}

/** The ARN of the state machine with this logical id. */
export function stateMachineArn(scope: ArnScope, logicalId: string): string {
  return `arn:aws:states:${scope.region}:${scope.accountId}:stateMachine:${logicalId}`;
}

/** The ARN of an execution of a state machine. */
export function executionArn(scope: ArnScope, logicalId: string, name: string): string {
  return `arn:aws:states:${scope.region}:${scope.accountId}:execution:${logicalId}:${name}`;
}

/** The resource type and the parts after it of a Step Functions ARN, or undefined. */
export function parseStatesArn(arn: string): { resourceType: string; parts: string[] } | undefined {
  const [prefix, partition, service, region, accountId, resourceType, ...parts] = arn.split(':');
  const wellFormed =
    prefix === 'arn' &&
    partition === 'aws' &&
    service === 'states' &&
    region !== undefined &&
    region.length > 0 &&
    accountId !== undefined &&
    /^\d{12}$/.test(accountId) &&
    resourceType !== undefined &&
    parts.every((part) => part.length > 0);

  return wellFormed && parts.length > 0 ? { resourceType, parts } : undefined;
}
