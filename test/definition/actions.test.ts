import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_ACTIONS,
  builtInCatalog,
  createActionCatalog,
  httpsRequestAction,
  HTTPS_REQUEST_ACTION_ID,
} from '../../src/definition/actions';
import { ActionCatalogError } from '../../src/definition/errors';
import { ID_PATTERN, type ActionDefinition, type JsonObject } from '../../src/definition/types';

const ICONS = ['globe', 'check', 'x', 'flag', 'briefcase', 'mail', 'clock', 'split', 'bolt', 'box'];

function hostAction(id: string, overrides: Partial<ActionDefinition> = {}): ActionDefinition {
  return {
    id,
    label: `Host ${id}`,
    category: 'Host',
    description: 'A host action.',
    keywords: [],
    icon: 'box',
    configSchema: { type: 'object' },
    defaultConfig: {},
    ...overrides,
  };
}

function compile(schema: JsonObject) {
  return new Ajv2020({ strict: true, allErrors: true }).compile(schema);
}

describe('BUILT_IN_ACTIONS', () => {
  it('holds the documented actions with their labels and categories', () => {
    expect(BUILT_IN_ACTIONS.map((a) => [a.id, a.label, a.category])).toEqual([
      ['approve_inquiry', 'Approve Inquiry', 'Inquiry'],
      ['decline_inquiry', 'Decline Inquiry', 'Inquiry'],
      ['mark_for_review', 'Mark for Review', 'Inquiry'],
      ['https_request', 'Make HTTPS Request', 'Compute'],
      ['create_case', 'Create Case', 'Cases'],
      ['send_email', 'Send Email', 'Communication'],
      ['wait', 'Wait', 'Flow'],
      ['branch', 'Conditional', 'Flow'],
    ]);
  });

  it.each(BUILT_IN_ACTIONS.map((a) => [a.id, a] as const))(
    '%s has a valid id, a known icon and plain-JSON schemas',
    (_id, action) => {
      expect(action.id).toMatch(ID_PATTERN);
      expect(ICONS).toContain(action.icon);
      expect(action.description.length).toBeGreaterThan(0);
      // Plain JSON: survives a JSON round trip unchanged (no functions, no undefined).
      expect(JSON.parse(JSON.stringify(action.configSchema))).toEqual(action.configSchema);
      if (action.uiSchema) expect(JSON.parse(JSON.stringify(action.uiSchema))).toEqual(action.uiSchema);
      expect(JSON.parse(JSON.stringify(action.defaultConfig))).toEqual(action.defaultConfig);
    },
  );

  const actionSteps = BUILT_IN_ACTIONS.filter((a) => a.stepType !== 'branch');
  // Fresh steps may start incomplete (an empty URL is for the person to fill in).
  const validSamples: Record<string, JsonObject> = {
    https_request: { url: 'https://example.com', method: 'GET' },
    create_case: { title: 'Check this' },
    send_email: { to: 'a@example.com', subject: 'Hi', text: 'Hello' },
  };

  it.each(actionSteps.map((a) => [a.id, a] as const))(
    '%s: schema compiles in strict draft 2020-12, is closed, allows continueOnError',
    (_id, action) => {
      const validate = compile(action.configSchema);
      expect(action.configSchema.additionalProperties).toBe(false);
      const sample = validSamples[action.id] ?? action.defaultConfig;
      expect(validate(sample)).toBe(true);
      expect(validate({ ...sample, continueOnError: true })).toBe(true);
      expect(validate({ ...sample, continueOnError: 'yes' })).toBe(false);
      expect(validate({ ...sample, notAField: 1 })).toBe(false);
    },
  );

  it.each(actionSteps.map((a) => [a.id, a] as const))(
    '%s: outputSchema returns plain JSON for its default config',
    (_id, action) => {
      const output = action.outputSchema?.(action.defaultConfig);
      expect(output).toBeDefined();
      expect(JSON.parse(JSON.stringify(output))).toEqual(output);
    },
  );

  it('inquiry actions default to the trigger inquiry', () => {
    for (const id of ['approve_inquiry', 'decline_inquiry', 'mark_for_review']) {
      expect(builtInCatalog.get(id)!.defaultConfig).toEqual({ inquiryId: '{{ trigger.inquiryId }}' });
    }
    const validate = compile(builtInCatalog.get('decline_inquiry')!.configSchema);
    expect(validate({ inquiryId: 'inq_1', reason: 'fraud' })).toBe(true);
    expect(validate({ reason: 'fraud' })).toBe(false);
  });

  it('create_case limits priority', () => {
    const validate = compile(builtInCatalog.get('create_case')!.configSchema);
    expect(validate({ title: 'Check', priority: 'high', assignee: 'ann@example.com', description: 'x' })).toBe(true);
    expect(validate({ title: 'Check', priority: 'urgent' })).toBe(false);
    expect(validate({ title: '' })).toBe(false);
  });

  it('send_email needs to, subject and text', () => {
    const validate = compile(builtInCatalog.get('send_email')!.configSchema);
    expect(validate({ to: 'a@example.com', subject: 'Hi', text: 'Hello' })).toBe(true);
    expect(validate({ to: 'a@example.com', subject: 'Hi' })).toBe(false);
  });

  it('wait takes whole seconds from 1 to 86400 and defaults to 60', () => {
    const wait = builtInCatalog.get('wait')!;
    const validate = compile(wait.configSchema);
    expect(wait.defaultConfig).toEqual({ seconds: 60 });
    expect(validate({ seconds: 1 })).toBe(true);
    expect(validate({ seconds: 86_400 })).toBe(true);
    expect(validate({ seconds: 0 })).toBe(false);
    expect(validate({ seconds: 86_401 })).toBe(false);
    expect(validate({ seconds: 1.5 })).toBe(false);
  });

  it('the Conditional entry creates branch steps', () => {
    const branch = builtInCatalog.get('branch')!;
    expect(branch).toMatchObject({
      label: 'Conditional',
      category: 'Flow',
      stepType: 'branch',
      configSchema: {},
      icon: 'split',
    });
  });
});

