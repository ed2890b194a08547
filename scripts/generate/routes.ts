// Which HTTP methods each route handler exports, read from the source: the server answers a
// method a route does not export with a 405 that lists the ones it does (lib/routes.ts),
// where Next.js would send a bare 405 without the `Allow` header HTTP requires.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import type { RouteMethods } from "../../lib/routes";

const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

const isExported = (node: ts.Node) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);

/** The names a binding declares: `GET`, or each of `{ GET, POST }`. */
function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : boundNames(element.name)));
}

/** Every name a module exports: `export const`, `export function`, `export { a as GET }`. */
export function exportedNames(source: ts.SourceFile): string[] {
  return source.statements.flatMap((statement) => {
    if (ts.isFunctionDeclaration(statement) && isExported(statement) && statement.name) return [statement.name.text];
    if (ts.isVariableStatement(statement) && isExported(statement)) {
      return statement.declarationList.declarations.flatMap((declaration) => boundNames(declaration.name));
    }
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      return statement.exportClause.elements.map((element) => element.name.text);
    }
    return [];
  });
}

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/**
 * Each route's path pattern (`/api/jwt/notes/[id]`) and the methods it answers: those it
 * exports, HEAD where it exports GET, and OPTIONS, which Next.js answers for every route.
 */
export function routeMethods(root: string): RouteMethods[] {
  const app = path.join(root, "app");
  return routeFiles(app)
    .map((file) => {
      const pattern = `/${path.relative(app, path.dirname(file)).split(path.sep).join("/")}`;
      if (/\/[(@]/.test(pattern)) throw new Error(`${file}: route groups and parallel routes are not handled here (scripts/generate/routes.ts)`);
      const exported = new Set(exportedNames(ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest)));
      if (exported.has("GET")) exported.add("HEAD");
      exported.add("OPTIONS");
      return { pattern, methods: HTTP_METHODS.filter((method) => exported.has(method)) };
    })
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}
