import { Graph, ops, TensorData, type Backend } from '@a3/core';
import { expectClose } from '../check/expect-close';
import { check, expectA3Error } from './assertions';
import { withExecutable } from './primitive-checks';

const vec = (values: number[]) => TensorData.float32([values.length], values);

/** readVariables starts at the initial values; writeVariables → readVariables round-trips; subsets by name. */
export async function checkVariableRoundTrip(backend: Backend): Promise<void> {
  const g = new Graph('testkit_vars');
  const a = g.variable('a', vec([1, 2, 3]));
  const k = g.variable('k', TensorData.int32([2], [4, -5]), { trainable: false });
  g.output('sum', ops.sum(a));
  g.output('k', k);
  await withExecutable(backend, g, async (exec) => {
    const init = await exec.readVariables();
    check(
      Object.keys(init).sort().join(',') === 'a,k',
      `readVariables() returned [${Object.keys(init)}], expected [a, k].`,
    );
    expectClose(init.a, vec([1, 2, 3]), 0, 'initial a');
    expectClose(init.k, TensorData.int32([2], [4, -5]), 0, 'initial int32 k');
    await exec.writeVariables({ a: vec([0.5, -1, 4]) });
    const some = await exec.readVariables(['a']);
    check(Object.keys(some).join(',') === 'a', `readVariables(['a']) returned [${Object.keys(some)}].`);
    expectClose(some.a, vec([0.5, -1, 4]), 0, 'a after writeVariables');
    const out = await exec.run({});
    expectClose(out.sum, TensorData.scalar(3.5), 1e-6, 'run() sees written variables');
    expectClose(out.k, TensorData.int32([2], [4, -5]), 0, 'int32 variable output');

    // Values crossing the API are the caller's: mutating them must not reach backend state.
    const written = vec([7, 8, 9]);
    await exec.writeVariables({ a: written });
    written.data[0] = -100;
    const read = await exec.readVariables();
    read.a.data[1] = -100;
    out.k.data[0] = -100;
    const again = await exec.readVariables();
    expectClose(
      again.a,
      vec([7, 8, 9]),
      0,
      'a after mutating the arrays passed to / returned by the executable',
    );
    expectClose(
      (await exec.run({})).k,
      TensorData.int32([2], [4, -5]),
      0,
      'k after mutating a returned output',
    );
  });
}

function swapGraph(): Graph {
  const g = new Graph('testkit_swap');
  const a = g.variable('a', vec([1, 2]));
  const b = g.variable('b', vec([10, 20]));
  const c = g.variable('count', TensorData.scalar(0), { trainable: false });
  g.output('a_before', a);
  g.output('b_plus_1', ops.add(b, 1));
  g.assign(a, b, 'swap');
  g.assign(b, a, 'swap');
  g.assign(c, ops.add(c, 1), 'count');
  return g;
}

/** Updates read pre-run values (a swap in one run), outputs see pre-run state, groups select updates. */
export async function checkUpdates(backend: Backend): Promise<void> {
  await withExecutable(backend, swapGraph(), async (exec) => {
    const out = await exec.run({});
    expectClose(out.a_before, vec([1, 2]), 0, 'an output reads the pre-update value');
    let v = await exec.readVariables();
    expectClose(v.a, vec([10, 20]), 0, 'a after swap');
    expectClose(v.b, vec([1, 2]), 0, 'b after swap (updates must read pre-run values)');
    expectClose(v.count, TensorData.scalar(1), 0, 'count after one run');

    await exec.run({}, { updates: false });
    v = await exec.readVariables();
    expectClose(v.a, vec([10, 20]), 0, 'a after a run with updates: false');
    expectClose(v.count, TensorData.scalar(1), 0, 'count after a run with updates: false');

    await exec.run({}, { updates: ['count'] });
    await exec.run({}, { updates: ['count'] });
    v = await exec.readVariables();
    expectClose(v.a, vec([10, 20]), 0, "a after runs with updates: ['count'] (group swap must not apply)");
    expectClose(v.count, TensorData.scalar(3), 0, "count after two runs with updates: ['count']");

    await exec.run({}, { updates: ['swap'] });
    v = await exec.readVariables();
    expectClose(v.a, vec([1, 2]), 0, "a after updates: ['swap']");
    expectClose(v.count, TensorData.scalar(3), 0, "count after updates: ['swap']");
  });
}

