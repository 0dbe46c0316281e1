import type { LocalEndpoints } from '../local/local-stack';
import type { FloorPlan, FloorResult } from './dynamodb-floor';
import type { DynamoDbExchange, TrafficCounters } from './traffic-recorder';

/** Counters of the stack's process: requests observed and state transitions so far. */
export interface HostCounters {
  traffic: TrafficCounters;
  stateTransitions: number;
}

/** Every command the stack's process answers, with its argument and result. */
export interface HostCommands {
  counters: { args: null; result: HostCounters };
  capture: { args: boolean; result: null };
  exchanges: { args: null; result: DynamoDbExchange[] };
  floor: { args: Omit<FloorPlan, 'endpoint' | 'region'>; result: FloorResult };
  stop: { args: null; result: null };
}

/** The name of a command. */
export type HostCommandName = keyof HostCommands;

/** A command sent to the stack's process. */
export interface HostRequest {
  id: number;
  command: HostCommandName;
  args: unknown;
}

/** The answer to one command. */
export type HostReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string };

/** What the stack's process says on its own: started (with its endpoints) or failed. */
export type HostEvent =
  | { type: 'ready'; endpoints: LocalEndpoints; dataDir: string }
  | { type: 'failed'; error: string };
