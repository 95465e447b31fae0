#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `prepare` on `npm ci`).
import('../dist/cli/main.js')
  .then((m) => m.main(process.argv))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err) => {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
      console.error('panorama: not built yet; run `npm run build` (npm ci does it for you).');
    } else {
      console.error(err);
    }
    process.exitCode = 70;
  });
