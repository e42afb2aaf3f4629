// The package's layers, checked on the source: definition is pure TypeScript with only
// jsonc-parser; the executor never reaches for React or the editor; the queue builds on
// the definition and the executor, never the editor, and nothing else loads it; the
// editor store holds no JSX.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');

function filesUnder(directory: string, extensions: readonly string[]): string[] {
  const absolute = path.join(root, directory);
  if (!existsSync(absolute)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(absolute, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && extensions.some((extension) => entry.name.endsWith(extension))) {
      found.push(path.relative(root, path.join(entry.parentPath, entry.name)));
    }
  }
  return found.sort();
}

/** Every module specifier a file imports or re-exports (static, dynamic, side-effect). */
function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\sfrom\s+)?['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) specifiers.push(match[1]!);
  return specifiers;
}

const definitionAllowed = (specifier: string): boolean =>
  specifier.startsWith('./') || specifier.startsWith('../') || specifier === 'jsonc-parser';

describe('layering', () => {
  it('finds imports the way the checks below rely on', () => {
    expect(
      importsOf(
        `import a from 'x';\nimport type { B } from "y";\nexport * from './z';\nimport 'side';\nconst m = await import('dyn');\nimport {\n  c,\n  d,\n} from 'multi';`,
      ),
    ).toEqual(['x', 'y', './z', 'side', 'multi', 'dyn']);
  });

  const definitionFiles = filesUnder('src/definition', ['.ts']);

  it('src/definition imports only relative paths and jsonc-parser: no schema compiler', () => {
    expect(definitionFiles.length).toBeGreaterThan(5);
    const offending = definitionFiles.flatMap((file) =>
      importsOf(readFileSync(path.join(root, file), 'utf8'))
        .filter((specifier) => !definitionAllowed(specifier))
        .map((specifier) => `${file}: ${specifier}`),
    );
    expect(offending).toEqual([]);
  });

  it('src/definition stays inside its folder', () => {
    const offending = definitionFiles.flatMap((file) =>
      importsOf(readFileSync(path.join(root, file), 'utf8'))
        .filter((specifier) => specifier.startsWith('.'))
        .filter(
          (specifier) =>
            !path.resolve(path.dirname(path.join(root, file)), specifier).startsWith(path.join(root, 'src/definition')),
        )
        .map((specifier) => `${file}: ${specifier}`),
    );
    expect(offending).toEqual([]);
  });

  it('src/definition has no .tsx files', () => {
    expect(filesUnder('src/definition', ['.tsx'])).toEqual([]);
  });

  it('src/executor imports no React, UI package or editor module', () => {
    const forbidden = /^(react|react-dom|@xyflow\/|@rjsf\/|zustand|zundo|cmdk|@floating-ui\/)|(^|\/)editor(\/|$)/;
    const offending = filesUnder('src/executor', ['.ts', '.tsx']).flatMap((file) =>
      importsOf(readFileSync(path.join(root, file), 'utf8'))
        .filter((specifier) => forbidden.test(specifier))
        .map((specifier) => `${file}: ${specifier}`),
    );
    expect(offending).toEqual([]);
    expect(filesUnder('src/executor', ['.tsx'])).toEqual([]);
  });

  it('src/queue imports no React, UI package or editor module, and nothing outside it imports the queue', () => {
    const forbidden = /^(react|react-dom|@xyflow\/|@rjsf\/|zustand|zundo|cmdk|@floating-ui\/)|(^|\/)editor(\/|$)/;
    const queueFiles = filesUnder('src/queue', ['.ts']);
    expect(queueFiles.length).toBeGreaterThan(2);
    const offending = queueFiles.flatMap((file) =>
      importsOf(readFileSync(path.join(root, file), 'utf8'))
        .filter((specifier) => forbidden.test(specifier))
        .map((specifier) => `${file}: ${specifier}`),
    );
    expect(offending).toEqual([]);
    expect(filesUnder('src/queue', ['.tsx'])).toEqual([]);
    // Only the CLI's worker command may load it (lazily); bullmq stays out of every other entry.
    const importers = filesUnder('src', ['.ts', '.tsx'])
      .filter((file) => !file.startsWith('src/queue/') && file !== 'src/cli/commands/worker.ts')
      .flatMap((file) =>
        importsOf(readFileSync(path.join(root, file), 'utf8'))
          .filter((specifier) => /(^|\/)queue(\/|$)|^bullmq$|^ioredis$/.test(specifier))
          .map((specifier) => `${file}: ${specifier}`),
      );
    expect(importers).toEqual([]);
  });

  it('src/editor/store has no .tsx files and no JSX', () => {
    expect(filesUnder('src/editor/store', ['.tsx', '.jsx'])).toEqual([]);
    const offending = filesUnder('src/editor/store', ['.ts']).filter((file) => {
      const source = readFileSync(path.join(root, file), 'utf8');
      return (
        importsOf(source).some((specifier) => specifier.startsWith('react/jsx')) ||
        /<\/[A-Za-z][\w.]*>|<[A-Z][\w.]*(\s[^<>]*)?\/>/.test(source)
      );
    });
    expect(offending).toEqual([]);
  });
});

/**
 * Typechecks one in-memory file placed in src/definition under the layer's own tsconfig
 * (the file never touches the disk), and returns the error messages.
 */
function definitionLayerErrors(source: string): string[] {
  const configPath = path.join(root, 'src/definition/tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('cannot read src/definition/tsconfig.json');
  const probePath = path.join(root, 'src/definition/__layer_probe__.ts');
  const host = ts.createCompilerHost(config.options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => file === probePath || fileExists.call(host, file);
  host.readFile = (file) => (file === probePath ? source : readFile.call(host, file));
  host.getSourceFile = (file, languageVersion, ...rest) =>
    file === probePath
      ? ts.createSourceFile(file, source, languageVersion, true)
      : getSourceFile.call(host, file, languageVersion, ...rest);
  const program = ts.createProgram({ rootNames: [probePath], options: config.options, host });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file?.fileName === probePath)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

describe('src/definition/tsconfig.json refuses UI, DOM and Node code', () => {
  it('accepts plain TypeScript and the packages the layer uses', () => {
    expect(
      definitionLayerErrors(`import { parseTree } from 'jsonc-parser';\nexport const used = [parseTree];\n`),
    ).toEqual([]);
  });

  it.each([
    ["import { useState } from 'react';\nexport const x = useState;"],
    ["import * as React from 'react';\nexport const x = React;"],
    ["import React from 'react';\nexport const x = React;"],
    ["import { createRoot } from 'react-dom/client';\nexport const x = createRoot;"],
    ["import type { Node } from '@xyflow/react';\nexport type N = Node;"],
    ["import Form from '@rjsf/core';\nexport const x = Form;"],
    ["import { create } from 'zustand';\nexport const x = create;"],
    ["import { temporal } from 'zundo';\nexport const x = temporal;"],
    ["import { Command } from 'cmdk';\nexport const x = Command;"],
    ["import { useFloating } from '@floating-ui/react';\nexport const x = useFloating;"],
    ["import { readFileSync } from 'node:fs';\nexport const x = readFileSync;"],
    ["import { fetch } from 'undici';\nexport const x = fetch;"],
    ["export const x = document.createElement('div');"],
    ['export const x = window.location;'],
  ])('fails to typecheck %j', (source) => {
    expect(definitionLayerErrors(source).length).toBeGreaterThan(0);
  });
});
