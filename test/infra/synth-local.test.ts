import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLERS } from '../../infra/handlers';
import { type LocalTemplate, synthesizeLocalTemplate } from '../../infra/synth-local';
import { createHandlerEntries, type HandlerEntriesFixture } from './handler-entries-fixture';
import { TEST_SETTINGS } from './stack-fixture';

describe('synthesizeLocalTemplate', () => {
  let entries: HandlerEntriesFixture;
  let local: LocalTemplate;

  beforeAll(() => {
    entries = createHandlerEntries();
    local = synthesizeLocalTemplate({
      ...TEST_SETTINGS,
      approvalWindowSeconds: 5,
      executionWindowSeconds: 7,
      projectRoot: entries.projectRoot,
    });
  });

  afterAll(() => entries.remove());

  it('binds every handler to the logical id of its function in the template', () => {
    const types = Object.fromEntries(
      Object.entries(local.functionLogicalIds).map(([name, id]) => [
        name,
        local.template.Resources[id]?.Type,
      ]),
    );

    expect(types).toEqual(
      Object.fromEntries(HANDLERS.map((handler) => [handler.name, 'AWS::Lambda::Function'])),
    );
  });

  it('names both tables and the state machine by logical id', () => {
    const { Orchestrations, Audit } = local.tableLogicalIds;

    expect(local.template.Resources[Orchestrations]?.Type).toBe('AWS::DynamoDB::Table');
    expect(local.template.Resources[Audit]?.Type).toBe('AWS::DynamoDB::Table');
    expect(local.template.Resources[local.stateMachineLogicalId]?.Type).toBe(
      'AWS::StepFunctions::StateMachine',
    );
  });

  it('carries the windows it was given into the definition', () => {
    const machine = local.template.Resources[local.stateMachineLogicalId];
    const definition = JSON.stringify(machine?.Properties?.DefinitionString);

    expect(definition).toContain('\\"TimeoutSeconds\\":5');
    expect(definition).toContain('\\"TimeoutSeconds\\":7');
  });
});
