export * from './records.js';
export * from './time.js';
export * from './ids.js';
export * from './import-schema.js';
export * from './import-mapper.js';
export * from './raw-payload.js';
