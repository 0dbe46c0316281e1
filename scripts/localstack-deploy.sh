#!/usr/bin/env bash
# Deploys the stack to LocalStack with cdklocal (Docker required): an HS256 key is generated,
# kept in .local/localstack/jwt-secret and stored in LocalStack's Secrets Manager, and the
# authorizer reads it from there (JWT_SECRET_ARN). Mint tokens with scripts/hs256-token.ts.
# Needs LocalStack running (localstack start -d), and cdklocal and awslocal on PATH:
#   npm i -g aws-cdk-local aws-cdk   ;   pip install awscli-local
# See docs/local-development.md.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in cdklocal awslocal docker; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is not installed" >&2; exit 1; }
done

state_dir="${LOCAL_DATA_DIR:-.local}/localstack"
mkdir -p "$state_dir"
secret_file="$state_dir/jwt-secret"
if [ ! -f "$secret_file" ]; then
  node -e "process.stdout.write(require('node:crypto').randomBytes(48).toString('base64url'))" \
    > "$secret_file"
  chmod 600 "$secret_file"
fi

secret_name=incident-orchestrator/jwt-signing-key
if ! secret_arn="$(awslocal secretsmanager describe-secret --secret-id "$secret_name" \
  --query ARN --output text 2>/dev/null)"; then
  secret_arn="$(awslocal secretsmanager create-secret --name "$secret_name" \
    --secret-string "file://$secret_file" --query ARN --output text)"
fi

cdklocal bootstrap
cdklocal deploy --require-approval never \
  -c jwtIssuer=urn:incident-orchestrator:localstack \
  -c jwtAudience=incident-orchestrator \
  -c jwtSecretArn="$secret_arn" \
  --outputs-file "$state_dir/outputs.json"

echo "Outputs: $state_dir/outputs.json"
echo "Token:   npx tsx scripts/hs256-token.ts --sub user-1 --org org-a --role org-admin"
