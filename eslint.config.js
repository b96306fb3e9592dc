// ESLint: typescript-eslint + eslint-plugin-svelte; keeps src-core free of UI, storage and platform code.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

const CORE_FORBIDDEN = [
  { group: ['svelte', 'svelte/*'], message: 'src-core is framework-free: no Svelte.' },
  { group: ['dexie', 'dexie/*'], message: 'src-core does no storage: no Dexie.' },
  { group: ['electron', 'electron/*'], message: 'src-core is platform-free: no Electron.' },
  { group: ['@xyflow/*'], message: 'src-core is framework-free: no xyflow.' },
  {
    group: ['node:*', 'fs', 'path', 'child_process', 'os'],
    message: 'src-core runs anywhere: no Node built-ins.',
  },
  {
    group: ['**/src-renderer/**', '**/src-main/**'],
    message: 'src-core may not import outer layers.',
  },
];

export default ts.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'bench/results/**',
      'src-core/export/__golden__/**',
      '.svelte-kit/**',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // A plan-sized array spread into a call's arguments overflows the stack (beyond ~100 000
    // items): src-core/util/arrays.ts has appendAll, maxOf and minOf for that.
    files: [
      'src-core/**/*.ts',
      'src-main/**/*.ts',
      'src-renderer/**/*.ts',
      'src-renderer/**/*.svelte',
    ],
    ignores: ['**/*.test.ts', '**/__fixtures__/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(push|unshift)$/] > SpreadElement',
          message:
            'Spreading into push/unshift overflows the stack for large arrays: use appendAll.',
        },
        {
          selector:
            "CallExpression[callee.object.name='Math'][callee.property.name=/^(max|min)$/] > SpreadElement",
          message: 'Math.max/min(...xs) overflows the stack for large arrays: use maxOf or minOf.',
        },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['src-core/**/*.ts'],
    ignores: ['src-core/**/*.test.ts', 'src-core/**/__fixtures__/*-tool.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': ['error', { patterns: CORE_FORBIDDEN }],
      'no-restricted-globals': [
        'error',
        { name: 'window', message: 'src-core has no DOM.' },
        { name: 'document', message: 'src-core has no DOM.' },
        { name: 'localStorage', message: 'src-core has no DOM.' },
        { name: 'indexedDB', message: 'src-core has no storage.' },
        { name: 'process', message: 'src-core has no Node process.' },
        { name: 'require', message: 'src-core uses ES imports only.' },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.svelte'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'node:*'],
              message: 'The renderer reaches the platform only through src-renderer/platform.',
            },
            {
              group: ['**/src-main/**'],
              message: 'The renderer may import only src-main/ipc/contract (types).',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
