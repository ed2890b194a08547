// Which HTTP methods each route handler exports, read from the source: the server answers a
// method a route does not export with a 405 that lists the ones it does (lib/routes.ts),
// where Next.js would send a bare 405 without the `Allow` header HTTP requires. Pages are
// listed too, without methods, so that a path a page answers is left to Next.js.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import type { RouteMethods } from "../../lib/routes";

// In the order Next.js's own answer to OPTIONS lists them.
const HTTP_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"] as const;

const isExported = (node: ts.Node) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);

/** The names a binding declares: `GET`, or each of `{ GET, POST }`. */
function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : boundNames(element.name)));
}

/**
 * Every value a module exports: `export const`, `export function`, `export { a as GET }`.
 * Fails on `export *`, whose names only the module it names could tell.
 */
export function exportedNames(source: ts.SourceFile): string[] {
  return source.statements.flatMap((statement) => {
    if (ts.isFunctionDeclaration(statement) && isExported(statement) && statement.name) return [statement.name.text];
    if (ts.isVariableStatement(statement) && isExported(statement)) {
      return statement.declarationList.declarations.flatMap((declaration) => boundNames(declaration.name));
    }
    if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
      if (!statement.exportClause) throw new Error(`${source.fileName}: \`export *\` hides which methods it exports; name them`);
      if (ts.isNamedExports(statement.exportClause)) {
        return statement.exportClause.elements.filter((element) => !element.isTypeOnly).map((element) => element.name.text);
      }
    }
    return [];
  });
}

/** What decides a path in app/: route and page files, by their folder. */
function entries(dir: string): { file: string; kind: "route" | "page" }[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entries(file);
    if (/^route\.(?!ts$)\w+$/.test(entry.name)) throw new Error(`${file}: only route.ts files are read here (scripts/generate/routes.ts)`);
    if (entry.name === "route.ts") return [{ file, kind: "route" as const }];
    return /^page\.\w+$/.test(entry.name) ? [{ file, kind: "page" as const }] : [];
  });
}

/**
 * Each route's and page's path pattern (`/api/jwt/notes/[id]`). A route gets the methods it
 * answers: those it exports, HEAD where it exports GET, and OPTIONS, which Next.js answers for
 * every route. A page gets null: every page takes the same methods (lib/routes.ts).
 */
export function routeMethods(root: string): RouteMethods[] {
  assertPlainRouting(root);
  const app = path.join(root, "app");
  return entries(app)
    .map(({ file, kind }) => {
      const pattern = `/${path.relative(app, path.dirname(file)).split(path.sep).join("/")}`.replace(/\/$/, "") || "/";
      if (/\/[(@]/.test(pattern)) throw new Error(`${file}: route groups and parallel routes are not handled here (scripts/generate/routes.ts)`);
      if (kind === "page") return { pattern, methods: null };
      const exported = new Set(exportedNames(ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest)));
      if (exported.has("GET")) exported.add("HEAD");
      exported.add("OPTIONS");
      return { pattern, methods: HTTP_METHODS.filter((method) => exported.has(method)) };
    })
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** lib/routes.ts matches paths as they arrive: a setting that moves or rewrites them would mislead it. */
function assertPlainRouting(root: string) {
  const config = path.join(root, "next.config.js");
  if (!fs.existsSync(config)) return;
  const source = fs.readFileSync(config, "utf8");
  for (const setting of ["basePath", "i18n", "rewrites", "redirects", "trailingSlash"]) {
    if (new RegExp(`\\b${setting}\\b`).test(source)) throw new Error(`${config}: ${setting} changes routing, which lib/routes.ts does not follow`);
  }
}
