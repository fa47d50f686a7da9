/** Server configuration: the settings table, the loader and the typed result. */
export * from './settings.js';
export * from './load.js';
