import { Logger } from '@aws-lambda-powertools/logger';

/** The one structured JSON logger of every handler; level and service come from env. */
export const logger = new Logger({ serviceName: 'incident-orchestrator' });
