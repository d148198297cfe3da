import type { RunCommand } from './command';
import { createCallingCommands } from './counter-calling';
import { createCounterCommand } from './counter-command-core';
import { createServingCommands } from './counter-serving';
import { createCounterStateCommands } from './counter-state';

export interface CounterCommandDeps {
  runCommand: RunCommand;
}

/**
 * The counter console's commands, each one transaction on the locked counter
 * (counter-command-core.ts): calling (counter-calling.ts), serving the called ticket
 * (counter-serving.ts) and the counter's own state (counter-state.ts).
 */
export function createCounterCommands({ runCommand }: CounterCommandDeps) {
  const counterCommand = createCounterCommand(runCommand);
  const calling = createCallingCommands(counterCommand);
  const serving = createServingCommands(counterCommand);
  const state = createCounterStateCommands(counterCommand);
  return {
    callNext: calling.callNext,
    callChosen: calling.callChosen,
    recall: calling.recall,
    start: serving.start,
    complete: serving.complete,
    noShow: serving.noShow,
    park: serving.park,
    returnParked: calling.returnParked,
    transfer: serving.transfer,
    open: state.open,
    pause: state.pause,
    resume: state.resume,
    close: state.close,
  };
}

export type CounterCommands = ReturnType<typeof createCounterCommands>;
