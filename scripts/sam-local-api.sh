#!/usr/bin/env bash
# Serves the synthesized API with `sam local start-api`, each function in a Docker container,
# against the offline stack's DynamoDB, Step Functions emulator and JWKS. Needs the AWS SAM CLI,
# Docker with host networking (Linux; Docker Desktop 4.34+ with host networking enabled), and
# `npm start` running in another shell. See docs/local-development.md.
set -euo pipefail
cd "$(dirname "$0")/.."

data_dir="${LOCAL_DATA_DIR:-.local}"
for tool in sam docker; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is not installed" >&2; exit 1; }
done
if [ ! -f "$data_dir/endpoints.json" ]; then
  echo "$data_dir/endpoints.json is missing: run npm start in another shell first" >&2
  exit 1
fi

jwks_url="$(node -p "require('./$data_dir/endpoints.json').jwks")"
npx cdk synth --quiet \
  -c jwtIssuer=urn:incident-orchestrator:local \
  -c jwtAudience=incident-orchestrator \
  -c jwtJwksUrl="$jwks_url"
template="$(npx tsx scripts/sam-local-template.ts cdk.out IncidentOrchestrator)"

exec sam local start-api \
  --template "$template" \
  --docker-network host \
  --port "${SAM_PORT:-3000}" \
  --warm-containers LAZY
