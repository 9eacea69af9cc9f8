// A one-line spinner for waits the user cannot otherwise see progress in: the migration lock
// held by another run, or lock-timeout retries. Only on a terminal; elsewhere the caller
// prints plain lines instead.
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Spinner {
  /** Shows (or updates) the spinner with this text. */
  update(text: string): void;
  /** Clears the spinner line, so normal output continues on a clean line. */
  stop(): void;
}

export function createSpinner(stream: NodeJS.WriteStream): Spinner {
  let text = '';
  let frame = 0;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    const width = stream.columns || 100;
    const line = `${FRAMES[frame++ % FRAMES.length]} ${text}`;
    stream.write(`\r\x1b[2K${line.length > width - 1 ? `${line.slice(0, width - 2)}…` : line}`);
  };
  return {
    update(next) {
      text = next;
      if (!timer) {
        timer = setInterval(draw, 100);
        timer.unref(); // never keeps the process alive
      }
      draw();
    },
    stop() {
      if (!timer) return;
      clearInterval(timer);
      timer = undefined;
      stream.write('\r\x1b[2K');
    },
  };
}
