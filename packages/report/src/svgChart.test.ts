import { describe, expect, it } from 'vitest';
import { downsample, lineChartSvg } from './svgChart';

describe('lineChartSvg', () => {
  it('draws one path per series through scaled points, broken at NaN, with escaped labels', () => {
    const svg = lineChartSvg(
      [
        {
          label: 'loss <D>',
          color: '#c00',
          points: [
            [0, 0],
            [5, Number.NaN],
            [10, 1],
          ],
        },
        {
          label: 'G',
          color: '#00c',
          points: [
            [0, 1],
            [10, 0],
          ],
        },
      ],
      { title: 'a & b', width: 200, height: 100 },
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('a &#38; b');
    expect(svg).toContain('loss &#60;D&#62;');
    const paths = [...svg.matchAll(/<path d="([^"]*)"/g)].map((m) => m[1] as string);
    expect(paths).toHaveLength(2);
    // The NaN breaks the first line: two separate moves, no line segment between them.
    expect(paths[0]?.match(/M/g)).toHaveLength(2);
    expect(paths[0]).not.toContain('L');
    // x from 0..10 maps onto [left margin 52, width − right margin 12]; y is flipped.
    expect(paths[1]).toBe('M52.0,26.0L188.0,66.0');
  });

  it('survives an empty or flat series', () => {
    expect(lineChartSvg([{ label: 'x', color: '#000', points: [] }], { title: 't' })).toContain(
      '</svg>',
    );
    expect(
      lineChartSvg(
        [
          {
            label: 'x',
            color: '#000',
            points: [
              [1, 2],
              [2, 2],
            ],
          },
        ],
        { title: 't' },
      ),
    ).toMatch(/<path d="M[\d.]+,[\d.]+L/);
  });
});

describe('downsample', () => {
  it('keeps the first and last point and at most max points', () => {
    const pts = Array.from({ length: 1001 }, (_, i) => i);
    const d = downsample(pts, 11);
    expect(d).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(downsample([1, 2], 5)).toEqual([1, 2]);
  });
});

describe('lineChartSvg reference lines', () => {
  it('draws each dashed at its y and widens the y range to hold it', () => {
    const svg = lineChartSvg(
      [
        {
          label: 'V',
          color: '#000',
          points: [
            [0, 0],
            [10, 1],
          ],
        },
      ],
      { title: 't', width: 200, height: 100, references: [{ y: -1, label: '−log 4 & co' }] },
    );
    // y spans [−1, 1] now: the data's 0 sits halfway between top 26 and bottom 66.
    expect(svg).toContain('<path d="M52.0,46.0L188.0,26.0"');
    expect(svg).toContain('y1="66.0" x2="188" y2="66.0" stroke="#555" stroke-dasharray="4 3"');
    expect(svg).toContain('−log 4 &#38; co');
  });
});
