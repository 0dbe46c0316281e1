/**
 * Writes `cdk.out/<stack>.sam-local.json`: the synthesized template with every function's
 * environment pointed at the running offline stack (`npm start`), for `sam local start-api`.
 * Run `npx cdk synth --quiet` first; see docs/local-development.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../local/dev-keys';
import type { LocalEndpoints } from '../local/local-stack';

/** A template resource, as far as this script reads and writes it. */
interface TemplateResource {
  Type: string;
  Properties?: { Environment?: { Variables?: Record<string, unknown> } };
  Metadata?: Record<string, unknown>;
}

/** Where the SAM copy of the template is written, beside the assets it refers to. */
export function samTemplatePath(assemblyDir: string, stackName: string): string {
  return join(assemblyDir, `${stackName}.sam-local.json`);
}

/**
 * The template with literal settings for the offline endpoints. SAM only sets variables the
 * template declares, so the SDK endpoint variables are declared here, in this copy only.
 */
export function samLocalTemplate(
  template: { Resources: Record<string, TemplateResource> },
  endpoints: LocalEndpoints,
): { Resources: Record<string, TemplateResource> } {
  const resources = Object.entries(template.Resources).map(([id, resource]) => {
    const variables = resource.Properties?.Environment?.Variables;
    if (resource.Type !== 'AWS::Lambda::Function' || variables === undefined) {
      return [id, resource];
    }

    const local =
      'JWT_ISSUER' in variables ? authorizerSettings(endpoints) : serviceSettings(endpoints);
    const properties = {
      ...resource.Properties,
      Environment: { Variables: { ...variables, ...local } },
    };
    return [id, { ...resource, Properties: properties }];
  });

  return { ...template, Resources: Object.fromEntries(resources) };
}

function authorizerSettings(endpoints: LocalEndpoints): Record<string, string> {
  return {
    JWT_ISSUER: LOCAL_ISSUER,
    JWT_AUDIENCE: LOCAL_AUDIENCE,
    JWT_JWKS_URL: `${endpoints.jwks}`,
  };
}

function serviceSettings(endpoints: LocalEndpoints): Record<string, string> {
  return {
    ORCHESTRATIONS_TABLE: endpoints.tables.orchestrations,
    AUDIT_TABLE: endpoints.tables.audit,
    STATE_MACHINE_ARN: endpoints.stateMachineArn,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SFN: endpoints.stepFunctions,
    // dynalite and the emulator check no signature, but the SDK insists on credentials.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  };
}

function main(): void {
  const dataDir = resolve(process.env.LOCAL_DATA_DIR?.trim() || '.local');
  const assemblyDir = resolve(process.argv[2] ?? 'cdk.out');
  const stackName = process.argv[3] ?? 'IncidentOrchestrator';
  const endpointsFile = join(dataDir, 'endpoints.json');
  const templateFile = join(assemblyDir, `${stackName}.template.json`);
  for (const [file, how] of [
    [endpointsFile, 'start the offline stack with npm start'],
    [templateFile, 'run npx cdk synth --quiet'],
  ] as const) {
    if (!existsSync(file)) {
      process.stderr.write(`${file} is missing: ${how} first.\n`);
      process.exitCode = 2;
      return;
    }
  }

  const endpoints = JSON.parse(readFileSync(endpointsFile, 'utf8')) as LocalEndpoints;
  const template = JSON.parse(readFileSync(templateFile, 'utf8'));
  const output = samTemplatePath(assemblyDir, stackName);
  writeFileSync(output, `${JSON.stringify(samLocalTemplate(template, endpoints), null, 1)}\n`);
  process.stdout.write(`${output}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main();
}
