/**
 * The TUI's root: loads the capture (loader.ts) and keeps what the views share — the model as
 * loaded so far, which view is in front, the selections to come back to — and the keys that
 * work everywhere (q, ?, 1/2/3, F, K, the mouse wheel).
 */
import { writeFileSync } from 'node:fs';
import { Box, Text, useApp, useStdout } from 'ink';
import { KeyDispatcher, useKeys } from './keys.js';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Finding } from '../analysis/model.js';
import { loadKeys as loadKeyFiles } from '../keys/index.js';
import type { KeyStore } from '../keys/model.js';
import { reproduceCommand } from '../report/common.js';
import { findingBlock } from '../report/markdown.js';
import { redactor } from '../report/redact.js';
import type { ExportFormat } from './export-prompt.js';
import { exportSession } from './export-report.js';
import { FindingsView, FINDINGS_START, orderedFindings, type FindingsState } from './findings-view.js';
import { HelpView } from './help-view.js';
import { KeysView } from './keys-view.js';
import { loadCapture, partialReport, type Loading, type LoadOptions, type Snapshot } from './loader.js';
import { osc52 } from './osc52.js';
import { ProgressBar } from './progress-bar.js';
import { SessionView } from './session-view.js';
import { SessionsView, SESSIONS_START, type SessionsState } from './sessions-view.js';
import { makeTheme, ThemeContext } from './theme.js';
import { TitleBar, type ViewName } from './title-bar.js';
import { WheelBus, WheelContext, wheelOf } from './wheel.js';
import type { Problem } from '../problem.js';

export interface AppProps extends Pick<LoadOptions, 'path' | 'assumeClient' | 'ikePorts' | 'natTPorts'> {
  readonly keyFiles?: readonly string[];
  readonly redact?: boolean;
  readonly color?: boolean;
  /** A fixed size (tests); otherwise the terminal's, following resizes. */
  readonly width?: number;
  readonly height?: number;
  /** Where `e` writes reports (default: the working directory). */
  readonly exportDir?: string;
  /** Loading slice and snapshot pacing, for tests and the benchmark. */
  readonly loadOptions?: Partial<Pick<LoadOptions, 'sliceMs' | 'snapshotMs'>>;
  /** Writes an OSC 52 sequence (default: to the terminal). */
  readonly clipboard?: (sequence: string) => void;
}

const EMPTY: Snapshot = {
  progress: { bytes: 0, total: 0, frames: 0, ikeSas: 0, keysMatched: 0, elapsedMs: 0 },
  report: partialReport('', { format: 'pcap', compressed: false, bytes: 0 }, { frames: 0, ikeSas: [] }, []),
  done: false,
};

function useTerminalSize(fixed: { width?: number; height?: number }): { width: number; height: number } {
  const { stdout } = useStdout();
  const read = () => ({ width: fixed.width ?? (stdout.columns || 80), height: fixed.height ?? (stdout.rows || 24) });
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed.width && fixed.height) return;
    const on = () => setSize(read());
    stdout.on('resize', on);
    return () => { stdout.off('resize', on); };
  }, [stdout]);
  return size;
}

export function App(props: AppProps) {
  return <KeyDispatcher><Screen {...props} /></KeyDispatcher>;
}

