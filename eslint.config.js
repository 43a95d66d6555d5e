// ESLint flat config, modelled on the Epic Stack's: typescript-eslint with type information, import order and
// duplicates, React hooks and jsx-a11y, plus the project's own boundaries:
// - routes stay thin: no drizzle-orm or db/schema under app/routes (domain modules in app/domain do the queries);
// - app code, jobs and the server never import tests, and import mocks only through the mock-mode entry points.
import js from "@eslint/js";
import importX from "eslint-plugin-import-x";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const noTests = {
  group: ["**/tests/**", "~/../tests/**"],
  message: "Application code must not import test code; shared pieces belong in app/ (or mocks/ in mock mode).",
};
const noMocks = {
  group: ["**/mocks/**", "~/../mocks/**", "msw", "msw/*"],
  message:
    "Mocks load only in mock mode, through a dynamic import in an entry point (server.ts, jobs/worker.ts, jobs/cli.ts).",
};

const mocksOnlyInMockMode = {
  selector: "ImportExpression[source.value=/mocks\\//]",
  message: "Mocks load only through startMockModeIfOn() in app/mock-mode.server.ts.",
};
const noFixedInlineStyles = {
  selector:
    'JSXAttribute[name.name="style"] > JSXExpressionContainer > ObjectExpression:not(:has(Property[value.type!="Literal"]))',
  message: "A fixed style belongs in a class in app/styles.css; keep style props for values computed from data.",
};

// A page's dates are formatted on the server in the person's zone (app/domain/zoned-time.server.ts) and passed as
// text: formatted in a component, they follow the runtime's zone, and the server's and the browser's differ (a wrong
// day, and a hydration mismatch near midnight).
const noDatesFormattedInComponents = {
  selector: "CallExpression[callee.property.name=/^toLocale(Date|Time)String$/]",
  message: "Format dates in the loader with formatDayInZone / formatInZone (zoned-time.server.ts) and pass the text.",
};

export default tseslint.config(
  {
    ignores: [
      "build/",
      ".data/",
      ".cache/",
      "node_modules/",
      "public/build/",
      "db/migrations/",
      "bench/results/",
      "tests/.artifacts/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node, ...globals.browser },
    },
    plugins: { "import-x": importX, "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    settings: {
      "import-x/resolver": { typescript: true, node: true },
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      "import-x/no-duplicates": ["error", { "prefer-inline": true }],
      "import-x/first": "error",
      "import-x/order": [
        "error",
        {
          groups: ["builtin", "external", "internal", "parent", "sibling", "index", "type"],
          pathGroups: [{ pattern: "~/**", group: "internal" }],
          alphabetize: { order: "asc", caseInsensitive: true },
          "newlines-between": "never",
        },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      // Remix loaders and actions throw Responses (redirects, 404s) by design.
      "@typescript-eslint/only-throw-error": [
        "error",
        {
          allow: [
            { from: "lib", name: "Response" },
            { from: "package", package: "@remix-run/server-runtime", name: "TypedResponse" },
          ],
          allowThrowingUnknown: false,
        },
      ],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-non-null-assertion": "error",
      "no-restricted-imports": ["error", { patterns: [noTests, noMocks] }],
    },
  },
  {
    // Thin routes: a route parses input, checks the role, calls the domain and renders.
    files: ["app/routes/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "drizzle-orm", message: "Routes call domain modules (app/domain); queries live there." },
            { name: "drizzle-orm/pg-core", message: "Routes call domain modules (app/domain); queries live there." },
          ],
          patterns: [
            noTests,
            noMocks,
            {
              group: ["**/db/schema", "~/../db/schema", "**/db/client.server"],
              message: "Routes call domain modules (app/domain); tables live there.",
            },
          ],
        },
      ],
    },
  },
  {
    // The mocks load in one place only, in mock mode (app/mock-mode.server.ts).
    files: ["app/**", "jobs/**", "db/**", "server.ts"],
    ignores: ["app/mock-mode.server.ts"],
    rules: { "no-restricted-syntax": ["error", mocksOnlyInMockMode] },
  },
  {
    // Pages stay readable: a component longer than 80 lines is split into pieces beside its route
    // (app/components/<area>/), and fixed looks are classes in app/styles.css, not inline style objects (a style
    // prop whose values are all literals); a style that depends on data (a bar's width) stays a prop.
    files: ["app/**/*.tsx"],
    rules: {
      "max-lines-per-function": ["error", { max: 80, skipBlankLines: true, skipComments: true }],
      "no-restricted-syntax": ["error", mocksOnlyInMockMode, noFixedInlineStyles, noDatesFormattedInComponents],
    },
  },
  {
    // Mocks, tests, benchmarks and seeds may use the mocks and each other. Vitest's asymmetric matchers
    // (expect.any, expect.objectContaining) are typed `any`, so assigning them is not flagged in tests; msw's and
    // vitest's `use(...)` are not React hooks.
    files: ["mocks/**", "tests/**", "bench/**", "seed/**", "vitest.config.ts"],
    rules: {
      "no-restricted-imports": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
      "react-hooks/rules-of-hooks": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
    },
  },
  {
    files: ["**/*.{js,mjs,cjs}"],
    ...tseslint.configs.disableTypeChecked,
  },
);