describe('https_request', () => {
  const validate = compile(httpsRequestAction.configSchema);
  const full = {
    url: 'https://api.example.com/users/{{ trigger.userId }}',
    method: 'POST',
    headers: [{ key: 'X-Api-Key', value: '{{ secrets.crm_api_key }}' }],
    query: [{ key: 'source', value: 'workflow' }],
    body: { status: 'approved', inquiry: '{{ trigger.inquiryId }}' },
    responseSchema: { type: 'object', properties: { id: { type: 'string' } } },
    signing: { secret: '{{ secrets.crm_signing_secret }}', header: 'Persona-Signature' },
    retryIntervals: [5, 30, 120],
    timeoutSeconds: 30,
    continueOnError: false,
  };

  it('accepts the example config of the spec', () => {
    expect(validate(full)).toBe(true);
  });

  it('has the documented catalog entry', () => {
    expect(httpsRequestAction).toMatchObject({
      id: HTTPS_REQUEST_ACTION_ID,
      label: 'Make HTTPS Request',
      category: 'Compute',
      icon: 'globe',
    });
    expect(httpsRequestAction.keywords).toEqual(
      expect.arrayContaining(['http', 'https', 'webhook', 'request', 'api', 'fetch', 'rest']),
    );
    expect(httpsRequestAction.defaultConfig).toEqual({ url: '', method: 'GET' });
  });

  it('requires url and method', () => {
    expect(validate({ method: 'GET' })).toBe(false);
    expect(validate({ url: 'https://x.example' })).toBe(false);
    expect(validate({ url: '', method: 'GET' })).toBe(false);
  });

  it.each(['DELETE', 'GET', 'PATCH', 'POST', 'PUT'])('accepts method %s', (method) => {
    expect(validate({ url: 'https://x.example', method })).toBe(true);
  });

  it('refuses other methods', () => {
    expect(validate({ url: 'https://x.example', method: 'get' })).toBe(false);
    expect(validate({ url: 'https://x.example', method: 'HEAD' })).toBe(false);
  });

  it('header keys must be HTTP tokens', () => {
    expect(validate({ ...full, headers: [{ key: 'Content Type', value: 'x' }] })).toBe(false);
    expect(validate({ ...full, headers: [{ key: 'X:Y', value: 'x' }] })).toBe(false);
    expect(validate({ ...full, headers: [{ key: "A!#$%&'*+.^_`|~-9", value: 'x' }] })).toBe(true);
    expect(validate({ ...full, headers: [{ key: 'X-A' }] })).toBe(false);
  });

  it('limits retries, timeout and signing', () => {
    expect(validate({ ...full, retryIntervals: Array.from({ length: 10 }, () => 1) })).toBe(true);
    expect(validate({ ...full, retryIntervals: Array.from({ length: 11 }, () => 1) })).toBe(false);
    expect(validate({ ...full, retryIntervals: [3601] })).toBe(false);
    expect(validate({ ...full, retryIntervals: [-1] })).toBe(false);
    expect(validate({ ...full, timeoutSeconds: 0 })).toBe(false);
    expect(validate({ ...full, timeoutSeconds: 301 })).toBe(false);
    expect(validate({ ...full, signing: { header: 'X-Sig' } })).toBe(false);
    expect(validate({ ...full, signing: { secret: '{{ secrets.s }}', header: 'bad header' } })).toBe(false);
  });

  it('titles every field with the panel label', () => {
    const properties = httpsRequestAction.configSchema.properties as Record<string, JsonObject>;
    const titles = Object.fromEntries(Object.entries(properties).map(([key, value]) => [key, value.title]));
    expect(titles).toEqual({
      url: 'URL',
      method: 'Request Type',
      headers: 'Request Headers',
      query: 'Query Parameters',
      body: 'Body',
      responseSchema: 'Response Schema',
      signing: 'Request Signing',
      retryIntervals: 'Retry Intervals',
      timeoutSeconds: 'Request Timeout',
      continueOnError: 'Continue on error',
    });
    for (const value of Object.values(properties)) expect(typeof value.description).toBe('string');
    const signing = properties.signing!.properties as Record<string, JsonObject>;
    expect(signing.secret!.title).toBe('Signing Secret');
    expect(signing.header!.title).toBe('Signature Header');
  });

  it('the uiSchema names the panel widgets and the advanced group', () => {
    const ui = httpsRequestAction.uiSchema as Record<string, JsonObject>;
    expect(ui.url!['ui:widget']).toBe('reference');
    expect(ui.body!['ui:widget']).toBe('json');
    expect(ui.body!['ui:options']).toEqual({ visibleWhen: { field: 'method', oneOf: ['PATCH', 'POST', 'PUT'] } });
    expect(ui.responseSchema!['ui:widget']).toBe('jsonSchema');
    expect((ui.signing!.secret as JsonObject)['ui:widget']).toBe('secret');
    expect(ui.timeoutSeconds!['ui:widget']).toBe('seconds');
    expect(ui.headers!['ui:options']).toMatchObject({ addLabel: 'Add header' });
    expect(ui.query!['ui:options']).toMatchObject({ addLabel: 'Add query parameter' });
    expect(ui.retryIntervals!['ui:options']).toMatchObject({ addLabel: 'Add retry interval' });
    expect(ui['ui:options']).toEqual({
      groups: [
        {
          id: 'advanced',
          title: 'Advanced Configuration',
          collapsed: true,
          fields: ['signing', 'retryIntervals', 'timeoutSeconds', 'continueOnError'],
        },
      ],
    });
    const order = ui['ui:order'] as unknown as string[];
    expect([...order].sort()).toEqual(Object.keys(httpsRequestAction.configSchema.properties as object).sort());
  });

  it('outputSchema puts the response schema under body', () => {
    const responseSchema = { type: 'object', properties: { id: { type: 'string' } } };
    expect(httpsRequestAction.outputSchema!({ url: 'https://x', method: 'GET', responseSchema })).toEqual({
      type: 'object',
      properties: {
        status: expect.objectContaining({ type: 'integer' }),
        headers: expect.objectContaining({ type: 'object', additionalProperties: { type: 'string' } }),
        body: responseSchema,
      },
    });
    expect(
      (httpsRequestAction.outputSchema!({ url: 'https://x', method: 'GET' })!.properties as JsonObject).body,
    ).toEqual({});
  });
});

