// A module hook: the SDK's files (parley-server/src/main/resources/web/*.js) are ES modules that
// the browser loads as such, but no package.json says so, and Node older than 20.19 would load a
// .js file without one as CommonJS. Registered by replay.test.mjs before it imports the SDK.
const WEB = new URL('../parley-server/src/main/resources/web/', import.meta.url).href;

export async function load(url, context, nextLoad) {
  if (url.startsWith(WEB) && url.endsWith('.js')) return nextLoad(url, { ...context, format: 'module' });
  return nextLoad(url, context);
}
