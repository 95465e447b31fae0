/**
 * `panorama` as a separate process from the sources (node --import tsx test/helpers/cli-process.ts
 * ARGS...), for tests that must kill it (kill -9) without a build of dist/.
 */
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv);
