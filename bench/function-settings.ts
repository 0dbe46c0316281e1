import { synthesizeLocalTemplate } from '../infra/synth-local';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../local/dev-keys';

/** What the synthesized template says about each function. */
export interface FunctionSettings {
  /** Logical id of each `AWS::Lambda::Function` → handler name. */
  handlerOfLogicalId: Map<string, string>;
  /** Handler name → MemorySize in MB. */
  memoryMb: Record<string, number>;
  architectures: Record<string, string>;
}

/** Synthesizes the stack as the offline stack does and reads each function's memory size. */
export function readFunctionSettings(): FunctionSettings {
  const local = synthesizeLocalTemplate({
    approvalWindowSeconds: 14_400,
    executionWindowSeconds: 3_600,
    jwtIssuer: LOCAL_ISSUER,
    jwtAudience: LOCAL_AUDIENCE,
    jwtJwksUrl: 'http://127.0.0.1:9/.well-known/jwks.json',
  });

  const handlerOfLogicalId = new Map<string, string>();
  const memoryMb: Record<string, number> = {};
  const architectures: Record<string, string> = {};
  for (const [handler, logicalId] of Object.entries(local.functionLogicalIds)) {
    const properties = local.template.Resources[logicalId]?.Properties ?? {};
    handlerOfLogicalId.set(logicalId, handler);
    // Lambda's default when a template names no size.
    memoryMb[handler] = Number(properties.MemorySize ?? 128);
    const [architecture] = (properties.Architectures as string[] | undefined) ?? ['x86_64'];
    architectures[handler] = architecture ?? 'x86_64';
  }
  return { handlerOfLogicalId, memoryMb, architectures };
}
