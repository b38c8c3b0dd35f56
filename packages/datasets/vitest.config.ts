import { gantryProject } from '../../vitest.shared.ts';

// `_mnistDigits.js` imports the `mnist` package's 21 MB of digit JSON: Node loads it natively in
// 0.25 s, while Vite's transform pipeline takes 14 s, so the tests load that one file natively.
export default gantryProject('datasets', {
  server: { deps: { external: [/_mnistDigits\.js$/] } },
});
