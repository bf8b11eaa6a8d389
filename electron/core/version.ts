declare const __FLOE_VERSION__: string | undefined;

/** Set by the build (vite `define`); tests run from source and see "dev". */
export const FLOE_VERSION: string = typeof __FLOE_VERSION__ === 'string' ? __FLOE_VERSION__ : 'dev';
