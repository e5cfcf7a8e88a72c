/**
 * A refetch that runs once per burst of triggers: delay ms after the last trigger, never two at a time, and once
 * more after a run if something triggered it meanwhile. run() returns the promise of an immediate run (used when a
 * resync must wait for the data).
 */
export function refetcher(fetch, delay = 200) {
  let timer = 0;
  let running = null;
  let again = false;

  async function run() {
    clearTimeout(timer);
    timer = 0;
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        await fetch();
      } finally {
        running = null;
        if (again) {
          again = false;
          trigger();
        }
      }
    })();
    return running;
  }

  function trigger() {
    clearTimeout(timer);
    timer = setTimeout(() => run().catch(() => {}), delay);
  }

  return { trigger, run };
}
