/**
 * The bundled demo: a generated three-service repository with six months of history, its
 * incidents and its service map, created on first use. `panorama analyze --demo` uses it.
 */
export { DEMO_REPOSITORY, DEMO_SERVICES, DEMO_VERSION, ensureDemoRepository, type DemoRepository } from './ensure-demo-repository.js';
