// Types for `env` and `exports` from cloudflare:workers inside the tests.
declare namespace Cloudflare {
  interface Env extends Omit<import('../src/worker/env.ts').Env, never> {}
  interface GlobalProps {
    mainModule: typeof import('../src/worker/index.ts');
  }
}
