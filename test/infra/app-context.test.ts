import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import {
  DEVELOPMENT_CONTEXT,
  settingsFromContext,
  withDevelopmentJwt,
} from '../../infra/app-context';

describe('settingsFromContext', () => {
  it('reads numbers, booleans and choices given as strings on the command line', () => {
    const app = new App({
      context: {
        ...DEVELOPMENT_CONTEXT,
        approvalWindowSeconds: '600',
        executionWindowSeconds: 60,
        customerManagedKey: 'true',
        apiLoggingLevel: 'INFO',
        eventBusName: 'incident-events',
      },
    });

    expect(settingsFromContext(app.node)).toEqual({
      ...DEVELOPMENT_CONTEXT,
      approvalWindowSeconds: 600,
      executionWindowSeconds: 60,
      customerManagedKey: true,
      apiLoggingLevel: 'INFO',
      eventBusName: 'incident-events',
    });
  });

  it('leaves missing JWT settings empty for the stack to reject', () => {
    const settings = settingsFromContext(new App().node);

    expect(settings).toEqual({ jwtIssuer: '', jwtAudience: '' });
  });

  it.each([
    ['a window that is not a number', { approvalWindowSeconds: 'four hours' }, 'a number'],
    ['a switch that is not a boolean', { customerManagedKey: 'yes' }, 'true or false'],
    ['an unknown log level', { apiLoggingLevel: 'DEBUG' }, 'ERROR, INFO'],
  ])('rejects %s', (_, context, message) => {
    const app = new App({ context });

    expect(() => settingsFromContext(app.node)).toThrow(message);
  });
});

describe('withDevelopmentJwt', () => {
  it('fills in the local issuer when the context names no JWT setting', () => {
    const settings = withDevelopmentJwt(settingsFromContext(new App().node));

    expect(settings).toMatchObject(DEVELOPMENT_CONTEXT);
  });

  it('leaves a context that names its own key source alone', () => {
    const secretArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:jwt-AbC123';
    const app = new App({ context: { jwtSecretArn: secretArn } });

    expect(withDevelopmentJwt(settingsFromContext(app.node))).toEqual({
      jwtIssuer: '',
      jwtAudience: '',
      jwtSecretArn: secretArn,
    });
  });
});
