// The API's version, alone in its file: the Electron preload imports it without the schemas.
export const API_VERSION = 1;