describe('createActionCatalog', () => {
  it('appends host actions after the built-ins and finds them by id', () => {
    const catalog = createActionCatalog([hostAction('kyc_check'), hostAction('crm_sync', { category: 'Compute' })]);
    expect(catalog.actions.map((a) => a.id)).toEqual([...BUILT_IN_ACTIONS.map((a) => a.id), 'kyc_check', 'crm_sync']);
    expect(catalog.get('kyc_check')?.label).toBe('Host kyc_check');
    expect(catalog.get('https_request')).toBe(httpsRequestAction);
    expect(catalog.get('nope')).toBeUndefined();
  });

  it('groups by category in order of first appearance', () => {
    const catalog = createActionCatalog([hostAction('kyc_check'), hostAction('crm_sync', { category: 'Compute' })]);
    expect(catalog.categories.map((c) => c.name)).toEqual([
      'Inquiry',
      'Compute',
      'Cases',
      'Communication',
      'Flow',
      'Host',
    ]);
    expect(catalog.categories.find((c) => c.name === 'Compute')!.actions.map((a) => a.id)).toEqual([
      'https_request',
      'crm_sync',
    ]);
  });

  it('throws on a host action with a built-in id', () => {
    expect(() => createActionCatalog([hostAction('https_request')])).toThrow(
      /https_request.*built-in action "Make HTTPS Request"/,
    );
  });

  it('throws on two host actions with one id', () => {
    expect(() => createActionCatalog([hostAction('kyc'), hostAction('kyc')])).toThrow(/"kyc" is given twice/);
  });

  it('throws on an id that is not a valid id', () => {
    expect(() => createActionCatalog([hostAction('KYC check')])).toThrow(/not valid/);
  });

  it('throws on a config schema the validator cannot use, saying what is wrong where', () => {
    const withSchema = (configSchema: unknown): ActionDefinition =>
      ({ ...hostAction('invoice'), configSchema }) as ActionDefinition;
    const refusals: [unknown, string][] = [
      [
        { type: 'object', properties: { name: { type: 'string', maxLength: 'ten' } } },
        '"maxLength" must be a whole number, 0 or more (at /properties/name/maxLength)',
      ],
      [
        { type: 'object', properties: { total: { $ref: '#/$defs/money' } } },
        '$ref "#/$defs/money" points at nothing in this schema (at /properties/total/$ref)',
      ],
      [
        { type: 'strng' },
        '"type" must be one of string, number, integer, boolean, object, array, null, or a list of them (at /type)',
      ],
      ['object', 'a schema must be an object or a boolean'],
    ];
    for (const [schema, detail] of refusals) {
      let thrown: unknown;
      try {
        createActionCatalog([withSchema(schema)]);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ActionCatalogError);
      expect(thrown).toMatchObject({
        code: 'invalid_config_schema',
        message: `The config schema of host action "Host invoice" (invoice) cannot be used: ${detail}.`,
      });
    }
    // Keywords JSON Schema does not know are allowed (and ignored), as the standard says.
    expect(() =>
      createActionCatalog([withSchema({ type: 'object', properties: { n: { type: 'string', minLenght: 3 } } })]),
    ).not.toThrow();
  });

  it('builds a separate catalog per call', () => {
    const a = createActionCatalog([hostAction('only_a')]);
    const b = createActionCatalog();
    expect(a.get('only_a')).toBeDefined();
    expect(b.get('only_a')).toBeUndefined();
    expect(builtInCatalog.actions).toHaveLength(BUILT_IN_ACTIONS.length);
  });
});
