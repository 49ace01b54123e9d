import neostandard from 'neostandard'

// JavaScript Standard Style for TypeScript, as the code was written to it.
export default [
  ...neostandard({ ts: true, ignores: ['node_modules/**', 'dist/**', 'coverage/**'] }),
  {
    rules: {
      // `void promise` marks a promise deliberately not awaited (event handlers, timers).
      'no-void': ['error', { allowAsStatement: true }],
    },
  },
]
