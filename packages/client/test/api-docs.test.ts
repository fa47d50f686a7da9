/**
 * Every symbol the published @keyhold/client exposes has TSDoc: read through the emitted
 * declaration files (dist/src/index.d.ts, what users' editors show), every export of the entry
 * point — and of the `operations` namespace, and every public member of the exported classes and
 * interfaces declared in this package — must carry a documentation comment.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entry = join(pkg, 'dist', 'src', 'index.d.ts');
const ours = (d: ts.Declaration): boolean => d.getSourceFile().fileName.startsWith(join(pkg, 'dist', 'src') + sep) || d.getSourceFile().fileName.startsWith(`${pkg.replaceAll(sep, '/')}/dist/src/`);

/** The names of exported symbols (and members) without a documentation comment. */
export function undocumented(entryFile: string): { checked: number; missing: string[] } {
  const program = ts.createProgram([entryFile], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, types: ['node'], noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entryFile);
  assert.ok(source, `${entryFile} is missing: build the package first`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  assert.ok(moduleSymbol);
  const missing: string[] = [];
  let checked = 0;
  const hasDoc = (s: ts.Symbol): boolean => s.getDocumentationComment(checker).some((p) => p.text.trim() !== '');
  const resolve = (s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  const visitMembers = (owner: string, symbol: ts.Symbol): void => {
    const members: ts.Symbol[] = [];
    const decl = symbol.declarations?.[0];
    if (decl === undefined) return;
    if (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) {
      members.push(...checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol)));
    }
    if (symbol.flags & ts.SymbolFlags.Class) members.push(...checker.getPropertiesOfType(checker.getTypeOfSymbolAtLocation(symbol, decl)).filter((m) => m.name !== 'prototype'));
    for (const m of members) {
      const own = (m.declarations ?? []).filter(ours);
      if (own.length === 0) continue; // inherited from Error or a library type
      if (own.every((d) => ts.getCombinedModifierFlags(d) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected))) continue;
      checked++;
      if (!hasDoc(m)) missing.push(`${owner}.${m.name}`);
    }
  };
  const visit = (prefix: string, exports: ts.Symbol[]): void => {
    for (const exported of exports) {
      const symbol = resolve(exported);
      const name = `${prefix}${exported.name}`;
      if (symbol.flags & ts.SymbolFlags.ValueModule && symbol.declarations?.some((d) => ts.isSourceFile(d))) {
        visit(`${name}.`, checker.getExportsOfModule(symbol));
        continue;
      }
      checked++;
      if (!hasDoc(symbol)) missing.push(name);
      visitMembers(name, symbol);
    }
  };
  visit('', checker.getExportsOfModule(moduleSymbol));
  return { checked, missing };
}

test('every export of @keyhold/client (and every public member) has TSDoc', () => {
  const { checked, missing } = undocumented(entry);
  assert.ok(checked > 150, `only ${checked} symbols checked`);
  assert.deepEqual(missing, []);
});
