// PNG decoding speed, ours (layout and limit checks, bounded inflate, unfilter) against pngjs,
// on RGB images of three sizes with smooth and noisy content; medians of repeated runs.
//   node scripts/run-ts.mjs scripts/bench-png.ts
import pngjs from 'pngjs';
import { decodePng } from '../src/_png';
import { IMAGE_FOLDER_LIMITS } from '../src/loadImageFolder';

function image(w: number, h: number): Buffer {
  const png = new pngjs.PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = 4 * (y * w + x);
      png.data[i] = (x * 255) / w;
      png.data[i + 1] = (y * 255) / h;
      png.data[i + 2] = (x ^ y) & 255;
      png.data[i + 3] = 255;
    }
  }
  return pngjs.PNG.sync.write(png, { colorType: 2 });
}

const median = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)] as number;
for (const [w, h, reps] of [
  [28, 28, 2000],
  [256, 256, 100],
  [1024, 1024, 15],
] as const) {
  const bytes = image(w, h);
  const times = { pngjs: [] as number[], ours: [] as number[] };
  for (let r = 0; r < reps; r++) {
    let t = performance.now();
    pngjs.PNG.sync.read(bytes);
    times.pngjs.push(performance.now() - t);
    t = performance.now();
    decodePng(bytes, 'x.png', IMAGE_FOLDER_LIMITS);
    times.ours.push(performance.now() - t);
  }
  console.log(
    `${w}×${h} RGB (${bytes.length} bytes): pngjs ${median(times.pngjs).toFixed(3)} ms, ours ${median(times.ours).toFixed(3)} ms (medians of ${reps})`,
  );
}
