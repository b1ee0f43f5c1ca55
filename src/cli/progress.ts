/**
 * Progress on stderr: a bar redrawn at most ten times a second when stderr is a terminal, nothing
 * otherwise (logs and CI stay clean, stdout stays for the command's own output).
 */
export interface Progress {
  tick(done: number): void;
  stop(): void;
}

export function createProgress(
  label: string,
  total: number | undefined,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  if (!stream.isTTY) return { tick() {}, stop() {} };
  let last = 0;
  let current = 0;
  const draw = (): void => {
    const width = 30;
    let line: string;
    if (total && total > 0) {
      const share = Math.min(1, current / total);
      const filled = Math.round(share * width);
      line = `${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${current.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`;
    } else {
      line = `${label} ${current.toLocaleString('en-US')}`;
    }
    stream.write(`\r\x1b[2K${line}`);
  };
  return {
    tick(done) {
      current = done;
      const now = Date.now();
      if (now - last >= 100) {
        last = now;
        draw();
      }
    },
    stop() {
      draw();
      stream.write('\n');
    },
  };
}
