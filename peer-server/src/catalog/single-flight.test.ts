import { describe, expect, it } from 'vitest';
import { SingleFlight } from './single-flight';

describe('SingleFlight', () => {
  it('100 identical concurrent calls run once and all get the answer', async () => {
    const flights = new SingleFlight<number>();
    let runs = 0;
    let release: (v: number) => void = () => {};
    const gate = new Promise<number>((resolve) => {
      release = resolve;
    });
    const all = Promise.all(
      Array.from({ length: 100 }, () =>
        flights.run('search:채식주의자:1', () => {
          runs += 1;
          return gate;
        }),
      ),
    );
    release(42);
    expect(await all).toEqual(Array(100).fill(42));
    expect(runs).toBe(1);
    expect(flights.size).toBe(0);
  });

  it('different keys run separately; a failure is shared and then forgotten', async () => {
    const flights = new SingleFlight<string>();
    let runs = 0;
    const boom = () => {
      runs += 1;
      return Promise.reject(new Error('boom'));
    };
    const results = await Promise.allSettled([flights.run('a', boom), flights.run('a', boom), flights.run('b', boom)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(runs).toBe(2);
    await expect(flights.run('a', async () => 'ok')).resolves.toBe('ok');
  });
});
