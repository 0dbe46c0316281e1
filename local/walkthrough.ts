import type { LocalEndpoints } from './local-stack';

/** The banner `npm start` prints: where everything listens and a lifecycle to paste. */
export function walkthrough(endpoints: LocalEndpoints, seconds: string): string {
  const api = endpoints.api;
  return `
Incident Orchestrator is running offline (ready in ${seconds} s)

  API             ${api}
  DynamoDB        ${endpoints.dynamodb}   tables ${endpoints.tables.orchestrations}, ${endpoints.tables.audit}
  Step Functions  ${endpoints.stepFunctions}
  JWKS            ${endpoints.jwks}
  Endpoints file  .local/endpoints.json (or $LOCAL_DATA_DIR/endpoints.json)

Walk an incident through suggest -> dry-run -> approve -> execute (in another shell):

  API=${api}
  ENGINEER=$(npm run -s token -- --sub engineer-1 --org org-a)
  ADMIN=$(npm run -s token -- --sub admin-1 --org org-a --role org-admin)
  ID=$(curl -s -X POST $API/orchestrate -H "authorization: Bearer $ENGINEER" \\
    -H 'content-type: application/json' \\
    -d '{"incident":{"title":"checkout errors after deploy","severity":"high","service":"checkout"}}' \\
    | node -pe 'JSON.parse(require("fs").readFileSync(0)).orchestrationId')
  curl -s -X POST $API/orchestrations/$ID/dry-run -H "authorization: Bearer $ENGINEER" \\
    -H 'content-type: application/json' -d '{}'
  curl -s -X POST $API/orchestrations/$ID/approve -H "authorization: Bearer $ADMIN" \\
    -H 'content-type: application/json' -d '{"justification":"Rollback is the fastest safe fix"}'
  curl -s -X POST $API/orchestrations/$ID/execute -H "authorization: Bearer $ADMIN" \\
    -H 'content-type: application/json' -d '{}'
  curl -s $API/orchestrations/$ID -H "authorization: Bearer $ENGINEER"
  curl -s $API/orchestrations/$ID/audit -H "authorization: Bearer $ENGINEER"

Stop with Ctrl-C; state under the data directory survives a restart.
`;
}
