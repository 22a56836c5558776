// Binary rule packs (src/core/rules/pack.ts), imported as data modules (wrangler.toml [[rules]] type "Data").
declare module '*.pack' {
  const bytes: ArrayBuffer;
  export default bytes;
}
