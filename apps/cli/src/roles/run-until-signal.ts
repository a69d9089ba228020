// Keeps a started role running until Ctrl-C or SIGTERM, then stops it cleanly. A second
// Ctrl-C while stopping exits at once.
export async function runUntilSignal(stop: () => Promise<void>, onStopping: () => void): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let stopping = false;
    const handler = (): void => {
      if (stopping) process.exit(130);
      stopping = true;
      onStopping();
      stop().then(resolve, reject);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}