/** `outputs` returns exactly the requested subset and needs only the feeds that subset uses. */
export async function checkOutputSubset(backend: Backend): Promise<void> {
  const g = new Graph('testkit_subset');
  const x = g.input('x', [-1, 2]);
  const y = g.input('y', [-1, 2]);
  g.output('fx', ops.mul(x, 2));
  g.output('fy', ops.add(y, 1));
  g.output('fxy', ops.sub(x, y));
  await withExecutable(backend, g, async (exec) => {
    const xv = TensorData.float32([2, 2], [1, 2, 3, 4]);
    const only = await exec.run({ x: xv }, { outputs: ['fx'] });
    check(Object.keys(only).join(',') === 'fx', `outputs: ['fx'] returned [${Object.keys(only)}].`);
    expectClose(only.fx, TensorData.float32([2, 2], [2, 4, 6, 8]), 0, 'fx');
    const all = await exec.run({ x: xv, y: TensorData.float32([2, 2], [0, 0, 1, 1]) });
    check(
      Object.keys(all).sort().join(',') === 'fx,fxy,fy',
      `default outputs returned [${Object.keys(all)}].`,
    );
    expectClose(all.fxy, TensorData.float32([2, 2], [1, 2, 2, 3]), 0, 'fxy');
  });
}

/** Every malformed feed is a FeedError (code A3_FEED), raised before anything runs. */
export async function checkFeedValidation(backend: Backend): Promise<void> {
  const g = new Graph('testkit_feeds');
  const x = g.input('x', [-1, 3]);
  const y = g.input('y', [-1, 1]);
  const i = g.input('i', [2], 'int32');
  g.output('out', ops.add(ops.mul(x, y), ops.sum(ops.cast(i, 'float32'))));
  const ok = { x: TensorData.float32([2, 3]), y: TensorData.float32([2, 1]), i: TensorData.int32([2]) };
  await withExecutable(backend, g, async (exec) => {
    await exec.run(ok);
    const bad: [string, Record<string, TensorData>][] = [
      ['missing feed', { x: ok.x, i: ok.i }],
      ['wrong static dimension', { ...ok, x: TensorData.float32([2, 4]) }],
      ['wrong rank', { ...ok, x: TensorData.float32([6]) }],
      ['batch sizes disagree', { ...ok, y: TensorData.float32([3, 1]) }],
      ['wrong dtype', { ...ok, i: TensorData.float32([2]) }],
      ['unknown feed name', { ...ok, z: TensorData.float32([1]) }],
    ];
    for (const [what, feeds] of bad)
      await expectA3Error(() => exec.run(feeds), 'A3_FEED', `run() with ${what}`);
    const out = await exec.run(ok);
    check(out.out !== undefined, 'the executable still runs after rejected feeds');
  });
}

/** After dispose(), every use is a DisposedError (A3_DISPOSED); dispose() twice is harmless. */
export async function checkDispose(backend: Backend): Promise<void> {
  const g = new Graph('testkit_dispose');
  const v = g.variable('v', vec([1]));
  const x = g.input('x', [-1, 1]);
  g.output('y', ops.add(x, v));
  g.assign(v, ops.add(v, 1));
  const exec = await backend.compile(g);
  const feeds = { x: TensorData.float32([1, 1], [1]) };
  await exec.run(feeds);
  exec.dispose();
  await expectA3Error(() => exec.run(feeds), 'A3_DISPOSED', 'run() after dispose()');
  await expectA3Error(() => exec.runSteps([feeds]), 'A3_DISPOSED', 'runSteps() after dispose()');
  await expectA3Error(() => exec.readVariables(), 'A3_DISPOSED', 'readVariables() after dispose()');
  await expectA3Error(
    () => exec.writeVariables({ v: vec([2]) }),
    'A3_DISPOSED',
    'writeVariables() after dispose()',
  );
  exec.dispose();
}
