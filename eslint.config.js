// Lint rules for the whole repository: typescript-eslint's strict type-checked set, the
// React hooks rules, one import order, and the package's layers as import restrictions
// (the same rules test/definition/layering.test.ts checks on the source, here as the editor
// underlines them). `npm run lint` runs it; formatting is Prettier's (`npm run format:check`).
import js from '@eslint/js';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const UI_PACKAGES = [
  'react',
  'react/*',
  'react-dom',
  'react-dom/*',
  '@xyflow/*',
  '@rjsf/*',
  'zustand',
  'zustand/*',
  'zundo',
  'cmdk',
  '@floating-ui/*',
];

/** Relative imports that reach into another layer's folder, e.g. `../editor/store`. */
const layerFolder = (name) => ({
  regex: `^(\\.\\./)+(src/)?${name}(/|$)`,
  message: `Layers: this folder may not import from src/${name}.`,
});

/**
 * One `no-restricted-imports` per folder (a later config object replaces the rule, so each
 * folder lists all of its restrictions). bullmq and the queue stay out of every layer but the
 * queue itself; the CLI's worker command loads it lazily.
 */
const layerRule = (files, patterns, { mayLoadQueue = false } = {}) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...patterns,
          ...(mayLoadQueue
            ? []
            : [
                { group: ['bullmq', 'ioredis'], message: 'Layers: only the queue (and the CLI worker) loads bullmq.' },
                layerFolder('queue'),
              ]),
        ],
      },
    ],
  },
});

export default tseslint.config(
  {
    ignores: ['dist/', 'storybook-static/', 'coverage/', 'node_modules/', 'test/consumers/', 'bench/results.json'],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    plugins: { 'react-hooks': reactHooks, 'import-x': importX },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // These four are the React Compiler's diagnostics: they assume components the compiler
      // memoises. Nothing here is compiled by it, and the components keep the latest props in
      // a ref written during render (`latest.current = props`) so that long-lived editor
      // callbacks (CodeMirror's, React Flow's) read them without being re-created; these rules
      // flag exactly that. Rules of hooks and exhaustive deps stay errors.
      'react-hooks/refs': 'off',
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/immutability': 'off',
      'react-hooks/globals': 'off',
      'import-x/order': [
        'error',
        {
          groups: ['builtin', 'external', ['internal', 'parent', 'sibling', 'index']],
          'newlines-between': 'never',
          alphabetize: { order: 'asc', caseInsensitive: true },
        },
      ],
      // With `noUncheckedIndexedAccess` every indexed read is `T | undefined`; a `!` after a
      // bounds check the compiler cannot follow is the honest way to say so.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Numbers and booleans read well in messages; objects and undefined do not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `onClick={() => setOpen(false)}` is the React idiom, not a confusing void.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Plain JavaScript (config, scripts and bench pages written in .mjs/.js) is not in a
    // TypeScript project: lint it without type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Tests say what they expect through vitest's asymmetric matchers (`expect.any(String)`
    // is typed `any`) and read what a server or the CLI printed through `JSON.parse`; their
    // fake servers and handlers are `async` to match the real signatures; and the hostile-
    // input tests deliberately reject with non-errors, throw strings, delete keys by
    // computed name and build sparse arrays. Everything else holds in tests as in src.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-dynamic-delete': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      '@typescript-eslint/only-throw-error': 'off',
      'no-sparse-arrays': 'off',
    },
  },
  layerRule(
    ['src/definition/**'],
    [
      {
        group: [...UI_PACKAGES, 'undici', 'node:*'],
        message: 'Layers: the definition is pure TypeScript (only jsonc-parser).',
      },
      layerFolder('editor'),
      layerFolder('executor'),
      layerFolder('cli'),
    ],
  ),
  layerRule(
    ['src/executor/**'],
    [
      { group: UI_PACKAGES, message: 'Layers: the executor runs without React or the editor.' },
      layerFolder('editor'),
      layerFolder('cli'),
    ],
  ),
  layerRule(
    ['src/queue/**'],
    [
      { group: UI_PACKAGES, message: 'Layers: the queue runs without React or the editor.' },
      layerFolder('editor'),
      layerFolder('cli'),
    ],
    { mayLoadQueue: true },
  ),
  layerRule(['src/editor/**'], []),
);
