// Jest (CommonJS mode) loads every module through its own `require`, which cannot load an ES
// module. Nest 12's packages (and a few of their dependencies) are ES modules ("type": "module"),
// so jest.config.js sends their .js files here: each is compiled to CommonJS by TypeScript, the
// way Node's own require(esm) would see it. Files without ES module syntax pass unchanged.
const { createHash } = require('node:crypto');
const ts = require('typescript');

const ESM_SYNTAX = /(^|[;}\s])(import\s*[\w{*'"]|export\s+[\w{*]|export\s*\{)|import\.meta/m;

module.exports = {
  process(source, filename) {
    if (!ESM_SYNTAX.test(source)) return { code: source };
    // CommonJS passes `require` in as a parameter: a module that declares its own
    // (`const require = createRequire(import.meta.url)`) would redeclare it. Its calls then use
    // jest's require, which is what they should: one module registry per test file.
    const renamed = source
      .replace(/\b(const|let|var)\s+require\s*=/g, '$1 __esmRequire =')
      .replace(/import\.meta\.url/g, "require('node:url').pathToFileURL(__filename).href")
      .replace(/import\.meta\.dirname/g, '__dirname')
      .replace(/import\.meta\.filename/g, '__filename')
      .replace(/import\.meta\.resolve\(/g, "((s) => require('node:url').pathToFileURL(require.resolve(s)).href)(");
    const { outputText } = ts.transpileModule(renamed, {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        allowJs: true,
        sourceMap: false,
      },
    });
    return { code: outputText };
  },
  getCacheKey(source, filename) {
    return createHash('sha1').update(`esm-to-cjs-1\0${ts.version}\0${filename}\0${source}`).digest('hex');
  },
};
