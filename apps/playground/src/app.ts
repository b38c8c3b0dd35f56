import * as tf from '@tensorflow/tfjs';
import { analyse1d, analyse2d, type Frame1d, type Frame2d } from './analysis';
import { type ActiveBackend, activateBackend } from './backend';
import { prepareCanvas } from './canvas';
import { buildControls, type Controls } from './controls';
import { MetricHistory } from './history';
import { type LoadedGenerator, loadGenerator } from './loadedGenerator';
import { drawCharts, statsRows } from './panels';
import { drawFigure1 } from './plot1d';
import { drawField } from './plot2d';
import { PlaygroundSession } from './session';
import { encodeSettings, type Settings } from './settings';

/** A readout of the app for the end-to-end test (and anyone curious, from the console). */
export interface PlaygroundState {
  settings: Settings;
  query: string;
  backend: string;
  playing: boolean;
  iterations: number;
  discriminatorSteps: number;
  generatorSteps: number;
  lossD: number | null;
  lossG: number | null;
  /** Mean drawn D on the fixed real view samples and on the fixed generated ones. */
  dReal: number | null;
  dFake: number | null;
  /** D at the 1-D grid's centres, or the 2-D heat map's cells (a copy). */
  dValues: number[];
  /** 1-D only: JSD(p_data ‖ p̂_g), C(G) and V(D, G) of the last frame. */
  jsd: number | null;
  criterion: number | null;
  value: number | null;
  /** 2-D with mode centres only. */
  modesCaptured: number | null;
  numModes: number | null;
  /** A generator loaded from a `gantry train` run, with its JSD (1-D) or modes captured (2-D). */
  loaded: {
    name: string;
    latentDim: number;
    prior: string;
    data: string | null;
    samples: number;
    jsd: number | null;
    modesCaptured: number | null;
  } | null;
  historyLength: number;
  numTensors: number;
  frames: number;
  error: string | null;
}

/** Canvas sizes in CSS pixels. */
const SIZES = {
  main1d: { width: 660, height: 470 },
  main2d: { width: 580, height: 520 },
};

/**
 * The playground: one session at a time, the play loop, the views and the charts. A change of
 * settings builds a new session and writes the settings into the URL.
 */
export class PlaygroundApp {
  settings: Settings;
  session: PlaygroundSession;
  backend: ActiveBackend;
  readonly history = new MetricHistory(600);
  playing = false;
  frames = 0;
  loaded: LoadedGenerator | null = null;
  private frame: Frame1d | Frame2d | null = null;
  private readonly controls: Controls;
  private readonly canvases: {
    main: HTMLCanvasElement;
    a: HTMLCanvasElement;
    b: HTMLCanvasElement;
  };
  private readonly status: HTMLElement;
  private readonly stats: HTMLElement;
  private readonly message: HTMLElement;
  private busy: Promise<void> = Promise.resolve();

  constructor(root: HTMLElement, settings: Settings, backend: ActiveBackend, warnings: string[]) {
    this.settings = settings;
    this.backend = backend;
    this.session = new PlaygroundSession(settings);
    root.innerHTML = '';
    const side = document.createElement('aside');
    const main = document.createElement('main');
    const charts = document.createElement('section');
    charts.className = 'charts';
    this.status = Object.assign(document.createElement('p'), { id: 'status', className: 'status' });
    this.message = Object.assign(document.createElement('p'), {
      id: 'message',
      className: 'message',
    });
    this.stats = Object.assign(document.createElement('dl'), { id: 'stats', className: 'stats' });
    const canvas = (id: string) => Object.assign(document.createElement('canvas'), { id });
    this.canvases = { main: canvas('view'), a: canvas('chart-a'), b: canvas('chart-b') };
    main.append(this.status, this.message, this.canvases.main, this.stats);
    charts.append(this.canvases.a, this.canvases.b);
    root.append(side, main, charts);
    this.controls = buildControls(side, settings, {
      onSettings: (next) => void this.apply(next),
      onPlayPause: () => (this.playing ? this.pause() : this.play()),
      onStep: () => this.manual(() => this.session.step()),
      onStepD: () => this.manual(() => this.session.stepDiscriminator()),
      onStepG: () => this.manual(() => this.session.stepGenerator()),
      onReset: () => void this.apply(this.settings),
      onShare: () => void this.share(),
      onLoadFiles: (files) => void this.load(files),
    });
    const notes = [...warnings, ...(backend.note ? [backend.note] : [])];
    this.setMessage(notes.length ? notes.join('. ') : null);
    this.writeUrl();
    this.render();
  }

