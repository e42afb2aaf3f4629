// A value that breaks a schema's `format` is named in words a person reads, and an empty
// one (most often a field not filled in yet) says so first.

import { describe, expect, it } from 'vitest';
import { createActionCatalog, validateConfig } from '../../src/definition';

const catalog = createActionCatalog([
  {
    id: 'create_contact',
    label: 'Create contact',
    category: 'Host',
    description: 'Create a contact.',
    keywords: [],
    icon: 'box',
    configSchema: {
      type: 'object',
      required: ['email'],
      properties: {
        email: { type: 'string', title: 'Email', format: 'email' },
        website: { type: 'string', title: 'Website', format: 'uri' },
        born: { type: 'string', title: 'Born', format: 'date' },
      },
    },
    defaultConfig: { email: '' },
  },
]);

const messages = (config: Record<string, string>): string[] =>
  validateConfig('create_contact', config, { catalog }).map((problem) => problem.message);

describe('format problems', () => {
  it('say an empty field is empty, then what it must be', () => {
    expect(messages({ email: '' })).toEqual(['Email is empty; it must be a valid email address']);
  });

  it('name each checked format in words', () => {
    expect(messages({ email: 'ann', website: 'example.com', born: '8 Dec' })).toEqual([
      'Email must be a valid email address',
      'Website must be a valid address with a scheme, like https://example.com',
      'Born must be a valid date, like 2026-12-08',
    ]);
  });
});
