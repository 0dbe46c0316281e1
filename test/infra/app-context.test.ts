import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_CONTEXT, settingsFromContext } from '../../infra/app-context';

describe('settingsFromContext', () => {
  it('reads numbers given as strings on the command line', () => {
    const app = new App({
      context: { ...DEVELOPMENT_CONTEXT, approvalWindowSeconds: '600', executionWindowSeconds: 60 },
    });

    expect(settingsFromContext(app.node)).toEqual({
      ...DEVELOPMENT_CONTEXT,
      approvalWindowSeconds: 600,
      executionWindowSeconds: 60,
      runPlaybookTimeoutSeconds: undefined,
      authorizerCacheTtlSeconds: undefined,
      registryUrl: undefined,
      runtimeUrl: undefined,
      recommenderUrl: undefined,
    });
  });

  it('leaves missing JWT settings empty for the stack to reject', () => {
    const settings = settingsFromContext(new App().node);

    expect([settings.jwtIssuer, settings.jwtAudience, settings.jwtJwksUrl]).toEqual(['', '', '']);
  });

  it('rejects a window that is not a number', () => {
    const app = new App({ context: { approvalWindowSeconds: 'four hours' } });

    expect(() => settingsFromContext(app.node)).toThrow(
      'Context approvalWindowSeconds must be a number of seconds, got "four hours".',
    );
  });
});
