/** The context object a state reads through `$$` paths. */
export interface ContextObject {
  Execution: { Id: string; Input: unknown; Name: string; RoleArn: string; StartTime: string };
  State: { EnteredTime: string; Name: string; RetryCount: number };
  StateMachine: { Id: string; Name: string };
  Task?: { Token: string };
}

/** The top-level fields of the context object; a `$$` path must start with one of them. */
export const CONTEXT_FIELDS: readonly string[] = ['Execution', 'State', 'StateMachine', 'Task'];

/** What the interpreter knows about the running state when it builds the context object. */
export interface ContextFacts {
  executionArn: string;
  executionName: string;
  executionInput: unknown;
  startTime: number;
  stateMachineArn: string;
  stateMachineName: string;
  stateName: string;
  enteredTime: number;
  retryCount: number;
  taskToken?: string;
}

/** Builds the context object; the role ARN is a placeholder since nothing assumes it locally. */
export function buildContextObject(facts: ContextFacts): ContextObject {
  const context: ContextObject = {
    Execution: {
      Id: facts.executionArn,
      Input: facts.executionInput,
      Name: facts.executionName,
      RoleArn: 'arn:aws:iam::000000000000:role/local-step-functions',
      StartTime: new Date(facts.startTime).toISOString(),
    },
    State: {
      EnteredTime: new Date(facts.enteredTime).toISOString(),
      Name: facts.stateName,
      RetryCount: facts.retryCount,
    },
    StateMachine: { Id: facts.stateMachineArn, Name: facts.stateMachineName },
  };

  if (facts.taskToken !== undefined) {
    context.Task = { Token: facts.taskToken };
  }
  return context;
}