function Screen(props: AppProps) {
  const { path, redact = false, color = false } = props;
  const { exit } = useApp();
  const { stdout } = useStdout();
  const term = useTerminalSize(props);
  // One line short of the screen: Ink then updates lines in place instead of clearing the screen.
  const width = Math.max(40, term.width);
  const height = Math.max(12, term.height - (props.height ? 0 : 1));
  const [keyFiles, setKeyFiles] = useState<readonly string[]>(props.keyFiles ?? []);
  const [keyProblems, setKeyProblems] = useState<string[]>([]);
  const [snap, setSnap] = useState<Snapshot>(EMPTY);
  const [loading, setLoading] = useState<Loading | undefined>(undefined);
  const [view, setView] = useState<ViewName>('sessions');
  const [help, setHelp] = useState(false);
  const [textMode, setTextMode] = useState(false);
  const [sessions, setSessions] = useState<SessionsState>(SESSIONS_START);
  const [findings, setFindings] = useState<FindingsState>(FINDINGS_START);
  const [open, setOpen] = useState<{ saId: string; frame?: number; n: number } | undefined>(undefined);
  const [status, setStatus] = useState('');
  const bus = useRef(new WheelBus()).current;
  const theme = useMemo(() => makeTheme(color), [color]);

  // (Re)load whenever the key files change: keys bind to SAs during the one pass.
  useEffect(() => {
    const abort = new AbortController();
    let cancelled = false;
    (async () => {
      let store: KeyStore | undefined;
      let problems: readonly Problem[] = [];
      if (keyFiles.length) {
        const k = await loadKeyFiles([...keyFiles]);
        store = k.store;
        problems = k.problems;
        if (cancelled) return;
        setKeyProblems(k.problems.map((p) => p.message));
      }
      const l = loadCapture({
        path, keys: store, keyProblems: problems, assumeClient: props.assumeClient, ikePorts: props.ikePorts, natTPorts: props.natTPorts,
        signal: abort.signal, ...props.loadOptions,
        onSnapshot: (s) => { if (!cancelled) setSnap(s); },
      });
      setLoading(l);
    })();
    return () => { cancelled = true; abort.abort(); };
  }, [keyFiles]);

  const red = useMemo(() => (redact ? redactor(snap.report) : undefined), [snap, redact]);
  const report = red ? red.report : snap.report;
  const text = useMemo(() => red?.text ?? ((s: string) => s), [red]);
  const details = loading?.details;
  const isLoading = !snap.done;

  const doExport = useCallback((saId: string, format: ExportFormat) => {
    if (isLoading) { setStatus('export waits until the capture is read (findings come at the end)'); return; }
    const argv = [path, ...keyFiles.flatMap((k) => ['--keys', k]), ...(redact ? ['--redact'] : [])];
    const out = exportSession(report, saId, format, reproduceCommand(argv, red?.text), props.exportDir ?? process.cwd());
    try {
      writeFileSync(out.path, out.text);
      setStatus(`wrote ${out.path} (${format === 'md' ? 'Markdown' : 'HTML'} report of ${saId})`);
    } catch (e) {
      setStatus(`cannot write ${out.path}: ${(e as Error).message}`);
    }
  }, [isLoading, path, keyFiles, redact, report, red, props.exportDir]);

  const doCopy = useCallback((f: Finding) => {
    const n = orderedFindings(report).indexOf(f) + 1;
    const md = findingBlock(f, n).join('\n');
    (props.clipboard ?? ((s: string) => stdout.write(s)))(osc52(md));
    setStatus(`copied ${f.rule} as Markdown to the clipboard (OSC 52, ${md.length} characters)`);
  }, [report, props.clipboard, stdout]);

  const openSession = (saId: string, frame?: number) => {
    setOpen((o) => ({ saId, frame, n: (o?.n ?? 0) + 1 }));
    setView('session');
  };

  useKeys((input) => {
    const w = wheelOf(input);
    if (w !== undefined) { if (w) bus.emit(w); return; }
    if (help || textMode || (view === 'sessions' && sessions.editing)) return;
    if (input === 'q') exit();
    else if (input === '?') setHelp(true);
    else if (input === '1') setView('sessions');
    else if (input === '2' || input === 'F') setView('findings');
    else if (input === '3' || input === 'K') setView('keys');
  });

  const bodyHeight = height - 3;
  const sa = open ? report.ikeSas.find((s) => s.id === open.saId) : undefined;
  const bodyActive = !help;
  let body;
  if (help) {
    body = <HelpView width={width} height={bodyHeight} active onClose={() => setHelp(false)} />;
  } else if (view === 'session' && sa && details) {
    body = (
      <SessionView key={`${open!.saId}.${open!.n}`} report={report} sa={sa} details={details} width={width} height={bodyHeight} active={bodyActive}
        frame={open!.frame} text={text} redact={redact} onBack={() => setView('sessions')} onExport={doExport} />
    );
  } else if (view === 'findings') {
    body = (
      <FindingsView report={report} width={width} height={bodyHeight} active={bodyActive} loading={isLoading} state={findings} onState={setFindings}
        onJump={(saId, frame) => { if (saId) openSession(saId, frame); else setStatus('a finding about the whole capture: no IKE_SA to open'); }}
        onCopy={doCopy} onExport={doExport} onBack={() => setView('sessions')} onStatus={setStatus} />
    );
  } else if (view === 'keys') {
    body = (
      <KeysView report={report} files={keyFiles} problems={keyProblems} width={width} height={bodyHeight} active={bodyActive} loading={isLoading}
        onBack={() => setView('sessions')} onTextMode={setTextMode} text={text}
        onAdd={async (p) => {
          // A file that cannot be read or is no key file is said here; the capture is not read again.
          const k = await loadKeyFiles([p]);
          const fatal = k.problems.find((x) => x.fatal);
          if (fatal) { setStatus(`not added: ${fatal.message}`); return; }
          setStatus(`added ${p}: reading the capture again with ${keyFiles.length + 1} key file(s)`);
          setKeyFiles([...keyFiles, p]);
        }} />
    );
  } else {
    body = (
      <SessionsView report={report} width={width} height={bodyHeight} active={bodyActive} loading={isLoading} state={sessions} onState={setSessions}
        onOpen={(id) => openSession(id)} />
    );
  }
  return (
    <ThemeContext.Provider value={theme}>
      <WheelContext.Provider value={bus}>
        <Box flexDirection="column" width={width} height={height}>
          <TitleBar path={path} view={view === 'session' && !sa ? 'sessions' : view} findings={report.findings.length} width={width} redacted={redact} />
          <ProgressBar progress={snap.progress} done={snap.done} width={width} />
          <Box height={bodyHeight} flexDirection="column">{body}</Box>
          <Text wrap="truncate" color={theme.c(snap.error ? 'red' : '')} dimColor={!snap.error}>{snap.error ? `error: ${text(snap.error)}` : text(status) || ' '}</Text>
        </Box>
      </WheelContext.Provider>
    </ThemeContext.Provider>
  );
}