  /** Builds a new session from `next` (switching the tfjs backend first if it changed). */
  async apply(next: Settings): Promise<void> {
    const run = async () => {
      const wasPlaying = this.playing;
      this.pause();
      if (next.backend !== this.settings.backend) {
        this.session.dispose();
        this.backend = await activateBackend(next.backend);
      } else {
        this.session.dispose();
      }
      this.settings = next;
      this.session = new PlaygroundSession(next);
      if (this.loaded && this.loaded.dim !== this.session.dim) this.loaded = null;
      this.history.clear();
      this.controls.show(next);
      this.setMessage(this.backend.note);
      this.writeUrl();
      this.render();
      if (wasPlaying) this.play();
    };
    this.busy = this.busy.then(run, run);
    return this.busy;
  }

  play(): void {
    if (this.playing || this.session.error) return;
    this.playing = true;
    this.controls.setPlaying(true);
    requestAnimationFrame(this.loop);
  }

  pause(): void {
    this.playing = false;
    this.controls.setPlaying(false);
  }

  /** Training steps for about 30 ms (200 at most), then one frame; again on the next one. */
  private loop = async () => {
    if (!this.playing) return;
    const started = performance.now();
    const stop = new AbortController();
    const deadline = {
      afterStep: () => (performance.now() - started >= 30 ? stop.abort() : undefined),
    };
    await this.session.train(200, { signal: stop.signal, hooks: [deadline] });
    this.render();
    if (this.session.error) this.pause();
    if (this.playing) requestAnimationFrame(this.loop);
  };

  private manual(update: () => boolean): void {
    this.pause();
    update();
    this.render();
  }

