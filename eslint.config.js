// ESLint: the typescript-eslint recommended set over the project's own code, plus a 110-column
// limit that Prettier cannot enforce on comments and strings.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'openapi/',
      'clients/*/schema.d.ts',
      'test/.output/',
      '.sealsim/',
      'tmp/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
    rules: {
      'max-len': [
        'error',
        {
          code: 110,
          ignoreUrls: true,
          ignoreRegExpLiterals: true,
          ignorePattern: '^import |^export .* from ',
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'none',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
    },
  },
  {
    // The page viewer runs in the browser (served as viewer.mjs).
    files: ['simulators/core/pdf-viewer.client.mjs'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        ResizeObserver: 'readonly',
        CSSStyleSheet: 'readonly',
      },
    },
  },
  {
    // yunhetong-sdk's signing page script and its JS SDK stand-in run in the browser.
    files: ['simulators/yunhetong-sdk/pages/*.client.js', 'simulators/yunhetong-sdk/pages/*.client.mjs'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        sessionStorage: 'readonly',
        XMLHttpRequest: 'readonly',
        fetch: 'readonly',
        URLSearchParams: 'readonly',
        Image: 'readonly',
      },
    },
  },
  {
    files: ['simulators/yunhetong-sdk/pages/*.client.js'],
    languageOptions: { sourceType: 'script' },
  },
  {
    // A test's title is one string (the fidelity report quotes it): its line may run long.
    files: ['test/**/*.ts'],
    rules: {
      'max-len': [
        'error',
        {
          code: 110,
          ignoreUrls: true,
          ignoreRegExpLiterals: true,
          ignorePattern: [
            '^import ',
            '^export .* from ',
            String.raw`^\s*(it|test|describe)(\.\w+)*\(`,
            String.raw`^\s*(['"\x60]).*\1,?$`,
          ].join('|'),
        },
      ],
    },
  },
);
