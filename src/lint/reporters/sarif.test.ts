// SARIF output checked against the parts of the SARIF 2.1.0 JSON schema we emit: required
// properties, value types and enums, and no property the schema does not allow (it sets
// additionalProperties: false nearly everywhere). A quick check beside the reporter; the full
// official schema, with ajv, checks real CLI output in test/ecosystem/sarif-schema.test.ts.
import { describe, expect, it } from 'vitest';
import { formatSarif, SARIF_SCHEMA } from './sarif.js';
import { sampleReport } from './sample-report.js';

type Shape = { required?: string[]; props: Record<string, Check> };
type Check = 'string' | 'uri' | 'uri-reference' | 'int>=1' | 'int>=-1' | 'boolean' | { enum: string[] } | { object: Shape } | { array: Check };

const message: Shape = { props: { text: 'string', markdown: 'string', id: 'string' } };
const multiformat: Shape = { required: ['text'], props: { text: 'string', markdown: 'string' } };
const LEVEL = { enum: ['none', 'note', 'warning', 'error'] };
const SARIF: Shape = {
  required: ['version', 'runs'],
  props: {
    $schema: 'uri',
    version: { enum: ['2.1.0'] },
    runs: {
      array: {
        object: {
          required: ['tool'],
          props: {
            columnKind: { enum: ['utf16CodeUnits', 'unicodeCodePoints'] },
            tool: {
              object: {
                required: ['driver'],
                props: {
                  driver: {
                    object: {
                      required: ['name'],
                      props: {
                        name: 'string',
                        version: 'string',
                        informationUri: 'uri',
                        rules: {
                          array: {
                            object: {
                              required: ['id'],
                              props: {
                                id: 'string',
                                shortDescription: { object: multiformat },
                                fullDescription: { object: multiformat },
                                help: { object: multiformat },
                                helpUri: 'uri',
                                defaultConfiguration: { object: { props: { level: LEVEL, enabled: 'boolean' } } },
                              },
                            },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
            results: {
              array: {
                object: {
                  required: ['message'],
                  props: {
                    ruleId: 'string',
                    ruleIndex: 'int>=-1',
                    level: LEVEL,
                    message: { object: message },
                    locations: {
                      array: {
                        object: {
                          props: {
                            physicalLocation: {
                              object: {
                                required: ['artifactLocation'],
                                props: {
                                  artifactLocation: { object: { props: { uri: 'uri-reference', uriBaseId: 'string' } } },
                                  region: { object: { props: { startLine: 'int>=1', startColumn: 'int>=1' } } },
                                },
                              },
                            },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

/** Returns every violation as `path: problem`. */
function validate(value: unknown, check: Check, path: string): string[] {
  if (check === 'string') return typeof value === 'string' ? [] : [`${path}: not a string`];
  if (check === 'boolean') return typeof value === 'boolean' ? [] : [`${path}: not a boolean`];
  if (check === 'uri') return typeof value === 'string' && URL.canParse(value) ? [] : [`${path}: not an absolute URI`];
  if (check === 'uri-reference') return typeof value === 'string' && URL.canParse(value, 'file:///root/') && !/[\s\\]/.test(value) ? [] : [`${path}: not a URI reference`];
  if (check === 'int>=1' || check === 'int>=-1') {
    const min = check === 'int>=1' ? 1 : -1;
    return Number.isInteger(value) && (value as number) >= min ? [] : [`${path}: not an integer >= ${min}`];
  }
  if ('enum' in check) return check.enum.includes(value as string) ? [] : [`${path}: ${JSON.stringify(value)} not in ${check.enum.join('|')}`];
  if ('array' in check) return Array.isArray(value) ? value.flatMap((item, i) => validate(item, check.array, `${path}[${i}]`)) : [`${path}: not an array`];
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${path}: not an object`];
  const object = value as Record<string, unknown>;
  const shape = check.object;
  return [
    ...(shape.required ?? []).filter((key) => !(key in object)).map((key) => `${path}: missing ${key}`),
    ...Object.entries(object).flatMap(([key, child]) => (key in shape.props ? validate(child, shape.props[key]!, `${path}.${key}`) : [`${path}: property ${key} not allowed`])),
  ];
}

describe('formatSarif', () => {
  it('is valid SARIF 2.1.0 (structural check of the schema parts used)', () => {
    const sarif = JSON.parse(formatSarif(sampleReport()));
    expect(validate(sarif, { object: SARIF }, 'sarif')).toEqual([]);
    // Messages need text (the schema's anyOf text/id).
    for (const result of sarif.runs[0].results) expect(typeof result.message.text).toBe('string');
  });

  it('the validator catches what it should', () => {
    const sarif = JSON.parse(formatSarif(sampleReport()));
    sarif.runs[0].results[0].level = 'fatal';
    sarif.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    sarif.runs[0].tool.driver.rule = [];
    delete sarif.version;
    expect(validate(sarif, { object: SARIF }, 'sarif')).toHaveLength(4);
  });

  it('describes the tool, its rules and each result with a relative location', () => {
    const sarif = JSON.parse(formatSarif(sampleReport()));
    expect(sarif.$schema).toBe(SARIF_SCHEMA);
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('safe-migrate');
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['drop-column', 'unused-ignore']);
    expect(run.tool.driver.rules[0]).toMatchObject({
      shortDescription: { text: 'Dropping a column breaks colours.' },
      help: { text: 'Drop it later.' },
      helpUri: expect.stringMatching(/\/docs\/rules\/drop-column\.md$/),
      defaultConfiguration: { level: 'error' },
    });
    expect(run.results[0]).toEqual({
      ruleId: 'drop-column',
      ruleIndex: 0,
      level: 'error',
      message: { text: 'Dropping public.users.email breaks any live or idle colour that still reads or writes it. Stop using the column first, then drop it in a later release.' },
      locations: [{ physicalLocation: { artifactLocation: { uri: 'migrations/0002_drop_email.sql', uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 1 } } }],
    });
    expect(run.results[1]).toMatchObject({ ruleId: 'unused-ignore', ruleIndex: 1, level: 'warning' });
  });

  it('uses forward slashes and percent-encodes paths', () => {
    const report = sampleReport();
    report.files[0]!.path = 'db\\my migrations\\0002.sql';
    const sarif = JSON.parse(formatSarif(report));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('db/my%20migrations/0002.sql');
  });
});
