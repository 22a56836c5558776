import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

describe('smoke', () => {
  it('health', async () => {
    const res = await exports.default.fetch('http://x/v1/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });
  it('scores', async () => {
    const res = await exports.default.fetch('http://x/v1/score', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'The Top Minister met the Protection Secretary in Could 2021.\nLeave a Reply' }) });
    const body = await res.json() as any;
    console.log(JSON.stringify(body).slice(0, 1500));
    expect(res.status).toBe(200);
  });
});
