import { describe, expect, it } from 'vitest';
import {
  compileParameterPattern,
  validatePlaybookParameters,
} from '../../functions/core/parameter-validation';
import { findCatalogPlaybook, PLAYBOOK_CATALOG } from '../../functions/core/playbook-catalog';

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;
const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

const parameters = PLAYBOOK_CATALOG.flatMap((playbook) =>
  playbook.parameters.map((parameter) => ({ playbook, parameter })),
);

describe('PLAYBOOK_CATALOG', () => {
  it('holds at least eight playbooks with unique kebab-case ids and semver versions', () => {
    const ids = PLAYBOOK_CATALOG.map((playbook) => playbook.id);

    expect(ids.length).toBeGreaterThanOrEqual(8);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !KEBAB_CASE.test(id))).toEqual([]);
    expect(PLAYBOOK_CATALOG.filter((playbook) => !SEMVER.test(playbook.version))).toEqual([]);
  });

  it('marks only low-risk playbooks as pre-approved', () => {
    const preApproved = PLAYBOOK_CATALOG.filter((playbook) => playbook.preApproved);

    expect(preApproved.map((playbook) => playbook.risk)).toEqual(preApproved.map(() => 'low'));
    expect(preApproved.length).toBeGreaterThan(0);
  });

  it('covers every risk level', () => {
    const risks = new Set(PLAYBOOK_CATALOG.map((playbook) => playbook.risk));

    expect([...risks].sort()).toEqual(['critical', 'high', 'low', 'medium']);
  });

  it('gives every playbook a name, a description, steps, keywords and signals', () => {
    const incomplete = PLAYBOOK_CATALOG.filter(
      (playbook) =>
        playbook.name === '' ||
        playbook.description === '' ||
        playbook.steps.length === 0 ||
        playbook.keywords.length === 0 ||
        playbook.signals.length === 0,
    );

    expect(incomplete).toEqual([]);
  });

  it('uses single lower-case words as keywords and snake_case signal names', () => {
    const keywords = PLAYBOOK_CATALOG.flatMap((playbook) => playbook.keywords);
    const signals = PLAYBOOK_CATALOG.flatMap((playbook) => playbook.signals);

    expect(keywords.filter((keyword) => !/^[a-z0-9]+$/.test(keyword))).toEqual([]);
    expect(signals.filter((signal) => !SNAKE_CASE.test(signal))).toEqual([]);
  });

  it('declares each parameter name once per playbook', () => {
    const repeated = PLAYBOOK_CATALOG.filter(
      (playbook) =>
        new Set(playbook.parameters.map((parameter) => parameter.name)).size !==
        playbook.parameters.length,
    );

    expect(repeated).toEqual([]);
  });

  it('gives every default a value that satisfies its own parameter', () => {
    const problems = parameters
      .filter(({ parameter }) => parameter.default !== undefined)
      .flatMap(({ playbook, parameter }) =>
        validatePlaybookParameters(
          { ...playbook, parameters: [parameter] },
          { [parameter.name]: parameter.default },
        ).problems.map((problem) => `${playbook.id}: ${problem}`),
      );

    expect(problems).toEqual([]);
  });

  it('declares no default for a required parameter and consistent integer bounds', () => {
    const contradictory = parameters.filter(
      ({ parameter }) =>
        (parameter.required && parameter.default !== undefined) ||
        (parameter.minimum !== undefined &&
          parameter.maximum !== undefined &&
          parameter.minimum > parameter.maximum),
    );

    expect(contradictory).toEqual([]);
  });

  it('constrains every string parameter by an enum or a pattern that compiles', () => {
    const strings = parameters.filter(({ parameter }) => parameter.type === 'string');
    const patterns = strings.flatMap(({ parameter }) => parameter.pattern ?? []);

    expect(strings.filter(({ parameter }) => !parameter.enum && !parameter.pattern)).toEqual([]);
    expect(patterns.filter((pattern) => compileParameterPattern(pattern) === undefined)).toEqual(
      [],
    );
    for (const pattern of patterns) expect(() => new RegExp(pattern, 'u')).not.toThrow();
  });

  it('uses only simple patterns without repeated groups', () => {
    const patterns = parameters.flatMap(({ parameter }) => parameter.pattern ?? []);

    expect(patterns.filter((pattern) => /\)[*+{]/.test(pattern))).toEqual([]);
  });

  it('names only declared parameters in step placeholders', () => {
    const undeclared = PLAYBOOK_CATALOG.flatMap((playbook) => {
      const declared = new Set(playbook.parameters.map((parameter) => parameter.name));
      return playbook.steps
        .flatMap((step) => [...step.matchAll(PLACEHOLDER)].map((match) => match[1] ?? ''))
        .filter((name) => !declared.has(name))
        .map((name) => `${playbook.id}: {${name}}`);
    });

    expect(undeclared).toEqual([]);
  });
});

describe('findCatalogPlaybook', () => {
  it('returns the catalog playbook with the given id', () => {
    const playbook = findCatalogPlaybook('scale-out');

    expect(playbook).toBe(PLAYBOOK_CATALOG.find((candidate) => candidate.id === 'scale-out'));
    expect(playbook?.risk).toBe('low');
  });

  it('returns undefined for unknown ids, including inherited property names', () => {
    expect(findCatalogPlaybook('delete-everything')).toBeUndefined();
    expect(findCatalogPlaybook('constructor')).toBeUndefined();
    expect(findCatalogPlaybook('__proto__')).toBeUndefined();
  });
});