  /**
   * `n` iterations of Algorithm 1, drawing a frame every `renderEvery` of them and yielding to
   * the browser in between (the end-to-end test's way to train without animation timing).
   */
  async stepMany(n: number, renderEvery = 10): Promise<void> {
    this.pause();
    let done = 0;
    const frames = {
      afterStep: async () => {
        done += 1;
        if (done % renderEvery === 0 || done === n) {
          this.render();
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
      },
    };
    await this.session.train(n, { hooks: [frames] });
  }

  stepDiscriminator(): boolean {
    const ok = this.session.stepDiscriminator();
    this.render();
    return ok;
  }

  stepGenerator(): boolean {
    const ok = this.session.stepGenerator();
    this.render();
    return ok;
  }

  /** Loads a generator saved by `gantry train` and draws its samples over the live game. */
  async load(files: File[]): Promise<void> {
    try {
      this.loaded = await loadGenerator(files, this.session.dim, this.settings.prior);
      const { name, latentDim, prior, data } = this.loaded;
      const other = data && data !== this.settings.data ? `; it was trained on ${data}` : '';
      this.setMessage(`loaded ${name}: z ∈ ℝ^${latentDim} from the ${prior} prior${other}`);
    } catch (e) {
      this.loaded = null;
      this.setMessage(`could not load a generator: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.render();
  }

  private async share(): Promise<void> {
    this.writeUrl();
    try {
      await navigator.clipboard.writeText(location.href);
      this.setMessage('link copied: it holds every setting');
    } catch {
      this.setMessage(`share this link: ${location.href}`);
    }
  }

  private writeUrl(): void {
    const query = encodeSettings(this.settings);
    history.replaceState(null, '', `${location.pathname}?${query}`);
  }

  private setMessage(text: string | null): void {
    this.message.textContent = text ?? '';
    this.message.hidden = !text;
  }

  /** Analyses the current session, records a history row and redraws everything. */
  render(): void {
    const s = this.session;
    const step = s.counts.generatorSteps;
    if (s.dim === 1) {
      const frame = analyse1d(s, this.loaded);
      this.frame = frame;
      this.history.push(step, {
        jsd: frame.theory.jsd,
        criterion: frame.theory.criterion,
        value: frame.value?.value ?? null,
        dReal: frame.means.real,
        dFake: frame.means.fake,
        lossD: s.last.lossD,
        lossG: s.last.lossG,
      });
      drawFigure1(
        prepareCanvas(this.canvases.main, SIZES.main1d.width, SIZES.main1d.height),
        frame,
        s.readout,
      );
    } else {
      const frame = analyse2d(s, this.loaded);
      this.frame = frame;
      this.history.push(step, {
        modes: frame.modes ? frame.modes.modesPacGan / frame.modes.numModes : null,
        highQuality: frame.modes?.highQualityFraction ?? null,
        dReal: frame.means.real,
        dFake: frame.means.fake,
        lossD: s.last.lossD,
        lossG: s.last.lossG,
      });
      drawField(
        prepareCanvas(this.canvases.main, SIZES.main2d.width, SIZES.main2d.height),
        frame,
        s.bounds,
        s.readout,
        {
          ...(s.distribution.modes ? { modes: s.distribution.modes } : {}),
        },
      );
    }
    this.frames += 1;
    this.drawCharts();
    this.writeStats();
  }

  private drawCharts(): void {
    drawCharts(this.canvases, this.history, this.session);
  }

  private writeStats(): void {
    const s = this.session;
    const { name, adapter } = this.backend;
    const rows = statsRows(s, this.frame, adapter ? `${name} (${adapter})` : name);
    this.stats.replaceChildren(
      ...rows.flatMap(([k, v]) => [
        Object.assign(document.createElement('dt'), { textContent: k }),
        Object.assign(document.createElement('dd'), { textContent: v }),
      ]),
    );
    const state = s.error ? `stopped: ${s.error}` : this.playing ? 'training' : 'paused';
    this.status.textContent = `${s.distribution.name} · ${s.loss.name} · ${state}`;
    if (s.error) this.setMessage(s.error);
  }

  /** The state the end-to-end test reads. */
  state(): PlaygroundState {
    const s = this.session;
    const f = this.frame;
    return {
      settings: this.settings,
      query: location.search,
      backend: tf.getBackend(),
      playing: this.playing,
      iterations: s.counts.iterations,
      discriminatorSteps: s.counts.discriminatorSteps,
      generatorSteps: s.counts.generatorSteps,
      lossD: s.last.lossD,
      lossG: s.last.lossG,
      dReal: f?.means.real ?? null,
      dFake: f?.means.fake ?? null,
      dValues: f ? Array.from(f.d) : [],
      jsd: f && 'theory' in f ? f.theory.jsd : null,
      criterion: f && 'theory' in f ? f.theory.criterion : null,
      value: f && 'theory' in f ? (f.value?.value ?? null) : null,
      modesCaptured: f && 'modes' in f ? (f.modes?.modesPacGan ?? null) : null,
      numModes: f && 'modes' in f ? (f.modes?.numModes ?? null) : null,
      loaded:
        this.loaded && f?.loaded
          ? {
              name: this.loaded.name,
              latentDim: this.loaded.latentDim,
              prior: this.loaded.prior,
              data: this.loaded.data,
              samples: this.loaded.samples.length / this.loaded.dim,
              jsd: 'jsd' in f.loaded ? f.loaded.jsd : null,
              modesCaptured: 'modes' in f.loaded ? (f.loaded.modes?.modesPacGan ?? null) : null,
            }
          : null,
      historyLength: this.history.length,
      numTensors: tf.memory().numTensors,
      frames: this.frames,
      error: s.error,
    };
  }
}
