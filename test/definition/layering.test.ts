// The layers of DESIGN.md, checked on the source: definition is pure TypeScript with
// only ajv and jsonc-parser; the executor never reaches for React or the editor; the
// editor store holds no JSX.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
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
  specifier.startsWith('./') ||
  specifier.startsWith('../') ||
  specifier === 'ajv' ||
  specifier.startsWith('ajv/') ||
  specifier === 'jsonc-parser';

describe('layering', () => {
  it('finds imports the way the checks below rely on', () => {
    expect(
      importsOf(`import a from 'x';\nimport type { B } from "y";\nexport * from './z';\nimport 'side';\nconst m = await import('dyn');\nimport {\n  c,\n  d,\n} from 'multi';`),
    ).toEqual(['x', 'y', './z', 'side', 'multi', 'dyn']);
  });

  const definitionFiles = filesUnder('src/definition', ['.ts']);

  it('src/definition imports only relative paths, ajv and jsonc-parser', () => {
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
        .filter((specifier) => !path.resolve(path.dirname(path.join(root, file)), specifier).startsWith(path.join(root, 'src/definition')))
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

  it('src/editor/store has no .tsx files and no JSX', () => {
    expect(filesUnder('src/editor/store', ['.tsx', '.jsx'])).toEqual([]);
    const offending = filesUnder('src/editor/store', ['.ts']).filter((file) => {
      const source = readFileSync(path.join(root, file), 'utf8');
      return importsOf(source).some((specifier) => specifier.startsWith('react/jsx')) || /<\/[A-Za-z][\w.]*>|<[A-Z][\w.]*(\s[^<>]*)?\/>/.test(source);
    });
    expect(offending).toEqual([]);
  });
});
