// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      '.output*/',
      '.wxt/',
      '.scratch/',
      'node_modules/',
      'assets/archive/packaged/',
      'coverage/',
      'tests/fixtures/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // Page and archive text go in as text: never build HTML from strings.
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Insert text with textContent or DOM APIs.' },
        { property: 'outerHTML', message: 'Insert text with textContent or DOM APIs.' },
        { property: 'insertAdjacentHTML', message: 'Insert text with textContent or DOM APIs.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='write'][callee.object.name='document']",
          message: 'No document.write.',
        },
      ],
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['tests/**', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  prettier,
);
